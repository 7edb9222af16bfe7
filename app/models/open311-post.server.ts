import { PRIVACY_CODES, isOneOf } from "~/lib/codes";
import { isPublicComplaint, privacyForFiling } from "~/models/policy.server";
import { randomToken, sha256 } from "~/lib/crypto.server";
import { clientIp } from "~/lib/http.server";
import { sqlEngine, type SqlTx } from "~/lib/sql/index.server";
import { insertInternalNote } from "~/lib/sql/writes/complaint.server";
import { insertOpen311Submission, open311Replay, open311Usage, type Open311Usage } from "~/lib/sql/writes/open311.server";
import { bilingual, fail, Open311Failure, originOf, type Open311Error } from "~/lib/open311.server";
import { cleanForm } from "~/lib/text";
import { translate, type MessageKey } from "~/i18n";
import { findActiveApiKey } from "~/models/api-key.server";
import type { CheckedApiKey } from "~/lib/request-guard.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { normalizePhone, PHONE_PATTERN } from "~/models/complaint/rules";
import { nearestActiveUnit, unitForAddress, unitForAddressId } from "~/models/open311.server";
import { ATTR_DOCUMENT_COUNT, ATTR_PRIVACY, ATTR_UNIT, isServiceCode } from "~/models/open311-services.server";
import { fetchMediaPhotos } from "~/models/open311-media.server";

// POST requests.{json,xml}: an Open311 client files a complaint. The complaint is created by
// createComplaint, the same function as the web form, so validation, privacy rules (EXTORTION is
// always confidential), audit and notifications are the same. Choices (docs/open311.md):
// - api_key in the body or the query string.
// - location: lat & long; or address_id (a unit's id or slug); or address_string alone, matched to a
//   unit's name or address or a kelurahan's name (400 when nothing matches). attribute[unitId] may
//   name the unit in every case. A posted address_string is kept and answered as `address`.
// - attribute[privacy] public | anonymous | confidential; missing → anonymous.
// - answer: a public or anonymous request gets its public ref as service_request_id; a confidential
//   one (every EXTORTION) gets a token that GET tokens/<token> resolves to its confidential reference,
//   whose GET answers 404 like every confidential record: the client stops retrying, nothing is shown.
// - idempotency: the same key, service, text and location within 24 hours answer with the first
//   request's answer and create nothing (FixMyStreet retries a send it thinks failed).
// - quotas per key (ApiKey.perMinuteLimit / perDayLimit), counting created complaints only.
// - media_url is fetched by the server (open311-media.server.ts); a failed fetch keeps the request.

const FIELD_NAMES: Record<string, [string, string]> = {
  unitId: [`attribute[${ATTR_UNIT}]`, `attribute[${ATTR_UNIT}]`],
  category: ["service_code", "service_code"],
  description: ["description", "description"],
  privacy: [`attribute[${ATTR_PRIVACY}]`, `attribute[${ATTR_PRIVACY}]`],
  lat: ["lat", "lat"],
  lng: ["long", "long"],
  reporterName: ["first_name/last_name", "first_name/last_name"],
  reporterPhone: ["phone", "phone"],
  reporterEmail: ["email", "email"],
  photos: ["media_url", "media_url"],
};

const MAX_DESCRIPTION = 4000;
const MAX_ADDRESS = 500;
const MAX_PHONE = 40;
export const IDEMPOTENCY_WINDOW_MS = 24 * 60 * 60 * 1000;

function text(form: FormData, name: string): string | undefined {
  const value = form.get(name);
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}

async function readForm(request: Request): Promise<FormData> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    fail(400, "Kirim sebagai application/x-www-form-urlencoded", "Send the request form-encoded (application/x-www-form-urlencoded)");
  }
  try {
    return cleanForm(await request.formData());
  } catch {
    fail(400, "Isi permintaan tidak dapat dibaca", "Request body could not be read");
  }
}

/** An Indonesian number is normalised to digits (08…, +62…); anything else is kept as given. */
export function open311Phone(raw: string | undefined): { mobile?: string; asGiven?: string } {
  if (!raw) return {};
  const stripped = normalizePhone(raw);
  if (PHONE_PATTERN.test(stripped)) return { mobile: stripped };
  if (/^(?:\+62|0)\d{6,13}$/.test(stripped)) return { asGiven: stripped };
  return { asGiven: raw.slice(0, MAX_PHONE) };
}

