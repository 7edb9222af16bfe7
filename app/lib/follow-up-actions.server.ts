import { redirect } from "@remix-run/node";
import type { Tx } from "~/lib/db.server";
import { formReply, intentIn, parseForm, replyFromError } from "~/lib/forms.server";
import { findKeptAnswer, idempotencyClaim, keepAnswer, RepeatedRequest, replayAnswer } from "~/lib/idempotency.server";
import { ImageError } from "~/lib/images.server";
import { markReadForLink } from "~/lib/notify.server";
import { can, type Permission } from "~/lib/permissions.server";
import { discardPhotos, parseFormWithPhotos, storePhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { answerFollowUp, decideExtension, requestExtension, verifyFollowUp } from "~/models/follow-up/commands.server";
import { answerSchema, decideSchema, extensionSchema, verifySchema } from "~/models/follow-up/schema";
import type { Actor } from "~/models/policy.server";

// The four forms of a follow-up page (answer, ask for more time, verify, decide an extension) post to
// one action. Each intent checks its own permission from the policy's table (docs/decisions/0015), is
// parsed with its schema (docs/decisions/0025) and handed to the follow-up model; every refusal is the
// one FormReply `{ intent, fieldErrors, formError }` in message keys, which the page translates.

/** Who may post each form: the policy's permission table, one permission per intent. */
const INTENT_PERMISSION = {
  answer: "followup:answer",
  extension: "followup:answer",
  verify: "followup:verify",
  decide: "followup:verify",
} as const satisfies Record<string, Permission>;
type Intent = keyof typeof INTENT_PERMISSION;


/** Handles one post to /follow-ups/:id by a signed-in user; answers a redirect or a FormReply. */
export async function followUpAction(request: Request, user: Actor, id: number) {
  let form: FormData;
  let photos: Awaited<ReturnType<typeof parseFormWithPhotos>>["photos"] = [];
  try {
    ({ form, photos } = await parseFormWithPhotos(request, { photoField: "photos" }));
  } catch (error) {
    // Only the answer form sends photos.
    if (error instanceof UploadError) return formReply("answer", { photos: [`fu.upload.${error.code}`] }, { status: error.status });
    throw error;
  }
  const intent = intentIn(INTENT_PERMISSION, form.get("intent"));
  if (!intent) return formReply(String(form.get("intent") ?? ""), {}, { formError: "fu.error.badIntent" });
  if (!can(user, INTENT_PERMISSION[intent])) return formReply(intent, {}, { status: 403, formError: "fu.error.notAllowed" });

  // The unit head's answer and extension request carry an idempotency key: a repeat (a retry, the send
  // queue) gets the first answer and writes nothing. Scoped to this user, this follow-up and the form.
  const claim = intent === "answer" || intent === "extension" ? idempotencyClaim(form, `followup.${intent}:user:${user.id}:followup:${id}`) : null;
  if (claim === "invalid") return formReply(intent, {}, { formError: "offline.error.idempotencyKey" });
  const kept = claim ? await findKeptAnswer(claim) : null;
  if (kept) return replayAnswer(kept);
  const location = `/follow-ups/${id}?saved=${intent}`;
  const keep = claim ? (tx: Tx) => keepAnswer(tx, claim, { location }) : undefined;

  let saved: SavedPhoto[] = [];
  try {
    if (intent === "answer") {
      const parsed = parseForm(form, answerSchema, intent);
      if (!parsed.ok) return parsed.reply;
      // Photos are checked and stored before the transaction; if it fails they are deleted again.
      if (photos.length) saved = await storePhotos(photos);
      await answerFollowUp(user, id, { ...parsed.value, photos: saved }, undefined, keep);
    } else if (intent === "extension") {
      const parsed = parseForm(form, extensionSchema, intent);
      if (!parsed.ok) return parsed.reply;
      await requestExtension(user, id, parsed.value, undefined, keep);
    } else if (intent === "verify") {
      const parsed = parseForm(form, verifySchema, intent);
      if (!parsed.ok) return parsed.reply;
      await verifyFollowUp(user, id, parsed.value);
    } else {
      const parsed = parseForm(form, decideSchema, intent);
      if (!parsed.ok) return parsed.reply;
      const { extensionId, ...decision } = parsed.value;
      await decideExtension(user, id, extensionId, decision);
    }
  } catch (error) {
    if (saved.length) await discardPhotos(saved);
    // Another try with the same key committed while this one ran: answer as it was answered.
    if (error instanceof RepeatedRequest) return replayAnswer(error.answer);
    if (error instanceof ImageError) return formReply(intent, { photos: [`fu.image.${error.code}`] }, { status: error.status });
    return replyFromError(intent, error);
  }
  await markReadForLink(user.id, `/follow-ups/${id}`); // acted on: its notifications are dealt with
  return redirect(location, 303);
}
