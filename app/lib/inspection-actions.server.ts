import { json, redirect, type TypedResponse } from "@remix-run/node";
import type { z } from "zod";
import type { SessionUser } from "~/lib/session.server";
import { forbidden } from "~/lib/http.server";
import { formReply, intentIn, parseForm, replyFromError, typedValues } from "~/lib/forms.server";
import type { FormReply } from "~/lib/form-reply";
import { parseFormWithPhotos, storePhotos, discardPhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { ImageError } from "~/lib/images.server";
import type { Tx } from "~/lib/db.server";
import { findKeptAnswer, idempotencyClaim, keepAnswer, RepeatedRequest, replayAnswer, type KeptAnswer } from "~/lib/idempotency.server";
import { can, type Permission } from "~/models/policy.server";
import { discardDraft, saveAnswer, submitInspection, updateDraftHeader } from "~/models/inspection/commands.server";
import { amendInspection } from "~/models/inspection/amendments.server";
import { createFinding, deleteFinding, updateFinding } from "~/models/inspection/findings.server";
import { amendSchema, answerSchema, findingDeleteSchema, findingSchema, findingUpdateSchema, headerSchema } from "~/models/inspection/schema";
import { wibDateKey } from "~/lib/time";

// The forms of a sidak page (header, checklist answers, findings, submit, amend, discard) post to one
// action. Each intent names the permission it needs (the permission table, app/models/policy.server.ts),
// parses its form with its schema (parseForm), calls the model, and answers with a redirect or the one
// FormReply; a model's DomainError becomes that reply too. The model then checks that the actor is the
// sidak's own inspector (mayEditInspection).

type Reply = Response | TypedResponse<FormReply>;
type Post = { form: FormData; user: SessionUser; id: number; photos: SavedPhoto[]; keep: (answer: KeptAnswer) => ((tx: Tx) => Promise<void>) | undefined };

/** Parses the post with `schema` and hands the value to `run`; a refused form is its 400 reply. */
function withForm<S extends z.ZodTypeAny>(schema: S | (() => S), run: (value: z.output<S>, post: Post) => Promise<Reply>) {
  return async (post: Post): Promise<Reply> => {
    const parsed = parseForm(post.form, typeof schema === "function" ? schema() : schema);
    return parsed.ok ? run(parsed.value, post) : parsed.reply;
  };
}

const findingsOf = (id: number) => `/inspections/${id}#findings`;
const today = () => wibDateKey(new Date());

const INTENTS: Record<string, { permission: Permission; handle: (post: Post) => Promise<Reply> }> = {
  header: {
    permission: "inspection:edit",
    handle: withForm(headerSchema, async (input, { user, id }) => {
      await updateDraftHeader(user, id, input);
      return json<FormReply>({ intent: "header", fieldErrors: {} });
    }),
  },
  answer: {
    permission: "inspection:edit",
    handle: withForm(answerSchema, async (input, { user, id, photos, keep }) => {
      const answer: FormReply = { intent: "answer", fieldErrors: {} };
      await saveAnswer(user, id, input, photos, keep({ body: answer }));
      return json(answer);
    }),
  },
  "finding-create": {
    permission: "inspection:edit",
    handle: withForm(() => findingSchema(today()), async (input, { form, user, id, photos, keep }) => {
      // A finding written on the draft's page (expectedStatus=DRAFT) is refused once the sidak has been
      // submitted meanwhile (a queued post arriving late), instead of silently becoming an amendment.
      const onlyIfDraft = form.get("expectedStatus") === "DRAFT";
      await createFinding(user, id, input, photos, undefined, keep({ location: findingsOf(id) }), { onlyIfDraft });
      return redirect(findingsOf(id), 303);
    }),
  },
  "finding-update": {
    permission: "inspection:edit",
    handle: withForm(() => findingUpdateSchema(today()), async ({ findingId, ...input }, { user, id, photos }) => {
      await updateFinding(user, id, findingId, input, photos);
      return redirect(findingsOf(id), 303);
    }),
  },
  "finding-delete": {
    permission: "inspection:edit",
    handle: withForm(findingDeleteSchema, async ({ findingId }, { user, id }) => {
      await deleteFinding(user, id, findingId);
      return redirect(findingsOf(id), 303);
    }),
  },
  submit: {
    permission: "inspection:edit",
    handle: async ({ user, id, keep }) => {
      const location = `/inspections/${id}?submitted=1`;
      await submitInspection(user, id, undefined, keep({ location }));
      return redirect(location, 303);
    },
  },
  amend: {
    permission: "inspection:edit",
    handle: withForm(amendSchema, async ({ body }, { user, id }) => {
      await amendInspection(user, id, body);
      return redirect(`/inspections/${id}#amendments`, 303);
    }),
  },
  discard: {
    permission: "inspection:edit",
    handle: async ({ user, id }) => {
      await discardDraft(user, id);
      return redirect(`/inspections`, 303);
    },
  },
};

/** The intents that create a record or move a sidak on (CONTRACT: idempotencyKey). */
const IDEMPOTENT_INTENTS: readonly string[] = ["answer", "finding-create", "submit"];

/** Handles one post to /inspections/:id (the route checked inspection:edit before reading the body). */
export async function inspectionAction(request: Request, user: SessionUser, id: number): Promise<Reply> {
  let form: FormData;
  let uploads: Awaited<ReturnType<typeof parseFormWithPhotos>>["photos"];
  try {
    ({ form, photos: uploads } = await parseFormWithPhotos(request, { photoField: "photos" }));
  } catch (error) {
    if (error instanceof UploadError) return formReply("upload", {}, { status: error.status, formError: "inspections.error.photo" });
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  const known = intentIn(INTENTS, intent);
  const handler = known ? INTENTS[known]! : null;
  if (!handler) return formReply(intent, {}, { formError: "inspections.error.intent" });
  if (!can(user, handler.permission)) forbidden();

  // The forms that create something carry an idempotency key: a repeat (a retry, the send queue) gets
  // the first answer and writes nothing. Scoped to this inspector, this sidak and this kind of form.
  const claim = IDEMPOTENT_INTENTS.includes(intent) ? idempotencyClaim(form, `inspection.${intent}:user:${user.id}:inspection:${id}`) : null;
  if (claim === "invalid") return formReply(intent, {}, { formError: "offline.error.idempotencyKey", values: typedValues(form) });
  const kept = claim ? await findKeptAnswer(claim) : null;
  if (kept) return replayAnswer(kept);
  const keep = (answer: KeptAnswer) => (claim ? (tx: Tx) => keepAnswer(tx, claim, answer) : undefined);

  let photos: SavedPhoto[] = [];
  try {
    if (uploads.length) photos = await storePhotos(uploads);
    const reply = await handler.handle({ form, user, id, photos, keep });
    // A refused form keeps none of its photos.
    if (reply.status >= 400) await discardPhotos(photos);
    return reply;
  } catch (error) {
    await discardPhotos(photos);
    // Another try with the same key committed while this one ran: answer as it was answered.
    if (error instanceof RepeatedRequest) return replayAnswer(error.answer);
    if (error instanceof ImageError) return formReply(intent, {}, { status: error.status, formError: "inspections.error.photo", values: typedValues(form) });
    // The sidak is gone (a discarded draft, or never was): said in words, for a post the send queue
    // kept while the draft was deleted elsewhere. The same answer for both, so it tells nothing more.
    if (error instanceof Response && error.status === 404) return formReply(intent, {}, { status: 404, formError: "inspections.error.gone", values: typedValues(form) });
    return replyFromError(intent, error, form);
  }
}
