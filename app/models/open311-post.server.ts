import { PRIVACY_CODES, isOneOf } from "~/lib/codes";
import { isPublicComplaint } from "~/models/policy.server";
import { clientIp } from "~/lib/http.server";
import { fail, Open311Failure, type Open311Error } from "~/lib/open311.server";
import { translate, type MessageKey } from "~/i18n";
import { findActiveApiKey } from "~/models/api-key.server";
import { createComplaint } from "~/models/complaint.server";
import { ATTR_DOCUMENT_COUNT, ATTR_PRIVACY, ATTR_UNIT, isServiceCode, nearestActiveUnit } from "~/models/open311.server";

// POST requests.{json,xml}: an Open311 client files a complaint. The complaint is created by
// createComplaint, the same function as the web form, so validation, privacy rules (EXTORTION is
// always confidential), audit and notifications are the same. Choices (docs/open311.md):
// - location: lat & long, or address_string with attribute[unitId]; neither → 400.
// - attribute[unitId] may be left out when lat/long are given: the nearest active unit is taken.
// - attribute[privacy] public | anonymous | confidential; missing → anonymous.
// - answer: a public or anonymous request gets its public ref as service_request_id; a confidential
//   one (every EXTORTION) gets only a token (its private tracking code), because its id would answer 404
//   everywhere in the API. The tracking link for the resident is in service_notice in both cases.
// - media_url is not fetched (no remote downloads); photos are sent through the web form.

const FIELD_NAMES: Record<string, string> = {
  unitId: `attribute[${ATTR_UNIT}]`,
  category: "service_code",
  description: "description",
  privacy: `attribute[${ATTR_PRIVACY}]`,
  lat: "lat",
  lng: "long",
  reporterName: "first_name/last_name",
  reporterPhone: "phone",
  reporterEmail: "email",
};

const MAX_DESCRIPTION = 4000;

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    fail(400, "Kirim sebagai application/x-www-form-urlencoded / Send the request form-encoded");
  }
  try {
    return await request.formData();
  } catch {
    fail(400, "Isi permintaan tidak dapat dibaca / Request body could not be read");
  }
}

export type Open311Created =
  | { service_request_id: string; service_notice: string; account_id: null }
  | { token: string; service_notice: string; account_id: null };

export async function createOpen311Request(request: Request): Promise<Open311Created> {
  const form = await readForm(request);
  const apiKey = await findActiveApiKey(text(form, "api_key"));
  if (!apiKey) fail(403, "api_key tidak ada, tidak dikenal atau sudah dicabut / Missing, invalid or revoked api_key");

  const serviceCode = text(form, "service_code");
  if (!serviceCode) fail(400, "service_code wajib diisi / service_code is required");
  if (!isServiceCode(serviceCode)) fail(404, `service_code tidak dikenal: ${serviceCode} / Unknown service_code`);

  const errors: Open311Error[] = [];
  const bad = (description: string) => errors.push({ code: 400, description });

  const latRaw = text(form, "lat");
  const longRaw = text(form, "long");
  const addressString = text(form, "address_string");
  let unitRaw = text(form, `attribute[${ATTR_UNIT}]`);
  if (latRaw === undefined && longRaw === undefined && !addressString) {
    fail(400, "Lokasi wajib: lat dan long, atau address_string dengan attribute[unitId] / A location is required: lat & long, or address_string with attribute[unitId]");
  }
  if ((latRaw === undefined) !== (longRaw === undefined)) bad("lat dan long harus dikirim bersama / lat and long must be sent together");
  if (latRaw === undefined && !unitRaw) bad("Tanpa lat/long, attribute[unitId] wajib diisi / Without lat/long, attribute[unitId] is required");

  const description = text(form, "description") ?? "";
  if (description.length > MAX_DESCRIPTION) bad(`description lebih dari ${MAX_DESCRIPTION} karakter / description is over ${MAX_DESCRIPTION} characters`);

  const privacyRaw = text(form, `attribute[${ATTR_PRIVACY}]`);
  if (privacyRaw !== undefined && !isOneOf(PRIVACY_CODES, privacyRaw)) bad("attribute[privacy] harus public, anonymous atau confidential");

  const countRaw = text(form, `attribute[${ATTR_DOCUMENT_COUNT}]`);
  let documentCount: number | undefined;
  if (countRaw !== undefined) {
    documentCount = /^\d{1,5}$/.test(countRaw) ? Number(countRaw) : Number.NaN;
    if (!Number.isInteger(documentCount) || documentCount < 1 || documentCount > 10_000) {
      bad(`attribute[${ATTR_DOCUMENT_COUNT}] harus bilangan bulat 1–10000 / must be a whole number 1–10000`);
    }
  }
  if (errors.length) throw new Open311Failure(400, errors);

  // No unit chosen: the nearest active unit to the pin. Coordinates outside the city are refused by
  // the complaint schema below, so a far-away pin never lands on an arbitrary unit.
  const lat = latRaw !== undefined ? Number(latRaw) : undefined;
  const lng = longRaw !== undefined ? Number(longRaw) : undefined;
  if (!unitRaw && lat !== undefined && lng !== undefined && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180) {
    const nearest = await nearestActiveUnit(lat, lng);
    if (nearest) unitRaw = String(nearest.id);
  }

  // Facts sent as attributes that the complaint has no column for are kept in its text.
  const extras: string[] = [];
  if (serviceCode === "UNDISTRIBUTED_DOCUMENT" && documentCount !== undefined) extras.push(`Jumlah dokumen belum diserahkan: ${documentCount}`);
  if (addressString) extras.push(`Lokasi: ${addressString}`);
  const fullDescription = extras.length && description ? `${description}\n\n${extras.join("\n")}` : description;

  const name = [text(form, "first_name"), text(form, "last_name")].filter(Boolean).join(" ");
  const result = await createComplaint(
    {
      unitId: unitRaw,
      category: serviceCode,
      description: fullDescription,
      privacy: privacyRaw ?? "anonymous",
      lat: latRaw,
      lng: longRaw,
      reporterName: name || undefined,
      reporterPhone: text(form, "phone"),
      reporterEmail: text(form, "email"),
    },
    {
      source: "OPEN311",
      apiKeyId: apiKey.id,
      ip: clientIp(request),
      userAgent: request.headers.get("user-agent"),
      baseUrl: new URL(request.url).origin,
    },
  );
  if (!result.ok) {
    const list: Open311Error[] = [];
    for (const [field, messages] of Object.entries(result.errors)) {
      for (const message of messages) {
        list.push({ code: 400, description: `${FIELD_NAMES[field] ?? field}: ${translate("id", message as MessageKey)}` });
      }
    }
    if (list.length === 0) list.push({ code: 400, description: "Permintaan tidak valid / Invalid request" });
    throw new Open311Failure(result.status === 403 ? 403 : 400, list);
  }

  const trackUrl = `${new URL(request.url).origin}/track/${result.trackingCode}`;
  const notice =
    `Pengaduan diterima dan akan diverifikasi inspektur, lalu diteruskan ke unit dengan batas waktu hari kerja. ` +
    `Berikan tautan pelacakan ini hanya kepada pelapor: ${trackUrl}`;
  if (!isPublicComplaint(result.complaint)) {
    return { token: result.trackingCode, service_notice: notice, account_id: null };
  }
  return { service_request_id: result.complaint.ref, service_notice: notice, account_id: null };
}
