import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { SEVERITIES } from "~/lib/codes";
import { can, requirePermission } from "~/lib/permissions.server";
import { forbidden, notFound, parseId } from "~/lib/http.server";
import { getComplaintForStaff } from "~/models/complaint/queries.server";
import { TRIAGE_INTENTS, triageFormAction } from "~/lib/complaint-actions.server";
import type { MessageKey, MessagesHandle } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { a11y, FieldShell, StatusBadge } from "~/components/complaint-bits";
import { readCleanForm } from "~/lib/text";
import { ActionBar } from "~/components/action-bar";
import { pageTitle } from "~/i18n/meta";
import { ComplaintHistory } from "~/components/complaint/history";
import { replyErrors } from "~/components/complaint/reply-errors";
import { codeKey } from "~/i18n";
import { complaints as complaintsMessages } from "~/i18n/messages/complaints";
import { offline as offlineMessages } from "~/i18n/messages/offline";
import { phone as phoneMessages } from "~/i18n/messages/phone";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [complaintsMessages, offlineMessages, phoneMessages] };

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [{ title: pageTitle(matches, "pageTitle.triageItem", { ref: data?.complaint.ref ?? "" }) }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "complaint:moderate");
  const id = parseId(params.id);
  const complaint = await getComplaintForStaff(user, id);
  if (!complaint) notFound();
  return json({ complaint, canTriage: can(user, "complaint:triage") });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "complaint:moderate");
  const id = parseId(params.id);
  const form = await readCleanForm(request);
  const intent = String(form.get("intent") ?? "");
  if (TRIAGE_INTENTS.includes(intent) && !can(user, "complaint:triage")) forbidden();
  return (await triageFormAction(user, id, form)) ?? redirect(`/triage/${id}?saved=${intent}`, 303);
}

