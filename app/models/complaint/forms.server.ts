import { z } from "zod";
import type { MessageKey } from "~/i18n";
import { SEVERITIES } from "~/lib/codes";
import { DomainError } from "~/lib/domain-error";

// The Zod schemas of the staff's and the reporter's forms on an existing complaint. A page's action
// parses its form with them (parseForm, every field's error at once); the model checks its input with
// the same schema (`checkedInput`, the first error as a DomainError), so a caller that skips the form
// (a channel, a test, a script) meets the same rules. Messages are message keys.

/** The largest count an inspector may ask a unit to report on (cards, files, queue numbers). */
export const MAX_FOLLOW_UP_QUANTITY = 1_000_000;

/** Trimmed text; blank is missing (Conform sends blank fields as missing too). */
const trimmed = (v: unknown) => (typeof v === "string" ? v.trim() || undefined : v);
const required = (key: MessageKey, min: number, max: number) =>
  z.preprocess(trimmed, z.string({ required_error: key, invalid_type_error: key }).min(min, key).max(max, key));
const optional = (key: MessageKey, max: number) => z.preprocess(trimmed, z.string({ invalid_type_error: key }).max(max, key).optional());

const reason = required("complaints.error.reason", 5, 1000);

export const RejectSchema = z.object({ reason });

export const DuplicateSchema = z.object({ duplicateOf: z.preprocess(trimmed, z.string({ required_error: "complaints.error.duplicateOf", invalid_type_error: "complaints.error.duplicateOf" })) });

export const SendToUnitSchema = z.object({
  instruction: required("complaints.error.instruction", 10, 4000),
  severity: z.enum(SEVERITIES, { errorMap: () => ({ message: "complaints.error.severity" }) }),
  // Optional, e.g. 180 e-KTP cards not handed over: the unit then reports how many are still outstanding.
  quantity: z.preprocess(
    trimmed,
    z
      .string({ invalid_type_error: "complaints.error.quantity" })
      .regex(/^\d{1,7}$/, "complaints.error.quantity")
      .transform(Number)
      .refine((n) => n >= 1 && n <= MAX_FOLLOW_UP_QUANTITY, "complaints.error.quantity")
      .optional(),
  ),
});

/** Empty public text removes the redaction. */
export const RedactSchema = z.object({ publicDescription: optional("complaints.error.descriptionLong", 4000), moderationReason: reason });

export const HidePhotoSchema = z.object({ hideReason: reason });

/** The reporter's added information (the photos are checked by the model: text or a photo is needed). */
export const ReporterInfoSchema = z.object({ info: optional("complaints.error.descriptionLong", 4000) });

export const ReopenSchema = z.object({ reason: z.preprocess(trimmed, z.string().optional()) });

/** The model's own check of its input: the first refusal as a DomainError on its field. */
export function checkedInput<S extends z.ZodTypeAny>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new DomainError(issue.message as MessageKey, 400, String(issue.path[0] ?? ""));
}
