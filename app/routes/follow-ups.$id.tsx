import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useRef } from "react";
import { markReadForLink } from "~/lib/notify.server";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { can, requirePermission } from "~/lib/permissions.server";
import { getLocale, getTranslator } from "~/lib/locale.server";
import { parseId } from "~/lib/http.server";
import { loadTimeline } from "~/lib/timeline.server";
import { discardPhotos, parseFormWithPhotos, storePhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { ImageError } from "~/lib/images.server";
import type { Tx } from "~/lib/db.server";
import { findKeptAnswer, idempotencyClaim, keepAnswer, RepeatedRequest, replayAnswer } from "~/lib/idempotency.server";
import {
  answerFollowUp,
  decideExtension,
  FollowUpError,
  getFollowUp,
  requestExtension,
  verifyFollowUp,
} from "~/models/follow-up.server";
import { Timeline } from "~/components/timeline";
import { ActionBar, type PageAction } from "~/components/action-bar";
import { useFocusFirstInvalid } from "~/components/form-field";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import type { MessageKey } from "~/i18n";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDate, formatDateTime, wibDateKey } from "~/lib/time";

export const meta: MetaFunction = ({ params }) => [{ title: `Tindak lanjut #${params.id ?? ""} · Tindak` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "followup:read");
  await getLocale(request);
  const id = parseId(params.id);
  const followUp = await getFollowUp(user, id);
  const timeline = await loadTimeline("FollowUp", followUp.id);
  // What the page offers; the actions check the same permissions again.
  const abilities = { answer: can(user, "followup:answer"), verify: can(user, "followup:verify") };
  return json({ followUp, timeline, role: user.role, abilities, today: wibDateKey(new Date()) });
}

const optionalInt = z
  .string()
  .trim()
  .max(12)
  .transform((v) => (v === "" ? null : v))
  .refine((v) => v === null || /^-?\d+$/.test(v), "fu.error.quantityNumber")
  .transform((v) => (v === null ? null : Number(v)));

const Schemas = {
  answer: z.object({ body: z.string().max(4000, "validation.tooLong"), outstandingQuantity: optionalInt.optional() }),
  extension: z.object({ reason: z.string().max(2000, "validation.tooLong"), proposedDate: z.string().max(10) }),
  verify: z.object({
    verdict: z.enum(["accept", "reject"]),
    reason: z.string().max(2000, "validation.tooLong").optional(),
    newDueDate: z.string().max(10).optional(),
    acceptOutstanding: z.literal("1").optional(),
    reporterText: z.string().max(4000, "validation.tooLong").optional(),
  }),
  decide: z.object({ decision: z.enum(["approve", "refuse"]), extensionId: z.string().regex(/^\d{1,9}$/), note: z.string().max(2000, "validation.tooLong").optional() }),
} as const;
type Intent = keyof typeof Schemas;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "followup:read");
  const t = await getTranslator(request);
  const id = parseId(params.id);
  const errorOut = (intent: string, message: string, status: number, field?: string) =>
    json({ intent, error: message, field: field ?? null }, { status });

  let form: FormData;
  let photos: Awaited<ReturnType<typeof parseFormWithPhotos>>["photos"] = [];
  try {
    ({ form, photos } = await parseFormWithPhotos(request, { photoField: "photos" }));
  } catch (error) {
    if (error instanceof UploadError) return errorOut("answer", t(`fu.upload.${error.code}` as MessageKey), error.status, "photos");
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  // Object.hasOwn: `intent in Schemas` would find "constructor" or "toString" on the prototype (issue 13).
  if (!Object.hasOwn(Schemas, intent)) return errorOut(intent, t("fu.error.badIntent"), 400);
  const raw = Object.fromEntries([...form.entries()].filter(([k]) => k !== "photos" && k !== "intent").map(([k, v]) => [k, String(v)]));
  const parsed = Schemas[intent as Intent].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.message.includes(".") ? (issue.message as MessageKey) : "validation.required";
    return errorOut(intent, t(key), 400, String(issue.path[0] ?? ""));
  }

  // The unit head's answer and extension request carry an idempotency key: a repeat (a retry, the send
  // queue) gets the first answer and writes nothing. Scoped to this user, this follow-up and the form.
  const claim = intent === "answer" || intent === "extension" ? idempotencyClaim(form, `followup.${intent}:user:${user.id}:followup:${id}`) : null;
  if (claim === "invalid") return errorOut(intent, t("offline.error.idempotencyKey"), 400);
  const kept = claim ? await findKeptAnswer(claim) : null;
  if (kept) return replayAnswer(kept);
  const location = `/follow-ups/${id}?saved=${intent}`;
  const keep = claim ? (tx: Tx) => keepAnswer(tx, claim, { location }) : undefined;

  let saved: SavedPhoto[] = [];
  try {
    if (intent === "answer") {
      const data = parsed.data as z.infer<typeof Schemas.answer>;
      // Photos are checked and stored before the transaction; if it fails they are deleted again.
      if (photos.length) saved = await storePhotos(photos);
      await answerFollowUp(user, id, { body: data.body, outstandingQuantity: data.outstandingQuantity ?? null, photos: saved }, undefined, keep);
    } else if (intent === "extension") {
      const data = parsed.data as z.infer<typeof Schemas.extension>;
      await requestExtension(user, id, data, undefined, keep);
    } else if (intent === "verify") {
      const data = parsed.data as z.infer<typeof Schemas.verify>;
      await verifyFollowUp(user, id, { ...data, acceptOutstanding: data.acceptOutstanding === "1" });
    } else {
      const data = parsed.data as z.infer<typeof Schemas.decide>;
      await decideExtension(user, id, Number(data.extensionId), { decision: data.decision, note: data.note });
    }
  } catch (error) {
    if (saved.length) await discardPhotos(saved);
    // Another try with the same key committed while this one ran: answer as it was answered.
    if (error instanceof RepeatedRequest) return replayAnswer(error.answer);
    if (error instanceof FollowUpError) return errorOut(intent, t(`fu.error.${error.code}` as MessageKey, error.vars), error.status, error.field);
    if (error instanceof ImageError) return errorOut(intent, t(`fu.image.${error.code}` as MessageKey), error.status, "photos");
    throw error;
  }
  await markReadForLink(user.id, `/follow-ups/${id}`); // acted on: its notifications are dealt with
  return redirect(location, 303);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type FU = LoaderData["followUp"];

