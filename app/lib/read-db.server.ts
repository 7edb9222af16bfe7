import Database from "better-sqlite3";
import { getEnv, sqlitePath } from "./env.server";

/**
 * A second, read-only SQLite connection for hot read paths (docs/decisions/0010).
 *
 * Every Prisma call costs about a millisecond before SQLite does any work; a prepared better-sqlite3
 * statement costs tens of microseconds. Reads that every request or every API call makes go through
 * here. In WAL mode this connection reads the last committed state while the Prisma connection writes,
 * so a request that has committed a write and then reads here sees it. Writes never go through here:
 * they stay on Prisma, with their transactions and audit events.
 *
 * DateTime columns are INTEGER unix milliseconds (ADR 0002); booleans are 0/1.
 */
const globalForRead = globalThis as unknown as { __tindakReadDb?: { file: string; db: Database.Database; statements: Map<string, Database.Statement> } };

function handle() {
  const file = sqlitePath(getEnv().DATABASE_URL);
  const current = globalForRead.__tindakReadDb;
  if (current && current.file === file && current.db.open) return current;
  current?.db.close();
  const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
  db.pragma("query_only = ON");
  const fresh = { file, db, statements: new Map<string, Database.Statement>() };
  globalForRead.__tindakReadDb = fresh;
  return fresh;
}

/** A cached prepared statement on the read-only connection. */
export function readStatement<Row = unknown>(sql: string): Database.Statement<unknown[], Row> {
  const h = handle();
  let statement = h.statements.get(sql);
  if (!statement) {
    statement = h.db.prepare(sql);
    h.statements.set(sql, statement);
  }
  return statement as Database.Statement<unknown[], Row>;
}

/**
 * The data version (docs/decisions/0018): a counter the database's triggers move in the same
 * transaction as every write that can change what a page shows, whichever process or connection
 * wrote. Caches of every worker key their entries on it. Null when the table is missing (a database
 * migrated only up to an older migration): then nothing may be cached.
 */
export function sharedDataVersion(): number | null {
  try {
    const row = readStatement<{ version: number }>(`SELECT "version" FROM "DataVersion" WHERE "id" = 1`).get();
    return row ? Number(row.version) : null;
  } catch {
    return null;
  }
}

let uncachedVersion = 0;
/** The data version for an in-memory cache: without the counter, a value never seen before (no hits). */
export function dataVersionForCache(): number {
  return sharedDataVersion() ?? --uncachedVersion;
}

export function closeReadDb() {
  globalForRead.__tindakReadDb?.db.close();
  delete globalForRead.__tindakReadDb;
}

/** INTEGER milliseconds (or null) from SQLite as a Date (or null). */
export function msToDate(value: number | bigint | null | undefined): Date | null {
  return value === null || value === undefined ? null : new Date(Number(value));
}
