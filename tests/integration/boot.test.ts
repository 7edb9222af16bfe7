import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { db, verifyPragmas } from "~/lib/db.server";
import { getEnv, publicUrl, resetEnvCache } from "~/lib/env.server";
import { applyMigrations, migrationsDir } from "~/lib/migrate.server";
import { assertNoDemoAccountsInProduction, DEMO_EMAIL_DOMAIN } from "~/lib/boot.server";
import * as healthz from "~/routes/healthz";
import { startServer } from "../support/server";

// What `npm start` checks before it serves (issue 2 §2, §5, §7, "Bad input").

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-boot-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe("SQLite pragmas", () => {
  it("reads back WAL, synchronous FULL, foreign keys on and a busy timeout of at least 5 s", async () => {
    const actual = await verifyPragmas(db);
    expect(actual.journal_mode).toBe("wal");
    expect(actual.synchronous).toBe(2);
    expect(actual.foreign_keys).toBe(1);
    expect(actual.busy_timeout).toBeGreaterThanOrEqual(5000);
  });

  it("refuses to go on when a pragma did not take", async () => {
    // A client whose answers say the journal is not WAL, as on a file system without shared memory.
    const fake = {
      $queryRawUnsafe: async (sql: string) => [{ v: sql.includes("journal_mode") ? "delete" : sql.includes("busy_timeout") ? 10_000 : sql.includes("synchronous") ? 2 : 1 }],
    };
    await expect(verifyPragmas(fake as never)).rejects.toThrow(/journal_mode=delete/);
  });

  it("enforces foreign keys on the app's connection", async () => {
    await expect(db.session.create({ data: { id: "x".repeat(64), userId: 999_999, expiresAt: new Date() } })).rejects.toThrow();
  });
});

