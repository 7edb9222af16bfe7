import { json, redirect, type AppLoadContext, type TypedResponse } from "@remix-run/node";
import type { z } from "zod";
import type { MessageKey } from "~/i18n";
import { DomainError } from "~/lib/domain-error";
import type { FormReply } from "~/lib/form-reply";
import { formReply, intentIn, parseForm, replyFromError } from "~/lib/forms.server";
import { clientIp, notFound, parseId } from "~/lib/http.server";
import { getSessionUser } from "~/lib/session.server";
import { MAX_PHOTOS, parseFormWithPhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { holdPhotos, readHeldPhotos } from "~/lib/held-photos.server";
import { newComplaintCookie } from "~/lib/complaint-cookie.server";
import { findKeptAnswer, idempotencyClaim, keepAnswerRaw, keptAnswerRaw, replayAnswer, type KeptAnswer } from "~/lib/idempotency.server";
import { complaintsPerDay, fileComplaint, storeComplaintPhotos } from "~/models/complaint/filing.server";
import { findSimilarOpenComplaints, unitChoices } from "~/models/complaint/queries.server";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";
import { addMeToo, addReporterInfo, confirmFixed, reopenComplaint } from "~/models/complaint/reporter.server";
import { DuplicateSchema, HidePhotoSchema, RedactSchema, RejectSchema, ReporterInfoSchema, SendToUnitSchema } from "~/models/complaint/forms.server";
import { markDuplicate, redactComplaint, rejectComplaint, sendToUnit, setPhotoHidden, verifyComplaint } from "~/models/complaint/triage.server";
import type { Actor } from "~/models/policy.server";
import { COMPLAINT_FIELDS } from "~/models/complaint/rules";
import { ComplaintInputSchema } from "~/models/complaint/schema.server";
import type { ComplaintFormExtra, ComplaintFormReply } from "~/models/complaint/types";

// The actions of the complaint pages, in the one form pattern (docs/decisions/0025): parseForm with the
// complaint schemas, the model called, a DomainError turned into the FormReply.
//
// /complaints/new: the resident's form (submit, "check similar", the unit search) and the "saya juga
// mengalami" button. Every answer that is not a redirect is a ComplaintFormReply: the FormReply with what
// was typed and, in `extra`, the similar complaints, the photos held from earlier tries and a unit
// search made without JavaScript.

/** The honeypot's name: a field people never see and bots fill in. */
export const HONEYPOT = "website";
const COMPLAINT_INTENTS: readonly string[] = ["submit", "check", "meToo", "findUnit"];

type Values = Record<string, string>;
type ReplyOptions = { fieldErrors?: Record<string, MessageKey[]>; formError?: MessageKey; status?: number; held?: SavedPhoto[] } & Partial<Omit<ComplaintFormExtra, "held">>;

/** A coordinate from the query string; a decimal comma (Indonesian keyboards) counts as a point. */
export function coordinateParam(value: string | null | undefined): number | null {
  if (!value || !/^[-+]?\d+([.,]\d+)?$/.test(value)) return null;
  return Number(value.replace(",", "."));
}

function reply(intent: string, values: Values, options: ReplyOptions = {}) {
  const { fieldErrors = {}, formError, status = 400, held = [], similar = null, unitSearch = null } = options;
  const token = holdPhotos(held);
  const heldPhotos = token ? { token, photos: held.map((p) => ({ key: p.storageKey, width: p.width, height: p.height })) } : null;
  return json<ComplaintFormReply>({ intent, fieldErrors, ...(formError ? { formError } : {}), values, extra: { similar, held: heldPhotos, unitSearch } }, { status });
}

/**
 * The answer to a filed complaint: 303 to its tracking page, with the cookie that shows the "keep this
 * code" notice. A repeat of the same idempotency key gets exactly this again.
 */
async function complaintFiled(answer: KeptAnswer) {
  const complaintId = "complaintId" in answer ? answer.complaintId : undefined;
  return replayAnswer(answer, complaintId ? { "Set-Cookie": await newComplaintCookie.serialize(String(complaintId)) } : undefined);
}

/** The code is in the path (never a query string); the cookie marks it as just created. */
function filedAnswer(trackingCode: string, complaintId: number): KeptAnswer {
  return { location: `/track/${trackingCode}`, complaintId };
}

/** The contract's fields as typed (the first value of each), to give the form back. */
function typedValues(form: FormData): Values {
  const values: Values = {};
  for (const name of COMPLAINT_FIELDS) {
    const v = form.get(name);
    if (typeof v === "string") values[name] = v;
  }
  return values;
}

/** The contract's fields alone, one value each, for the schema (anything else posted is ignored). */
function contractFields(values: Values): FormData {
  const fields = new FormData();
  for (const [name, value] of Object.entries(values)) fields.set(name, value);
  return fields;
}

function uploadErrorKey(error: UploadError): MessageKey {
  if (error.code === "photoTooLarge") return "complaints.error.photoTooLarge";
  if (error.code === "tooManyPhotos") return "complaints.error.photoCount";
  if (error.code === "bodyTooLarge") return "complaints.error.bodyTooLarge";
  return "complaints.error.badForm";
}

/** Handles one post to /complaints/new. */
export async function complaintFormAction(request: Request, context: AppLoadContext) {
  let parsed;
  try {
    parsed = await parseFormWithPhotos(request);
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    const key = uploadErrorKey(error);
    // The body was not read to its end: the form comes back with the fields read before the photo.
    return reply("submit", typedValues(error.partial), { fieldErrors: { photos: [key] }, formError: key, status: error.status });
  }
  const { form, photos } = parsed;
  const heldFromEarlier = () => readHeldPhotos(String(form.get("heldPhotos") ?? ""), form.getAll("keepPhoto").map(String));

  // Over the per-minute limit on attempts (complaintRateLimits in http-middleware.server.ts): the form
  // comes back with what was typed and the photos held from an earlier try; nothing is checked,
  // decoded or stored. A retry of a post that did file a complaint still gets its first answer.
  if (context.overAttemptLimit === true) {
    const claim = idempotencyClaim(form, "complaint");
    const kept = claim && claim !== "invalid" ? await findKeptAnswer(claim) : null;
    if (kept) return complaintFiled(kept);
    return reply("submit", typedValues(form), { formError: "complaints.error.minuteLimit", status: 429, held: await heldFromEarlier() });
  }

  // Bots fill every field; people never see this one. Answer as if it worked, store nothing.
  if (String(form.get(HONEYPOT) ?? "") !== "") return redirect("/complaints", 303);

  // The form's three buttons; anything else is a made-up request (checked against a list, never an object's keys).
  const intent = String(form.get("intent") ?? "submit");
  if (!COMPLAINT_INTENTS.includes(intent)) return reply(intent, {}, { formError: "complaints.error.badForm" });
  if (intent === "meToo") {
    const user = await getSessionUser(request);
    const result = await addMeToo(String(form.get("ref") ?? ""), { ip: clientIp(request), userId: user?.id ?? null });
    if (!result) return reply(intent, {}, { formError: "complaints.meToo.notFound", status: 404 });
    // A repeat changes nothing and is told so on the complaint's page (not an error).
    return redirect(`/complaints/${result.ref}?metoo=${result.counted ? "counted" : "already"}`, 303);
  }

  // Only the contract's fields are read: extra ones (status, unitHeadId, …) are ignored. A field
  // posted twice with different values is refused rather than guessed at.
  const values: Values = {};
  const duplicated: Record<string, MessageKey[]> = {};
  for (const name of COMPLAINT_FIELDS) {
    const all = form.getAll(name).map(String);
    if (new Set(all).size > 1) duplicated[name] = ["complaints.error.duplicateField"];
    if (all.length) values[name] = all[0]!;
  }
  if (Object.keys(duplicated).length) return reply(intent, values, { fieldErrors: duplicated, formError: "complaints.error.duplicateField" });

  // A repeat of a post that already filed a complaint (a retry, the browser's send queue) gets the
  // first answer before anything else is done: no photo stored, no allowance used, nothing created.
  const claim = idempotencyClaim(form, "complaint");
  if (claim === "invalid") return reply(intent, values, { formError: "offline.error.idempotencyKey" });
  const kept = claim && intent === "submit" ? await findKeptAnswer(claim) : null;
  if (kept) return complaintFiled(kept);

  // The schema's verdict (no side effects); it is given only where the form is really checked.
  const input = parseForm(contractFields(values), ComplaintInputSchema, intent);
  const inputErrors = input.ok ? {} : input.fieldErrors;

  // Photos kept from an earlier try count with the new ones; new ones are stored now, so that a form
  // that comes back (an error, or the "check similar" button) keeps them and nobody picks them again.
  const held = await heldFromEarlier();
  const refused = (fieldErrors: Record<string, MessageKey[]>, status: number, keep: SavedPhoto[]) =>
    reply(intent, values, { fieldErrors: { ...inputErrors, ...fieldErrors }, formError: "complaints.new.errorSummary", status, held: keep });
  if (held.length + photos.length > MAX_PHOTOS) return refused({ photos: ["complaints.error.photoCount"] }, 400, held);
  let stored: SavedPhoto[];
  try {
    stored = await storeComplaintPhotos(photos);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return refused({ [error.field ?? "photos"]: [error.messageKey] }, error.status, held);
  }
  const photosNow = [...held, ...stored];

  if (intent === "findUnit") {
    const q = String(form.get("unitQuery") ?? "").slice(0, 100);
    const units = await unitChoices({ lat: coordinateParam(values.lat), lng: coordinateParam(values.lng) });
    return reply(intent, values, { status: 200, held: photosNow, unitSearch: { q, units } });
  }

  if (intent === "check") {
    const unitId = Number(values.unitId);
    const similar = unitId > 0 && values.category ? await findSimilarOpenComplaints(unitId, values.category) : [];
    return reply(intent, values, { status: 200, held: photosNow, similar });
  }

  if (!input.ok) return refused({}, 400, photosNow);
  const result = await fileComplaint(input.value, {
    source: "WEB",
    ip: clientIp(request),
    userAgent: request.headers.get("User-Agent"),
    savedPhotos: photosNow,
    // The key is checked again and kept inside the filing transaction: two tries at once file once.
    beforeInsert: claim ? (tx) => keptAnswerRaw(tx, claim) : undefined,
    afterInsert: claim ? (tx, complaint, code) => keepAnswerRaw(tx, claim, filedAnswer(code, complaint.id)) : undefined,
    // The daily allowance counts complaints this address has filed, not attempts (issue 13): a form
    // refused for a missing field never uses it up. Refused, the form comes back with what was typed.
    dailyAllowance: complaintsPerDay(),
  });
  if (!result.ok && result.overDailyAllowance) return reply(intent, values, { formError: "complaints.error.dailyLimit", status: 429, held: photosNow });
  if (!result.ok && result.stopped) return complaintFiled(result.stopped as KeptAnswer);
  if (!result.ok) return refused(result.errors, result.status, photosNow);
  return complaintFiled(filedAnswer(result.trackingCode, result.complaint.id));
}

// -------------------------------------------------------------------------------------------------
// The triage page (/triage/:id) and the reporter's page (/track/:code)

/** Intents that change a complaint's status: inspectors only (admins moderate but do not triage). */
export const TRIAGE_INTENTS: readonly string[] = ["verify", "reject", "duplicate", "send"];

const TRIAGE_FORMS: Record<string, z.ZodTypeAny> = { reject: RejectSchema, duplicate: DuplicateSchema, send: SendToUnitSchema, redact: RedactSchema, hidePhoto: HidePhotoSchema };

/**
 * One post to /triage/:id by a moderator (the route checked complaint:moderate, and complaint:triage
 * for TRIAGE_INTENTS): the intent's form parsed, the model called. Null when done (the route
 * redirects), else the reply. A complaint the user may not see is a 404, like a missing one.
 */
export async function triageFormAction(user: Actor, id: number, form: FormData): Promise<TypedResponse<FormReply> | null> {
  const intent = String(form.get("intent") ?? "");
  const known = intentIn(TRIAGE_FORMS, intent);
  const schema = known ? TRIAGE_FORMS[known] : undefined;
  if (schema) {
    const parsed = parseForm(form, schema, intent);
    if (!parsed.ok) return parsed.reply;
  }
  const text = (name: string) => String(form.get(name) ?? "");
  try {
    if (intent === "verify") await verifyComplaint(user, id);
    else if (intent === "reject") await rejectComplaint(user, id, text("reason"));
    else if (intent === "duplicate") await markDuplicate(user, id, text("duplicateOf"));
    else if (intent === "send") await sendToUnit(user, id, { instruction: text("instruction"), severity: text("severity"), quantity: text("quantity") });
    else if (intent === "redact") await redactComplaint(user, id, { publicDescription: text("publicDescription"), reason: text("moderationReason") });
    else if (intent === "hidePhoto" || intent === "showPhoto") await setPhotoHidden(user, id, parseId(text("attachmentId")), intent === "hidePhoto", text("hideReason"));
    else throw new DomainError("complaints.error.badForm", 400);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) notFound();
    return replyFromError(intent, error);
  }
  return null;
}

