import { z } from "zod";
import { cleanText } from "~/lib/text";
import { COMPLAINT_CATEGORIES, PALEMBANG_BBOX, PRIVACY_CODES } from "~/lib/codes";
import { DESCRIPTION_MAX, DESCRIPTION_MIN, EMAIL_MAX, NAME_MAX, normalizePhone, PHONE_PATTERN } from "~/models/complaint/rules";

// The constants live in the Zod-free rules.ts (the browser's light check uses them too).

// The one schema of a new complaint, used by the web form's action and by createComplaint (which
// the Open311 API calls too), so the server's rules cannot drift. The browser does not load Zod: it
// runs the light checkComplaintForm of rules.ts, which never refuses what this accepts.
// Messages are i18n keys of app/i18n/messages/complaints.ts, translated where they are shown.

// Every text is cleaned of control characters (app/lib/text.ts) before any rule sees it.
const blankToUndefined = (v: unknown) =>
  v === "" || v === null || v === undefined ? undefined : typeof v === "string" ? cleanText(v).trim() || undefined : v;
const toNumber = (v: unknown) => {
  const b = blankToUndefined(v);
  if (typeof b === "string") return /^[-+]?\d+(\.\d+)?$/.test(b) ? Number(b) : Number.NaN;
  return b;
};
/** Coordinates as Indonesian phones type them: `-3,0140` is `-3.0140` (one decimal comma, no grouping). */
const toCoordinate = (v: unknown) => {
  const b = blankToUndefined(v);
  return toNumber(typeof b === "string" && /^[-+]?\d+,\d+$/.test(b) ? b.replace(",", ".") : b);
};

const coordinate = (min: number, max: number, key: string) =>
  z.preprocess(
    toCoordinate,
    z
      .number({ invalid_type_error: key })
      .refine((n) => Number.isFinite(n), key)
      .refine((n) => n >= min && n <= max, key)
      .optional(),
  );

// The coordinates are a pair checked on their own, joined to the other fields with `.and`: a
// refinement on one object only runs when every field of it is valid, so the pair's message would
// only show up after the person had fixed everything else (found by the property test).
const CoordinatePairSchema = z
  .object({
    lat: coordinate(PALEMBANG_BBOX.minLat, PALEMBANG_BBOX.maxLat, "complaints.error.lat"),
    lng: coordinate(PALEMBANG_BBOX.minLng, PALEMBANG_BBOX.maxLng, "complaints.error.lng"),
  })
  .superRefine((value, ctx) => {
    if ((value.lat === undefined) !== (value.lng === undefined)) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [value.lat === undefined ? "lat" : "lng"], message: "complaints.error.latLngPair" });
    }
  });

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
        .min(DESCRIPTION_MIN, "complaints.error.descriptionShort")
        .max(DESCRIPTION_MAX, "complaints.error.descriptionLong"),
    ),
    privacy: z.preprocess(
      blankToUndefined,
      z.enum(PRIVACY_CODES, { errorMap: () => ({ message: "complaints.error.privacy" }) }),
    ),
    reporterName: z.preprocess(blankToUndefined, z.string({ invalid_type_error: "complaints.error.name" }).max(NAME_MAX, "complaints.error.name").optional()),
    reporterPhone: z.preprocess(
      (v) => {
        const b = blankToUndefined(v);
        return typeof b === "string" ? normalizePhone(b) : b;
      },
      z.string({ invalid_type_error: "complaints.error.phone" }).regex(PHONE_PATTERN, "complaints.error.phone").optional(),
    ),
    reporterEmail: z.preprocess(
      blankToUndefined,
      z.string({ invalid_type_error: "complaints.error.email" }).max(EMAIL_MAX, "complaints.error.email").email("complaints.error.email").optional(),
    ),
  })
  .and(CoordinatePairSchema);

export type ComplaintInput = z.infer<typeof ComplaintInputSchema>;

