import { z } from "zod";
import { FINDING_CATEGORIES, SEVERITIES, UNIT_TYPES } from "~/lib/codes";
import { endOfWibDay, isDateKey } from "~/lib/working-days";
import type { MessageKey } from "~/i18n";
import { ANSWER_RESULTS } from "./scores";
import { MAX_QUANTITY, TRIGGERS } from "./codes";

// What the sidak forms accept (start, header, checklist answer, finding, amendment): one Zod schema per
// form, parsed with parseForm (app/lib/forms.server.ts, docs/decisions/0025); every refusal is a message
// key on the field at fault. No `.server`: pages use wibDateTimeInput, and a schema may serve the browser too.

const MAX_INT = 2_147_483_647;
const ID = /^[1-9]\d{0,9}$/;
const REF_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{3,9}$/;
// "1240", "1.240" (Indonesian thousands) or "1,240" (English): a whole number, nothing else.
const WHOLE_NUMBER = /^(\d{1,3}([.,]\d{3})+|\d+)$/;

// ---------------------------------------------------------------------------------------------------
// Field builders: a field reads its trimmed text with `read`, which gives the value or a Refusal.

class Refusal {
  constructor(readonly key: MessageKey) {}
}
const refuse = (key: MessageKey) => new Refusal(key);
type Read<T> = (text: string) => T | Refusal;

function text(key: MessageKey) {
  return z.string({ required_error: key, invalid_type_error: key });
}

function checked<T>(read: Read<T>, value: string, ctx: z.RefinementCtx): T {
  const result = read(value);
  if (!(result instanceof Refusal)) return result;
  ctx.addIssue({ code: "custom", message: result.key });
  return z.NEVER;
}

/** A field that must be filled in (`missing` when it is not). */
function required<T>(missing: MessageKey, read: Read<T>) {
  return text(missing).transform((v, ctx) => checked((t) => (t ? read(t) : refuse(missing)), v.trim(), ctx));
}

/** A field that may be left empty: null then. */
function optional<T>(read: Read<T>) {
  return text("inspections.error.invalid")
    .optional()
    .transform((v, ctx) => (v?.trim() ? checked(read, v.trim(), ctx) : null));
}

const upTo = (max: number): Read<string> => (v) => (v.length <= max ? v : refuse("inspections.error.tooLong"));
const dbId = (key: MessageKey): Read<number> => (v) => (ID.test(v) && Number(v) <= MAX_INT ? Number(v) : refuse(key));

/** The id of a record to change: one that names nothing is answered like a record that does not exist (404). */
const recordId = z.unknown().transform((v) => (typeof v === "string" && ID.test(v) && Number(v) <= MAX_INT ? Number(v) : -1));

// ---------------------------------------------------------------------------------------------------
// Start and header (the header is the draft's "when, who, why" changed later, plus its summary)

