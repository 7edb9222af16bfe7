import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { verify } from "@node-rs/argon2";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runPaths } from "../setup/paths";
import { runScript } from "../support/cli";
import { applyMigrations, migrationsDir } from "~/lib/migrate.server";

// The operator's commands (issue 23): first admin, migrations with a backup first, seeding, bench data
// kept out of real databases, read-only commands that leave nothing behind, and `.env`.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-ops-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));
const { baseDb } = runPaths(inject("runDir"));

function newDbPath(name: string) {
  return path.join(scratch, `${name}.db`);
}
function query<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const sqlite = new Database(file, { readonly: true });
  try {
    return sqlite.prepare(sql).all(...params) as T[];
  } finally {
    sqlite.close();
  }
}
const dbEnv = (file: string) => ({ DATABASE_URL: `file:${file}` });

describe("npm run admin:create", () => {
  it("migrates a database that does not exist yet and creates an admin with the password from standard input", async () => {
    const file = newDbPath("admin-new");
    const run = await runScript("scripts/admin-create.ts", ["--email", "Kepala.TI@Palembang.go.id", "--name", "Rina Kusuma"], {
      env: dbEnv(file),
      input: "lampu-merah-di-sekanak-2026\n",
    });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("admin kepala.ti@palembang.go.id created");
    expect(run.out).not.toContain("lampu-merah"); // a password given is never echoed
    const [user] = query<{ role: string; name: string; passwordHash: string }>(file, `SELECT role, name, passwordHash FROM "User" WHERE email = ?`, "kepala.ti@palembang.go.id");
    expect(user).toMatchObject({ role: "ADMIN", name: "Rina Kusuma" });
    expect(await verify(user!.passwordHash, "lampu-merah-di-sekanak-2026")).toBe(true);
    const audit = query<{ action: string }>(file, `SELECT action FROM "AuditEvent" WHERE entityType = 'User'`);
    expect(audit.map((a) => a.action)).toEqual(["user.create"]);
  }, 60_000);

  it("generates a strong password when none is piped in and prints it once", async () => {
    const file = newDbPath("admin-generated");
    const run = await runScript("scripts/admin-create.ts", ["--email", "admin@palembang.go.id", "--name", "Admin"], { env: dbEnv(file) });
    expect(run.code, run.out).toBe(0);
    const printed = /password \(shown once, store it now\): (\S+)/.exec(run.out)?.[1];
    expect(printed).toBeDefined();
    expect(printed!.length).toBeGreaterThanOrEqual(16);
    expect(run.out.split(printed!).length - 1).toBe(1);
    const [user] = query<{ passwordHash: string }>(file, `SELECT passwordHash FROM "User" WHERE email = 'admin@palembang.go.id'`);
    expect(await verify(user!.passwordHash, printed!)).toBe(true);
  }, 60_000);

  it("refuses a weak password with the app's own rules, in Indonesian first, and creates nothing", async () => {
    const file = newDbPath("admin-weak");
    for (const [password, message] of [
      ["password123", "Kata sandi ini terlalu umum"],
      ["pendek", "Kata sandi 8 sampai 128 karakter"],
    ] as const) {
      const run = await runScript("scripts/admin-create.ts", ["--email", "a@b.go.id", "--name", "A"], { env: dbEnv(file), input: password });
      expect(run.code).toBe(1);
      expect(run.out.trim().split("\n")).toHaveLength(1);
      expect(run.out).toContain(message);
    }
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);

  it("refuses an e-mail that is taken, a bad e-mail and missing arguments, each in one line", async () => {
    const file = newDbPath("admin-dup");
    fs.copyFileSync(baseDb, file);
    const taken = await runScript("scripts/admin-create.ts", ["--email", "admin@demo.tindak.id", "--name", "X"], { env: dbEnv(file), input: "sangat-rahasia-sekali-42" });
    expect(taken.code).toBe(1);
    expect(taken.out).toContain("Email sudah dipakai");
    const bad = await runScript("scripts/admin-create.ts", ["--email", "bukan-email", "--name", "X"], { env: dbEnv(file), input: "sangat-rahasia-sekali-42" });
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("--email: Format email tidak valid");
    const missing = await runScript("scripts/admin-create.ts", ["--name", "X"], { env: dbEnv(file) });
    expect(missing.code).toBe(1);
    expect(missing.out.trim()).toMatch(/^\[admin:create\] usage: npm run admin:create -- --email/);
  }, 60_000);
});

describe("npm run db:migrate and npm run seed", () => {
  it("db:migrate creates and migrates a new database", async () => {
    const file = newDbPath("migrate-new");
    const run = await runScript("scripts/migrate.ts", [], { env: dbEnv(file) });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/migration\(s\) applied, \d+ in all, up to date/);
    const tables = query<{ name: string }>(file, `SELECT name FROM sqlite_master WHERE type = 'table'`).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(["Unit", "User", "Complaint", "AuditEvent"]));
    expect(fs.existsSync(path.join(scratch, "backups"))).toBe(false); // nothing to back up in a new file
  }, 60_000);

  it("backs up a database holding data before applying a pending migration", async () => {
    // A database as the previous version left it: every migration but the newest, and a unit in it.
    const all = fs.readdirSync(migrationsDir()).filter((n) => fs.existsSync(path.join(migrationsDir(), n, "migration.sql"))).sort();
    const newest = all.at(-1)!;
    const older = path.join(scratch, "migrations-older");
    for (const name of all.slice(0, -1)) fs.cpSync(path.join(migrationsDir(), name), path.join(older, name), { recursive: true });
    const file = newDbPath("migrate-pending");
    applyMigrations(file, older);
    const sqlite = new Database(file);
    sqlite.prepare(`INSERT INTO "Unit" (slug, name, type, kecamatanCode, updatedAt) VALUES ('upt-test', 'UPT Uji', 'DUKCAPIL', '16.71.01', 0)`).run();
    sqlite.close();
    const backups = path.join(scratch, "backups");
    fs.rmSync(backups, { recursive: true, force: true });

    const run = await runScript("scripts/migrate.ts", [], { env: dbEnv(file) });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain(`applied ${newest}`);
    expect(run.out).toMatch(/backed up .* to .*pre-migrate-/);
    const [backup] = fs.readdirSync(backups);
    expect(backup).toMatch(/^pre-migrate-.*\.db$/);
    const copy = path.join(backups, backup!);
    expect(query(copy, `SELECT name FROM "Unit"`)).toEqual([{ name: "UPT Uji" }]);
    expect(query(copy, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ?`, newest)).toHaveLength(0);
    expect(query(file, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = ?`, newest)).toHaveLength(1);
  }, 60_000);

  it("db:migrate refuses while a server holds the database's lock", async () => {
    const file = newDbPath("migrate-locked");
    // This test process plays the running server: its pid is alive.
    fs.writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.pid, startedAt: new Date().toISOString() }));
    const run = await runScript("scripts/migrate.ts", [], { env: dbEnv(file) });
    expect(run.code).toBe(1);
    expect(run.out).toContain(`is already served by another Tindak process (pid ${process.pid}`);
    expect(fs.existsSync(file)).toBe(false);
  }, 60_000);

  it("seed migrates a new database first, then seeds the demo", async () => {
    const file = newDbPath("seed-new");
    const run = await runScript("scripts/seed.ts", [], { env: dbEnv(file) });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("Palembang demo seeded");
    expect(query<{ n: number }>(file, `SELECT COUNT(*) AS n FROM "User" WHERE email = 'admin@demo.tindak.id'`)[0]!.n).toBe(1);
  }, 120_000);
});

