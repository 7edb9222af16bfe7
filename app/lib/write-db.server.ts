import Database from "better-sqlite3";
import { getEnv, sqlitePath } from "./env.server";
import { pragmaStatements, withConnectionGate } from "./sqlite-adapter.server";

/**
 * A raw write connection for the one write path that must be fast: filing a complaint (issue 8: 500
 * complaints a second). Through Prisma each of its seven statements costs about a millisecond before
 * SQLite works; here the whole transaction is a few prepared statements run synchronously.
 *
 * It takes the process's connection gate first (sqlite-adapter.server.ts), so it never runs while the
 * Prisma connection is inside a transaction, and then `BEGIN IMMEDIATE` with the same durable pragmas
 * (WAL, synchronous=FULL, foreign keys, busy_timeout): a commit is on disk before it is acknowledged.
 */
const globalForWrite = globalThis as unknown as { __tindakWriteDb?: { file: string; db: Database.Database } };

function connection(): Database.Database {
  const file = sqlitePath(getEnv().DATABASE_URL);
  const current = globalForWrite.__tindakWriteDb;
  if (current && current.file === file && current.db.open) return current.db;
  current?.db.close();
  const db = new Database(file, { fileMustExist: true, timeout: 10_000 });
  for (const sql of pragmaStatements()) db.exec(sql);
  globalForWrite.__tindakWriteDb = { file, db };
  return db;
}

/** Runs `fn` in one IMMEDIATE transaction on the raw write connection; rolls back if it throws. */
export function rawWriteTransaction<T>(fn: (db: Database.Database) => T): Promise<T> {
  return withConnectionGate(() => {
    const db = connection();
    // The database's triggers move the data version in this transaction (read-db.server.ts).
    return db.transaction(() => fn(db)).immediate();
  });
}

export function closeWriteDb() {
  globalForWrite.__tindakWriteDb?.db.close();
  delete globalForWrite.__tindakWriteDb;
}
