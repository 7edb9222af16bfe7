import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/lib/auth.server";
import { can, requirePermission } from "~/lib/permissions.server";
import { parseId } from "~/lib/http.server";
import { loadTimeline } from "~/lib/timeline.server";
import { followUpAction } from "~/lib/follow-up-actions.server";
import { getFollowUp } from "~/models/follow-up/queries.server";
import { Timeline } from "~/components/timeline";
import { ActionBar, type PageAction } from "~/components/action-bar";
import { FollowUpSummary } from "~/components/follow-up/summary";
import { Extensions, Responses } from "~/components/follow-up/history";
import { AnswerForm, ExtensionForm } from "~/components/follow-up/unit-forms";
import { SendQueueList } from "~/components/send-queue-list";
import { DecideForm, VerifyForm } from "~/components/follow-up/inspector-forms";
import type { FollowUpPageData, FollowUpView } from "~/components/follow-up/types";
import type { FormReply } from "~/lib/form-reply";
import { useT } from "~/i18n/use-t";
import { wibDateKey } from "~/lib/time";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { followups as followupsMessages } from "~/i18n/messages/followups";
import { offline as offlineMessages } from "~/i18n/messages/offline";
import { phone as phoneMessages } from "~/i18n/messages/phone";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages, offlineMessages, phoneMessages] };

export const meta: MetaFunction = ({ params, matches }) => [{ title: pageTitle(matches, "pageTitle.followUp", { id: params.id ?? "" }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "followup:read");
  const id = parseId(params.id);
  const followUp = await getFollowUp(user, id);
  const timeline = await loadTimeline("FollowUp", followUp.id);
  // What the page offers; the actions check the same permissions again.
  const abilities = { answer: can(user, "followup:answer"), verify: can(user, "followup:verify") };
  return json({ followUp, timeline, role: user.role, abilities, today: wibDateKey(new Date()) });
}

// Four forms post here (intents answer, extension, verify, decide); followUpAction checks each
// intent's own permission (followup:answer, followup:verify) before the model is called.
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  return followUpAction(request, user, parseId(params.id));
}

export default function FollowUpPage() {
  const { followUp: f, timeline, abilities, today } = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>() ?? null;
  const [params] = useSearchParams();
  const t = useT();
  const saved = params.get("saved");
  const replyFor = (intent: string) => (reply?.intent === intent ? reply : null);
  return (
    <div data-testid="follow-up" data-state={f.state}>
      <p>
        <Link to="/follow-ups">← {t("nav.followUps")}</Link>
      </p>
      <h1>
        {t("fu.title")} #{f.id}
      </h1>
      <ActionBar actions={actionsNow(f, abilities, t)} />
      {saved ? (
        <p className="notice success" role="status">
          {t(codeKey("fu.saved", saved))}
        </p>
      ) : null}
      {reply?.formError ? (
        <p className="alert" role="alert">
          {t(reply.formError, reply.vars)}
        </p>
      ) : null}
      {/* Answers kept on this phone while there was no signal, and what became of them. */}
      {abilities.answer ? <SendQueueList /> : null}

      <FollowUpSummary f={f} />

      <Responses f={f} />
      <Extensions f={f} />

      {abilities.answer && f.state === "OPEN" ? (
        <>
          <AnswerForm f={f} reply={replyFor("answer")} />
          {!f.pendingExtension ? <ExtensionForm followUpId={f.id} today={today} reply={replyFor("extension")} /> : null}
        </>
      ) : null}
      {abilities.answer && f.state === "ANSWERED" ? <p className="notice">{t("fu.waitingVerification")}</p> : null}
      {abilities.answer && f.state === "OPEN" && f.answerNeedsRelease ? (
        <p className="notice" data-testid="answer-held-notice">
          {t("fu.release.unitNotice")}
        </p>
      ) : null}
      {abilities.verify && f.state === "ANSWERED" ? <VerifyForm f={f} today={today} reply={replyFor("verify")} /> : null}
      {abilities.verify && f.pendingExtension && f.state !== "DONE" ? <DecideForm ext={f.pendingExtension} reply={replyFor("decide")} /> : null}

      <Timeline events={timeline} />
    </div>
  );
}

/** The forms this person may use now (the same conditions as the page below), as jumps for a phone. */
function actionsNow(f: FollowUpView, abilities: FollowUpPageData["abilities"], t: ReturnType<typeof useT>): PageAction[] {
  const actions: PageAction[] = [];
  if (abilities.answer && f.state === "OPEN") {
    actions.push({ href: "#answer-title", label: t("fu.answer.title"), testId: "jump-answer" });
    if (!f.pendingExtension) actions.push({ href: "#ext-form-title", label: t("fu.extension.title"), testId: "jump-extension" });
  }
  if (abilities.verify && f.state === "ANSWERED") actions.push({ href: "#verify-title", label: t("fu.verify.title"), testId: "jump-verify" });
  if (abilities.verify && f.pendingExtension && f.state !== "DONE") actions.push({ href: "#decide-title", label: t("fu.decide.title"), testId: "jump-decide" });
  return actions;
}