/** `YYYY-MM-DDTHH:mm` as typed in WIB → the instant; null when invalid. */
export function parseWibDateTime(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return null;
  const d = new Date(`${value}:00+07:00`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** The WIB wall-clock time of an instant as `YYYY-MM-DDTHH:mm`, for a datetime-local input. */
export function wibDateTimeInput(value: Date | string | number): string {
  return new Date(new Date(value).getTime() + 7 * 3600_000).toISOString().slice(0, 16);
}

/** "ADU-2026-000123, ADU-2026-000124" or one per line; upper-cased. */
const complaintRefs: Read<string[]> = (v) => {
  const refs = v.split(/[\s,;]+/).map((r) => r.trim().toUpperCase()).filter(Boolean);
  return refs.every((r) => REF_PATTERN.test(r) && r.length <= 30) ? refs : refuse("inspections.error.invalid");
};

function headerFields(now: Date) {
  return {
    startedAt: required<Date>("inspections.error.startedAt", (v) => {
      const at = parseWibDateTime(v);
      // A few minutes of slack for a phone whose clock runs ahead.
      return at && at.getTime() <= now.getTime() + 10 * 60_000 && at.getFullYear() >= 2000 ? at : refuse("inspections.error.startedAt");
    }),
    team: required("inspections.error.team", (v) => {
      const team = v.split(/\r?\n/).map((l) => l.trim()).filter(Boolean).join("\n");
      return upTo(2000)(team);
    }),
    trigger: z.enum(TRIGGERS, { errorMap: () => ({ message: "inspections.error.trigger" }) }).default("ROUTINE"),
    /** Typed references. */
    complaints: optional(complaintRefs),
    /** The checked boxes of the unit's recent complaints. */
    complaintRef: z.array(text("inspections.error.invalid")).optional(),
  };
}

type HeaderFields = { trigger: (typeof TRIGGERS)[number]; complaints: string[] | null; complaintRef?: string[] };

/** Typed and checked references as one list (unique, at most 50); a sidak for complaints names one. */
function withComplaintRefs<T extends HeaderFields>({ complaints, complaintRef, ...rest }: T, ctx: z.RefinementCtx) {
  const checkedRefs = complaintRefs(complaintRef?.join(" ") ?? "");
  if (checkedRefs instanceof Refusal) ctx.addIssue({ code: "custom", path: ["complaints"], message: checkedRefs.key });
  const refs = [...new Set([...(complaints ?? []), ...(checkedRefs instanceof Refusal ? [] : checkedRefs)])].slice(0, 50);
  if (rest.trigger === "COMPLAINTS" && refs.length === 0) {
    ctx.addIssue({ code: "custom", path: ["complaints"], message: "inspections.error.complaintsRequired" });
  }
  return { ...rest, complaintRefs: refs };
}

export function startSchema(now = new Date()) {
  return z.object({ unitId: required("inspections.error.unit", dbId("inspections.error.unit")), ...headerFields(now) }).transform(withComplaintRefs);
}

export function headerSchema(now = new Date()) {
  return z.object({ ...headerFields(now), summary: optional(upTo(4000)) }).transform(withComplaintRefs);
}

export type StartInput = z.output<ReturnType<typeof startSchema>>;
export type HeaderInput = z.output<ReturnType<typeof headerSchema>>;

// ---------------------------------------------------------------------------------------------------
// A checklist answer: `itemId`, `result`, `number`, `note`

export const answerSchema = z.object({
  itemId: required("inspections.error.itemNotInTemplate", dbId("inspections.error.itemNotInTemplate")),
  result: z.enum(ANSWER_RESULTS, { errorMap: () => ({ message: "inspections.error.result" }) }),
  number: optional((v) => {
    const n = v.replace(",", ".");
    return /^\d+(\.\d+)?$/.test(n) && Number(n) <= 1_000_000 ? Number(n) : refuse("inspections.error.number");
  }),
  note: optional(upTo(2000)),
});

export type AnswerInput = z.output<typeof answerSchema>;

// ---------------------------------------------------------------------------------------------------
// A finding; `today` is the WIB date key the future/past checks use

function findingFields(today: string) {
  return {
    itemId: optional(dbId("inspections.error.itemNotInTemplate")),
    category: z.enum(FINDING_CATEGORIES, { errorMap: () => ({ message: "inspections.error.category" }) }),
    severity: z.enum(SEVERITIES, { errorMap: () => ({ message: "inspections.error.severity" }) }),
    description: required("inspections.error.descriptionRequired", upTo(4000)),
    quantity: optional((v) => {
      if (v.startsWith("-")) return refuse("inspections.error.quantityNegative");
      if (!WHOLE_NUMBER.test(v)) return refuse("inspections.error.quantityNumber");
      const n = Number(v.replace(/[.,]/g, ""));
      return n <= MAX_QUANTITY ? n : refuse("inspections.error.quantityMax");
    }),
    quantityUnit: optional(upTo(30)),
    oldestDate: optional((v) => {
      if (!isDateKey(v) || v < "1970-01-01") return refuse("inspections.error.date");
      return v <= today ? new Date(`${v}T00:00:00+07:00`) : refuse("inspections.error.oldestDateFuture");
    }),
    directive: optional(upTo(2000)),
    // A deadline falls at the end of its day in WIB, like the working-day rule's deadlines.
    directiveDueAt: optional((v) => (!isDateKey(v) ? refuse("inspections.error.date") : v >= today ? endOfWibDay(v) : refuse("inspections.error.deadlinePast"))),
  };
}

type FindingRules = { directive: string | null; directiveDueAt: Date | null; quantity: number | null; quantityUnit: string | null };

/** A deadline needs a directive, and a unit needs a count. */
function findingRules(v: FindingRules, ctx: z.RefinementCtx) {
  if (v.directiveDueAt && !v.directive) ctx.addIssue({ code: "custom", path: ["directive"], message: "inspections.error.deadlineWithoutDirective" });
  if (v.quantityUnit && v.quantity === null) ctx.addIssue({ code: "custom", path: ["quantity"], message: "inspections.error.quantityNumber" });
}

export function findingSchema(today: string) {
  return z.object(findingFields(today)).superRefine(findingRules);
}

/** The same form for an existing finding of the draft. */
export function findingUpdateSchema(today: string) {
  return z.object({ ...findingFields(today), findingId: recordId }).superRefine(findingRules);
}

export type FindingInput = z.output<ReturnType<typeof findingSchema>>;

export const findingDeleteSchema = z.object({ findingId: recordId });

// ---------------------------------------------------------------------------------------------------
// An amendment of a submitted sidak

export const amendSchema = z.object({ body: required("inspections.error.amendmentRequired", upTo(4000)) });

// ---------------------------------------------------------------------------------------------------
// Checklist templates and their items (admin: /admin/checklists)

const checkbox = z.unknown().transform((v) => v === "on");

export const templateCreateSchema = z.object({
  name: required("checklists.error.required", upTo(120)),
  unitType: z.enum(UNIT_TYPES, { errorMap: () => ({ message: "checklists.error.required" }) }),
});

export const templateSchema = templateCreateSchema.extend({ active: checkbox });

export const itemSchema = z.object({
  section: required("checklists.error.required", upTo(120)),
  label: required("checklists.error.required", upTo(500)),
  numberLabel: optional(upTo(120)),
  numberUnit: optional(upTo(30)),
  asksOldestDate: checkbox,
  findingCategory: z.enum(FINDING_CATEGORIES, { errorMap: () => ({ message: "inspections.error.category" }) }),
});

export const itemUpdateSchema = itemSchema.extend({ itemId: recordId });

/** Moving, activating and deactivating an item name only the item. */
export const itemRefSchema = z.object({ itemId: recordId });
