import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Fragment } from "react";
import { Form, isRouteErrorResponse, Link, useActionData, useLoaderData, useLocation, useNavigation, useParams, useRouteError, useSearchParams } from "@remix-run/react";
import { notFound } from "~/lib/http.server";
import { recordMiss, refuseWhileGuessing } from "~/lib/guess-limit.server";
import { newComplaintCookie } from "~/lib/complaint-cookie.server";
import { canAddInfo, canConfirmFixed, canReopen } from "~/models/complaint/status";
import { displayTrackingCode } from "~/models/complaint/tracking.server";
import { getComplaintByTrackingCode } from "~/models/complaint/queries.server";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { a11y, FieldShell, StatusBadge } from "~/components/complaint-bits";
import { TrackCodeForm } from "~/components/track-code-form";
import { pageTitle } from "~/i18n/meta";
import { ComplaintAnswers, ComplaintHistory } from "~/components/complaint/history";
import { replyErrors } from "~/components/complaint/reply-errors";
import { trackFormAction } from "~/lib/complaint-actions.server";
import { codeKey } from "~/i18n";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import { offline as offlineMessages } from "~/i18n/messages/offline";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages, offlineMessages] };

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.myComplaint") }, { name: "robots", content: "noindex, nofollow" }];

// The URL carries the private code: keep the page out of caches and never send it as a Referer.
const PRIVATE_HEADERS = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };
export const headers: HeadersFunction = () => PRIVATE_HEADERS;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const code = params.code ?? "";
  refuseWhileGuessing(request);
  const complaint = await getComplaintByTrackingCode(code);
  if (!complaint) {
    recordMiss(request);
    notFound();
  }
  const justCreated = (await newComplaintCookie.parse(request.headers.get("Cookie"))) === String(complaint.id);
  const headers = new Headers(PRIVATE_HEADERS);
  if (justCreated) headers.append("Set-Cookie", await newComplaintCookie.serialize("", { maxAge: 0 }));
  const now = new Date();
  return json(
    {
      code: justCreated ? displayTrackingCode(code) : null,
      complaint,
      can: { info: canAddInfo(complaint), confirm: canConfirmFixed(complaint), reopen: canReopen(complaint, now) },
    },
    { headers },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const code = params.code ?? "";
  refuseWhileGuessing(request);
  const result = await trackFormAction(request, code, () => recordMiss(request));
  if ("done" in result) return redirect(`/track/${code}?done=${result.done}`, { status: 303, headers: PRIVATE_HEADERS });
  for (const [name, value] of Object.entries(PRIVATE_HEADERS)) result.reply.headers.set(name, value);
  return result.reply;
}