export default function TriageComplaint() {
  const t = useT();
  const locale = useLocale();
  const { complaint: c, canTriage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === "submitting";
  const errors = replyErrors(actionData);
  const open = c.status === "NEW" || c.status === "VERIFIED";
  return (
    <>
      <p>
        <Link to="/triage">{t("triage.back")}</Link>
      </p>
      {params.get("saved") ? (
        <p className="success" role="status">
          {t("triage.done")}
        </p>
      ) : null}
      {errors("form") ? (
        <p className="alert" role="alert">
          {errors("form")!.map((e) => t(e as MessageKey)).join(" ")}
        </p>
      ) : null}
      {canTriage && open ? <ActionBar actions={[{ href: "#triage-actions", label: t("nav.triage"), testId: "jump-triage" }]} /> : null}
      <article className="card">
        <h1>{c.ref}</h1>
        {c.legacyRef ? <p className="muted" data-testid="legacy-ref">{t("complaints.legacyRef", { ref: c.legacyRef })}</p> : null}
        <p>
          <StatusBadge status={c.status} /> <span className="badge">{t(codeKey("privacy", c.privacy))}</span>{" "}
          {c.statusReason ? t("complaints.track.reason", { reason: c.statusReason }) : null}
        </p>
        <p className="muted">
          {c.unit.name} · {t(codeKey("category", c.category))} · {formatDateTime(c.createdAt, locale)} · {t("triage.source", { source: c.source })}
          {c.meTooCount ? ` · ${t("triage.meToo", { n: c.meTooCount })}` : ""}
        </p>
        {c.lat !== null && c.lng !== null ? <p className="muted">{t("triage.location", { lat: c.lat, lng: c.lng })}</p> : null}
        <h2>{t("triage.original")}</h2>
        <p style={{ whiteSpace: "pre-wrap" }}>{c.description}</p>
        {c.publicDescription ? (
          <>
            <h2>{t("triage.publicText")}</h2>
            <p style={{ whiteSpace: "pre-wrap" }}>{c.publicDescription}</p>
          </>
        ) : null}
        {c.publicMaskedText ? (
          <div className="notice" data-testid="public-masking">
            <p>{t("triage.masked", { nik: c.publicMasking.nik, phone: c.publicMasking.phone, email: c.publicMasking.email })}</p>
            <p style={{ whiteSpace: "pre-wrap" }}>{c.publicMaskedText}</p>
          </div>
        ) : null}
        <section className="notice" style={{ overflowWrap: "anywhere" }}>
          <h2>{t("triage.identity")}</h2>
          <dl style={{ margin: 0 }}>
            <dt>{t("complaints.new.name")}</dt>
            <dd style={{ marginLeft: "1rem" }}>{c.reporterName ?? t("triage.identity.none")}</dd>
            <dt>{t("complaints.new.phone")}</dt>
            <dd style={{ marginLeft: "1rem" }}>{c.reporterPhone ?? t("triage.identity.none")}</dd>
            <dt>{t("complaints.new.email")}</dt>
            <dd style={{ marginLeft: "1rem" }}>{c.reporterEmail ?? t("triage.identity.none")}</dd>
            <dt>{t("triage.identity.ip")}</dt>
            <dd style={{ marginLeft: "1rem" }}>
              <code style={{ wordBreak: "break-all" }}>{c.reporterIpHash ?? "—"}</code>
            </dd>
            <dt>{t("triage.identity.ua")}</dt>
            <dd style={{ marginLeft: "1rem" }}>{c.reporterUserAgent ?? "—"}</dd>
          </dl>
        </section>
      </article>

      {c.attachments.length ? (
        <section className="card">
          <h2>{t("complaints.detail.photos")}</h2>
          <div className="grid grid-3">
            {c.attachments.map((a) => (
              <figure key={a.id}>
                <img src={`/attachments/${a.id}`} alt={t("complaints.detail.photoAlt", { ref: c.ref })} loading="lazy" style={{ maxWidth: "100%", opacity: a.hiddenAt ? 0.5 : 1 }} />
                <figcaption>
                  {a.hiddenAt ? <p className="muted">{t("triage.hidden", { reason: a.hiddenReason ?? "" })}</p> : null}
                  <Form method="post">
                    <input type="hidden" name="attachmentId" value={a.id} />
                    {a.hiddenAt ? (
                      <button type="submit" name="intent" value="showPhoto" className="secondary" disabled={busy}>
                        {t("triage.showPhoto")}
                      </button>
                    ) : (
                      <>
                        <label htmlFor={`hide-${a.id}`}>{t("triage.hideReason")}</label>
                        <input id={`hide-${a.id}`} name="hideReason" required minLength={5} maxLength={1000} />
                        <button type="submit" name="intent" value="hidePhoto" className="danger" disabled={busy}>
                          {t("triage.hidePhoto")}
                        </button>
                      </>
                    )}
                  </Form>
                </figcaption>
              </figure>
            ))}
          </div>
          {errors("hideReason") ? <p className="error">{errors("hideReason")!.map((e) => t(e as MessageKey)).join(" ")}</p> : null}
        </section>
      ) : null}

      {canTriage && open ? (
        <section className="card" aria-labelledby="triage-actions">
          <h2 id="triage-actions">{t("nav.triage")}</h2>
          {c.status === "NEW" ? (
            <Form method="post" className="actions">
              <button type="submit" name="intent" value="verify" className="primary" disabled={busy}>
                {t("triage.verify")}
              </button>
            </Form>
          ) : null}
          <Form method="post">
            <input type="hidden" name="intent" value="send" />
            <h3>{t("triage.send")}</h3>
            <FieldShell id="instruction" label={t("triage.instruction")} hint={t("triage.instructionHint")} errors={errors("instruction")}>
              <textarea name="instruction" rows={4} maxLength={4000} required {...a11y("instruction", errors("instruction"), true)} />
            </FieldShell>
            <FieldShell id="quantity" label={t("triage.quantity")} hint={t("triage.quantityHint")} errors={errors("quantity")}>
              <input name="quantity" type="number" inputMode="numeric" min={1} max={1_000_000} step={1} {...a11y("quantity", errors("quantity"), true)} />
            </FieldShell>
            <FieldShell id="severity" label={t("triage.severity")} errors={errors("severity")}>
              <select name="severity" defaultValue="MEDIUM" {...a11y("severity", errors("severity"))}>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {t(codeKey("severity", s))}
                  </option>
                ))}
              </select>
            </FieldShell>
            <button type="submit" className="primary" disabled={busy}>
              {t("triage.send")}
            </button>
          </Form>
          <Form method="post" style={{ marginTop: "1.5rem" }}>
            <input type="hidden" name="intent" value="reject" />
            <FieldShell id="reason" label={t("triage.rejectReason")} errors={errors("reason")}>
              <textarea name="reason" rows={2} maxLength={1000} required {...a11y("reason", errors("reason"))} />
            </FieldShell>
            <button type="submit" className="danger" disabled={busy}>
              {t("triage.reject")}
            </button>
          </Form>
          <Form method="post" style={{ marginTop: "1.5rem" }}>
            <input type="hidden" name="intent" value="duplicate" />
            <FieldShell id="duplicateOf" label={t("triage.duplicateOf")} errors={errors("duplicateOf")}>
              <input name="duplicateOf" pattern="(ADU|RHS|adu|rhs)-\d{4}-\d{6}" placeholder="ADU-2026-000123" {...a11y("duplicateOf", errors("duplicateOf"))} />
            </FieldShell>
            <button type="submit" className="secondary" disabled={busy}>
              {t("triage.duplicate")}
            </button>
          </Form>
        </section>
      ) : null}

      <section className="card">
        <h2>{t("triage.moderation")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="redact" />
          <FieldShell id="publicDescription" label={t("triage.publicText")} hint={t("triage.redactHint")} errors={errors("publicDescription")}>
            <textarea name="publicDescription" rows={5} maxLength={4000} defaultValue={c.publicDescription ?? c.description} {...a11y("publicDescription", errors("publicDescription"), true)} />
          </FieldShell>
          <FieldShell id="moderationReason" label={t("triage.moderationReason")} errors={errors("moderationReason")}>
            <input name="moderationReason" required minLength={5} maxLength={1000} {...a11y("moderationReason", errors("moderationReason"))} />
          </FieldShell>
          <button type="submit" className="secondary" disabled={busy}>
            {t("triage.redact")}
          </button>
        </Form>
      </section>

      {c.followUps.length ? (
        <section className="card">
          <h2>{t("triage.followUps")}</h2>
          <ul className="list">
            {c.followUps.map((f) => (
              <li key={f.id}>
                <Link to={`/follow-ups/${f.id}`}>{f.instruction.slice(0, 120)}</Link>
                <div className="muted">{t("complaints.track.dueAt", { date: formatDateTime(f.dueAt, locale) })}</div>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <ComplaintHistory events={c.events} complaintRef={c.ref} photoUrl={(id) => `/attachments/${id}`} />
    </>
  );
}
