import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { postgresDataVersionSql } from "./data-version.server";

// Applies prisma/postgres/migrations to a PostgreSQL database the way `prisma migrate deploy` would
// (which fails on PostgreSQL with the JavaScript schema engine, ../shared/ARCHITECTURE.md), recording
// each in `_prisma_migrations` with Prisma's table layout and checksum, like migrate.server.ts does for
// SQLite. Run at boot by every app server (boot.server.ts) and by `npm run db:migrate` (issue 18; ADR 0022).

export type PostgresMigrationResult = { applied: string[]; total: number };

// Any fixed 64-bit key: every app server that starts at once waits on it, so one applies, the others see
// the migrations done.
const MIGRATION_LOCK_KEY = 0x74696e64616b; // "tindak"

export function postgresMigrationsDir(): string {
  return path.resolve(process.env.POSTGRES_MIGRATIONS_DIR ?? "prisma/postgres/migrations");
}

function migrationNames(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

export async function applyPostgresMigrations(connectionString: string, dir = postgresMigrationsDir()): Promise<PostgresMigrationResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const names = migrationNames(dir);
    const applied: string[] = [];
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      const { rows } = await client.query<{ checksum: string; finished_at: Date | null }>(
        `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = $1 AND rolled_back_at IS NULL`,
        [name],
      );
      if (rows[0]) {
        if (!rows[0].finished_at) throw new Error(`Migration ${name} failed earlier; resolve it before starting.`);
        if (rows[0].checksum !== checksum) console.warn(`[migrate] ${name} was edited after it was applied (checksum differs).`);
        continue;
      }
      if (!sql.trim()) throw new Error(`Migration ${name} is empty: refusing to record it as applied.`);
      // PostgreSQL DDL is transactional: a migration that fails leaves nothing behind.
      const startedAt = new Date();
      try {
        await client.query("BEGIN");
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [crypto.randomUUID(), checksum, name, startedAt],
        );
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw new Error(`Cannot migrate the PostgreSQL database (${name}): ${(e as Error).message}`);
      }
      applied.push(name);
    }
    // The data version's counter, function and triggers (ADR 0030) once the tables exist, still under the lock.
    const { rows: counter } = await client.query<{ found: string | null }>(`SELECT to_regclass('"DataVersion"')::text AS found`);
    if (counter[0]?.found) await client.query(postgresDataVersionSql());
    return { applied, total: names.length };
  } finally {
    await client.query("SELECT pg_advisory_unlock_all()").catch(() => undefined);
    await client.end();
  }
}