export default function TrackComplaint() {
  const t = useT();
  const locale = useLocale();
  const { code, complaint, can } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = replyErrors(actionData);
  const done = params.get("done");
  const location = useLocation();
  const trackPath = useTrackPath();
  const answers = complaint.followUps.flatMap((f) => f.responses);

  return (
    <>
      {code ? (
        <section className="success" data-testid="new-complaint" aria-labelledby="created-title">
          <h1 id="created-title">{t("complaints.track.created")}</h1>
          <p>
            {t("complaints.track.ref")}: <strong data-testid="ref">{complaint.ref}</strong>
          </p>
          <p>
            {t("complaints.track.yourCode")}:{" "}
            {/* On a phone the code wraps between its groups only (after a hyphen), never inside one, so it is
                copied group by group; a legacy code without groups still wraps anywhere. */}
            <code data-testid="tracking-code" style={{ fontSize: "1.2rem", overflowWrap: "anywhere" }}>
              {code.split("-").map((group, i) => (
                <Fragment key={i}>
                  {i > 0 ? (
                    <>
                      -<wbr />
                    </>
                  ) : null}
                  {group}
                </Fragment>
              ))}
            </code>
          </p>
          <p>
            <strong>{t("complaints.track.keepCode")}</strong>
          </p>
        </section>
      ) : null}
      {done && ["infoAdded", "confirmed", "reopened"].includes(done) ? (
        <p className="success" role="status">
          {t(codeKey("complaints.track", done))}
        </p>
      ) : null}
      {errors("form") ? (
        <p className="alert" role="alert">
          {errors("form")!.map((e) => t(e as MessageKey)).join(" ")}
        </p>
      ) : null}

      <section className="card">
        {code ? <h2>{complaint.ref}</h2> : <h1>{complaint.ref}</h1>}
        {complaint.legacyRef ? <p className="muted" data-testid="legacy-ref">{t("complaints.legacyRef", { ref: complaint.legacyRef })}</p> : null}
        <p>
          {t("complaints.track.status")}: <StatusBadge status={complaint.status} />{" "}
          {complaint.statusReason ? <span>{t("complaints.track.reason", { reason: complaint.statusReason })}</span> : null}
        </p>
        <p className="muted">
          {complaint.unit.name} · {t(codeKey("category", complaint.category))} · {formatDateTime(complaint.createdAt, locale)}
        </p>
        <p style={{ whiteSpace: "pre-wrap" }}>{complaint.description}</p>
        {complaint.attachments.length ? (
          <div className="grid grid-3">
            {complaint.attachments.map((a) => (
              <img key={a.id} src={`${trackPath}/photos/${a.id}`} alt={t("complaints.detail.photoAlt", { ref: complaint.ref })} loading="lazy" style={{ maxWidth: "100%" }} />
            ))}
          </div>
        ) : null}
        <p>{!complaint.isPublic ? t("complaints.track.confidential") : <Link to={`/complaints/${complaint.ref}`}>{t("complaints.track.publicPage")}</Link>}</p>
      </section>

      <ComplaintAnswers answers={answers} photoUrl={(id) => `${trackPath}/photos/${id}`}>
        {complaint.followUps.map((f) => (
          <p key={f.id} className="muted">
            {t("complaints.track.dueAt", { date: formatDateTime(f.dueAt, locale) })}
          </p>
        ))}
      </ComplaintAnswers>

      <ComplaintHistory events={complaint.events} complaintRef={complaint.ref} photoUrl={(id) => `${trackPath}/photos/${id}`} />

      {can.confirm ? (
        <section className="card">
          <h2>{t("complaints.track.confirm")}</h2>
          <p>{t("complaints.track.confirmLead")}</p>
          <Form method="post">
            <button type="submit" name="intent" value="confirm" className="primary" disabled={busy}>
              {t("complaints.track.confirm")}
            </button>
          </Form>
        </section>
      ) : null}

      {can.info ? (
        <section className="card">
          <h2>{t("complaints.track.addInfo")}</h2>
          {/* After a successful send (a redirect, so a new location) the form is a new, empty one: the sent
              text and photos do not stay there inviting a second post. An error keeps what was typed. */}
          <Form method="post" encType="multipart/form-data" key={done === "infoAdded" ? location.key : "info"}>
            <input type="hidden" name="intent" value="info" />
            <FieldShell id="info" label={t("complaints.track.info")} errors={errors("info")}>
              <textarea name="info" rows={4} maxLength={4000} {...a11y("info", errors("info"))} />
            </FieldShell>
            <FieldShell id="photos" label={t("complaints.new.photos")} hint={t("complaints.new.photosHint")} errors={errors("photos")}>
              <input type="file" name="photos" multiple accept="image/jpeg,image/png,image/webp" {...a11y("photos", errors("photos"), true)} />
            </FieldShell>
            <div className="actions">
              <button type="submit" className="secondary" disabled={busy}>
                {t("complaints.track.sendInfo")}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {can.reopen ? (
        <section className="card">
          <h2>{t("complaints.track.reopen")}</h2>
          <p>{t("complaints.track.reopenLead")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="reopen" />
            <FieldShell id="reason" label={t("complaints.track.reopenReason")}>
              <textarea id="reason" name="reason" rows={3} maxLength={4000} />
            </FieldShell>
            <button type="submit" className="secondary" disabled={busy}>
              {t("complaints.track.reopen")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}

/** The current /track/<code> path, for the reporter's photo links. */
function useTrackPath() {
  return `/track/${encodeURIComponent(useParams().code ?? "")}`;
}

/** An unknown code (mistyped, or never issued) is a 404 that helps: the form again, and what to check. */
export function ErrorBoundary() {
  const t = useT();
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 404) {
    return (
      <section className="card" role="alert">
        <p>{t("error.generic")}</p>
      </section>
    );
  }
  return (
    <section className="card" style={{ maxWidth: "32rem", margin: "0 auto" }}>
      <h1>{t("complaints.track.unknownTitle")}</h1>
      <TrackCodeForm error={t("complaints.error.trackCode")} />
    </section>
  );
}
