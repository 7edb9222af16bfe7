import type { FormErrorReply } from "./types";

// The server's message under a control, and the aria attributes that tie the control to it.

export function FieldError({ id, message }: { id: string; message: string | null }) {
  return message ? (
    <p className="error" id={id}>
      {message}
    </p>
  ) : null;
}

export function fieldProps(error: FormErrorReply, field: string, id: string) {
  const invalid = error?.field === field;
  return { "aria-invalid": invalid ? true : undefined, "aria-describedby": invalid ? `${id}-error` : undefined };
}

/** The message for `field`, when the server's reply names it. */
export function messageFor(error: FormErrorReply, field: string) {
  return error?.field === field ? error.error : null;
}
