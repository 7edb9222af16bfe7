import { getEnv, publicUrl } from "~/lib/env.server";
import { hashIp } from "~/lib/crypto.server";
import { ImageError } from "~/lib/images.server";
import { DomainError } from "~/lib/domain-error";
import type { MessageKey } from "~/i18n";
import { discardPhotos, MAX_PHOTOS, storePhotos, type SavedPhoto, type UploadedPhoto } from "~/lib/uploads.server";
import { wibDateKey } from "~/lib/time";
import { sqlEngine, type SqlTx } from "~/lib/sql/index.server";
import { activeUnit, countFiledSince } from "~/lib/sql/queries/filing.server";
import { privacyForFiling } from "~/models/policy.server";
import { receiptEmail } from "~/models/complaint/emails.server";
import { ComplaintInputSchema, type ComplaintInput } from "~/models/complaint/schema.server";
import { newTrackingCode } from "~/models/complaint/tracking.server";
import { insertComplaintRows, type CreatedComplaint } from "~/models/complaint/write.server";

// Filing a complaint: the web form, the Open311 API and the channels all come through createComplaint.

/** Field name → message keys (the Zod schema's messages are message keys). */
export type FieldErrors = Record<string, MessageKey[]>;
export type CreateComplaintContext = {
  source?: "WEB" | "OPEN311" | "WHATSAPP" | "SMS" | "EMAIL";
  apiKeyId?: number | null;
  ip?: string | null;
  userAgent?: string | null;
  photos?: UploadedPhoto[];
  /** Photos already checked, re-encoded and stored (the web form's held photos): attached as they are. */
  savedPhotos?: SavedPhoto[];
  now?: Date;
  /** The address as an Open311 client posted it (address_string); shown instead of the unit's. */
  address?: string | null;
  /**
   * A phone number that is not an Indonesian mobile number, stored as given (Open311 clients send
   * landlines and foreign numbers; the web form asks for a mobile number only).
   */
  reporterPhoneAsGiven?: string | null;
  /**
   * Runs inside the write transaction before the complaint's rows: a non-null answer stops the insert
   * and is returned as `stopped` (Open311 uses it for idempotent repeats and per-key quotas, so two
   * identical posts at the same moment cannot both create a complaint).
   */
  beforeInsert?: (tx: SqlTx) => Promise<unknown>;
  /**
   * Runs inside the same transaction after the complaint's rows are written, with the new tracking code
   * (the web form keeps its idempotency answer here, app/lib/idempotency.server.ts).
   */
  afterInsert?: (tx: SqlTx, complaint: CreatedComplaint, trackingCode: string) => Promise<void>;
  /**
   * The web form's allowance: how many complaints the address `ip` may file in 24 hours. Counted inside
   * the write transaction, after `beforeInsert` (a repeat of a post that filed still gets its answer);
   * at the allowance nothing is written and the result is a 429 with `overDailyAllowance`.
   */
  dailyAllowance?: number;
};
export type CreateComplaintResult =
  | { ok: true; complaint: { id: number; ref: string; privacy: string; category: string; status: string; createdAt: Date }; trackingCode: string }
  | { ok: false; status: number; errors: FieldErrors; stopped?: unknown; overDailyAllowance?: true };

const OVER_DAILY_ALLOWANCE = Symbol("over the daily allowance");
const DAY_MS = 24 * 60 * 60_000;

