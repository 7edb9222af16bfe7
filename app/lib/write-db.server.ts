import type Database from "better-sqlite3";
import { sqlEngine } from "./sql/index.server";
import { writeConnectionNow } from "./sql/sqlite/engine.server";

// Transitional (issue 20): the write connection, its transactions and group commit now belong to the
// raw-SQL module (app/lib/sql/, docs/decisions/0026). These two keep the old signature, a body that
// takes the better-sqlite3 connection, for the filing and login code until it runs fragments instead.

/** Runs `fn` in one IMMEDIATE transaction on the raw write connection; rolls back if it throws. */
export function rawWriteTransaction<T>(fn: (db: Database.Database) => T): Promise<T> {
  return sqlEngine.writeTransaction(() => fn(writeConnectionNow()));
}

/** A write sharing its commit with the writes queued at the same moment (docs/decisions/0023). */
export function groupWriteTransaction<T>(write: (db: Database.Database) => T): Promise<T> {
  return sqlEngine.groupWriteTransaction(() => write(writeConnectionNow()));
}
