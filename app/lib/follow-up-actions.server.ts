import { json, redirect } from "@remix-run/node";
import { z } from "zod";
import { can, type Permission } from "~/lib/permissions.server";
import { markReadForLink } from "~/lib/notify.server";
import type { SessionUser } from "~/lib/session.server";
import { discardPhotos, parseFormWithPhotos, storePhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { ImageError } from "~/lib/images.server";
import type { Tx } from "~/lib/db.server";
import { findKeptAnswer, idempotencyClaim, keepAnswer, RepeatedRequest, replayAnswer } from "~/lib/idempotency.server";
import { answerFollowUp, decideExtension, FollowUpError, requestExtension, verifyFollowUp } from "~/models/follow-up.server";
import type { MessageKey, Translate } from "~/i18n";

// The four forms of a follow-up page (answer, ask for more time, verify, decide an extension) posted to
// one action: parsed with a Zod schema per intent, checked against the intent's own permission, handed
// to the follow-up model, and every refusal turned into the page's one error reply
// `{ intent, error, field }` in the reader's language.

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

/** Who may post each form (the policy's table, docs/decisions/0015); the model checks the same again. */
const INTENT_PERMISSION: Record<Intent, Permission> = {
  answer: "followup:answer",
  extension: "followup:answer",
  verify: "followup:verify",
  decide: "followup:verify",
};

type Input = { [I in Intent]: { intent: I; data: z.infer<(typeof Schemas)[I]> } }[Intent];

/** The error reply of the page: the intent names the form that shows it, `field` the control. */
function errorReply(intent: string, message: string, status: number, field?: string) {
  return json({ intent, error: message, field: field ?? null }, { status });
}

/** Handles one post to /follow-ups/:id by a user who may read it; answers a redirect or an error reply. */
export async function followUpAction(request: Request, user: SessionUser, id: number, t: Translate) {
  let form: FormData;
  let photos: Awaited<ReturnType<typeof parseFormWithPhotos>>["photos"] = [];
  try {
    ({ form, photos } = await parseFormWithPhotos(request, { photoField: "photos" }));
  } catch (error) {
    if (error instanceof UploadError) return errorReply("answer", t(`fu.upload.${error.code}` as MessageKey), error.status, "photos");
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  // Object.hasOwn: `intent in Schemas` would find "constructor" or "toString" on the prototype (issue 13).
  if (!Object.hasOwn(Schemas, intent)) return errorReply(intent, t("fu.error.badIntent"), 400);
  if (!can(user, INTENT_PERMISSION[intent as Intent])) return errorReply(intent, t("fu.error.notAllowed"), 403);
  const raw = Object.fromEntries([...form.entries()].filter(([k]) => k !== "photos" && k !== "intent").map(([k, v]) => [k, String(v)]));
  const parsed = Schemas[intent as Intent].safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = issue.message.includes(".") ? (issue.message as MessageKey) : "validation.required";
    return errorReply(intent, t(key), 400, String(issue.path[0] ?? ""));
  }
  const input = { intent, data: parsed.data } as Input;

  // The unit head's answer and extension request carry an idempotency key: a repeat (a retry, the send
  // queue) gets the first answer and writes nothing. Scoped to this user, this follow-up and the form.
  const claim = intent === "answer" || intent === "extension" ? idempotencyClaim(form, `followup.${intent}:user:${user.id}:followup:${id}`) : null;
  if (claim === "invalid") return errorReply(intent, t("offline.error.idempotencyKey"), 400);
  const kept = claim ? await findKeptAnswer(claim) : null;
  if (kept) return replayAnswer(kept);
  const location = `/follow-ups/${id}?saved=${intent}`;
  const keep = claim ? (tx: Tx) => keepAnswer(tx, claim, { location }) : undefined;

  let saved: SavedPhoto[] = [];
  try {
    if (input.intent === "answer") {
      // Photos are checked and stored before the transaction; if it fails they are deleted again.
      if (photos.length) saved = await storePhotos(photos);
      await answerFollowUp(user, id, { body: input.data.body, outstandingQuantity: input.data.outstandingQuantity ?? null, photos: saved }, undefined, keep);
    } else if (input.intent === "extension") {
      await requestExtension(user, id, input.data, undefined, keep);
    } else if (input.intent === "verify") {
      await verifyFollowUp(user, id, { ...input.data, acceptOutstanding: input.data.acceptOutstanding === "1" });
    } else {
      await decideExtension(user, id, Number(input.data.extensionId), { decision: input.data.decision, note: input.data.note });
    }
  } catch (error) {
    if (saved.length) await discardPhotos(saved);
    // Another try with the same key committed while this one ran: answer as it was answered.
    if (error instanceof RepeatedRequest) return replayAnswer(error.answer);
    if (error instanceof FollowUpError) return errorReply(intent, t(`fu.error.${error.code}` as MessageKey, error.vars), error.status, error.field);
    if (error instanceof ImageError) return errorReply(intent, t(`fu.image.${error.code}` as MessageKey), error.status, "photos");
    throw error;
  }
  await markReadForLink(user.id, `/follow-ups/${id}`); // acted on: its notifications are dealt with
  return redirect(location, 303);
}
