import { z } from "zod";
import { FINDING_CATEGORIES, SEVERITIES } from "~/lib/codes";
import { wibDateKey } from "~/lib/time";
import { endOfWibDay } from "~/lib/working-days";
import type { MessageKey } from "~/i18n";
import { ANSWER_RESULTS, type AnswerResult } from "./scores";

// What the sidak forms accept (start, header, checklist answer, finding, amendment), with message keys
// for every refusal. No `.server`: the finding form offers the same quantity units the schema knows.

export type StartInput = {
  unitId: number;
  startedAt: Date;
  team: string;
  trigger: "ROUTINE" | "COMPLAINTS";
  complaintRefs: string[];
};

export type HeaderInput = { startedAt: Date; team: string; trigger: "ROUTINE" | "COMPLAINTS"; summary: string | null; complaintRefs: string[] };

export type AnswerInput = { itemId: number; result: AnswerResult; number: number | null; note: string | null };

export const MAX_QUANTITY = 1_000_000;
export const QUANTITY_UNITS = ["kartu", "dokumen", "orang", "menit", "jenis", "unit"] as const;

// "1240", "1.240" (Indonesian thousands) or "1,240" (English): a whole number, nothing else.
const WHOLE_NUMBER = /^(\d{1,3}([.,]\d{3})+|\d+)$/;
const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "inspections.error.tooLong")
    .transform((v) => (v === "" ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

function isCalendarDate(v: string) {
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

/** One schema for the finding form; `today` is the WIB date key the future/past checks use. */
export function findingSchema(today: string) {
  return z
    .object({
      itemId: z
        .string()
        .optional()
        .transform((v, ctx) => {
          if (!v) return null;
          if (!/^[1-9]\d{0,9}$/.test(v)) {
            ctx.addIssue({ code: "custom", message: "inspections.error.itemNotInTemplate" });
            return z.NEVER;
          }
          return Number(v);
        }),
      category: z.enum(FINDING_CATEGORIES, { errorMap: () => ({ message: "inspections.error.category" }) }),
      severity: z.enum(SEVERITIES, { errorMap: () => ({ message: "inspections.error.severity" }) }),
      description: z
        .string({ required_error: "inspections.error.descriptionRequired" })
        .trim()
        .min(1, "inspections.error.descriptionRequired")
        .max(4000, "inspections.error.tooLong"),
      quantity: z
        .string()
        .trim()
        .optional()
        .transform((v, ctx) => {
          if (!v) return null;
          if (v.startsWith("-")) {
            ctx.addIssue({ code: "custom", message: "inspections.error.quantityNegative" });
            return z.NEVER;
          }
          if (!WHOLE_NUMBER.test(v)) {
            ctx.addIssue({ code: "custom", message: "inspections.error.quantityNumber" });
            return z.NEVER;
          }
          const n = Number(v.replace(/[.,]/g, ""));
          if (n > MAX_QUANTITY) {
            ctx.addIssue({ code: "custom", message: "inspections.error.quantityMax" });
            return z.NEVER;
          }
          return n;
        }),
      quantityUnit: optionalText(30),
      oldestDate: z
        .string()
        .trim()
        .optional()
        .transform((v, ctx) => {
          if (!v) return null;
          if (!DATE_KEY.test(v) || !isCalendarDate(v) || v < "1970-01-01") {
            ctx.addIssue({ code: "custom", message: "inspections.error.date" });
            return z.NEVER;
          }
          if (v > today) {
            ctx.addIssue({ code: "custom", message: "inspections.error.oldestDateFuture" });
            return z.NEVER;
          }
          return new Date(`${v}T00:00:00+07:00`);
        }),
      directive: optionalText(2000),
      directiveDueAt: z
        .string()
        .trim()
        .optional()
        .transform((v, ctx) => {
          if (!v) return null;
          if (!DATE_KEY.test(v) || !isCalendarDate(v)) {
            ctx.addIssue({ code: "custom", message: "inspections.error.date" });
            return z.NEVER;
          }
          if (v < today) {
            ctx.addIssue({ code: "custom", message: "inspections.error.deadlinePast" });
            return z.NEVER;
          }
          // A deadline falls at the end of its day in WIB, like the working-day rule's deadlines.
          return endOfWibDay(v);
        }),
    })
    .superRefine((v, ctx) => {
      if (v.directiveDueAt && !v.directive) {
        ctx.addIssue({ code: "custom", path: ["directive"], message: "inspections.error.deadlineWithoutDirective" });
      }
      if (v.quantityUnit && v.quantity === null) {
        ctx.addIssue({ code: "custom", path: ["quantity"], message: "inspections.error.quantityNumber" });
      }
    });
}

export type FindingInput = z.infer<ReturnType<typeof findingSchema>>;



const FINDING_FIELDS = ["itemId", "category", "severity", "description", "quantity", "quantityUnit", "oldestDate", "directive", "directiveDueAt"] as const;

/** Reads a finding form; errors are message keys per field. */
export function parseFindingForm(form: FormData, now = new Date()): { ok: true; data: FindingInput } | { ok: false; errors: FormErrors } {
  const raw: Record<string, string | undefined> = {};
  for (const f of FINDING_FIELDS) {
    const v = form.get(f);
    raw[f] = typeof v === "string" ? v : undefined;
  }
  const parsed = findingSchema(wibDateKey(now)).safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= (issue.message.startsWith("inspections.") ? issue.message : "inspections.error.invalid") as MessageKey;
  }
  return { ok: false, errors };
}

export type FormErrors = Record<string, MessageKey>;

const REF_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{3,9}$/;

/** "ADU-2026-000123, ADU-2026-000124" or one per line, plus checked `complaintRef` boxes; upper-cased, unique. */
export function parseComplaintRefs(form: FormData): string[] {
  const typed = String(form.get("complaints") ?? "");
  const checked = form.getAll("complaintRef").map(String);
  const refs = [...typed.split(/[\s,;]+/), ...checked].map((r) => r.trim().toUpperCase()).filter(Boolean);
  return [...new Set(refs)].slice(0, 50);
}

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

function parseHeaderFields(form: FormData, now: Date) {
  const errors: FormErrors = {};
  const startedAt = parseWibDateTime(String(form.get("startedAt") ?? "").trim());
  // A few minutes of slack for a phone whose clock runs ahead.
  if (!startedAt || startedAt.getTime() > now.getTime() + 10 * 60_000 || startedAt.getFullYear() < 2000) errors.startedAt = "inspections.error.startedAt";
  const team = String(form.get("team") ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .join("\n");
  if (!team) errors.team = "inspections.error.team";
  else if (team.length > 2000) errors.team = "inspections.error.tooLong";
  const trigger = String(form.get("trigger") ?? "ROUTINE");
  if (trigger !== "ROUTINE" && trigger !== "COMPLAINTS") errors.trigger = "inspections.error.trigger";
  const complaintRefs = parseComplaintRefs(form);
  if (complaintRefs.some((r) => !REF_PATTERN.test(r) || r.length > 30)) errors.complaints = "inspections.error.invalid";
  else if (trigger === "COMPLAINTS" && complaintRefs.length === 0) errors.complaints = "inspections.error.complaintsRequired";
  return { errors, startedAt: startedAt!, team, trigger: trigger as "ROUTINE" | "COMPLAINTS", complaintRefs };
}

export function parseStartForm(form: FormData, now = new Date()): { ok: true; data: StartInput } | { ok: false; errors: FormErrors } {
  const { errors, ...rest } = parseHeaderFields(form, now);
  const rawUnit = String(form.get("unitId") ?? "");
  if (!/^[1-9]\d{0,9}$/.test(rawUnit)) errors.unitId = "inspections.error.unit";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...rest, unitId: Number(rawUnit) } };
}

export function parseHeaderForm(form: FormData, now = new Date()): { ok: true; data: HeaderInput } | { ok: false; errors: FormErrors } {
  const { errors, ...rest } = parseHeaderFields(form, now);
  const summary = String(form.get("summary") ?? "").trim();
  if (summary.length > 4000) errors.summary = "inspections.error.tooLong";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { ...rest, summary: summary || null } };
}

/** One checklist answer from the item form: `itemId`, `result`, `number`, `note`. */
export function parseAnswerForm(form: FormData): { ok: true; data: AnswerInput } | { ok: false; errors: FormErrors } {
  const errors: FormErrors = {};
  const rawItem = String(form.get("itemId") ?? "");
  if (!/^[1-9]\d{0,9}$/.test(rawItem)) errors.itemId = "inspections.error.itemNotInTemplate";
  const result = String(form.get("result") ?? "");
  if (!(ANSWER_RESULTS as readonly string[]).includes(result)) errors.result = "inspections.error.result";
  const rawNumber = String(form.get("number") ?? "").trim().replace(",", ".");
  let number: number | null = null;
  if (rawNumber) {
    number = Number(rawNumber);
    if (!/^\d+(\.\d+)?$/.test(rawNumber) || !Number.isFinite(number) || number > 1_000_000) errors.number = "inspections.error.number";
  }
  const note = String(form.get("note") ?? "").trim();
  if (note.length > 2000) errors.note = "inspections.error.tooLong";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, data: { itemId: Number(rawItem), result: result as AnswerResult, number, note: note || null } };
}
