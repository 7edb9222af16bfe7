import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { errorsOf, type FormReply } from "~/lib/form-reply";

// The server's refusal of one form (a FormReply in message keys), read per field: the translated
// message under a control, and the aria attributes that tie the control to it.

type FormErrors = {
  /** The first message key of each field at fault (`form` for the whole form), as errorsOf gives them. */
  keys: Partial<Record<string, MessageKey>> | undefined;
  /** The translated message for `field`, when the reply names it. */
  messageFor: (field: string) => string | null;
  /** aria-invalid and aria-describedby for the control of `field` whose message has the id `${id}-error`. */
  fieldProps: (field: string, id: string) => { "aria-invalid"?: true; "aria-describedby"?: string };
};

export function useFormErrors(reply: FormReply | null): FormErrors {
  const t = useT();
  const keys = errorsOf(reply);
  return {
    keys,
    messageFor: (field) => {
      const key = keys?.[field];
      return key ? t(key, reply?.vars) : null;
    },
    fieldProps: (field, id) => (keys?.[field] ? { "aria-invalid": true, "aria-describedby": `${id}-error` } : {}),
  };
}

export function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p className="error" id={id}>
      {message}
    </p>
  ) : null;
}
