import { appendAuditOn } from "~/lib/audit.server";
import type { SqlTx } from "~/lib/sql/index.server";
import { insertComplaint, insertComplaintPhoto, insertCreatedEvent, type ComplaintInsert } from "~/lib/sql/writes/complaint.server";
import { insertOutboxRow } from "~/lib/sql/writes/outbox.server";
import type { SavedPhoto } from "~/lib/uploads.server";
import { referenceSeriesFor } from "~/models/policy.server";
import { issueReference } from "~/models/reference.server";

// The rows of a new complaint, written inside one raw write transaction (app/lib/sql/, ADR 0026):
// filing is the hot write path (issue 8) and through Prisma its seven statements cost several
// milliseconds before SQLite does any work. Only createComplaint calls this, after validating and
// storing the photos.

/** The complaint's columns (less the reference, taken here) and what is written with it. */
export type NewComplaintRows = Omit<ComplaintInsert, "ref" | "address"> & {
  year: string;
  /** The address as posted by an Open311 client (address_string), else null. */
  address?: string | null;
  photos: SavedPhoto[];
  /** The reporter's confirmation e-mail, if they gave an address (subject and body take the ref). */
  email: ((ref: string) => { toEmail: string; subject: string; body: string; link: string }) | null;
};

export type CreatedComplaint = { id: number; ref: string; privacy: string; category: string; status: string; createdAt: Date };

export async function insertComplaintRows(tx: SqlTx, input: NewComplaintRows): Promise<CreatedComplaint> {
  // The per-year number of the complaint's series (ADU public, RHS confidential and pungli): the
  // transaction is IMMEDIATE, so no other writer can take the same one.
  const ref = await issueReference(tx, referenceSeriesFor(input), Number(input.year));
  const { photos, email, year: _year, ...columns } = input;
  const id = (await tx.run(insertComplaint({ ...columns, ref, address: input.address ?? null }))).lastInsertId;
  await tx.run(insertCreatedEvent(id, input.now));
  for (const photo of photos) await tx.run(insertComplaintPhoto(id, photo, input.now));
  await appendAuditOn(tx, {
    actorKind: input.source === "OPEN311" ? "API" : "REPORTER",
    action: "complaint.create",
    entityType: "Complaint",
    entityId: id,
    after: { ref, unitId: input.unitId, category: input.category, privacy: input.privacy, status: "NEW", photos: photos.length, source: input.source },
    at: input.now,
  });
  const receipt = email?.(ref);
  if (receipt) await tx.run(insertOutboxRow({ channel: "EMAIL", ...receipt, nextAttemptAt: input.now, createdAt: input.now }));
  return { id, ref, privacy: input.privacy, category: input.category, status: "NEW", createdAt: input.now };
}