/** What the reporter's page says after a post that went through (`?done=`). */
export type TrackDone = "infoAdded" | "confirmed" | "reopened";

/**
 * One post to /track/:code by whoever holds the code: more information and photos, "sudah selesai",
 * or reopening. Either what was done (the route redirects) or the reply. `onUnknownCode` runs before
 * the 404 of a code that names no complaint (the guess limit counts it).
 */
export async function trackFormAction(request: Request, code: string, onUnknownCode: () => void): Promise<{ done: TrackDone } | { reply: TypedResponse<FormReply> }> {
  let parsed;
  try {
    parsed = await parseFormWithPhotos(request);
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    const key = error.code === "bodyTooLarge" ? "complaints.error.badForm" : uploadErrorKey(error);
    return { reply: formReply("info", { photos: [key] }, { status: error.status }) };
  }
  const { form, photos } = parsed;
  const intent = String(form.get("intent") ?? "");
  const unknown = () => {
    onUnknownCode();
    return notFound();
  };
  // An unknown code is a 404 before the form is looked at, whatever was posted.
  if (!(await resolveTrackingHash(code))) unknown();
  try {
    if (intent === "info") {
      const info = parseForm(form, ReporterInfoSchema, intent);
      if (!info.ok) return { reply: info.reply };
      await addReporterInfo(code, String(form.get("info") ?? ""), photos);
      return { done: "infoAdded" };
    }
    if (intent === "confirm") {
      await confirmFixed(code);
      return { done: "confirmed" };
    }
    if (intent === "reopen") {
      await reopenComplaint(code, String(form.get("reason") ?? ""));
      return { done: "reopened" };
    }
    throw new DomainError("complaints.error.badForm", 400);
  } catch (error) {
    if (error instanceof DomainError && error.status === 404) unknown();
    return { reply: replyFromError(intent, error) };
  }
}
