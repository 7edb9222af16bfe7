import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { installDataVersionTriggers } from "./data-version.server";

// Applies prisma/migrations the way `prisma migrate deploy` does, recording each in `_prisma_migrations`
// with the same checksum, so the real Prisma CLI stays compatible with databases Tindak created.
// It runs in-process at start-up (no CLI spawn) and refuses to go on over a failed or edited migration.

export type MigrationResult = { applied: string[]; total: number };

export function migrationsDir(): string {
  return path.resolve(process.env.MIGRATIONS_DIR ?? "prisma/migrations");
}

function migrationNames(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort();
}

/**
 * Which migrations a database still lacks, read without writing anything (no file is created for a
 * database that does not exist). `applied` counts those already recorded: 0 means a new database.
 */
export function pendingMigrations(filePath: string, dir = migrationsDir()): { names: string[]; applied: number } {
  const all = migrationNames(dir);
  if (!fs.existsSync(filePath)) return { names: all, applied: 0 };
  let sqlite: Database.Database;
  let table: unknown;
  try {
    sqlite = new Database(filePath, { readonly: true, fileMustExist: true, timeout: 10_000 });
  } catch (e) {
    throw new Error(`Cannot open the database file ${filePath}: ${(e as Error).message}`);
  }
  try {
    try {
      table = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'`).get();
    } catch (e) {
      throw new Error(`Cannot open the database file ${filePath}: ${(e as Error).message}`);
    }
    if (!table) return { names: all, applied: 0 };
    const done = new Set(
      (sqlite.prepare(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`).all() as Array<{ migration_name: string }>).map(
        (r) => r.migration_name,
      ),
    );
    return { names: all.filter((n) => !done.has(n)), applied: done.size };
  } finally {
    sqlite.close();
  }
}

export function applyMigrations(filePath: string, dir = migrationsDir()): MigrationResult {
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  let sqlite: Database.Database;
  try {
    sqlite = new Database(filePath, { timeout: 10_000 });
  } catch (e) {
    throw new Error(`Cannot open the database file ${filePath}: ${(e as Error).message}`);
  }
  try {
    // better-sqlite3 opens lazily: a file of garbage or a locked file fails only at the first statement,
    // so that failure must name the file too.
    try {
      sqlite.pragma("journal_mode = WAL");
      sqlite.pragma("synchronous = FULL");
      sqlite.pragma("foreign_keys = OFF"); // table rebuilds in migrations need it off, as Prisma does
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    } catch (e) {
      throw new Error(`Cannot open the database file ${filePath}: ${(e as Error).message}`);
    }
    const names = migrationNames(dir);
    const applied: string[] = [];
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      // IMMEDIATE takes the write lock first, so two processes starting at once cannot both apply.
      const run = sqlite.transaction(() => {
        const row = sqlite
          .prepare(
            `SELECT checksum, finished_at FROM "_prisma_migrations" WHERE migration_name = ? AND rolled_back_at IS NULL`,
          )
          .get(name) as { checksum: string; finished_at: string | null } | undefined;
        if (row) {
          if (!row.finished_at) throw new Error(`Migration ${name} failed earlier; resolve it before starting.`);
          if (row.checksum !== checksum) {
            console.warn(`[migrate] ${name} was edited after it was applied (checksum differs).`);
          }
          return false;
        }
        if (!sql.trim()) throw new Error(`Migration ${name} is empty: refusing to record it as applied.`);
        const now = new Date().toISOString();
        sqlite.exec(sql);
        sqlite
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
             VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          )
          .run(crypto.randomUUID(), checksum, new Date().toISOString(), name, now);
        return true;
      });
      try {
        if (run.immediate()) applied.push(name);
      } catch (e) {
        throw new Error(`Cannot migrate the database file ${filePath} (${name}): ${(e as Error).message}`);
      }
    }
    const fkProblems = sqlite.pragma("foreign_key_check") as unknown[];
    if (fkProblems.length) throw new Error(`Foreign key check failed after migrating ${filePath}.`);
    // After every run: a migration that rebuilt a table dropped its triggers (docs/decisions/0030).
    installDataVersionTriggers(sqlite);
    return { applied, total: names.length };
  } finally {
    sqlite.close();
  }
}
