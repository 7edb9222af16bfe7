import { z } from "zod";
import { ROLE, usersOfRoleWhere, type Actor } from "~/models/policy.server";
import { db } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { PALEMBANG_BBOX, UNIT_TYPES } from "~/lib/codes";
import { DomainError } from "~/lib/domain-error";
import type { KecamatanRegion } from "~/lib/regions.server";

// The Unit aggregate: a public-service office (UPT Dukcapil, Puskesmas, kantor kecamatan/kelurahan) with
// its official region codes and its place on the map. Units are never deleted: history points at them,
// so an admin deactivates a unit instead. Every change is written to the audit trail in its transaction.

const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim() : v),
    z.string().max(max, "validation.tooLong").optional(),
  );

/** A decimal number as typed: "-2.9761" or, as Indonesian keyboards write it, "-2,9761". Empty = none. */
const coordinate = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim().replace(",", "."))) : v),
  z.number({ invalid_type_error: "validation.number" }).finite("validation.number").optional(),
);

/** The unit form's fields: anything else posted is ignored (no mass assignment). */
const UnitFields = z.object({
  name: z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(200, "validation.tooLong"),
  slug: z.preprocess(
    (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
    z.string().max(80, "validation.tooLong").regex(/^([a-z0-9]+(-[a-z0-9]+)*)?$/, "validation.slug").optional(),
  ),
  type: z.enum(UNIT_TYPES, { errorMap: () => ({ message: "validation.required" }) }),
  kecamatanCode: z.string({ required_error: "validation.kecamatan" }).max(20, "validation.kecamatan"),
  kelurahanCode: optionalText(20),
  address: optionalText(300),
  phone: optionalText(40),
  lat: coordinate,
  lng: coordinate,
});

/**
 * The unit form's schema against the official region lists (app/lib/regions.server.ts), so that one
 * submit shows every problem to fix: the place must lie in Palembang, the kelurahan in its kecamatan.
 * A missing slug is made from the name.
 */
export function unitInputSchema(regions: KecamatanRegion[]) {
  return UnitFields.superRefine((v, ctx) => {
    if (v.lat !== undefined && (v.lat < PALEMBANG_BBOX.minLat || v.lat > PALEMBANG_BBOX.maxLat)) {
      ctx.addIssue({ code: "custom", path: ["lat"], message: "validation.latRange" });
    }
    if (v.lng !== undefined && (v.lng < PALEMBANG_BBOX.minLng || v.lng > PALEMBANG_BBOX.maxLng)) {
      ctx.addIssue({ code: "custom", path: ["lng"], message: "validation.lngRange" });
    }
    // A point needs both halves; one alone would put the unit nowhere.
    if (v.lat === undefined && v.lng !== undefined) ctx.addIssue({ code: "custom", path: ["lat"], message: "validation.required" });
    if (v.lng === undefined && v.lat !== undefined) ctx.addIssue({ code: "custom", path: ["lng"], message: "validation.required" });
    const kecamatan = regions.find((k) => k.code === v.kecamatanCode);
    if (!kecamatan) ctx.addIssue({ code: "custom", path: ["kecamatanCode"], message: "validation.kecamatan" });
    else if (v.kelurahanCode && !kecamatan.kelurahan.some((k) => k.code === v.kelurahanCode)) {
      ctx.addIssue({ code: "custom", path: ["kelurahanCode"], message: "validation.kelurahan" });
    }
    if (!(v.slug || slugify(v.name))) ctx.addIssue({ code: "custom", path: ["slug"], message: "validation.slug" });
  }).transform((v) => ({ ...v, slug: v.slug || slugify(v.name) }));
}

export type UnitInput = z.output<ReturnType<typeof unitInputSchema>>;

export function slugify(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

/** The slug must be free (the form cannot know): refused as the slug field's error. */
async function checkSlugFree(slug: string, exceptId?: number) {
  const taken = await db.unit.findFirst({ where: { slug, ...(exceptId ? { id: { not: exceptId } } : {}) }, select: { id: true } });
  if (taken) throw new DomainError("validation.slugTaken", 400, "slug");
}

const AUDITED = {
  id: true,
  slug: true,
  name: true,
  type: true,
  kecamatanCode: true,
  kelurahanCode: true,
  address: true,
  phone: true,
  lat: true,
  lng: true,
  active: true,
} as const;

function columns(input: UnitInput) {
  return {
    name: input.name,
    slug: input.slug,
    type: input.type,
    kecamatanCode: input.kecamatanCode,
    kelurahanCode: input.kelurahanCode ?? null,
    address: input.address ?? null,
    phone: input.phone ?? null,
    lat: input.lat ?? null,
    lng: input.lng ?? null,
  };
}

/** A unique-constraint race (two admins saving the same slug at once) answers like the check above. */
function slugRace(error: unknown): never {
  if (typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002") throw new DomainError("validation.slugTaken", 400, "slug");
  throw error;
}

export async function createUnit(actor: Actor, input: UnitInput): Promise<{ id: number }> {
  await checkSlugFree(input.slug);
  const unit = await auditedTransaction(db, async (tx) => {
      const created = await tx.unit.create({ data: columns(input), select: AUDITED });
      await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "unit.create", entityType: "Unit", entityId: created.id, after: created });
      return created;
    })
    .catch(slugRace);
  return { id: unit.id };
}

export async function updateUnit(actor: Actor, id: number, input: UnitInput): Promise<void> {
  const before = await db.unit.findUnique({ where: { id }, select: AUDITED });
  if (!before) throw new DomainError("error.notFound", 404);
  await checkSlugFree(input.slug, id);
  await auditedTransaction(db, async (tx) => {
      const after = await tx.unit.update({ where: { id }, data: columns(input), select: AUDITED });
      await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "unit.update", entityType: "Unit", entityId: id, before, after });
    })
    .catch(slugRace);
}

