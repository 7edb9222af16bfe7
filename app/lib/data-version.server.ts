import type Database from "better-sqlite3";

// The data version (docs/decisions/0030): one counter row that moves in the same transaction as every
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
  "RateLimitCounter",
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

/** The channel on which PostgreSQL announces each new data version to every app server. */
export const DATA_VERSION_CHANNEL = "tindak_data_version";

/**
 * The same counter on PostgreSQL (issue 18), where several app servers write at once. A trigger on every
 * row would make the counter's row a lock that every writing transaction of every server holds until
 * its commit; here each table has one *deferred* constraint trigger instead, which runs at COMMIT, and
 * bumps at most once per transaction (a transaction-local mark), so the row is locked only for the
 * moment of the commit. The bump also NOTIFYs the new version, delivered to every server after the
 * commit: a server that learns version v can already read every write up to v (app/lib/sql/postgres/
 * engine.server.ts keeps the last one it heard). Installed after every migration run, for tables that
 * lack it (a new table is covered without anyone thinking of it); existing ones are left alone, so a
 * server starting beside running ones takes no table lock.
 */
export function postgresDataVersionSql(): string {
  const excluded = [...BOOKKEEPING_TABLES].map((t) => `'${t.replace(/'/g, "''")}'`).join(", ");
  return `
INSERT INTO "DataVersion" ("id", "version") VALUES (1, 0) ON CONFLICT ("id") DO NOTHING;
CREATE OR REPLACE FUNCTION tindak_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE bumped integer;
BEGIN
  IF current_setting('tindak.data_version_bumped', true) = txid_current()::text THEN
    RETURN NULL;
  END IF;
  PERFORM set_config('tindak.data_version_bumped', txid_current()::text, true);
  UPDATE "DataVersion" SET "version" = "version" + 1 WHERE "id" = 1 RETURNING "version" INTO bumped;
  PERFORM pg_notify('${DATA_VERSION_CHANNEL}', bumped::text);
  RETURN NULL;
END
$fn$;
DO $do$
DECLARE t text;
BEGIN
  FOR t IN
    SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind = 'r' AND left(c.relname, 1) <> '_'
      AND c.relname <> ALL (ARRAY[${excluded}])
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = c.oid AND g.tgname = 'data_version')
  LOOP
    EXECUTE format('CREATE CONSTRAINT TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE ON %I '
      'DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION tindak_bump_data_version()', t);
  END LOOP;
END
$do$;`;
}
