import { json, type TypedResponse } from "@remix-run/node";
import { parseWithZod, unstable_coerceFormValue as coerceFormValue } from "@conform-to/zod";
import type { z } from "zod";
import { translate, type MessageKey } from "~/i18n";
import { DomainError } from "~/lib/domain-error";
import type { FormReply } from "~/lib/form-reply";

// The one form pattern (docs/decisions/0025): each action has a Zod schema whose messages are
// message keys; `parseForm` parses with Conform's parseWithZod; a refusal from a model is a
// DomainError that `replyFromError` turns into the same FormReply. A route's action reads:
//
//   const parsed = parseForm(formData, schema);
//   if (!parsed.ok) return parsed.reply;
//   try { await model.doIt(user, parsed.value); } catch (e) { return replyFromError(intent, e); }

/** On failure, the 400 reply and its field errors (for a page that answers with a reply of its own shape). */
export type ParsedForm<T> = { ok: true; value: T } | { ok: false; reply: TypedResponse<FormReply>; fieldErrors: Record<string, MessageKey[]> };

/** Text fields as typed (never files, never passwords), for re-filling a form without JavaScript. */
export function typedValues(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === "string" && !/password/i.test(name) && !(name in values)) values[name] = value;
  }
  return values;
}

export function formReply(
  intent: string,
  fieldErrors: Record<string, MessageKey[]>,
  options: { status?: number; formError?: MessageKey; vars?: Record<string, string | number>; values?: Record<string, string>; headers?: HeadersInit } = {},
): TypedResponse<FormReply> {
  const { status = 400, headers, ...rest } = options;
  return json({ intent, fieldErrors, ...rest }, { status, headers });
}

/**
 * Each schema with Conform's form coercion (empty text → undefined, "12" → 12), made once. parseWithZod
 * would rebuild that whole wrapped schema on every parse (a fresh cache per call): a quarter of a
 * millisecond per complaint filed under load (issue 17), for a result that never changes.
 */
const coerced = new WeakMap<z.ZodTypeAny, z.ZodTypeAny>();
function coercedSchema<S extends z.ZodTypeAny>(schema: S): S {
  let found = coerced.get(schema);
  if (!found) {
    found = coerceFormValue(schema) as z.ZodTypeAny;
    coerced.set(schema, found);
  }
  return found as S;
}

/** Parses `formData` with `schema`; on failure, the 400 reply with every field's message keys. */
export function parseForm<S extends z.ZodTypeAny>(formData: FormData, schema: S, intent = String(formData.get("intent") ?? "")): ParsedForm<z.output<S>> {
  const submission = parseWithZod(formData, { schema: coercedSchema(schema), disableAutoCoercion: true });
  if (submission.status === "success") return { ok: true, value: submission.value as z.output<S> };
  const fieldErrors: Record<string, MessageKey[]> = {};
  for (const [field, messages] of Object.entries(submission.error ?? {})) {
    if (messages && messages.length > 0) fieldErrors[field === "" ? "form" : field] = messages as MessageKey[];
  }
  return { ok: false, reply: formReply(intent, fieldErrors, { values: typedValues(formData) }), fieldErrors };
}

/**
 * The intent a form posted, if `table` (intent → handler, schema or permission) has it as an own key:
 * "constructor", "toString" or "__proto__" are found on every object's prototype by `in` or by
 * indexing, and must be an unknown intent (a 400), never Object's own functions (issue 13).
 */
export function intentIn<T extends object>(table: T, posted: FormDataEntryValue | null): (keyof T & string) | null {
  return typeof posted === "string" && Object.hasOwn(table, posted) ? (posted as keyof T & string) : null;
}

/** A DomainError becomes the form's reply with its status; anything else is not ours to hide. */
export function replyFromError(intent: string, error: unknown, formData?: FormData): TypedResponse<FormReply> {
  if (!(error instanceof DomainError)) throw error;
  const values = formData ? typedValues(formData) : undefined;
  if (error.field) return formReply(intent, { [error.field]: [error.messageKey] }, { status: error.status, vars: error.vars, values });
  return formReply(intent, {}, { status: error.status, formError: error.messageKey, vars: error.vars, values });
}

/** In a loader, a DomainError is a plain status page (404 stays exactly like a missing record). */
export function statusResponse(error: unknown): never {
  if (!(error instanceof DomainError)) throw error;
  const text = `${translate("id", error.messageKey, error.vars)} / ${translate("en", error.messageKey, error.vars)}`;
  throw new Response(text, {
    status: error.status,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}
