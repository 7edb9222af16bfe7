import { dialect, type SqlFragment } from "../index.server";

// The audit trail's two statements (ADR 0005), written once: every append path runs them, Prisma's
// (appendAudit, inside a Prisma transaction, through sqlEngine.onPrisma), the raw write path
// (appendAuditOn, inside a raw write transaction's body) and the operator scripts' bare connection
// (appendAuditSync). app/lib/audit.server.ts computes the row and its hash.

export type AuditRow = {
  prevHash: string;
  at: Date;
  actorId: number | null;
  actorKind: string;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  hash: string;
};

/** The newest event's hash, the link the next one chains to. */
export const LAST_AUDIT_HASH: SqlFragment = { sql: `SELECT hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1`, params: {} };

export function insertAuditEvent(row: AuditRow): SqlFragment {
  return {
    sql: `INSERT INTO "AuditEvent" (at, "actorId", "actorKind", action, "entityType", "entityId", before, after, "prevHash", hash)
       VALUES (@at, @actorId, @actorKind, @action, @entityType, @entityId, @before, @after, @prevHash, @hash)`,
    params: { ...row, at: dialect.time(row.at) },
  };
}
