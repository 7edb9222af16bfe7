import type Database from "better-sqlite3";

// The data version (docs/decisions/0018): one counter row that moves in the same transaction as every
// write that can change a public page. SQLite triggers do the bumping, so no model has to remember to,
// and writes from every process and connection (Prisma, the raw write connection, scripts, a second
// server) count alike. The public response cache (public-cache.server.ts) keys its entries on it.
// No app imports here: the migration runner uses this before any app module may load.

/**
 * Tables whose writes never change what an anonymous visitor sees: sessions, login throttling, the
 * e-mail outbox, API keys (their use is counted on every call), Open311 idempotency records and the
 * channels' conversation state. Every other table, including ones added later, gets the triggers.
 */
export const BOOKKEEPING_TABLES = new Set([
  "Session",
  "LoginFailure",
  "LoginAddress",
  "Notification",
  "ApiKey",
  "Open311Submission",
  "ChannelInbound",
  "ChannelContact",
  "ChannelMedia",
  "DataVersion",
  "IdempotencyKey",
]);

const OPERATIONS = [
  ["ins", "INSERT"],
  ["upd", "UPDATE"],
  ["del", "DELETE"],
] as const;

/**
 * Installs the bump triggers on every table but the bookkeeping ones. Runs after every migration run:
 * a later migration that rebuilds a table (Prisma's RedefineTables) drops its triggers, and a new
 * table is covered without anyone having to think of it. Idempotent.
 */
export function installDataVersionTriggers(sqlite: Database.Database): number {
  const hasCounter = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'DataVersion'`).get();
  if (!hasCounter) return 0; // a database migrated only up to an older migration
  const tables = (
    sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_%' ESCAPE '\\'`).all() as Array<{ name: string }>
  )
    .map((r) => r.name)
    .filter((name) => !BOOKKEEPING_TABLES.has(name));
  const install = sqlite.transaction(() => {
    for (const table of tables) {
      for (const [suffix, operation] of OPERATIONS) {
        sqlite.exec(
          `CREATE TRIGGER IF NOT EXISTS "data_version_${table}_${suffix}" AFTER ${operation} ON "${table}" ` +
            `BEGIN UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1; END`,
        );
      }
    }
  });
  install.immediate();
  return tables.length;
}