/**
 * Deactivates or reactivates a unit. An inactive unit disappears from the complaint form's list and the
 * map, but its history, follow-ups and unit head stay as they are.
 */
export async function setUnitActive(actor: Actor, id: number, active: boolean): Promise<void> {
  await auditedTransaction(db, async (tx) => {
    const before = await tx.unit.findUnique({ where: { id }, select: { id: true, active: true } });
    if (!before) throw new DomainError("error.notFound", 404);
    if (before.active === active) return;
    await tx.unit.update({ where: { id }, data: { active } });
    await appendAudit(tx, {
      actorId: actor.id,
      actorKind: "USER",
      action: active ? "unit.reactivate" : "unit.deactivate",
      entityType: "Unit",
      entityId: id,
      before: { active: before.active },
      after: { active },
    });
  });
}

export const UNITS_PER_PAGE = 50;

export type UnitFilters = { q?: string; type?: string; kecamatan?: string; active?: "1" | "0"; page?: number };

export async function listUnits(filters: UnitFilters = {}) {
  const q = filters.q?.trim().slice(0, 100);
  const where = {
    ...(q ? { OR: [{ name: { contains: q } }, { slug: { contains: q.toLowerCase() } }] } : {}),
    ...(filters.type && (UNIT_TYPES as readonly string[]).includes(filters.type) ? { type: filters.type } : {}),
    ...(filters.kecamatan ? { kecamatanCode: filters.kecamatan } : {}),
    ...(filters.active === "1" ? { active: true } : filters.active === "0" ? { active: false } : {}),
  };
  const page = Math.max(1, Math.min(filters.page ?? 1, 10_000));
  const [total, units] = await Promise.all([
    db.unit.count({ where }),
    db.unit.findMany({
      where,
      orderBy: [{ kecamatanCode: "asc" }, { name: "asc" }],
      skip: (page - 1) * UNITS_PER_PAGE,
      take: UNITS_PER_PAGE,
      select: {
        id: true,
        name: true,
        type: true,
        kecamatanCode: true,
        kelurahanCode: true,
        active: true,
        lat: true,
        lng: true,
        users: { where: usersOfRoleWhere(ROLE.UNIT_HEAD), select: { id: true, name: true }, take: 3 },
      },
    }),
  ]);
  return { total, page, pages: Math.max(1, Math.ceil(total / UNITS_PER_PAGE)), units };
}

export function getUnit(id: number) {
  return db.unit.findUnique({
    where: { id },
    select: {
      ...AUDITED,
      createdAt: true,
      updatedAt: true,
      users: { where: { role: ROLE.UNIT_HEAD }, select: { id: true, name: true, email: true, disabledAt: true }, orderBy: { name: "asc" } },
    },
  });
}

/** Units for a select box (active ones, plus `includeId` so an existing assignment stays visible). */
export function unitOptions(includeId?: number | null) {
  return db.unit.findMany({
    where: includeId ? { OR: [{ active: true }, { id: includeId }] } : { active: true },
    orderBy: { name: "asc" },
    select: { id: true, name: true, active: true },
  });
}