describe("migrations", () => {
  const names = fs
    .readdirSync(migrationsDir(), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it("apply to an empty file and are recorded in _prisma_migrations with their sha256 checksums", () => {
    const file = path.join(scratch, "fresh.db");
    const first = applyMigrations(file);
    expect(first.applied).toEqual(names);
    const sqlite = new Database(file, { readonly: true });
    try {
      const rows = sqlite.prepare(`SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`).all() as Array<{
        migration_name: string;
        checksum: string;
        finished_at: string | null;
        applied_steps_count: number;
      }>;
      expect(rows.map((r) => r.migration_name)).toEqual(names);
      for (const row of rows) {
        const sql = fs.readFileSync(path.join(migrationsDir(), row.migration_name, "migration.sql"));
        expect(row.checksum).toBe(crypto.createHash("sha256").update(sql).digest("hex"));
        expect(row.finished_at).not.toBeNull();
        expect(row.applied_steps_count).toBe(1);
      }
      const tables = (sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table'`).all() as Array<{ name: string }>).map((t) => t.name);
      expect(tables).toEqual(expect.arrayContaining(["Unit", "User", "Session", "Complaint", "FollowUp", "AuditEvent"]));
      expect(sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    } finally {
      sqlite.close();
    }
    // A second start applies nothing.
    expect(applyMigrations(file).applied).toEqual([]);
  });

  it("refuses an empty migration instead of recording it as applied", () => {
    const dir = path.join(scratch, "migrations-empty");
    fs.mkdirSync(path.join(dir, "20990101000000_empty"), { recursive: true });
    fs.writeFileSync(path.join(dir, "20990101000000_empty", "migration.sql"), "  \n");
    const file = path.join(scratch, "empty-migration.db");
    expect(() => applyMigrations(file, dir)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}.*empty`));
  });

  it.each([
    ["a directory", (p: string) => fs.mkdirSync(p)],
    ["a file of garbage bytes", (p: string) => fs.writeFileSync(p, crypto.randomBytes(8192))],
  ])("stops with a message naming the file when the database is %s", (_what, make) => {
    const file = path.join(scratch, `bad-${crypto.randomBytes(3).toString("hex")}.db`);
    make(file);
    expect(() => applyMigrations(file)).toThrow(file);
  });

  it("stops with a message naming the file and the migration when a migration fails", () => {
    const dir = path.join(scratch, "migrations-bad");
    fs.mkdirSync(path.join(dir, "20990101000000_broken"), { recursive: true });
    fs.writeFileSync(path.join(dir, "20990101000000_broken", "migration.sql"), "CREATE TABLE x (;");
    const file = path.join(scratch, "broken-migration.db");
    expect(() => applyMigrations(file, dir)).toThrow(/broken-migration\.db \(20990101000000_broken\)/);
    // Nothing half-applied is recorded: the next start tries again rather than skipping it.
    const sqlite = new Database(file, { readonly: true });
    expect(sqlite.prepare(`SELECT count(*) AS n FROM "_prisma_migrations"`).get()).toEqual({ n: 0 });
    sqlite.close();
  });
});

describe("production start-up checks", () => {
  const keys = ["NODE_ENV", "SESSION_SECRET", "ALLOW_DEMO", "PUBLIC_URL"] as const;
  const saved = Object.fromEntries(keys.map((k) => [k, process.env[k]]));
  afterEach(() => {
    const env = process.env as Record<string, string | undefined>;
    for (const k of keys) {
      if (saved[k] === undefined) delete env[k];
      else env[k] = saved[k];
    }
    resetEnvCache();
  });
  const production = (env: Partial<Record<(typeof keys)[number], string>>) => {
    process.env.NODE_ENV = "production";
    for (const k of ["SESSION_SECRET", "ALLOW_DEMO"] as const) {
      if (env[k] === undefined) delete process.env[k];
      else process.env[k] = env[k];
    }
    if (env.PUBLIC_URL === undefined) process.env.PUBLIC_URL = "https://tindak.example.id";
    else process.env.PUBLIC_URL = env.PUBLIC_URL;
    resetEnvCache();
  };
  const countDemo = () => db.user.count({ where: { email: { endsWith: DEMO_EMAIL_DOMAIN }, disabledAt: null } });

  it("requires SESSION_SECRET", () => {
    production({});
    expect(() => getEnv()).toThrow("SESSION_SECRET is required when NODE_ENV=production.");
    production({ SESSION_SECRET: "" });
    expect(() => getEnv()).toThrow("SESSION_SECRET is required");
  });

  it("requires PUBLIC_URL, an origin only (issue 13: links never come from the Host header)", () => {
    production({ SESSION_SECRET: "a-production-secret-of-enough-length", PUBLIC_URL: "" });
    expect(() => getEnv()).toThrow("PUBLIC_URL is required when NODE_ENV=production");
    production({ SESSION_SECRET: "a-production-secret-of-enough-length", PUBLIC_URL: "https://tindak.example.id/app" });
    expect(() => getEnv()).toThrow(/PUBLIC_URL: must be an origin only/);
    production({ SESSION_SECRET: "a-production-secret-of-enough-length", PUBLIC_URL: "https://Tindak.Example.id/" });
    expect(publicUrl()).toBe("https://tindak.example.id");
  });

  it("outside production, links default to http://localhost and the port", () => {
    process.env.NODE_ENV = "development";
    delete process.env.PUBLIC_URL;
    resetEnvCache();
    expect(publicUrl()).toMatch(/^http:\/\/localhost:\d+$/);
  });

  it("the server exits with a message without PUBLIC_URL", async () => {
    const error = await startServer({ PUBLIC_URL: "" }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/server exited with 1/);
    expect(error?.message).toMatch(/PUBLIC_URL is required when NODE_ENV=production/);
  });

  it("refuses demo accounts unless ALLOW_DEMO=1; disabled ones do not count", async () => {
    production({ SESSION_SECRET: "a-production-secret-of-enough-length" });
    await expect(assertNoDemoAccountsInProduction(countDemo)).rejects.toThrow(/Refusing to start: \d+ demo account\(s\)/);
    production({ SESSION_SECRET: "a-production-secret-of-enough-length", ALLOW_DEMO: "1" });
    await expect(assertNoDemoAccountsInProduction(countDemo)).resolves.toBeUndefined();
    production({ SESSION_SECRET: "a-production-secret-of-enough-length" });
    await expect(assertNoDemoAccountsInProduction(async () => 0)).resolves.toBeUndefined();
  });

  // The real server process: it must exit non-zero and say why, before it builds or listens.
  it("the server exits with a message while a demo account exists and ALLOW_DEMO is not 1", async () => {
    const error = await startServer({ ALLOW_DEMO: "0" }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/server exited with 1/);
    expect(error?.message).toMatch(/Refusing to start: \d+ demo account\(s\) \(@demo\.tindak\.id\) exist in a production database/);
  });

  it("the server exits with a message without SESSION_SECRET", async () => {
    const error = await startServer({ SESSION_SECRET: "" }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/server exited with 1/);
    expect(error?.message).toMatch(/SESSION_SECRET is required when NODE_ENV=production/);
  });

  it("the server exits naming the file when the database cannot be opened", async () => {
    const dir = path.join(scratch, "a-directory.db");
    fs.mkdirSync(dir, { recursive: true });
    const error = await startServer({ DATABASE_URL: `file:${dir}` }).then(
      async (server) => {
        await server.stop();
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/server exited with 1/);
    expect(error?.message).toContain(`Cannot open the database file ${dir}`);
  });
});

describe("/healthz", () => {
  it("answers 200 {status: ok} after a database round trip, never cached", async () => {
    const res = await healthz.loader();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^application\/json/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    expect(await res.json()).toEqual({ status: "ok" });
  });
});
