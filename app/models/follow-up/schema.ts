import { z } from "zod";
import { endOfWibDay, isDateKey } from "~/lib/working-days";

// What a person may post on a follow-up page, one Zod schema per form (docs/decisions/0025): the
// messages are message keys, the page translates them. These schemas check the input alone; what
// depends on the follow-up itself (its state, its quantity, its deadline) is the model's to refuse
// (commands.server.ts). No `.server` in the name: the types are shared with the page's components.

/** Text that must not be blank once trimmed. */
const requiredText = (max: number, missing: "fu.error.bodyRequired" | "fu.error.reasonRequired") =>
  z.string({ required_error: missing }).trim().min(1, missing).max(max, "validation.tooLong");

/** Text that may be left empty (Conform turns an empty field into undefined). */
const optionalText = (max: number) => z.string().trim().max(max, "validation.tooLong").optional();

/** A YYYY-MM-DD date (WIB) as the end of that day, as deadlines are. */
const deadlineDate = z
  .string({ required_error: "validation.required" })
  .trim()
  .refine(isDateKey, "fu.error.dateInvalid")
  .transform(endOfWibDay);

/** A whole number typed in a text box; blank means "not given" (null). */
const wholeNumberOrBlank = z
  .string()
  .trim()
  .max(12, "fu.error.quantityNumber")
  .refine((v) => v === "" || /^-?\d+$/.test(v), "fu.error.quantityNumber")
  .transform((v) => (v === "" ? null : Number(v)));

/** The unit head's answer: what was done, and how many are still outstanding (for a follow-up with a quantity). */
export const answerSchema = z.object({
  body: requiredText(4000, "fu.error.bodyRequired"),
  outstandingQuantity: wholeNumberOrBlank.optional(),
});

/** The unit head asks for more time: a reason, and the date they propose. */
export const extensionSchema = z
  .object({ reason: requiredText(2000, "fu.error.reasonRequired"), proposedDate: deadlineDate })
  .transform((v) => ({ reason: v.reason, proposedDueAt: v.proposedDate }));

export type VerifyInput = {
  verdict: "accept" | "reject";
  reason?: string;
  /** A reject's new deadline; none: the deadline rule's working days counted from now. */
  newDueAt?: Date | null;
  /** The inspector confirms accepting an answer that still reports an outstanding quantity. */
  acceptOutstanding?: boolean;
  /** For an answer that needs release: what the reporter reads (empty: the unit's text as it is). */
  reporterText?: string;
};

/** The inspector's verdict on the unit's answer. Sending it back needs a reason; the new date is optional. */
export const verifySchema = z
  .object({
    verdict: z.enum(["accept", "reject"], { errorMap: () => ({ message: "fu.error.verdictInvalid" }) }),
    reason: optionalText(2000),
    newDueDate: z.string().trim().max(10, "fu.error.dateInvalid").optional(),
    acceptOutstanding: z.literal("1", { errorMap: () => ({ message: "fu.error.verdictInvalid" }) }).optional(),
    reporterText: optionalText(4000),
  })
  .superRefine((v, ctx) => {
    if (v.verdict !== "reject") return;
    if (!v.reason) ctx.addIssue({ code: "custom", path: ["reason"], message: "fu.error.reasonRequired" });
    if (v.newDueDate && !isDateKey(v.newDueDate)) ctx.addIssue({ code: "custom", path: ["newDueDate"], message: "fu.error.dateInvalid" });
  })
  .transform(
    (v): VerifyInput => ({
      verdict: v.verdict,
      reason: v.reason,
      // A date left in the form is only read when the answer is sent back.
      newDueAt: v.verdict === "reject" && v.newDueDate ? endOfWibDay(v.newDueDate) : null,
      acceptOutstanding: v.acceptOutstanding === "1",
      reporterText: v.reporterText,
    }),
  );

/** The inspector approves or refuses a pending request for more time. */
export const decideSchema = z.object({
  extensionId: z.string({ required_error: "validation.required" }).regex(/^\d{1,9}$/, "validation.number").transform(Number),
  decision: z.enum(["approve", "refuse"], { errorMap: () => ({ message: "fu.error.verdictInvalid" }) }),
  note: optionalText(2000),
});

export type AnswerFields = z.output<typeof answerSchema>;
export type ExtensionInput = z.output<typeof extensionSchema>;
export type DecideExtensionInput = Omit<z.output<typeof decideSchema>, "extensionId">;

/** The inbox's filters (/follow-ups); unit filters are ignored for unit heads. */
export type FollowUpFilters = {
  unitId?: number;
  kecamatan?: string;
  category?: string;
  state?: string;
  overdue?: boolean;
  page?: number;
};