function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p className="error" id={id}>
      {message}
    </p>
  ) : null;
}

export default function FollowUpPage() {
  const { followUp: f, timeline, abilities, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const t = useT();
  const locale = useLocale();
  const saved = params.get("saved");
  const errorFor = (intent: string) => (actionData && actionData.intent === intent ? actionData : null);
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
          {t(`fu.saved.${saved}` as MessageKey)}
        </p>
      ) : null}
      {actionData?.error && !actionData.field ? (
        <p className="alert" role="alert">
          {actionData.error}
        </p>
      ) : null}

      <section className="card">
        <p>
          <span className={`badge ${f.state.toLowerCase()}`} data-testid="state">
            {t(`state.${f.state}` as MessageKey)}
          </span>{" "}
          {f.overdue ? <span className="badge overdue">{t("state.OVERDUE")}</span> : null}{" "}
          {f.escalationLevel > 0 ? <span className="badge overdue">{t("fu.escalationLevel", { level: f.escalationLevel })}</span> : null}
        </p>
        <dl>
          <dt>{t("common.unit")}</dt>
          <dd>{f.unit.name}</dd>
          <dt>{t("common.category")}</dt>
          <dd>
            {t(`category.${f.category}` as MessageKey)} · {t(`severity.${f.severity}` as MessageKey)}
          </dd>
          <dt>{t("common.deadline")}</dt>
          <dd data-testid="due-at">
            {formatDateTime(f.dueAt, locale)}
            {f.originalDueAt !== f.dueAt ? (
              <span className="muted">
                {" "}
                ({t("fu.originalDue")}: {formatDateTime(f.originalDueAt, locale)})
              </span>
            ) : null}
          </dd>
          <dt>{t("fu.ackDue")}</dt>
          <dd>
            {formatDateTime(f.ackDueAt, locale)}
            {f.acknowledgedAt ? ` · ${t("fu.acknowledged")} ${formatDateTime(f.acknowledgedAt, locale)}` : ""}
          </dd>
          {f.quantity !== null ? (
            <>
              <dt>{t("fu.outstanding")}</dt>
              <dd>
                {f.outstandingQuantity ?? f.quantity} / {f.quantity}
                {f.finding?.quantityUnit ? ` ${f.finding.quantityUnit}` : ""}
              </dd>
            </>
          ) : null}
        </dl>
        <h2>{t("fu.instruction")}</h2>
        <p style={{ whiteSpace: "pre-wrap" }} data-testid="instruction">
          {f.instruction}
        </p>
        <Source f={f} />
      </section>

      <Responses f={f} />
      <Extensions f={f} />

      {abilities.answer && f.state === "OPEN" ? (
        <>
          <AnswerForm f={f} error={errorFor("answer")} />
          {!f.pendingExtension ? <ExtensionForm today={today} error={errorFor("extension")} /> : null}
        </>
      ) : null}
      {abilities.answer && f.state === "ANSWERED" ? <p className="notice">{t("fu.waitingVerification")}</p> : null}
      {abilities.answer && f.state === "OPEN" && f.answerNeedsRelease ? (
        <p className="notice" data-testid="answer-held-notice">
          {t("fu.release.unitNotice")}
        </p>
      ) : null}
      {abilities.verify && f.state === "ANSWERED" ? <VerifyForm f={f} today={today} error={errorFor("verify")} /> : null}
      {abilities.verify && f.pendingExtension && f.state !== "DONE" ? <DecideForm ext={f.pendingExtension} error={errorFor("decide")} /> : null}

      <Timeline events={timeline} />
    </div>
  );
}

