import type { SavedPhoto } from "~/lib/uploads.server";
import { dialect, type SqlFragment } from "../index.server";

// Filing a complaint is the hot write path (issue 8): through Prisma its seven statements cost several
// milliseconds before SQLite does any work, so app/models/complaint/write.server.ts runs these inside
// one raw write transaction (group commit, ADR 0023). The column lists follow prisma/schema.prisma.

export type ComplaintInsert = {
  ref: string;
  trackingHash: string;
  unitId: number;
  category: string;
  privacy: string;
  description: string;
  reporterName: string | null;
  reporterPhone: string | null;
  reporterEmail: string | null;
  reporterIpHash: string | null;
  reporterUserAgent: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  source: string;
  apiKeyId: number | null;
  now: Date;
};

export function insertComplaint(row: ComplaintInsert): SqlFragment {
  const { now, ...columns } = row;
  return {
    sql: `INSERT INTO "Complaint" (ref, "trackingHash", "unitId", category, privacy, description, status, "reporterName",
         "reporterPhone", "reporterEmail", "reporterIpHash", "reporterUserAgent", lat, lng, address, source, "apiKeyId", "meTooCount",
         "createdAt", "updatedAt")
       VALUES (@ref, @trackingHash, @unitId, @category, @privacy, @description, 'NEW', @reporterName, @reporterPhone,
         @reporterEmail, @reporterIpHash, @reporterUserAgent, @lat, @lng, @address, @source, @apiKeyId, 0, @now, @now) ${dialect.returningId}`,
    params: { ...columns, now: dialect.time(now) },
  };
}

/** The complaint's first history entry, public, from the reporter. */
export function insertCreatedEvent(complaintId: number, now: Date): SqlFragment {
  return {
    sql: `INSERT INTO "ComplaintEvent" ("complaintId", kind, "statusTo", "fromReporter", visibility, "createdAt")
       VALUES (@complaintId, 'CREATED', 'NEW', TRUE, 'PUBLIC', @now)`,
    params: { complaintId, now: dialect.time(now) },
  };
}

/** A note only staff read (INTERNAL: never on the reporter's page), such as why a client's photos are missing. */
export function insertInternalNote(complaintId: number, body: string, now: Date): SqlFragment {
  return {
    sql: `INSERT INTO "ComplaintEvent" ("complaintId", kind, body, "fromReporter", visibility, "createdAt")
       VALUES (@complaintId, 'NOTE', @body, FALSE, 'INTERNAL', @now)`,
    params: { complaintId, body, now: dialect.time(now) },
  };
}

export function insertComplaintPhoto(complaintId: number, photo: SavedPhoto, now: Date): SqlFragment {
  return {
    sql: `INSERT INTO "Attachment" ("storageKey", backend, "remoteUrl", mime, bytes, width, height, "complaintId", "createdAt")
     VALUES (@storageKey, @backend, @remoteUrl, @mime, @bytes, @width, @height, @complaintId, @now)`,
    params: {
      storageKey: photo.storageKey,
      backend: photo.backend,
      remoteUrl: photo.remoteUrl,
      mime: photo.mime,
      bytes: photo.bytes,
      width: photo.width,
      height: photo.height,
      complaintId,
      now: dialect.time(now),
    },
  };
}

// References (app/models/reference.server.ts): the per-year counter of each series.

/** Takes the next number of a series and year; returns `last`, the number taken. */
export function bumpReferenceCounter(series: string, year: number): SqlFragment {
  return {
    sql: `INSERT INTO "ReferenceCounter" (series, year, last) VALUES (@series, @year, 1)
     ON CONFLICT (series, year) DO UPDATE SET last = "ReferenceCounter".last + 1 RETURNING last`,
    params: { series, year },
  };
}

/** Whether a reference is held already, as a reference or as a moved complaint's old one. */
export function referenceTaken(ref: string): SqlFragment {
  return { sql: `SELECT 1 AS taken FROM "Complaint" WHERE ref = @ref OR "legacyRef" = @ref LIMIT 1`, params: { ref } };
}

/** Every counter: series, year and the last number issued. */
export const REFERENCE_COUNTERS: SqlFragment = { sql: `SELECT series, year, last FROM "ReferenceCounter"`, params: {} };