describe("npm run seed:bench", () => {
  it("requires --db and never writes into the database DATABASE_URL names", async () => {
    const run = await runScript("prisma/seed-bench.ts", ["--complaints", "10"], { env: dbEnv(baseDb) });
    expect(run.code).toBe(1);
    expect(run.out.trim()).toBe("[bench] usage: npm run seed:bench -- --db <file> [--complaints N]  (N defaults to 100000)");
  }, 60_000);

  it("refuses a database holding demo (or real) data, and says whether it appends", async () => {
    const demo = newDbPath("bench-demo");
    fs.copyFileSync(baseDb, demo);
    const before = query<{ n: number }>(demo, `SELECT COUNT(*) AS n FROM "Complaint"`)[0]!.n;
    const refused = await runScript("prisma/seed-bench.ts", ["--db", demo, "--complaints", "10"]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/refusing: .* holds data that is not bench data/);
    expect(query<{ n: number }>(demo, `SELECT COUNT(*) AS n FROM "Complaint"`)[0]!.n).toBe(before);

    const bench = newDbPath("bench-new");
    const first = await runScript("prisma/seed-bench.ts", ["--db", bench, "--complaints", "20"]);
    expect(first.code, first.out).toBe(0);
    expect(first.out).toContain("into a new database");
    const second = await runScript("prisma/seed-bench.ts", ["--db", bench, "--complaints", "20"]);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain("appending 20 complaints to the 20 bench complaints already in");
    expect(query<{ n: number }>(bench, `SELECT COUNT(*) AS n FROM "Complaint"`)[0]!.n).toBe(40);
  }, 120_000);
});

describe("commands that only read", () => {
  it("backup and audit:verify on a missing database say so and leave no file behind (no database, no session secret)", async () => {
    const cwd = fs.mkdtempSync(path.join(scratch, "cwd-"));
    const env = { DATABASE_URL: "file:./data/tindak.db", NODE_ENV: "development" };
    for (const script of ["scripts/backup.ts", "scripts/audit-verify.ts"]) {
      const run = await runScript(script, [], { cwd, env });
      expect(run.code, run.out).toBe(1);
      expect(run.out).toContain(`no database at ${path.join(fs.realpathSync(cwd), "data/tindak.db")}`);
    }
    expect(fs.readdirSync(cwd)).toEqual([]);
  }, 60_000);
});

describe(".env", () => {
  it("is read at start, and the real environment wins over it", async () => {
    const cwd = fs.mkdtempSync(path.join(scratch, "dotenv-"));
    fs.writeFileSync(path.join(cwd, ".env"), "NODE_ENV=production\nSESSION_SECRET=from-dotenv-0123456789\nPORT=4321\nDATABASE_URL=file:./x.db\nPUBLIC_URL=https://tindak.example.id\n");
    const probe = path.join(cwd, "probe.ts");
    fs.writeFileSync(
      probe,
      `import { getEnv } from ${JSON.stringify(path.resolve("app/lib/env.server.ts"))};\n` +
        "const e = getEnv(); console.log(JSON.stringify({ mode: e.NODE_ENV, port: e.PORT, secret: e.SESSION_SECRET, seed: e.seedDemo }));\n",
    );
    const run = await runScript(probe, [], { cwd, env: { NODE_ENV: undefined, SESSION_SECRET: undefined, PORT: "5555" } });
    expect(run.code, run.out).toBe(0);
    expect(JSON.parse(run.out)).toEqual({ mode: "production", port: 5555, secret: "from-dotenv-0123456789", seed: false });
  }, 60_000);
});
