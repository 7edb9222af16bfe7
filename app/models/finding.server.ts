import { z } from "zod";
import { db, type Tx } from "~/lib/db.server";
import type { AlsoInTransaction } from "~/lib/idempotency.server";
import { appendAudit } from "~/lib/audit.server";
import { notFound } from "~/lib/http.server";
import { FINDING_CATEGORIES, SEVERITIES } from "~/lib/codes";
import { wibDateKey } from "~/lib/time";
import { endOfWibDay } from "~/lib/working-days";
import { translate, type MessageKey } from "~/i18n";
import { createFollowUp } from "~/models/follow-up.server";
import { InspectionError, requireOwnInspection, type Viewer } from "~/models/inspection.server";

// The Finding part of a sidak: what was found, how many, since when, and the directive that becomes
// the unit's follow-up. On a draft, findings are added, edited and deleted freely (each change audited);
// once the inspection is submitted, a new finding is an amendment and its directive becomes a
// follow-up at once, and existing findings are no longer edited in place.

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

export type FieldErrors = Record<string, MessageKey>;

const FINDING_FIELDS = ["itemId", "category", "severity", "description", "quantity", "quantityUnit", "oldestDate", "directive", "directiveDueAt"] as const;

/** Reads a finding form; errors are message keys per field. */
export function parseFindingForm(form: FormData, now = new Date()): { ok: true; data: FindingInput } | { ok: false; errors: FieldErrors } {
  const raw: Record<string, string | undefined> = {};
  for (const f of FINDING_FIELDS) {
    const v = form.get(f);
    raw[f] = typeof v === "string" ? v : undefined;
  }
  const parsed = findingSchema(wibDateKey(now)).safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= (issue.message.startsWith("inspections.") ? issue.message : "inspections.error.invalid") as MessageKey;
  }
  return { ok: false, errors };
}

async function checkItem(tx: Tx, templateId: number | null, itemId: number | null) {
  if (itemId === null) return;
  const item = await tx.checklistItem.findFirst({ where: { id: itemId, templateId: templateId ?? -1 }, select: { id: true } });
  if (!item) throw new InspectionError("inspections.error.itemNotInTemplate", 400, "itemId");
}

function auditView(f: FindingInput | { [k: string]: unknown }) {
  const v = f as Record<string, unknown>;
  const iso = (d: unknown) => (d instanceof Date ? d.toISOString() : d ?? null);
  return {
    itemId: v.itemId ?? null,
    category: v.category,
    severity: v.severity,
    description: v.description,
    quantity: v.quantity ?? null,
    quantityUnit: v.quantityUnit ?? null,
    oldestDate: iso(v.oldestDate),
    directive: v.directive ?? null,
    directiveDueAt: iso(v.directiveDueAt),
  };
}

/** Photos already stored by the caller, to be linked to the finding in the same transaction. */
export type StoredPhoto = { storageKey: string; backend: string; remoteUrl: string | null; mime: string; bytes: number; width: number; height: number };

/**
 * Adds a finding. On a draft it waits for the submit; on a submitted inspection (only its own
 * inspector's) it is an amendment: the amendment is recorded and the directive's follow-up created now.
 */
export async function createFinding(inspector: Viewer, inspectionId: number, input: FindingInput, photos: StoredPhoto[] = [], now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  return db.$transaction(async (tx) => {
    const inspection = await requireOwnInspection(tx, inspector, inspectionId, { draftOnly: false });
    await checkItem(tx, inspection.templateId, input.itemId);
    const finding = await tx.finding.create({
      data: {
        inspectionId,
        unitId: inspection.unitId,
        itemId: input.itemId,
        category: input.category,
        severity: input.severity,
        description: input.description,
        quantity: input.quantity,
        quantityUnit: input.quantity === null ? null : input.quantityUnit,
        oldestDate: input.oldestDate,
        directive: input.directive,
        directiveDueAt: input.directive ? input.directiveDueAt : null,
        createdAt: now,
      },
    });
    for (const p of photos) await tx.attachment.create({ data: { ...p, findingId: finding.id } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "finding.create",
      entityType: "Finding",
      entityId: finding.id,
      after: { inspectionId, ...auditView(input), photos: photos.length },
      at: now,
    });
    let followUpId: number | null = null;
    if (inspection.status === "SUBMITTED") {
      const body = translate("id", "inspections.amendment.findingAdded", {
        id: finding.id,
        category: translate("id", `category.${input.category}` as MessageKey),
        description: input.description.slice(0, 300),
      });
      const amendment = await tx.inspectionAmendment.create({ data: { inspectionId, authorId: inspector.id, body, createdAt: now } });
      if (input.directive) {
        const followUp = await createFollowUp(tx, {
          sourceType: "FINDING",
          findingId: finding.id,
          unitId: inspection.unitId,
          instruction: input.directive,
          category: input.category,
          severity: input.severity,
          quantity: input.quantity,
          createdById: inspector.id,
          dueAt: input.directiveDueAt,
          now,
        });
        followUpId = followUp.id;
      }
      await appendAudit(tx, {
        actorId: inspector.id,
        actorKind: "USER",
        action: "inspection.amend",
        entityType: "Inspection",
        entityId: inspectionId,
        after: { amendmentId: amendment.id, findingId: finding.id, followUpId },
        at: now,
      });
    }
    await alsoInTransaction?.(tx);
    return { finding, followUpId };
  });
}

async function requireDraftFinding(tx: Tx, inspector: Viewer, inspectionId: number, findingId: number) {
  const inspection = await requireOwnInspection(tx, inspector, inspectionId, { draftOnly: true });
  const finding = await tx.finding.findFirst({ where: { id: findingId, inspectionId, deletedAt: null } });
  if (!finding) notFound();
  return { inspection, finding };
}

/** Edits a finding of a draft (a submitted inspection is amended instead). */
export async function updateFinding(inspector: Viewer, inspectionId: number, findingId: number, input: FindingInput, photos: StoredPhoto[] = []) {
  return db.$transaction(async (tx) => {
    const { inspection, finding } = await requireDraftFinding(tx, inspector, inspectionId, findingId);
    await checkItem(tx, inspection.templateId, input.itemId);
    const updated = await tx.finding.update({
      where: { id: findingId },
      data: {
        itemId: input.itemId,
        category: input.category,
        severity: input.severity,
        description: input.description,
        quantity: input.quantity,
        quantityUnit: input.quantity === null ? null : input.quantityUnit,
        oldestDate: input.oldestDate,
        directive: input.directive,
        directiveDueAt: input.directive ? input.directiveDueAt : null,
      },
    });
    for (const p of photos) await tx.attachment.create({ data: { ...p, findingId } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "finding.update",
      entityType: "Finding",
      entityId: findingId,
      before: auditView(finding),
      after: { ...auditView(input), photosAdded: photos.length },
    });
    return updated;
  });
}

/** Deletes a finding of a draft. Soft: the row stays (deletedAt) so the audit trail points at something. */
export async function deleteFinding(inspector: Viewer, inspectionId: number, findingId: number) {
  return db.$transaction(async (tx) => {
    const { finding } = await requireDraftFinding(tx, inspector, inspectionId, findingId);
    const now = new Date();
    await tx.finding.update({ where: { id: findingId }, data: { deletedAt: now } });
    await appendAudit(tx, {
      actorId: inspector.id,
      actorKind: "USER",
      action: "finding.delete",
      entityType: "Finding",
      entityId: findingId,
      before: auditView(finding),
      at: now,
    });
  });
}