/** What makes two posts "the same request": service, text and location as posted. */
function fingerprintOf(parts: Record<string, string | undefined>): string {
  return sha256(JSON.stringify(Object.entries(parts).map(([k, v]) => [k, v ?? ""])));
}

export type Open311Created =
  | { service_request_id: string; service_notice: string; account_id: null }
  | { token: string; service_notice: string; account_id: null };

type Replay = { kind: "replay"; ref: string; token: string | null };
type OverQuota = { kind: "quota"; per: "minute" | "day"; limit: number; retryAfter: number };

/** `checked`: the query string's key as the request guard already found it (none: looked up here). */
export async function createOpen311Request(request: Request, checked?: CheckedApiKey): Promise<Open311Created> {
  const form = await readForm(request);
  const query = new URL(request.url).searchParams;
  // The body's key wins over the query string's, as it always has.
  const posted = text(form, "api_key") ?? query.get("api_key")?.trim();
  const apiKey = checked && posted === checked.key ? checked.found : await findActiveApiKey(posted);
  if (!apiKey) fail(403, "api_key tidak ada, tidak dikenal atau sudah dicabut", "Missing, invalid or revoked api_key");

  const serviceCode = text(form, "service_code");
  if (!serviceCode) fail(400, "service_code wajib diisi", "service_code is required");
  if (!isServiceCode(serviceCode)) fail(404, `service_code tidak dikenal: ${serviceCode}`, `Unknown service_code: ${serviceCode}`);

  const errors: Open311Error[] = [];
  const bad = (id: string, en: string) => errors.push(bilingual(400, id, en));

  const latRaw = text(form, "lat");
  const longRaw = text(form, "long");
  const addressString = text(form, "address_string");
  const addressId = text(form, "address_id");
  let unitRaw = text(form, `attribute[${ATTR_UNIT}]`);
  if (latRaw === undefined && longRaw === undefined && !addressString && !addressId) {
    fail(400, "Lokasi wajib: lat dan long, address_string, atau address_id", "A location is required: lat & long, address_string or address_id");
  }
  if ((latRaw === undefined) !== (longRaw === undefined)) bad("lat dan long harus dikirim bersama", "lat and long must be sent together");
  if (addressString && addressString.length > MAX_ADDRESS) bad(`address_string lebih dari ${MAX_ADDRESS} karakter`, `address_string is over ${MAX_ADDRESS} characters`);

  const description = text(form, "description") ?? "";
  if (description.length > MAX_DESCRIPTION) bad(`description lebih dari ${MAX_DESCRIPTION} karakter`, `description is over ${MAX_DESCRIPTION} characters`);

  const privacyRaw = text(form, `attribute[${ATTR_PRIVACY}]`);
  if (privacyRaw !== undefined && !isOneOf(PRIVACY_CODES, privacyRaw)) bad("attribute[privacy] harus public, anonymous atau confidential", "attribute[privacy] must be public, anonymous or confidential");

  const countRaw = text(form, `attribute[${ATTR_DOCUMENT_COUNT}]`);
  let documentCount: number | undefined;
  if (countRaw !== undefined) {
    documentCount = /^\d{1,5}$/.test(countRaw) ? Number(countRaw) : Number.NaN;
    if (!Number.isInteger(documentCount) || documentCount < 1 || documentCount > 10_000) {
      bad(`attribute[${ATTR_DOCUMENT_COUNT}] harus bilangan bulat 1–10000`, `attribute[${ATTR_DOCUMENT_COUNT}] must be a whole number 1–10000`);
    }
  }
  if (errors.length) throw new Open311Failure(400, errors);

  // The unit: named by attribute[unitId]; else by address_id; else the nearest to lat/long; else the
  // one address_string matches. Coordinates outside the city are refused by the complaint schema.
  const lat = latRaw !== undefined ? Number(latRaw) : undefined;
  const lng = longRaw !== undefined ? Number(longRaw) : undefined;
  const validPin = lat !== undefined && lng !== undefined && Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
  if (!unitRaw && addressId) {
    const unit = await unitForAddressId(addressId);
    if (!unit) fail(400, `address_id tidak dikenal: ${addressId} (gunakan id atau slug unit dari attribute[unitId])`, `Unknown address_id: ${addressId} (use a unit's id or slug, as listed in attribute[unitId])`);
    unitRaw = String(unit.id);
  }
  const unitFromPin = unitRaw ? undefined : null;
  if (!unitRaw && validPin) {
    const nearest = await nearestActiveUnit(lat!, lng!);
    if (nearest) unitRaw = String(nearest.id);
  }
  if (!unitRaw && latRaw === undefined && addressString) {
    const unit = await unitForAddress(addressString);
    if (!unit) {
      fail(400, `address_string tidak cocok dengan nama atau alamat unit maupun nama kelurahan mana pun: "${addressString}"`, `address_string matches no unit name or address and no kelurahan name: "${addressString}"`);
    }
    unitRaw = String(unit.id);
  }

  const fullDescription = serviceCode === "UNDISTRIBUTED_DOCUMENT" && documentCount !== undefined && description
    ? `${description}\n\nJumlah dokumen belum diserahkan: ${documentCount}`
    : description;
  const phone = open311Phone(text(form, "phone"));
  const mediaUrls = form.getAll("media_url").filter((v): v is string => typeof v === "string" && v.trim() !== "").map((v) => v.trim());
  const fingerprint = fingerprintOf({ service: serviceCode, description, lat: latRaw, long: longRaw, address_string: addressString, address_id: addressId, unit: text(form, `attribute[${ATTR_UNIT}]`) });
  const confidential = !isPublicComplaint({ category: serviceCode, privacy: privacyForFiling(serviceCode, privacyRaw ?? "anonymous") });
  const token = confidential ? `t311-${randomToken(18)}` : null;

  // A repeat with photos is answered before any photo is fetched. Without photos the check inside the
  // filing's transaction (beforeInsert) is enough: a read here would only repeat it on every filing.
  if (mediaUrls.length) {
    const earlier = await findReplay(apiKey.id, fingerprint, Date.now());
    if (earlier) return replayAnswer(earlier, request);
  }

  const media = mediaUrls.length ? await fetchMediaPhotos(mediaUrls) : { photos: [], failures: [] };
  const name = [text(form, "first_name"), text(form, "last_name")].filter(Boolean).join(" ");
  const now = new Date();
  const create = (photos: typeof media.photos) => createComplaint(
    {
      unitId: unitRaw,
      category: serviceCode,
      description: fullDescription,
      privacy: privacyRaw ?? "anonymous",
      lat: latRaw,
      lng: longRaw,
      reporterName: name || undefined,
      reporterPhone: phone.mobile,
      reporterEmail: text(form, "email"),
    },
    {
      source: "OPEN311",
      apiKeyId: apiKey.id,
      ip: clientIp(request),
      userAgent: request.headers.get("user-agent"),
      address: addressString ?? null,
      reporterPhoneAsGiven: phone.asGiven ?? null,
      photos,
      now,
      beforeInsert: async (tx): Promise<Replay | OverQuota | null> => {
        const replay = replayOf(await tx.get(open311Replay(apiKey.id, fingerprint, now.getTime() - IDEMPOTENCY_WINDOW_MS)));
        if (replay) return replay;
        return quotaInTransaction(tx, apiKey, now.getTime());
      },
      afterInsert: async (tx, complaint) => {
        await tx.run(insertOpen311Submission(apiKey.id, fingerprint, complaint.id, token, now));
        if (media.failures.length) {
          // Staff see why the client's photos are missing (INTERNAL: not on the reporter's page).
          await tx.run(insertInternalNote(complaint.id, `Foto dari media_url tidak dapat diambil: ${media.failures.join("; ")}`, now));
        }
      },
    },
  );
  let result = await create(media.photos);
  if (!result.ok && result.errors.photos && Object.keys(result.errors).length === 1) {
    // A fetched photo that the image pipeline refuses: the request is kept without it, and staff are told.
    media.failures.push(`${media.photos.length} foto tidak dapat diproses (${translate("id", result.errors.photos[0] as MessageKey)})`);
    result = await create([]);
  }
  if (!result.ok && unitFromPin === null && (result.errors.lat || result.errors.lng)) {
    // No unit was named and the pin is unusable: the pin's error is the one that matters.
    delete result.errors.unitId;
  }
  if (!result.ok) {
    const stopped = result.stopped as Replay | OverQuota | undefined;
    if (stopped?.kind === "replay") return replayAnswer(stopped, request);
    if (stopped?.kind === "quota") {
      throw new Open311Failure(
        429,
        [bilingual(429, `Kuota kunci API ini habis: ${stopped.limit} pengaduan per ${stopped.per === "minute" ? "menit" : "hari"}. Coba lagi nanti.`, `This API key's quota is used up: ${stopped.limit} requests per ${stopped.per}. Try again later.`)],
        { "Retry-After": String(stopped.retryAfter) },
      );
    }
    const list: Open311Error[] = [];
    for (const [field, messages] of Object.entries(result.errors)) {
      const [idName, enName] = FIELD_NAMES[field] ?? [field, field];
      for (const message of messages) {
        list.push({ code: 400, description: `${idName}: ${translate("id", message as MessageKey)}`, en: `${enName}: ${translate("en", message as MessageKey)}` });
      }
    }
    if (list.length === 0) list.push(bilingual(400, "Permintaan tidak valid", "Invalid request"));
    throw new Open311Failure(result.status === 403 ? 403 : result.status === 413 ? 413 : 400, list);
  }

  const trackUrl = `${originOf(request)}/track/${result.trackingCode}`;
  const notice =
    `Pengaduan diterima dan akan diverifikasi inspektur, lalu diteruskan ke unit dengan batas waktu hari kerja. ` +
    `Berikan tautan pelacakan ini hanya kepada pelapor: ${trackUrl}`;
  if (token) return { token, service_notice: notice, account_id: null };
  return { service_request_id: result.complaint.ref, service_notice: notice, account_id: null };
}

