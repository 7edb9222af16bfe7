import { Form, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { useFocusFirstInvalid } from "~/components/form-field";
import { IdempotencyKeyField } from "~/components/idempotency-key-field";
import { useT } from "~/i18n/use-t";
import type { FormReply } from "~/lib/form-reply";
import { FieldError, useFormErrors } from "./field-error";
import type { FollowUpView } from "./types";

// The unit head's forms: the answer (text, outstanding quantity, photos) and the request for more time.
// Both carry an idempotency key, so a repeated post writes nothing twice.

export function AnswerForm({ f, reply }: { f: FollowUpView; reply: FormReply | null }) {
  const t = useT();
  const { messageFor, fieldProps } = useFormErrors(reply);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, reply);
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="answer-title">
      <h2 id="answer-title">{t("fu.answer.title")}</h2>
      <Form method="post" encType="multipart/form-data" data-testid="answer-form" noValidate ref={formRef}>
        <input type="hidden" name="intent" value="answer" />
        <IdempotencyKeyField />
        <label htmlFor="answer-body">{t("fu.answer.body")}</label>
        <textarea id="answer-body" name="body" rows={5} required maxLength={4000} {...fieldProps("body", "answer-body")} />
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
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("fu.answer.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}

export function ExtensionForm({ today, reply }: { today: string; reply: FormReply | null }) {
  const t = useT();
  const { messageFor, fieldProps } = useFormErrors(reply);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, reply);
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="ext-form-title">
      <h2 id="ext-form-title">{t("fu.extension.title")}</h2>
      <Form method="post" data-testid="extension-form" noValidate ref={formRef}>
        <input type="hidden" name="intent" value="extension" />
        <IdempotencyKeyField />
        <label htmlFor="ext-reason">{t("fu.extension.reason")}</label>
        <textarea id="ext-reason" name="reason" rows={3} required maxLength={2000} {...fieldProps("reason", "ext-reason")} />
        <FieldError id="ext-reason-error" message={messageFor("reason")} />
        <label htmlFor="ext-date">{t("fu.extension.date")}</label>
        <input id="ext-date" name="proposedDate" type="date" required min={today} {...fieldProps("proposedDate", "ext-date")} />
        <FieldError id="ext-date-error" message={messageFor("proposedDate")} />
        <div className="actions">
          <button type="submit" className="secondary" disabled={busy}>
            {t("fu.extension.submit")}
          </button>
        </div>
      </Form>
    </section>
  );
}
