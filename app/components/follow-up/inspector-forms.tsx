import { Form, useNavigation } from "@remix-run/react";
import { useRef } from "react";
import { ConfirmForm } from "~/components/confirm-form";
import { useFocusFirstInvalid } from "~/components/form-field";
import { useLocale, useT } from "~/i18n/use-t";
import { formatDateTime } from "~/lib/time";
import { errorsOf, type FormReply } from "~/lib/form-reply";
import { FieldError, useFormErrors } from "./field-error";
import type { FollowUpView, PendingExtension } from "./types";

// The inspector's forms: accept or reject the unit's answer, and approve or refuse a request for more time.

/** A reject without a reason is refused by the server with its message: no need to ask first. */
const hasReason = (form: HTMLFormElement) => {
  const reason = form.elements.namedItem("reason");
  return reason instanceof HTMLTextAreaElement && reason.value.trim() !== "";
};

export function VerifyForm({ f, today, reply }: { f: FollowUpView; today: string; reply: FormReply | null }) {
  const t = useT();
  const { keys, messageFor, fieldProps } = useFormErrors(reply);
  const busy = useNavigation().state === "submitting";
  const pending = [...f.responses].reverse().find((r) => r.verdict === "PENDING");
  // Accept and reject share the intent "verify": the form whose field the server named gets the focus.
  const acceptRef = useRef<HTMLFormElement>(null);
  const rejectRef = useRef<HTMLFormElement>(null);
  const rejected = !!(keys?.reason || keys?.newDueDate);
  useFocusFirstInvalid(acceptRef, rejected ? null : reply);
  useFocusFirstInvalid(rejectRef, rejected ? reply : null);
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
              <input type="checkbox" name="acceptOutstanding" value="1" {...fieldProps("acceptOutstanding", "accept-outstanding")} />
              {t("fu.verify.acceptOutstanding", { left: f.outstandingQuantity, total: f.quantity ?? f.outstandingQuantity })}
            </label>
            <FieldError id="accept-outstanding-error" message={messageFor("acceptOutstanding")} />
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
              {...(keys?.reporterText ? { "aria-invalid": true } : {})}
            />
            <p className="hint" id="reporter-text-hint">
              {t("fu.release.hint")}
            </p>
            <FieldError id="reporter-text-error" message={messageFor("reporterText")} />
          </>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {t("fu.verify.accept")}
          </button>
        </div>
      </Form>
      {/* Sending the answer back reopens the follow-up for the unit: asked once (issue 15). */}
      <ConfirmForm method="post" testId="reject-form" noValidate formRef={rejectRef} question={t("fu.verify.rejectConfirm")} askWhen={hasReason}>
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="verdict" value="reject" />
        <label htmlFor="reject-reason">{t("fu.verify.reason")}</label>
        <textarea id="reject-reason" name="reason" rows={3} required maxLength={2000} {...fieldProps("reason", "reject-reason")} />
        <FieldError id="reject-reason-error" message={messageFor("reason")} />
        <label htmlFor="reject-date">{t("fu.verify.newDue")}</label>
        <input id="reject-date" name="newDueDate" type="date" min={today} aria-describedby="reject-date-hint" {...(keys?.newDueDate ? { "aria-invalid": true } : {})} />
        <p className="hint" id="reject-date-hint">
          {t("fu.verify.newDueHint")}
        </p>
        <FieldError id="reject-date-error" message={messageFor("newDueDate")} />
        <div className="actions">
          <button type="submit" className="danger" disabled={busy}>
            {t("fu.verify.reject")}
          </button>
        </div>
      </ConfirmForm>
    </section>
  );
}

export function DecideForm({ ext, reply }: { ext: PendingExtension; reply: FormReply | null }) {
  const t = useT();
  // The decision has no field to mark: whatever the server refused is said above the buttons.
  const keys = errorsOf(reply);
  const refusal = keys ? Object.values(keys)[0] : undefined;
  const locale = useLocale();
  const busy = useNavigation().state === "submitting";
  return (
    <section className="card" aria-labelledby="decide-title">
      <h2 id="decide-title">{t("fu.decide.title")}</h2>
      <p>
        {formatDateTime(ext.previousDueAt, locale)} → <strong>{formatDateTime(ext.proposedDueAt, locale)}</strong>
      </p>
      <p>{ext.reason}</p>
      {refusal ? (
        <p className="error" role="alert">
          {t(refusal, reply?.vars)}
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