/** The forms this person may use now (the same conditions as the page below), as jumps for a phone. */
function actionsNow(f: FU, abilities: LoaderData["abilities"], t: ReturnType<typeof useT>): PageAction[] {
  const actions: PageAction[] = [];
  if (abilities.answer && f.state === "OPEN") {
    actions.push({ href: "#answer-title", label: t("fu.answer.title"), testId: "jump-answer" });
    if (!f.pendingExtension) actions.push({ href: "#ext-form-title", label: t("fu.extension.title"), testId: "jump-extension" });
  }
  if (abilities.verify && f.state === "ANSWERED") actions.push({ href: "#verify-title", label: t("fu.verify.title"), testId: "jump-verify" });
  if (abilities.verify && f.pendingExtension && f.state !== "DONE") actions.push({ href: "#decide-title", label: t("fu.decide.title"), testId: "jump-decide" });
  return actions;
}

function Source({ f }: { f: FU }) {
  const t = useT();
  const locale = useLocale();
  if (f.complaint) {
    return (
      <div data-testid="source-complaint">
        <h2>{t("fu.sourceComplaint")}</h2>
        <p className="muted">
          {f.complaint.ref} · {t(`privacy.${f.complaint.privacy}` as MessageKey)} · {formatDate(f.complaint.filedOn, locale)}
        </p>
        {f.complaint.textHidden ? (
          <p className="notice">{t("fu.complaintHidden")}</p>
        ) : (
          <p style={{ whiteSpace: "pre-wrap" }}>{f.complaint.text}</p>
        )}
      </div>
    );
  }
  if (f.finding) {
    return (
      <div data-testid="source-finding">
        <h2>{t("fu.sourceFinding")}</h2>
        <p className="muted">
          {t("fu.inspectionOf")} {formatDate(f.finding.inspection.startedAt, locale)} ·{" "}
          <Link to={`/inspections/${f.finding.inspection.id}`}>{t("common.view")}</Link>
        </p>
        {f.finding.detailHidden ? (
          <p className="notice" data-testid="finding-hidden">{t("fu.findingHidden")}</p>
        ) : (
          <p style={{ whiteSpace: "pre-wrap" }}>{f.finding.description}</p>
        )}
        {f.finding.oldestDate ? (
          <p className="muted">
            {t("fu.oldestDate")}: {formatDate(f.finding.oldestDate, locale)}
          </p>
        ) : null}
      </div>
    );
  }
  return null;
}

