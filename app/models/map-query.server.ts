import { z } from "zod";
import { isDateKey } from "~/lib/working-days";
import { MAP_CATEGORIES, MAP_LAYERS, STATUS_FILTERS, type MapLayer } from "./map-codes";

// The query of /map and /map/data.json: layers, filters, bbox and zoom, read from the URL with the
// Bahasa Indonesia / English message a person can act on for every parameter that is wrong.

/** An absent or empty parameter (a GET form sends `category=` for "all") counts as not given. */
function blankToUndefined(v: unknown) {
  return typeof v === "string" && v.trim() === "" ? undefined : v;
}

function commaList(v: unknown) {
  if (typeof v !== "string") return v;
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

const dateKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Tanggal harus berformat YYYY-MM-DD / date must be YYYY-MM-DD")
  .refine(isDateKey, { message: "Tanggal tidak valid / invalid date" });

const bboxSchema = z
  .string()
  .transform((s, ctx) => {
    const parts = s.split(",");
    if (parts.length !== 4) {
      ctx.addIssue({ code: "custom", message: "bbox harus berisi 4 angka: minLng,minLat,maxLng,maxLat / bbox needs 4 numbers" });
      return z.NEVER;
    }
    const nums = parts.map((p) => (p.trim() === "" ? NaN : Number(p)));
    if (nums.some((n) => !Number.isFinite(n))) {
      ctx.addIssue({ code: "custom", message: "bbox harus berupa angka / bbox must be numbers" });
      return z.NEVER;
    }
    const [minLng, minLat, maxLng, maxLat] = nums as [number, number, number, number];
    if (Math.abs(minLat) > 90 || Math.abs(maxLat) > 90) {
      ctx.addIssue({ code: "custom", message: "Lintang harus di antara -90 dan 90 / latitude must be within ±90" });
      return z.NEVER;
    }
    if (Math.abs(minLng) > 180 || Math.abs(maxLng) > 180) {
      ctx.addIssue({ code: "custom", message: "Bujur harus di antara -180 dan 180 / longitude must be within ±180" });
      return z.NEVER;
    }
    if (minLng > maxLng || minLat > maxLat) {
      ctx.addIssue({ code: "custom", message: "Nilai minimum bbox melebihi maksimum / bbox min is above max" });
      return z.NEVER;
    }
    return { minLng, minLat, maxLng, maxLat };
  });

export const mapQuerySchema = z
  .object({
    bbox: z.preprocess(blankToUndefined, bboxSchema.optional()),
    zoom: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ invalid_type_error: "zoom harus berupa bilangan bulat / zoom must be an integer" })
        .int("zoom harus berupa bilangan bulat / zoom must be an integer")
        .min(0, "zoom 0 sampai 22 / zoom must be 0..22")
        .max(22, "zoom 0 sampai 22 / zoom must be 0..22")
        .optional(),
    ),
    layer: z.preprocess(
      (v) => commaList(blankToUndefined(v)),
      z
        .array(z.enum(MAP_LAYERS, { errorMap: () => ({ message: "layer tidak dikenal / unknown layer" }) }))
        .optional(),
    ),
    category: z.preprocess(
      blankToUndefined,
      z
        .string()
        .refine((c) => MAP_CATEGORIES.includes(c), { message: "Kategori tidak dikenal / unknown category" })
        .optional(),
    ),
    status: z.preprocess(
      (v) => {
        const list = commaList(blankToUndefined(v));
        return Array.isArray(list) ? list.map((s) => s.toUpperCase()) : list;
      },
      z
        .array(z.string().refine((s) => STATUS_FILTERS.includes(s), { message: "Status tidak dikenal / unknown status" }))
        .optional(),
    ),
    unitId: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ invalid_type_error: "unitId harus berupa angka / unitId must be a number" })
        .int("unitId harus berupa bilangan bulat / unitId must be an integer")
        .positive("unitId harus positif / unitId must be positive")
        .max(2_147_483_647)
        .optional(),
    ),
    kecamatan: z.preprocess(
      blankToUndefined,
      z
        .string()
        .regex(/^\d{2}\.\d{2}\.\d{2}$/, "Kode kecamatan tidak valid (contoh 16.71.01) / invalid kecamatan code")
        .optional(),
    ),
    overdue: z.preprocess(
      blankToUndefined,
      z.enum(["1", "0", "true", "false", "on"], { errorMap: () => ({ message: "overdue harus 1 / overdue must be 1" }) }).optional(),
    ),
    from: z.preprocess(blankToUndefined, dateKey.optional()),
    to: z.preprocess(blankToUndefined, dateKey.optional()),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, {
    message: "Tanggal awal melewati tanggal akhir / from is after to",
    path: ["from"],
  });

export type Bbox = { minLng: number; minLat: number; maxLng: number; maxLat: number };

export type MapFilters = {
  category?: string;
  status?: string[];
  unitId?: number;
  kecamatan?: string;
  overdue: boolean;
  from?: string;
  to?: string;
};

export type MapQuery = {
  bbox?: Bbox;
  zoom?: number;
  layers: MapLayer[];
  filters: MapFilters;
};

export type MapQueryError = { error: string; issues: { param: string; message: string }[] };

/** Reads the query of /map or /map/data.json; repeated parameters (`layer=a&layer=b`) join with commas. */
export function parseMapQuery(params: URLSearchParams): { ok: true; query: MapQuery } | { ok: false; error: MapQueryError } {
  const raw: Record<string, string> = {};
  for (const key of ["bbox", "zoom", "layer", "category", "status", "unitId", "kecamatan", "overdue", "from", "to"]) {
    const values = params.getAll(key);
    if (values.length === 0) continue;
    raw[key] = key === "layer" || key === "status" ? values.join(",") : values[values.length - 1]!;
  }
  const parsed = mapQuerySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => ({ param: String(i.path[0] ?? "query"), message: i.message }));
    return { ok: false, error: { error: "Parameter tidak valid / invalid parameters", issues } };
  }
  const q = parsed.data;
  return {
    ok: true,
    query: {
      bbox: q.bbox,
      zoom: q.zoom,
      layers: q.layer && q.layer.length ? [...new Set(q.layer)] : [...MAP_LAYERS],
      filters: {
        category: q.category,
        status: q.status && q.status.length ? [...new Set(q.status)].sort() : undefined,
        unitId: q.unitId,
        kecamatan: q.kecamatan,
        overdue: q.overdue === "1" || q.overdue === "true" || q.overdue === "on",
        from: q.from,
        to: q.to,
      },
    },
  };
}
