import { z } from "zod";
import { isDateKey } from "~/lib/working-days";
import { maskedText } from "~/lib/mask-personal-data";
import { stringify } from "csv-stringify/sync";
import { db } from "~/lib/db.server";
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES } from "~/lib/codes";
import { isoWib, wibStartOfDay } from "~/lib/time";
import type { Prisma } from "~/generated/prisma/client";
import { PUBLIC_COMPLAINT_WHERE } from "~/models/policy.server";

// Open data: what of a complaint the public may see, and the streamed exports (issue 7).
// Which complaints are public is the policy's rule (app/models/policy.server.ts: never confidential, never
// EXTORTION whatever privacy is stored). Public content is the moderated, masked text and the place; never the reporter's name, phone, e-mail, IP hash or user agent, never internal
// notes (ComplaintEvent with visibility INTERNAL) and never hidden photos.

export { PUBLIC_COMPLAINT_WHERE } from "~/models/policy.server";

/**
 * The public text of a complaint: the moderated version when a moderator made one, with NIK/KK numbers,
 * phone numbers and e-mail addresses masked (app/lib/mask-personal-data.ts). Every public reader of a
 * complaint's text goes through here: pages, Open311, the exports.
 */
export function publicText(c: { publicDescription: string | null; description: string }): string {
  return maskedText(c.publicDescription ?? c.description);
}

// ---------------------------------------------------------------------------------------------------
// Filters shared with the map (GET /map/data.json): bbox, category, status, unitId, kecamatan, from, to.

const EXPORT_FILTER_KEYS = ["bbox", "category", "status", "unitId", "kecamatan", "overdue", "from", "to"] as const;

/** A comma list of codes (case-insensitive, as on the map); an empty value counts as absent. */
const list = <T extends string>(values: readonly [T, ...T[]]) =>
  z
    .string()
    .transform((s) => s.split(",").map((v) => v.trim().toUpperCase()).filter(Boolean))
    .pipe(z.array(z.enum(values)).min(1));

/**
 * The map's status filter: complaint statuses and the map's colour states. A complaint is DONE when
 * closed, rejected or a duplicate; OVERDUE when one of its follow-ups is OPEN past its deadline;
 * ANSWERED when the unit answered; OPEN otherwise (the same rule as app/models/map.server.ts).
 */
const MAP_STATES = ["OPEN", "ANSWERED", "DONE", "OVERDUE"] as const;
const STATUS_VALUES = [...COMPLAINT_STATUSES, ...MAP_STATES] as unknown as readonly [string, ...string[]];

const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Tanggal harus berformat YYYY-MM-DD / Date must be YYYY-MM-DD")
  .refine(isDateKey, "Tanggal tidak valid / Invalid date");

const filterSchema = z
  .object({
    bbox: z
      .string()
      .transform((s) => s.split(",").map(Number))
      .refine(
        (n) =>
          n.length === 4 &&
          n.every(Number.isFinite) &&
          n[0]! >= -180 && n[2]! <= 180 && n[1]! >= -90 && n[3]! <= 90 &&
          n[0]! <= n[2]! && n[1]! <= n[3]!,
        "bbox harus minLng,minLat,maxLng,maxLat / bbox must be minLng,minLat,maxLng,maxLat",
      )
      .optional(),
    category: list(COMPLAINT_CATEGORIES).optional(),
    status: list(STATUS_VALUES).optional(),
    unitId: z
      .string()
      .transform((s) => s.split(",").map((v) => v.trim()))
      .pipe(z.array(z.string().regex(/^[1-9]\d{0,9}$/).transform(Number)).min(1))
      .optional(),
    kecamatan: z
      .string()
      .transform((s) => s.split(",").map((v) => v.trim()))
      .pipe(z.array(z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/)).min(1))
      .optional(),
    overdue: z.enum(["1", "0", "true", "false", "on"]).optional(),
    from: dateParam.optional(),
    to: dateParam.optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: "from harus sebelum to / from must not be after to", path: ["to"] });

export type ExportFilters = z.infer<typeof filterSchema>;

export type FilterResult = { ok: true; filters: ExportFilters } | { ok: false; errors: string[] };

