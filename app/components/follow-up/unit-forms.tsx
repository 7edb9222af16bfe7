import { Form, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useFocusFirstInvalid } from "~/components/form-field";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import { DraftNotice, useFormDraft } from "~/components/form-draft";
import { useQueuedSubmit } from "~/components/queued-submit";
import { useT } from "~/i18n/use-t";
import type { FormReply } from "~/lib/form-reply";
import { FieldError, useFormErrors } from "./field-error";
import type { FollowUpView } from "./types";

// The unit head's forms: the answer (text, outstanding quantity, photos) and the request for more time.
// Both carry an idempotency key, so a repeated post writes nothing twice.

/**
 * The server's refusal of a queued post of this form, as a whole-form message (its field messages stand
 * under their controls). The page's own replies show their message above the page, not here.
 */
function QueuedRefusal({ refusal, testId }: { refusal: FormReply | null; testId: string }) {
  const t = useT();
  return refusal?.formError ? (
    <p className="error" role="alert" data-testid={testId}>
      {t(refusal.formError, refusal.vars)}
    </p>
  ) : null;
}

/** The answer form's text fields kept as a draft while they are typed. */
const ANSWER_FIELDS = ["body", "outstandingQuantity"] as const;

export function AnswerForm({ f, reply }: { f: FollowUpView; reply: FormReply | null }) {
  const t = useT();
  // What is typed is kept in this browser until it is sent (a reload or a crashed tab gives it back).
  const draftId = `follow-up-answer-${f.id}`;
  const draft = useFormDraft(draftId, ANSWER_FIELDS, { restore: !reply });
  // With JavaScript the answer goes through the browser's send queue (docs/decisions/0021): kept first,
  // sent when there is a signal. If the follow-up changed meanwhile (verified, answered from another
  // phone), the server refuses the late answer; the queue shows it with the reason and can put its text
  // back into this form, next to the follow-up as it is now.
  const queue = useQueuedSubmit<FormReply>({
    kind: "follow-up-answer",
    group: "follow-up-unit-forms",
    url: `/follow-ups/${f.id}?_data=${encodeURIComponent("routes/follow-ups.$id")}`,
    intent: "answer",
    draftId,
    summary: (form) => String(form.get("body") ?? ""),
    onQueued: () => draft.discard(),
    onSent: () => draft.forget(),
  });
  const shown = queue.refusal ?? reply;
  const { messageFor, fieldProps } = useFormErrors(shown);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, shown);
  const busy = useNavigation().state === "submitting" || queue.sending;
  const initial = draft.restored ?? shown?.values ?? {};
  return (
    <section className="card" aria-labelledby="answer-title">
      <h2 id="answer-title">{t("fu.answer.title")}</h2>
      {queue.queued ? (
        <p className="notice" role="status" data-testid="queued-notice">
          {t("offline.queue.queuedAnswer")}
        </p>
      ) : null}
      <Form
        key={draft.formKey}
        method="post"
        encType="multipart/form-data"
        data-testid="answer-form"
        noValidate
        ref={formRef}
        onSubmit={queue.onSubmit}
        onChange={(e) => draft.save(e.currentTarget)}
      >
        <IdempotencyKeyField />
        <label htmlFor="answer-body">{t("fu.answer.body")}</label>
        <textarea id="answer-body" name="body" rows={5} required maxLength={4000} defaultValue={initial.body} {...fieldProps("body", "answer-body")} />
        <FieldError id="answer-body-error" message={messageFor("body")} />
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
              defaultValue={initial.outstandingQuantity}
              {...fieldProps("outstandingQuantity", "answer-qty")}
            />
            <FieldError id="answer-qty-error" message={messageFor("outstandingQuantity")} />
          </>
        ) : null}
        <label htmlFor="answer-photos">{t("fu.answer.photos")}</label>
        <input id="answer-photos" name="photos" type="file" accept="image/jpeg,image/png,image/webp" multiple aria-describedby="answer-photos-hint" {...(messageFor("photos") ? { "aria-invalid": true } : {})} />
        <p className="hint" id="answer-photos-hint">
          {t("fu.answer.photosHint")}
        </p>
        <FieldError id="answer-photos-error" message={messageFor("photos")} />
        <QueuedRefusal refusal={queue.refusal} testId="answer-refused" />
        <div className="actions">
          {/* The intent travels with the button, so a browser without JavaScript posts it too. */}
          <button type="submit" name="intent" value="answer" className="primary" disabled={busy}>
            {t("fu.answer.submit")}
          </button>
        </div>
      </Form>
      <DraftNotice state={draft.state} onDiscard={draft.discard} />
    </section>
  );
}

export function ExtensionForm({ followUpId, today, reply }: { followUpId: number; today: string; reply: FormReply | null }) {
  const t = useT();
  // Asking for more time goes through the send queue too: kept without a signal, sent once later.
  const queue = useQueuedSubmit<FormReply>({
    kind: "follow-up-extension",
    group: "follow-up-unit-forms",
    url: `/follow-ups/${followUpId}?_data=${encodeURIComponent("routes/follow-ups.$id")}`,
    intent: "extension",
    summary: (form) => String(form.get("reason") ?? ""),
  });
  const shown = queue.refusal ?? reply;
  const { messageFor, fieldProps } = useFormErrors(shown);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, shown);
  const busy = useNavigation().state === "submitting" || queue.sending;
  return (
    <section className="card" aria-labelledby="ext-form-title">
      <h2 id="ext-form-title">{t("fu.extension.title")}</h2>
      {queue.queued ? (
        <p className="notice" role="status">
          {t("offline.queue.waitingItem")}
        </p>
      ) : null}
      <Form method="post" data-testid="extension-form" noValidate ref={formRef} onSubmit={queue.onSubmit}>
        <IdempotencyKeyField />
        <label htmlFor="ext-reason">{t("fu.extension.reason")}</label>
        <textarea id="ext-reason" name="reason" rows={3} required maxLength={2000} defaultValue={shown?.values?.reason} {...fieldProps("reason", "ext-reason")} />
        <FieldError id="ext-reason-error" message={messageFor("reason")} />
        <label htmlFor="ext-date">{t("fu.extension.date")}</label>
        <input id="ext-date" name="proposedDate" type="date" required min={today} defaultValue={shown?.values?.proposedDate} {...fieldProps("proposedDate", "ext-date")} />
        <FieldError id="ext-date-error" message={messageFor("proposedDate")} />
        <QueuedRefusal refusal={queue.refusal} testId="extension-refused" />
        <div className="actions">
          <button type="submit" name="intent" value="extension" className="secondary" disabled={busy}>
            {t("fu.extension.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
