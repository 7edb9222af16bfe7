import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requirePermission } from "~/lib/permissions.server";
import { parseForm, replyFromError } from "~/lib/forms.server";
import { errorsOf } from "~/lib/form-reply";
import { deleteDeadlineRule, listDeadlineRules, saveDeadlineRule } from "~/models/deadline-settings.server";
import { ChoiceField, ReplyAlert, SubmitRow } from "~/components/admin/admin-page";
import { LabeledField } from "~/components/filters/filter-fields";
import { COMPLAINT_CATEGORIES, FINDING_CATEGORIES, SEVERITIES } from "~/lib/codes";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { readCleanForm } from "~/lib/text";
import { pageTitle } from "~/i18n/meta";
import { codeKey } from "~/i18n";
import { followups as followupsMessages } from "~/i18n/messages/followups";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [followupsMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.deadlineRules") }];

const CATEGORIES = ["*", ...new Set([...COMPLAINT_CATEGORIES, ...FINDING_CATEGORIES])] as [string, ...string[]];
const LEVELS = ["*", ...SEVERITIES] as [string, ...string[]];

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:manage");
  return json({ rules: await listDeadlineRules() });
}

const Days = z.coerce.number({ invalid_type_error: "validation.number" }).int("validation.number").min(0, "fu.rules.daysRange").max(60, "fu.rules.daysRange");
const RuleId = z.coerce.number({ invalid_type_error: "fu.settings.notFound" }).int("fu.settings.notFound").positive("fu.settings.notFound").max(2_147_483_647, "fu.settings.notFound");
const choice = (values: [string, ...string[]]) => z.enum(values, { errorMap: () => ({ message: "validation.required" }) });
const RuleForm = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("save"), id: RuleId.optional(), category: choice(CATEGORIES), severity: choice(LEVELS), ackDays: Days, answerDays: Days.refine((n) => n >= 1, "fu.rules.daysRange") }),
    z.object({ intent: z.literal("delete"), id: RuleId }),
  ],
  { errorMap: () => ({ message: "error.generic" }) },
);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "admin:manage");
  const form = await readCleanForm(request);
  const parsed = parseForm(form, RuleForm);
  if (!parsed.ok) return parsed.reply;
  const input = parsed.value;
  try {
    if (input.intent === "save") await saveDeadlineRule(user.id, input);
    else await deleteDeadlineRule(user.id, input.id);
  } catch (error) {
    return replyFromError(input.intent, error, form);
  }
  return redirect("/admin/deadline-rules?saved=1", 303);
}

export default function AdminDeadlineRules() {
  const { rules } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const t = useT();
  const cat = (c: string) => (c === "*" ? t("fu.rules.any") : t(codeKey("category", c)));
  const sev = (s: string) => (s === "*" ? t("fu.rules.any") : t(codeKey("severity", s)));
  return (
    <div data-testid="admin-deadline-rules">
      <h1>{t("fu.rules.title")}</h1>
      <p className="hint">{t("fu.rules.hint")}</p>
      <ReplyAlert errors={errorsOf(data)} />
      <ul className="list">
        {rules.map((r) => (
          <li key={r.id} className="card">
            <strong>
              {cat(r.category)} · {sev(r.severity)}
            </strong>
            <Form method="post" className="grid grid-3" aria-label={`${cat(r.category)} · ${sev(r.severity)}`}>
              <input type="hidden" name="intent" value="save" />
              <input type="hidden" name="id" value={r.id} />
              <input type="hidden" name="category" value={r.category} />
              <input type="hidden" name="severity" value={r.severity} />
              <DayFields idSuffix={String(r.id)} ackDays={r.ackDays} answerDays={r.answerDays} />
              <SubmitRow label={t("common.save")} />
            </Form>
            {r.category === "*" && r.severity === "*" ? null : (
              <Form method="post">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="id" value={r.id} />
                <button type="submit" className="danger">
                  {t("fu.delete")}
                </button>
              </Form>
            )}
          </li>
        ))}
      </ul>
      <section className="card">
        <h2>{t("fu.rules.add")}</h2>
        <Form method="post" className="grid grid-3">
          <input type="hidden" name="intent" value="save" />
          <ChoiceField id="r-cat" name="category" label={t("common.category")} choices={CATEGORIES.map((c) => ({ value: c, label: cat(c) }))} />
          <ChoiceField id="r-sev" name="severity" label={t("fu.rules.severity")} choices={LEVELS.map((s) => ({ value: s, label: sev(s) }))} />
          <DayFields ackId="r-ack" answerId="r-ans" ackDays={3} answerDays={5} />
          <SubmitRow label={t("common.create")} primary />
        </Form>
      </section>
    </div>
  );
}

/** A rule's two numbers of working days (the edit forms' ids end in the rule's id). */
function DayFields({ idSuffix, ackId = `ack-${idSuffix}`, answerId = `ans-${idSuffix}`, ackDays, answerDays }: { idSuffix?: string; ackId?: string; answerId?: string; ackDays: number; answerDays: number }) {
  const t = useT();
  return (
    <>
      <LabeledField id={ackId} label={t("fu.rules.ackDays")}>
        <input id={ackId} name="ackDays" type="number" min={0} max={60} defaultValue={ackDays} required />
      </LabeledField>
      <LabeledField id={answerId} label={t("fu.rules.answerDays")}>
        <input id={answerId} name="answerDays" type="number" min={1} max={60} defaultValue={answerDays} required />
      </LabeledField>
    </>
  );
}