/** Parses export filters from a query string; any unknown parameter, repeated parameter or bad value fails. */
export function parseExportFilters(params: URLSearchParams): FilterResult {
  const raw: Record<string, string> = {};
  const errors: string[] = [];
  for (const [key, value] of params) {
    if (!(EXPORT_FILTER_KEYS as readonly string[]).includes(key)) {
      errors.push(`Filter tidak dikenal: ${key} / Unknown filter: ${key}`);
      continue;
    }
    if (key in raw) errors.push(`Filter diulang: ${key} / Repeated filter: ${key}`);
    // An empty value (a form's "all" choice) means no filter, as on the map.
    if (value.trim() !== "") raw[key] = value.trim();
  }
  if (errors.length) return { ok: false, errors };
  const parsed = filterSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "query"}: ${i.message}`) };
  }
  return { ok: true, filters: parsed.data };
}

/** The Prisma `where` of export filters, always inside the public rule. */
export function exportWhere(f: ExportFilters, now = new Date()): Prisma.ComplaintWhereInput {
  const and: Prisma.ComplaintWhereInput[] = [PUBLIC_COMPLAINT_WHERE];
  const closed = ["CLOSED", "REJECTED", "DUPLICATE"];
  const overdue: Prisma.ComplaintWhereInput = { status: { notIn: closed }, followUps: { some: { state: "OPEN", dueAt: { lt: now } } } };
  const stateWhere: Record<(typeof MAP_STATES)[number], Prisma.ComplaintWhereInput> = {
    DONE: { status: { in: closed } },
    OVERDUE: overdue,
    // The map's "answered" state or "ANSWERED" status: the same complaints either way.
    ANSWERED: { status: "ANSWERED" },
    OPEN: { AND: [{ status: { notIn: [...closed, "ANSWERED"] } }, { NOT: overdue }] },
  };
  if (f.bbox) {
    const [minLng, minLat, maxLng, maxLat] = f.bbox as [number, number, number, number];
    and.push({ lat: { gte: minLat, lte: maxLat }, lng: { gte: minLng, lte: maxLng } });
  }
  if (f.category) and.push({ category: { in: f.category } });
  if (f.status) {
    const statuses = f.status.filter((v) => (COMPLAINT_STATUSES as readonly string[]).includes(v) && !(MAP_STATES as readonly string[]).includes(v));
    const states = f.status.filter((v): v is (typeof MAP_STATES)[number] => (MAP_STATES as readonly string[]).includes(v));
    const or: Prisma.ComplaintWhereInput[] = states.map((s) => stateWhere[s]);
    if (statuses.length) or.push({ status: { in: statuses } });
    and.push({ OR: or });
  }
  if (f.overdue === "1" || f.overdue === "true" || f.overdue === "on") and.push(overdue);
  if (f.unitId) and.push({ unitId: { in: f.unitId } });
  if (f.kecamatan) and.push({ unit: { kecamatanCode: { in: f.kecamatan } } });
  // Dates are WIB calendar dates, both ends inclusive.
  if (f.from) and.push({ createdAt: { gte: wibStartOfDay(f.from) } });
  if (f.to) {
    const next = new Date(wibStartOfDay(f.to).getTime() + 86_400_000);
    and.push({ createdAt: { lt: next } });
  }
  return { AND: and };
}

// ---------------------------------------------------------------------------------------------------
// Streaming: keyset pagination by id, ~1,000 rows a batch, so the whole table never sits in memory.

export const EXPORT_BATCH = 1000;

const exportSelect = {
  id: true,
  ref: true,
  category: true,
  status: true,
  description: true,
  publicDescription: true,
  lat: true,
  lng: true,
  source: true,
  meTooCount: true,
  createdAt: true,
  updatedAt: true,
  closedAt: true,
  unit: { select: { id: true, name: true, kecamatanCode: true } },
} as const satisfies Prisma.ComplaintSelect;

type ExportRow = Prisma.ComplaintGetPayload<{ select: typeof exportSelect }>;

async function* exportBatches(where: Prisma.ComplaintWhereInput, batch = EXPORT_BATCH): AsyncGenerator<ExportRow[]> {
  let afterId = 0;
  for (;;) {
    const rows = await db.complaint.findMany({
      where: { AND: [where, { id: { gt: afterId } }] },
      orderBy: { id: "asc" },
      take: batch,
      select: exportSelect,
    });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

/** Wraps an async generator of text chunks as a pull-based byte stream (back-pressure for free). */
function textStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export const CSV_COLUMNS = [
  "ref",
  "created_at",
  "updated_at",
  "closed_at",
  "category",
  "status",
  "unit_id",
  "unit_name",
  "kecamatan_code",
  "lat",
  "lng",
  "description",
  "me_too_count",
  "source",
  "url",
] as const;

/**
 * Spreadsheets run a cell that starts with = + - @ (or a tab/CR) as a formula: residents' free text
 * must not become one when a clerk opens the file in Excel (OWASP "CSV injection"). Text only; numbers
 * such as a negative latitude stay numbers.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function csvRecord(c: ExportRow, origin: string): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  return {
    ref: c.ref,
    created_at: isoWib(c.createdAt),
    updated_at: isoWib(c.updatedAt),
    closed_at: c.closedAt ? isoWib(c.closedAt) : null,
    category: c.category,
    status: c.status,
    unit_id: c.unit.id,
    unit_name: c.unit.name,
    kecamatan_code: c.unit.kecamatanCode,
    lat: c.lat,
    lng: c.lng,
    description: publicText(c),
    me_too_count: c.meTooCount,
    source: c.source,
    url: `${origin}/complaints/${encodeURIComponent(c.ref)}`,
  };
}

/** The CSV export: UTF-8 with a BOM (so Excel reads the Indonesian text right), one row per complaint. */
export function complaintsCsvStream(filters: ExportFilters, origin: string, batch = EXPORT_BATCH): ReadableStream<Uint8Array> {
  const where = exportWhere(filters);
  async function* chunks() {
    yield "\uFEFF" + stringify([], { header: true, columns: [...CSV_COLUMNS] });
    for await (const rows of exportBatches(where, batch)) {
      yield stringify(
        rows.map((r) => csvRecord(r, origin)),
        {
          columns: [...CSV_COLUMNS],
          cast: { number: (n) => String(n), string: (v, ctx) => (ctx.column === "description" || ctx.column === "unit_name" ? spreadsheetSafe(v) : v) },
        },
      );
    }
  }
  return textStream(chunks());
}

/** The GeoJSON export: a FeatureCollection; complaints without a pin have a null geometry (RFC 7946 §3.2). */
export function complaintsGeoJsonStream(filters: ExportFilters, origin: string, batch = EXPORT_BATCH): ReadableStream<Uint8Array> {
  const where = exportWhere(filters);
  async function* chunks() {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    for await (const rows of exportBatches(where, batch)) {
      const features = rows.map((c) => {
        const { lat, lng, ...props } = csvRecord(c, origin);
        return JSON.stringify({
          type: "Feature",
          id: c.ref,
          geometry: c.lat !== null && c.lng !== null ? { type: "Point", coordinates: [c.lng, c.lat] } : null,
          properties: { ...props, lat, lng },
        });
      });
      yield (first ? "" : ",") + features.join(",");
      first = false;
    }
    yield "]}";
  }
  return textStream(chunks());
}
