import { configuredDatabaseUrl, databaseEngineOf, getEnv } from "~/lib/env.server";
import type { SqlEngine } from "./engine";
import { createPostgresEngine } from "./postgres/engine.server";
import { sqliteEngine } from "./sqlite/engine.server";

// Tindak's raw SQL (docs/decisions/0026): the one way, beside Prisma, that app code reaches the
// database. Prisma stays the schema, the migrations and the ordinary query path; what runs here is
// what Prisma makes too slow (the hot reads and the hot writes, ADR 0010's measurements) and the few
// statements Prisma's API cannot say (INSERT OR IGNORE, a join for a job's work list).
//
//   fragment.ts   SQL with named parameters (`@name`): the one parameter style; andSql, joinSql.
//   engine.ts     what an engine provides (reads, write transactions, group commit, Prisma's
//                 connection, the data version) and the dialect functions whose SQL differs.
//   sqlite/       the SQLite engine: better-sqlite3 connections, group commit, SQLite's dialect.
//   rows.ts       the row types the queries return, each declared once.
//   queries/      the hot reads, one file per capability; writes/ the raw writes (filing, audit, outbox …).
//
// Models call the functions of queries/ and writes/; they never prepare a statement or call
// $queryRaw. The policy module's rules (app/models/policy.server.ts) are fragments in the same style.

function createEngine(): SqlEngine {
  // Only the URL decides (this runs when the module is imported, also by scripts that never serve).
  if (databaseEngineOf(configuredDatabaseUrl()) === "sqlite") return sqliteEngine;
  const env = getEnv();
  return createPostgresEngine(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX, connectionTimeoutMillis: env.DATABASE_POOL_TIMEOUT_MS });
}

/** The engine of this process: DATABASE_URL `file:` is SQLite, `postgresql://` PostgreSQL (ADR 0022). */
// On globalThis, like Prisma's client (db.server.ts): server.ts and the Remix build bundle this module
// each, and one process must have one pool, closed once at shutdown.
export const sqlEngine: SqlEngine = ((globalThis as { __tindakSqlEngine?: SqlEngine }).__tindakSqlEngine ??= createEngine());
export const dialect = sqlEngine.dialect;

export type { SqlFragment, SqlParams, SqlValue } from "./fragment";
export { andSql, joinSql, sqlFragment } from "./fragment";
export type { SqlReader, SqlRunner, SqlTx, PrismaRaw } from "./engine";

let uncachedVersion = 0;
/** The data version for an in-memory cache: without the counter, a value never seen before (no hits). */
export function dataVersionForCache(): number {
  return sqlEngine.dataVersion() ?? --uncachedVersion;
}

/** Closes the raw connections (shutdown; a test that switches database files). */
export function closeSql() {
  sqlEngine.close();
}

/** A DateTime column's value as a Date: milliseconds on SQLite, a Date from a driver that makes one. */
export function dateOf(value: number | bigint | Date | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(Number(value));
}

/** A count or id column as a number (Prisma's raw calls return COUNT(*) as a bigint). */
export function numberOf(value: unknown): number {
  return typeof value === "bigint" ? Number(value) : typeof value === "number" ? value : Number(value ?? 0);
}
