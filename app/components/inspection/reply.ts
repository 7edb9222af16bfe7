import type { MessageKey } from "~/i18n";
import { errorsOf, type FormReply } from "~/lib/form-reply";

// Reading the sidak action's FormReply (app/lib/inspection-actions.server.ts) where a page piece needs
// more than one field's error.

type Reply = FormReply<Record<string, unknown>> | null | undefined;

/** A reply of `intent` that refused nothing: the post was saved. */
export function savedBy(reply: Reply, intent: string): boolean {
  return !!reply && reply.intent === intent && !errorsOf(reply);
}

/** The one error a small form shows (a checklist item): the form's own, else its first field's. */
export function firstError(reply: Reply): MessageKey | undefined {
  const errors = errorsOf(reply);
  return errors ? (errors.form ?? Object.values(errors)[0]) : undefined;
}

/**
 * What the page's alert says after a refused post: the form's own error; else, for an answer (a
 * checklist item posted without JavaScript shows no field errors of its own) its first field error;
 * else "check the marked fields".
 */
export function pageAlert(reply: Reply): MessageKey | undefined {
  const errors = errorsOf(reply);
  if (!errors) return undefined;
  return errors.form ?? (reply!.intent === "answer" ? firstError(reply) : "inspections.error.form");
}