function replayOf(row: { ref: string; token: string | null } | undefined): Replay | null {
  return row ? { kind: "replay", ref: row.ref, token: row.token } : null;
}

/** The same check on the read connection, so a repeat is answered without fetching its photos or waiting for the writer. */
async function findReplay(apiKeyId: number, fingerprint: string, now: number): Promise<Replay | null> {
  return replayOf(await sqlEngine.read.get(open311Replay(apiKeyId, fingerprint, now - IDEMPOTENCY_WINDOW_MS)));
}

async function quotaInTransaction(tx: SqlTx, apiKey: { id: number; perMinuteLimit: number; perDayLimit: number }, now: number): Promise<OverQuota | null> {
  const usage = (await tx.get<Open311Usage>(open311Usage(apiKey.id, now - 60_000, now - IDEMPOTENCY_WINDOW_MS)))!;
  const windows = [
    { per: "minute" as const, limit: apiKey.perMinuteLimit, length: 60_000, first: usage.minuteFirst, oldest: usage.minuteOldest },
    { per: "day" as const, limit: apiKey.perDayLimit, length: IDEMPOTENCY_WINDOW_MS, first: usage.dayFirst, oldest: usage.dayOldest },
  ];
  for (const w of windows) {
    const count = w.first === null ? 0 : Number(usage.newest) - Number(w.first) + 1;
    if (count >= w.limit) {
      // Retry when the oldest submission in the window leaves it.
      const oldest = w.oldest === null ? now : Number(w.oldest);
      return { kind: "quota", per: w.per, limit: w.limit, retryAfter: Math.max(1, Math.ceil((oldest + w.length - now) / 1000)) };
    }
  }
  return null;
}

function replayAnswer(replay: Replay, _request: Request): Open311Created {
  // The tracking link is given once, with the first answer (only a hash of it is stored).
  const notice = "Permintaan yang sama sudah diterima sebelumnya; tidak ada pengaduan baru yang dibuat.";
  if (replay.token) return { token: replay.token, service_notice: notice, account_id: null };
  return { service_request_id: replay.ref, service_notice: notice, account_id: null };
}