function issuesToErrors(issues: { path: (string | number)[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = String(issue.path[0] ?? "");
    const message = issue.message as MessageKey;
    (errors[key] ??= []).includes(message) || errors[key]!.push(message);
  }
  return errors;
}

/** The message key of each way a photo can be refused. */
const imageMessage: Record<ImageError["code"], MessageKey> = {
  type: "complaints.error.photoType",
  heic: "complaints.error.photoHeic",
  tooManyPixels: "complaints.error.photoPixels",
  corrupt: "complaints.error.photoCorrupt",
  empty: "complaints.error.photoCorrupt",
};

/** Checks, re-encodes and stores a form's photos up front, so a form that comes back can hold them. */
export async function storeComplaintPhotos(photos: UploadedPhoto[]): Promise<SavedPhoto[]> {
  try {
    return await storePhotos(photos);
  } catch (error) {
    if (error instanceof ImageError) throw new DomainError(imageMessage[error.code], error.status, "photos");
    throw error;
  }
}

function tooManyPhotos(context: CreateComplaintContext): boolean {
  return (context.photos?.length ?? 0) + (context.savedPhotos?.length ?? 0) > MAX_PHOTOS;
}

/**
 * Creates a complaint from input not yet checked (Open311, the channels): validates it with
 * ComplaintInputSchema, then files it with `fileComplaint`.
 */
export async function createComplaint(input: unknown, context: CreateComplaintContext = {}): Promise<CreateComplaintResult> {
  const parsed = ComplaintInputSchema.safeParse(input);
  if (!parsed.success) {
    const errors = issuesToErrors(parsed.error.issues);
    if (tooManyPhotos(context)) errors.photos = ["complaints.error.photoCount"];
    return { ok: false, status: 400, errors };
  }
  return fileComplaint(parsed.data, context);
}

/**
 * Files a complaint already checked by ComplaintInputSchema (the web form's action parsed it with
 * parseForm; checking it twice cost about 3% of a filing's CPU, issue 17): checks the photo count and
 * the unit, forces EXTORTION to confidential, re-encodes and saves the photos first, then writes the
 * complaint, its CREATED event, attachments, audit event and the reporter's e-mail notification in one
 * raw write transaction (hot path, ADR 0026), deleting the saved photos if it fails.
 */
export async function fileComplaint(data: ComplaintInput, context: CreateComplaintContext = {}): Promise<CreateComplaintResult> {
  const now = context.now ?? new Date();
  const photos = context.photos ?? [];
  const alreadySaved = context.savedPhotos ?? [];
  if (tooManyPhotos(context)) return { ok: false, status: 400, errors: { photos: ["complaints.error.photoCount"] } };

  const unit = await activeUnit(data.unitId);
  if (!unit) return { ok: false, status: 400, errors: { unitId: ["complaints.error.unit"] } };

  // Pungli reports are always confidential, whatever was posted: the accused unit must not read them.
  const privacy = privacyForFiling(data.category, data.privacy);

  let fresh: SavedPhoto[] = [];
  try {
    fresh = await storePhotos(photos);
  } catch (error) {
    if (error instanceof ImageError) return { ok: false, status: error.status, errors: { photos: [imageMessage[error.code]] } };
    throw error;
  }
  const saved = [...alreadySaved, ...fresh];

  const { code: trackingCode, hash: trackingHash } = newTrackingCode();
  const year = wibDateKey(now).slice(0, 4);
  const reporterIpHash = context.ip ? hashIp(context.ip, getEnv().SESSION_SECRET) : null;
  const allowance = context.dailyAllowance;
  try {
    const reporterEmail = data.reporterEmail ?? null;
    // Shared with the filings of the same moment: one COMMIT, one fsync for all (ADR 0023).
    const outcome = await sqlEngine.groupWriteTransaction(async (tx): Promise<{ complaint: CreatedComplaint } | { stopped: unknown }> => {
      const stopped = await context.beforeInsert?.(tx);
      if (stopped !== undefined && stopped !== null) return { stopped };
      if (allowance !== undefined && reporterIpHash && (await countFiledSince(tx, reporterIpHash, now.getTime() - DAY_MS, allowance)) >= allowance)
        return { stopped: OVER_DAILY_ALLOWANCE };
      const complaint = await insertComplaintRows(tx, {
        year,
        trackingHash,
        unitId: unit.id,
        category: data.category,
        privacy,
        description: data.description,
        reporterName: data.reporterName ?? null,
        reporterPhone: data.reporterPhone ?? context.reporterPhoneAsGiven ?? null,
        reporterEmail,
        reporterIpHash,
        reporterUserAgent: context.userAgent ? context.userAgent.slice(0, 300) : null,
        lat: data.lat ?? null,
        lng: data.lng ?? null,
        address: context.address ?? null,
        source: context.source ?? "WEB",
        apiKeyId: context.apiKeyId ?? null,
        photos: saved,
        now,
        email: reporterEmail
          ? (ref) => receiptEmail({ toEmail: reporterEmail, ref, unitName: unit.name, filedAt: now, link: `${publicUrl()}/track/${trackingCode}` })
          : null,
      });
      await context.afterInsert?.(tx, complaint, trackingCode);
      return { complaint };
    });
    if ("stopped" in outcome && outcome.stopped === OVER_DAILY_ALLOWANCE) {
      // The form comes back with the photos it holds (savedPhotos); only the ones stored here go.
      await discardPhotos(fresh);
      return { ok: false, status: 429, errors: {}, overDailyAllowance: true };
    }
    if (!("complaint" in outcome)) {
      await discardPhotos(saved);
      return { ok: false, status: 409, errors: {}, stopped: outcome.stopped };
    }
    return { ok: true, complaint: outcome.complaint, trackingCode };
  } catch (error) {
    // Held photos stay for the form's next try (the orphan sweep removes them if it never comes).
    await discardPhotos(fresh);
    throw error;
  }
}

/** Complaints one address may file through the web form in 24 hours (COMPLAINT_LIMIT_PER_DAY, default 30). */
export function complaintsPerDay(): number {
  const n = Number(process.env.COMPLAINT_LIMIT_PER_DAY ?? 30);
  return Number.isSafeInteger(n) && n > 0 ? n : 30;
}
