import type { MessageKey } from "~/i18n";

/**
 * What every form action answers when it does not redirect (see app/lib/forms.server.ts): the intent
 * that posted, the errors per field as message keys (translated by the page, so the reply is the same
 * in both languages), an error about the whole form, and what was typed so a page without JavaScript
 * can show it again. `extra` carries what a page needs to find the form again (an item id) or the
 * result of a successful intent. Shared by actions and components, so it lives outside `.server`.
 */
export type FormReply<Extra extends Record<string, unknown> = Record<string, never>> = {
  intent: string;
  fieldErrors: Record<string, MessageKey[]>;
  formError?: MessageKey;
  /** Values for `{name}` placeholders in `formError` and the field errors. */
  vars?: Record<string, string | number>;
  values?: Record<string, string>;
  extra?: Extra;
};

/** The first error of each field (and `form` for the whole form), the shape `<Field errors>` reads. */
export function errorsOf(reply: FormReply<Record<string, unknown>> | null | undefined, intent?: string): Partial<Record<string, MessageKey>> | undefined {
  if (!reply || (intent !== undefined && reply.intent !== intent)) return undefined;
  const errors: Partial<Record<string, MessageKey>> = {};
  for (const [field, keys] of Object.entries(reply.fieldErrors)) if (keys[0]) errors[field] = keys[0];
  if (reply.formError) errors.form = reply.formError;
  return Object.keys(errors).length > 0 ? errors : undefined;
}
