import crypto from "node:crypto";
import { db, type Db, type Tx } from "./db.server";
import { sqlEngine, type SqlFragment, type SqlTx } from "./sql/index.server";
import { insertAuditEvent, LAST_AUDIT_HASH, type AuditRow } from "./sql/writes/audit.server";

// Append-only, hash-chained audit trail (docs/decisions/0005). Each row's hash covers the previous row's
// hash and the row's own content, so editing or removing any row breaks every link after it.
// Call `appendAudit` inside the transaction of the change it records.

export type AuditInput = {
  actorId?: number | null;
  actorKind: "USER" | "REPORTER" | "SYSTEM" | "API";
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  at?: Date;
};

export const GENESIS_HASH = "0".repeat(64);

export function auditHash(row: Omit<AuditRow, "hash">): string {
  const canonical = JSON.stringify([
    row.prevHash,
    row.at.getTime(),
    row.actorId,
    row.actorKind,
    row.action,
    row.entityType,
    row.entityId,
    row.before,
    row.after,
  ]);
  return crypto.createHash("sha256").update(canonical).digest("hex");
}

const toJson = (v: unknown) => (v === undefined || v === null ? null : JSON.stringify(v));

/** The stored columns of an event chained after `prevHash` (both append paths write exactly these). */
function auditRow(prevHash: string, input: AuditInput) {
  return {
    prevHash,
    at: input.at ?? new Date(),
    actorId: input.actorId ?? null,
    actorKind: input.actorKind,
    action: input.action,
    entityType: input.entityType,
    entityId: String(input.entityId),
    before: toJson(input.before),
    after: toJson(input.after),
  };
}

/**
 * A Prisma transaction that appends to the audit chain. Its first statement waits for the writers' lock
 * (sqlEngine.serialiseWrites: PostgreSQL's advisory lock of raw writes, nothing on SQLite), so with N
 * app servers on one PostgreSQL two appends never chain to the same previous hash. Taking it first,
 * before any row is locked, means a transaction never holds a row another writer waits for while it
 * waits for the lock itself (no deadlock between audited transactions and raw writes).
 */
export function auditedTransaction<T>(client: Db, body: (tx: Tx) => Promise<T>): Promise<T> {
  return client.$transaction(async (tx) => {
    await sqlEngine.serialiseWrites(tx);
    return body(tx);
  });
}

/**
 * Appends the event inside the caller's Prisma transaction. It takes the writers' lock itself too (a
 * no-op when auditedTransaction took it already), so an append from a transaction begun elsewhere still
 * reads the newest hash under the lock and the chain cannot fork.
 */
export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  await sqlEngine.serialiseWrites(tx);
  return appendAuditOn(sqlEngine.onPrisma(tx), input);
}

/**
 * The same two statements (app/lib/sql/writes/audit.server.ts) on any transaction that runs them: a raw
 * write transaction's body (SqlTx) or Prisma's transaction through the raw-SQL module.
 */
export async function appendAuditOn(sql: Pick<SqlTx, "get"> & { run(q: SqlFragment): Promise<unknown> }, input: AuditInput): Promise<void> {
  const last = await sql.get<{ hash: string }>(LAST_AUDIT_HASH);
  const row = auditRow(last?.hash ?? GENESIS_HASH, input);
  await sql.run(insertAuditEvent({ ...row, hash: auditHash(row) }));
}

/** The append on a bare better-sqlite3 connection inside its own transaction (operator scripts: demo removal). */
export function appendAuditSync(sqlite: { prepare(sql: string): { get(params: object): unknown; run(params: object): unknown } }, input: AuditInput) {
  const last = sqlite.prepare(LAST_AUDIT_HASH.sql).get(LAST_AUDIT_HASH.params) as { hash: string } | undefined;
  const row = auditRow(last?.hash ?? GENESIS_HASH, input);
  const insert = insertAuditEvent({ ...row, hash: auditHash(row) });
  sqlite.prepare(insert.sql).run(insert.params);
}

export type AuditVerdict = { ok: true; rows: number } | { ok: false; rows: number; brokenAtId: number | null; reason: string };

/**
 * The audit head: how many rows the trail has and the hash of the newest. Published (/dashboard,
 * /audit/head.json) so that anyone who saved it can later prove that no row up to it was removed: the
 * chain alone cannot tell that its newest rows were cut off.
 */
export type AuditHead = { count: number; hash: string; at: string | null };

export async function auditHead(client = db): Promise<AuditHead> {
  const [count, last] = await Promise.all([
    client.auditEvent.count(),
    client.auditEvent.findFirst({ orderBy: { id: "desc" }, select: { hash: true, at: true } }),
  ]);
  return { count, hash: last?.hash ?? GENESIS_HASH, at: last?.at.toISOString() ?? null };
}

/** `<count>:<hash>`, as printed by audit:verify and published at /audit/head.json. */
export function parseAuditHead(text: string): { count: number; hash: string } | null {
  const m = /^(\d{1,12}):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { count: Number(m[1]), hash: m[2]! } : null;
}

/**
 * Walks the whole chain in id order; reports the first row whose link or content does not match. With
 * `expect` (a head saved earlier), the row at that position must carry that hash: a log cut back below
 * the saved head, or rebuilt from there, fails.
 */
export async function verifyAuditChain(client = db, batch = 5000, expect?: { count: number; hash: string }): Promise<AuditVerdict> {
  let prevHash = GENESIS_HASH;
  let afterId = 0;
  let rows = 0;
  for (;;) {
    const page = await client.auditEvent.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" }, take: batch });
    if (page.length === 0) {
      if (expect && rows < expect.count) {
        return { ok: false, rows, brokenAtId: null, reason: `the log has ${rows} rows, fewer than the ${expect.count} of the expected head: rows were removed` };
      }
      if (expect && expect.count === 0 && expect.hash !== GENESIS_HASH) {
        return { ok: false, rows, brokenAtId: null, reason: "the expected head of an empty log is not the genesis hash" };
      }
      return { ok: true, rows };
    }
    for (const row of page) {
      rows++;
      if (expect && rows === expect.count && row.hash !== expect.hash) {
        return { ok: false, rows, brokenAtId: row.id, reason: `row ${rows} does not carry the expected head's hash: the log was cut or rewritten` };
      }
      if (row.prevHash !== prevHash) {
        return { ok: false, rows, brokenAtId: row.id, reason: "prevHash does not match the previous row" };
      }
      if (auditHash(row) !== row.hash) return { ok: false, rows, brokenAtId: row.id, reason: "content altered" };
      prevHash = row.hash;
      afterId = row.id;
    }
  }
}

/** Timeline of one entity, oldest first. */
export function auditTimeline(entityType: string, entityId: string | number) {
  return db.auditEvent.findMany({
    where: { entityType, entityId: String(entityId) },
    orderBy: { id: "asc" },
  });
}
