import { z } from "zod";
import { COMPLAINT_CATEGORIES, PALEMBANG_BBOX, PRIVACY_CODES } from "~/lib/codes";

// The one schema of a new complaint, used by the browser (Conform, as the resident types), by the
// web form's action and by createComplaint (which the Open311 API calls too), so the rules cannot
// drift. Messages are i18n keys of app/i18n/messages/complaints.ts, translated where they are shown.

const blankToUndefined = (v: unknown) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? v.trim() || undefined : v);
const toNumber = (v: unknown) => {
  const b = blankToUndefined(v);
  if (typeof b === "string") return /^[-+]?\d+(\.\d+)?$/.test(b) ? Number(b) : Number.NaN;
  return b;
};

/** 08…, +62 8…, 62 8… with spaces, dots or dashes; normalised to digits with a leading 0 or +62. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s.\-()]/g, "");
}
export const PHONE_PATTERN = /^(?:\+62|62|0)8[1-9]\d{6,11}$/;

const coordinate = (min: number, max: number, key: string) =>
  z.preprocess(
    toNumber,
    z
      .number({ invalid_type_error: key })
      .refine((n) => Number.isFinite(n), key)
      .refine((n) => n >= min && n <= max, key)
      .optional(),
  );

export const ComplaintInputSchema = z
  .object({
    unitId: z.preprocess(
      toNumber,
      z
        .number({ required_error: "complaints.error.unitRequired", invalid_type_error: "complaints.error.unit" })
        .int("complaints.error.unit")
        .positive("complaints.error.unit")
        .max(2_147_483_647, "complaints.error.unit"),
    ),
    category: z.preprocess(
      blankToUndefined,
      z.enum(COMPLAINT_CATEGORIES, { errorMap: () => ({ message: "complaints.error.category" }) }),
    ),
    description: z.preprocess(
      blankToUndefined,
      z
        .string({ required_error: "complaints.error.descriptionShort", invalid_type_error: "complaints.error.descriptionShort" })
        .min(20, "complaints.error.descriptionShort")
        .max(4000, "complaints.error.descriptionLong"),
    ),
    privacy: z.preprocess(
      blankToUndefined,
      z.enum(PRIVACY_CODES, { errorMap: () => ({ message: "complaints.error.privacy" }) }),
    ),
    lat: coordinate(PALEMBANG_BBOX.minLat, PALEMBANG_BBOX.maxLat, "complaints.error.lat"),
    lng: coordinate(PALEMBANG_BBOX.minLng, PALEMBANG_BBOX.maxLng, "complaints.error.lng"),
    reporterName: z.preprocess(blankToUndefined, z.string({ invalid_type_error: "complaints.error.name" }).max(120, "complaints.error.name").optional()),
    reporterPhone: z.preprocess(
      (v) => {
        const b = blankToUndefined(v);
        return typeof b === "string" ? normalizePhone(b) : b;
      },
      z.string({ invalid_type_error: "complaints.error.phone" }).regex(PHONE_PATTERN, "complaints.error.phone").optional(),
    ),
    reporterEmail: z.preprocess(
      blankToUndefined,
      z.string({ invalid_type_error: "complaints.error.email" }).max(254, "complaints.error.email").email("complaints.error.email").optional(),
    ),
  })
  .superRefine((value, ctx) => {
    if ((value.lat === undefined) !== (value.lng === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [value.lat === undefined ? "lat" : "lng"], message: "complaints.error.latLngPair" });
    }
  });

export type ComplaintInput = z.infer<typeof ComplaintInputSchema>;

/** The text fields of the web form, in the contract's names. Anything else posted is ignored. */
export const COMPLAINT_FIELDS = ["unitId", "category", "description", "privacy", "lat", "lng", "reporterName", "reporterPhone", "reporterEmail"] as const;

/** Generated codes are randomToken(16): 22 base64url characters (128 bits). 16 is the floor so the
 *  README's demo codes (DEMO_TRACKING_CODES in prisma/seed.ts) open their pages; a guess still has to hit a hash. */
export const TRACKING_CODE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
