import { json, redirect } from "@remix-run/node";
import { formId } from "~/lib/http.server";
import type { SessionUser } from "~/lib/session.server";
import { parseFormWithPhotos, storePhotos, discardPhotos, UploadError, type SavedPhoto } from "~/lib/uploads.server";
import { ImageError } from "~/lib/images.server";
import type { Tx } from "~/lib/db.server";
import { findKeptAnswer, idempotencyClaim, keepAnswer, RepeatedRequest, replayAnswer, type KeptAnswer } from "~/lib/idempotency.server";
import type { InspectionActionReply } from "~/lib/inspection-reply";
import { DomainError } from "~/lib/domain-error";
import { discardDraft, saveAnswer, submitInspection, updateDraftHeader } from "~/models/inspection/commands.server";
import { amendInspection } from "~/models/inspection/amendments.server";
import { createFinding, deleteFinding, updateFinding } from "~/models/inspection/findings.server";
import { parseAnswerForm, parseFindingForm, parseHeaderForm } from "~/models/inspection/schema";
import type { MessageKey, Translate } from "~/i18n";

// The forms of a sidak page (header, checklist answers, findings, submit, amend, discard) posted to one
// action: each intent's form parsed by the model's parser, handed to the inspection or finding model,
// and every refusal turned into the page's reply (InspectionActionReply) in the reader's language. Who
// may write is checked twice: inspection:edit in the route, the sidak's own inspector (mayEditInspection) in the model.

function fail(t: Translate, status: number, result: Omit<InspectionActionReply, "formError"> & { key?: MessageKey; vars?: Record<string, string | number> }) {
  const { key, vars, ...rest } = result;
  return json<InspectionActionReply>({ ...rest, formError: t(key ?? "inspections.error.form", vars) }, { status });
}

/** Handles one post to /inspections/:id by an inspector (the route checked inspection:edit). */
export async function inspectionAction(request: Request, user: SessionUser, id: number, t: Translate) {
  let form: FormData;
  let uploads: Awaited<ReturnType<typeof parseFormWithPhotos>>["photos"];
  try {
    ({ form, photos: uploads } = await parseFormWithPhotos(request, { photoField: "photos" }));
  } catch (error) {
    if (error instanceof UploadError) return fail(t, error.status, { intent: "upload", key: "inspections.error.photo" });
    throw error;
  }
  const intent = String(form.get("intent") ?? "");
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  let saved: SavedPhoto[] = [];

  // The forms that create something carry an idempotency key: a repeat (a retry, the send queue) gets
  // the first answer and writes nothing. Scoped to this inspector, this sidak and this kind of form.
  const claim = IDEMPOTENT_INTENTS.includes(intent) ? idempotencyClaim(form, `inspection.${intent}:user:${user.id}:inspection:${id}`) : null;
  if (claim === "invalid") return fail(t, 400, { intent, itemId: formId(form.get("itemId")), key: "offline.error.idempotencyKey", values });
  const kept = claim ? await findKeptAnswer(claim) : null;
  if (kept) return replayAnswer(kept);
  const keep = (answer: KeptAnswer) => (claim ? (tx: Tx) => keepAnswer(tx, claim, answer) : undefined);

  try {
    if (uploads.length) saved = await storePhotos(uploads);
    switch (intent) {
      case "header": {
        const parsed = parseHeaderForm(form);
        if (!parsed.ok) return fail(t, 400, { intent, errors: translateErrors(t, parsed.errors), values });
        await updateDraftHeader(user, id, parsed.data);
        return json<InspectionActionReply>({ intent, ok: true });
      }
      case "answer": {
        const parsed = parseAnswerForm(form);
        const itemId = formId(form.get("itemId"));
        if (!parsed.ok) {
          await discardPhotos(saved);
          return fail(t, 400, { intent, itemId, errors: translateErrors(t, parsed.errors), key: Object.values(parsed.errors)[0] });
        }
        const answer: InspectionActionReply = { intent, itemId, ok: true };
        await saveAnswer(user, id, parsed.data, saved, keep({ body: answer }));
        return json<InspectionActionReply>(answer);
      }
      case "finding-create":
      case "finding-update": {
        const parsed = parseFindingForm(form);
        const findingId = intent === "finding-update" ? formId(form.get("findingId")) ?? -1 : null;
        if (!parsed.ok) {
          await discardPhotos(saved);
          return fail(t, 400, { intent, findingId, errors: translateErrors(t, parsed.errors), values });
        }
        const location = `/inspections/${id}#findings`;
        if (findingId) await updateFinding(user, id, findingId, parsed.data, saved);
        else await createFinding(user, id, parsed.data, saved, undefined, keep({ location }));
        return redirect(location, 303);
      }
      case "finding-delete": {
        await deleteFinding(user, id, formId(form.get("findingId")) ?? -1);
        return redirect(`/inspections/${id}#findings`, 303);
      }
      case "submit": {
        const location = `/inspections/${id}?submitted=1`;
        await submitInspection(user, id, undefined, keep({ location }));
        return redirect(location, 303);
      }
      case "amend": {
        const body = String(form.get("body") ?? "").trim();
        if (!body) return fail(t, 400, { intent, errors: { body: t("inspections.error.amendmentRequired") }, values });
        if (body.length > 4000) return fail(t, 400, { intent, errors: { body: t("inspections.error.tooLong") }, values });
        await amendInspection(user, id, body);
        return redirect(`/inspections/${id}#amendments`, 303);
      }
      case "discard": {
        await discardDraft(user, id);
        return redirect(`/inspections`, 303);
      }
      default:
        await discardPhotos(saved);
        return fail(t, 400, { intent, key: "inspections.error.intent" });
    }
  } catch (error) {
    await discardPhotos(saved);
    // Another try with the same key committed while this one ran: answer as it was answered.
    if (error instanceof RepeatedRequest) return replayAnswer(error.answer);
    if (error instanceof ImageError) return fail(t, error.status, { intent, key: "inspections.error.photo", values });
    if (error instanceof DomainError) {
      return fail(t, error.status, {
        intent,
        itemId: formId(form.get("itemId")),
        key: error.messageKey,
        vars: error.vars,
        errors: error.field ? { [error.field]: t(error.messageKey, error.vars) } : undefined,
        values,
      });
    }
    throw error;
  }
}

/** The intents that create a record or move a sidak on (CONTRACT: idempotencyKey). */
const IDEMPOTENT_INTENTS: readonly string[] = ["answer", "finding-create", "submit"];

function translateErrors(t: Translate, errors: Record<string, MessageKey>) {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, t(v)]));
}
