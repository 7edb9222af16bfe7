import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { applyMigrations, migrationsDir, pendingMigrations } from "~/lib/migrate.server";
import { sourceHash } from "../../scripts/build.mjs";
import { runPaths } from "../setup/paths";
import { runScript } from "../support/cli";

// `npm run upgrade` (README, "Going to production", step 8) on the databases an operator has: one the
// previous version left (a migration behind, with data) and one already current (the seeded demo). The
// data must survive, the schema must be exactly the current one, and a checked backup must come first.
// The build step is given a build made from these very sources (its build-info.json, as
// scripts/build.mjs writes it), so upgrade says it does not rebuild; a real build is what
// tests/e2e/operations-start.test.ts covers, and would take a minute here.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-upgrade-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const { baseDb } = runPaths(inject("runDir"));

function currentBuild(): string {
  const dir = fs.mkdtempSync(path.join(scratch, "build-"));
  fs.mkdirSync(path.join(dir, "server"));
  fs.writeFileSync(path.join(dir, "server", "index.js"), "");
  fs.writeFileSync(path.join(dir, "server.js"), "");
  fs.writeFileSync(path.join(dir, "build-info.json"), JSON.stringify({ sourceHash: sourceHash(), builtAt: new Date().toISOString() }));
  return dir;
}

function read<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}

/** The schema as SQLite holds it: every table, index and trigger with its SQL. */
function schemaOf(file: string) {
  return read<{ type: string; name: string; sql: string | null }>(
    file,
    `SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`,
  );
}

function backupsIn(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.startsWith("pre-upgrade-")) : [];
}

describe("npm run upgrade", () => {
  it("backs up a database the previous version left, applies the missing migration, and keeps its data", async () => {
    const all = fs.readdirSync(migrationsDir()).filter((n) => fs.existsSync(path.join(migrationsDir(), n, "migration.sql"))).sort();
    const newest = all.at(-1)!;
    const older = path.join(scratch, "migrations-previous");
    for (const name of all.slice(0, -1)) fs.cpSync(path.join(migrationsDir(), name), path.join(older, name), { recursive: true });
    const dir = fs.mkdtempSync(path.join(scratch, "old-"));
    const file = path.join(dir, "tindak.db");
    applyMigrations(file, older);
    const sqlite = new Database(file);
    const unit = sqlite
      .prepare(`INSERT INTO "Unit" (slug, name, type, kecamatanCode, updatedAt) VALUES ('upt-ilir-barat', 'UPT Dukcapil Ilir Barat', 'DUKCAPIL', '16.71.04', 0)`)
      .run().lastInsertRowid;
    sqlite
      .prepare(
        `INSERT INTO "Complaint" (ref, trackingHash, unitId, category, privacy, description, updatedAt)
         VALUES ('ADU-2026-000001', ?, ?, 'WAITING_TIME', 'public', 'Antre e-KTP sejak pagi, loket baru buka jam 10.', 0)`,
      )
      .run("a".repeat(64), unit);
    sqlite.close();
    expect(pendingMigrations(file).names).toEqual([newest]);

    const run = await runScript("scripts/upgrade.ts", [], { env: { DATABASE_URL: `file:${file}`, TINDAK_BUILD_DIR: currentBuild() } });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/\[upgrade\] 1\/3 backup: .*pre-upgrade-.*\.db \(1 complaints, integrity_check ok\)/);
    expect(run.out).toContain(`[upgrade] 2/3 migrations: ${newest}`);
    expect(run.out).toContain("[upgrade] 3/3 build: already made from these sources, not rebuilt");

    // The data survived and the schema is the current one: the same as a database made new today.
    expect(read(file, `SELECT ref, description FROM "Complaint"`)).toEqual([
      { ref: "ADU-2026-000001", description: "Antre e-KTP sejak pagi, loket baru buka jam 10." },
    ]);
    expect(read(file, `SELECT name FROM "Unit"`)).toEqual([{ name: "UPT Dukcapil Ilir Barat" }]);
    expect(pendingMigrations(file).names).toEqual([]);
    const fresh = path.join(scratch, "fresh.db");
    applyMigrations(fresh);
    expect(schemaOf(file)).toEqual(schemaOf(fresh));

    // The backup is the database as it was before: the data, without the newest migration.
    const backups = backupsIn(path.join(dir, "backups"));
    expect(backups).toEqual([expect.stringMatching(/^pre-upgrade-.*\.db$/)]); // one file, no -wal or -shm
    const backup = backups[0];
    const copy = path.join(dir, "backups", backup!);
    expect(read(copy, `SELECT ref FROM "Complaint"`)).toEqual([{ ref: "ADU-2026-000001" }]);
    expect(pendingMigrations(copy).names).toEqual([newest]);
  }, 30_000);

  it("on a current database in use changes nothing but taking a backup, and the audit chain still verifies", async () => {
    const dir = fs.mkdtempSync(path.join(scratch, "current-"));
    const file = path.join(dir, "tindak.db");
    fs.copyFileSync(baseDb, file);
    const count = (table: string) => read<{ n: number }>(file, `SELECT COUNT(*) AS n FROM "${table}"`)[0]!.n;
    const before = { complaints: count("Complaint"), followUps: count("FollowUp"), audit: count("AuditEvent") };
    const schemaBefore = schemaOf(file);

    const run = await runScript("scripts/upgrade.ts", [], { env: { DATABASE_URL: `file:${file}`, TINDAK_BUILD_DIR: currentBuild() } });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`(${before.complaints} complaints, integrity_check ok)`);
    expect(run.out).toContain("[upgrade] 2/3 migrations: none pending");
    expect({ complaints: count("Complaint"), followUps: count("FollowUp"), audit: count("AuditEvent") }).toEqual(before);
    expect(schemaOf(file)).toEqual(schemaBefore);
    expect(backupsIn(path.join(dir, "backups"))).toEqual([expect.stringMatching(/^pre-upgrade-.*\.db$/)]);

    const verify = await runScript("scripts/audit-verify.ts", [], { env: { DATABASE_URL: `file:${file}` } });
    expect(verify.code, verify.out).toBe(0);
    expect(verify.out).toContain(`ok: ${before.audit} audit event(s), chain intact`);
  }, 30_000);
});
