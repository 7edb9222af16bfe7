import type Database from "better-sqlite3";
import { appendAuditSync } from "~/lib/audit.server";
import type { SavedPhoto } from "~/lib/uploads.server";
import { referenceSeriesFor } from "~/models/policy.server";
import { issueReference } from "~/models/reference.server";

// The rows of a new complaint, written in one transaction on the raw write connection
// (app/lib/write-db.server.ts): filing is the hot write path (issue 8) and through Prisma its seven
// statements cost several milliseconds before SQLite does any work. Only createComplaint calls this,
// after validating and storing the photos; the column list follows prisma/schema.prisma.

export type NewComplaintRows = {
  year: string;
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
  /** The address as posted by an Open311 client (address_string), else null. */
  address?: string | null;
  source: string;
  apiKeyId: number | null;
  photos: SavedPhoto[];
  now: Date;
  /** The reporter's confirmation e-mail, if they gave an address (subject and body take the ref). */
  email: ((ref: string) => { toEmail: string; subject: string; body: string; link: string }) | null;
};

export type CreatedComplaint = { id: number; ref: string; privacy: string; category: string; status: string; createdAt: Date };

export function insertComplaintRows(sqlite: Database.Database, input: NewComplaintRows): CreatedComplaint {
  const now = input.now.getTime();
  // The per-year number of the complaint's series (ADU public, RHS confidential and pungli): the
  // transaction is IMMEDIATE, so no other writer can take the same one.
  const ref = issueReference(sqlite, referenceSeriesFor(input), Number(input.year));
  const { lastInsertRowid } = sqlite
    .prepare(
      `INSERT INTO "Complaint" (ref, trackingHash, unitId, category, privacy, description, status, reporterName,
         reporterPhone, reporterEmail, reporterIpHash, reporterUserAgent, lat, lng, address, source, apiKeyId, meTooCount,
         createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, 'NEW', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
    )
    .run(
      ref,
      input.trackingHash,
      input.unitId,
      input.category,
      input.privacy,
      input.description,
      input.reporterName,
      input.reporterPhone,
      input.reporterEmail,
      input.reporterIpHash,
      input.reporterUserAgent,
      input.lat,
      input.lng,
      input.address ?? null,
      input.source,
      input.apiKeyId,
      now,
      now,
    );
  const id = Number(lastInsertRowid);
  sqlite
    .prepare(
      `INSERT INTO "ComplaintEvent" (complaintId, kind, statusTo, fromReporter, visibility, createdAt)
       VALUES (?, 'CREATED', 'NEW', 1, 'PUBLIC', ?)`,
    )
    .run(id, now);
  const attach = sqlite.prepare(
    `INSERT INTO "Attachment" (storageKey, backend, remoteUrl, mime, bytes, width, height, complaintId, createdAt)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of input.photos) attach.run(p.storageKey, p.backend, p.remoteUrl, p.mime, p.bytes, p.width, p.height, id, now);
  appendAuditSync(sqlite, {
    actorKind: input.source === "OPEN311" ? "API" : "REPORTER",
    action: "complaint.create",
    entityType: "Complaint",
    entityId: id,
    after: { ref, unitId: input.unitId, category: input.category, privacy: input.privacy, status: "NEW", photos: input.photos.length, source: input.source },
    at: input.now,
  });
  const email = input.email?.(ref);
  if (email) {
    sqlite
      .prepare(
        `INSERT INTO "Notification" (channel, toEmail, subject, body, link, attempts, nextAttemptAt, createdAt)
         VALUES ('EMAIL', ?, ?, ?, ?, 0, ?, ?)`,
      )
      .run(email.toEmail, email.subject, email.body, email.link, now, now);
  }
  return { id, ref, privacy: input.privacy, category: input.category, status: "NEW", createdAt: input.now };
}