function Responses({ f }: { f: FU }) {
  const t = useT();
  const locale = useLocale();
  if (f.responses.length === 0) return null;
  return (
    <section className="card" aria-labelledby="responses-title">
      <h2 id="responses-title">{t("fu.responses")}</h2>
      <ol className="list" data-testid="responses">
        {f.responses.map((r) => (
          <li key={r.id} data-verdict={r.verdict}>
            <div className="muted">
              {r.author.name} · {formatDateTime(r.createdAt, locale)}
            </div>
            <p style={{ whiteSpace: "pre-wrap" }}>{r.body}</p>
            {f.answerNeedsRelease ? (
              r.releasedAt ? (
                <div className="notice" data-testid="released-text">
                  <strong>{t("fu.release.released", { date: formatDateTime(r.releasedAt, locale) })}</strong>
                  {r.reporterBody !== r.body ? <p style={{ whiteSpace: "pre-wrap" }}>{r.reporterBody}</p> : <p>{t("fu.release.unchanged")}</p>}
                </div>
              ) : (
                <p className="muted" data-testid="not-released">{t("fu.release.held")}</p>
              )
            ) : null}
            {r.outstandingQuantity !== null ? (
              <p>
                {t("fu.outstanding")}: {r.outstandingQuantity}
              </p>
            ) : null}
            {r.attachments.length ? (
              <div className="actions">
                {r.attachments.map((a) => (
                  <a key={a.id} href={`/attachments/${a.id}`}>
                    <img src={`/attachments/${a.id}`} alt={t("fu.evidencePhoto")} width={120} height={Math.round((120 * a.height) / Math.max(1, a.width))} loading="lazy" />
                  </a>
                ))}
              </div>
            ) : null}
            <p>
              <span className={`badge ${r.verdict === "ACCEPTED" ? "done" : r.verdict === "REJECTED" ? "overdue" : "answered"}`}>
                {t(`fu.verdict.${r.verdict}` as MessageKey)}
              </span>
              {r.verdictReason ? ` ${r.verdictReason}` : ""}
              {r.verdictBy && r.verdictAt ? <span className="muted"> · {r.verdictBy.name}, {formatDateTime(r.verdictAt, locale)}</span> : null}
            </p>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Extensions({ f }: { f: FU }) {
  const t = useT();
  const locale = useLocale();
  if (f.extensions.length === 0) return null;
  return (
    <section className="card" aria-labelledby="ext-title">
      <h2 id="ext-title">{t("fu.extensions")}</h2>
      <ol className="list" data-testid="extensions">
        {f.extensions.map((e) => (
          <li key={e.id} data-state={e.state}>
            <div>
              {formatDateTime(e.previousDueAt, locale)} → {formatDateTime(e.proposedDueAt, locale)}{" "}
              <span className="badge">{t(`fu.extState.${e.state}` as MessageKey)}</span>
            </div>
            <p>{e.reason}</p>
            {e.decisionNote ? <p className="muted">{e.decisionNote}</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

type ErrorData = { error: string; field: string | null } | null;

function fieldProps(error: ErrorData, field: string, id: string) {
  const invalid = error?.field === field;
  return { "aria-invalid": invalid ? true : undefined, "aria-describedby": invalid ? `${id}-error` : undefined };
}

function AnswerForm({ f, error }: { f: FU; error: ErrorData }) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);
  const busy = useNavigation().state === "submitting";
  const fe = (field: string) => (error?.field === field ? error.error : null);
  return (
    <section className="card" aria-labelledby="answer-title">
      <h2 id="answer-title">{t("fu.answer.title")}</h2>
      <Form method="post" encType="multipart/form-data" data-testid="answer-form" noValidate ref={formRef}>
        <input type="hidden" name="intent" value="answer" />
        <IdempotencyKeyField />
        <label htmlFor="answer-body">{t("fu.answer.body")}</label>
        <textarea id="answer-body" name="body" rows={5} required maxLength={4000} {...fieldProps(error, "body", "answer-body")} />
        <FieldError id="answer-body-error" message={fe("body")} />
        {f.quantity !== null ? (
          <>
            <label htmlFor="answer-qty">{t("fu.answer.outstanding", { max: f.quantity })}</label>
            <input
              id="answer-qty"
              name="outstandingQuantity"
              type="number"
              inputMode="numeric"
              min={0}
              max={f.quantity}
              step={1}
              required
              {...fieldProps(error, "outstandingQuantity", "answer-qty")}
            />
            <FieldError id="answer-qty-error" message={fe("outstandingQuantity")} />
          </>
        ) : null}
        <label htmlFor="answer-photos">{t("fu.answer.photos")}</label>
        <input id="answer-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="answer-photos-hint" {...(error?.field === "photos" ? { "aria-invalid": true } : {})} />
        <p className="hint" id="answer-photos-hint">
          {t("fu.answer.photosHint")}
        </p>
        <FieldError id="answer-photos-error" message={fe("photos")} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("fu.answer.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function ExtensionForm({ today, error }: { today: string; error: ErrorData }) {
  const t = useT();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, error);
  const busy = useNavigation().state === "submitting";
  const fe = (field: string) => (error?.field === field ? error.error : null);
  return (
    <section className="card" aria-labelledby="ext-form-title">
      <h2 id="ext-form-title">{t("fu.extension.title")}</h2>
      <Form method="post" data-testid="extension-form" noValidate ref={formRef}>
        <input type="hidden" name="intent" value="extension" />
        <IdempotencyKeyField />
        <label htmlFor="ext-reason">{t("fu.extension.reason")}</label>
        <textarea id="ext-reason" name="reason" rows={3} required maxLength={2000} {...fieldProps(error, "reason", "ext-reason")} />
        <FieldError id="ext-reason-error" message={fe("reason")} />
        <label htmlFor="ext-date">{t("fu.extension.date")}</label>
        <input id="ext-date" name="proposedDate" type="date" required min={today} {...fieldProps(error, "proposedDate", "ext-date")} />
        <FieldError id="ext-date-error" message={fe("proposedDate")} />
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>
            {t("fu.extension.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function VerifyForm({ f, today, error }: { f: FU; today: string; error: ErrorData }) {
  const t = useT();
  const busy = useNavigation().state === "submitting";
  const fe = (field: string) => (error?.field === field ? error.error : null);
  const pending = [...f.responses].reverse().find((r) => r.verdict === "PENDING");
  // Accept and reject share the intent "verify": the form whose field the server named gets the focus.
  const acceptRef = useRef<HTMLFormElement>(null);
  const rejectRef = useRef<HTMLFormElement>(null);
  const rejected = error?.field === "reason" || error?.field === "newDueDate";
  useFocusFirstInvalid(acceptRef, rejected ? null : error);
  useFocusFirstInvalid(rejectRef, rejected ? error : null);
  return (
    <section className="card" aria-labelledby="verify-title">
      <h2 id="verify-title">{t("fu.verify.title")}</h2>
      <Form method="post" data-testid="accept-form" noValidate ref={acceptRef}>
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="verdict" value="accept" />
        {f.outstandingQuantity ? (
          // Some still outstanding: accepting closes it anyway, so the inspector says so (recorded).
          <div className="checks">
            <label>
              <input type="checkbox" name="acceptOutstanding" value="1" {...fieldProps(error, "acceptOutstanding", "accept-outstanding")} />
              {t("fu.verify.acceptOutstanding", { left: f.outstandingQuantity, total: f.quantity ?? f.outstandingQuantity })}
            </label>
            <FieldError id="accept-outstanding-error" message={fe("acceptOutstanding")} />
          </div>
        ) : null}
        {f.answerNeedsRelease ? (
          <>
            {/* A confidential or pungli complaint: accepting releases the answer to the reporter, in the
                words the inspector leaves here (the unit's text by default). */}
            <label htmlFor="reporter-text">{t("fu.release.label")}</label>
            <textarea
              id="reporter-text"
              name="reporterText"
              rows={5}
              maxLength={4000}
              defaultValue={pending?.body ?? ""}
              aria-describedby="reporter-text-hint"
              {...(error?.field === "reporterText" ? { "aria-invalid": true } : {})}
            />
            <p className="hint" id="reporter-text-hint">
              {t("fu.release.hint")}
            </p>
            <FieldError id="reporter-text-error" message={fe("reporterText")} />
          </>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("fu.verify.accept")}
          </button>
        </div>
      </Form>
      <Form method="post" data-testid="reject-form" noValidate ref={rejectRef}>
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="verdict" value="reject" />
        <label htmlFor="reject-reason">{t("fu.verify.reason")}</label>
        <textarea id="reject-reason" name="reason" rows={3} required maxLength={2000} {...fieldProps(error, "reason", "reject-reason")} />
        <FieldError id="reject-reason-error" message={fe("reason")} />
        <label htmlFor="reject-date">{t("fu.verify.newDue")}</label>
        <input id="reject-date" name="newDueDate" type="date" min={today} aria-describedby="reject-date-hint" {...(error?.field === "newDueDate" ? { "aria-invalid": true } : {})} />
        <p className="hint" id="reject-date-hint">
          {t("fu.verify.newDueHint")}
        </p>
        <FieldError id="reject-date-error" message={fe("newDueDate")} />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {t("fu.verify.reject")}
          </button>
        </div>
      </Form>
    </section>
  );
}

function DecideForm({ ext, error }: { ext: NonNullable<FU["pendingExtension"]>; error: ErrorData }) {
  const t = useT();
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="decide-title">
      <h2 id="decide-title">{t("fu.decide.title")}</h2>
      <p>
        {formatDateTime(ext.previousDueAt, locale)} → <strong>{formatDateTime(ext.proposedDueAt, locale)}</strong>
      </p>
      <p>{ext.reason}</p>
      {error ? (
        <p className="error" role="alert">
          {error.error}
        </p>
      ) : null}
      <Form method="post" data-testid="decide-form">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="extensionId" value={ext.id} />
        <label htmlFor="decide-note">{t("fu.decide.note")}</label>
        <textarea id="decide-note" name="note" rows={2} maxLength={2000} />
        <div className="actions">
          <button type="submit" name="decision" value="approve" className="primary" disabled={busy}>
            {t("fu.decide.approve")}
          </button>
          <button type="submit" name="decision" value="refuse" className="danger" disabled={busy}>
            {t("fu.decide.refuse")}
          </button>
        </div>
      </Form>
    </section>
  );
}
