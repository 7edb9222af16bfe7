import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyPostgresMigrations, postgresMigrationsDir } from "~/lib/migrate-pg.server";
import { createDatabase, queryPostgres } from "../support/postgres";

// Issue 18: the PostgreSQL migrator (app/lib/migrate-pg.server.ts) for N app servers on one database.
// Servers that start at the same moment apply each migration once; a migration that fails leaves the
// database as it was and names itself.

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
});

const rows = queryPostgres;

describe("PostgreSQL migrations with several app servers", () => {
  it("four servers starting at once on an empty database apply each migration exactly once", async () => {
    const url = await createDatabase(inject("pgAdminUrl"), "migrate_at_once");
    const results = await Promise.all([1, 2, 3, 4].map(() => applyPostgresMigrations(url)));
    const total = fs.readdirSync(postgresMigrationsDir()).length;
    expect(results.map((r) => r.total)).toEqual([total, total, total, total]);
    // One server applied them all; the others found them done.
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, total]);
    const recorded = await rows<{ migration_name: string; n: string }>(url, `SELECT migration_name, count(*) AS n FROM "_prisma_migrations" GROUP BY migration_name`);
    expect(recorded).toHaveLength(total);
    expect(recorded.every((r) => Number(r.n) === 1)).toBe(true);
  });

  it("a migration that fails leaves nothing of itself, is not recorded, and the error names it", async () => {
    const url = await createDatabase(inject("pgAdminUrl"), "migrate_failing");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-pg-migrations-"));
    scratch.push(dir);
    fs.cpSync(postgresMigrationsDir(), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, "29991231000000_broken"));
    // The first statement would work; the second refers to a table that does not exist.
    fs.writeFileSync(
      path.join(dir, "29991231000000_broken", "migration.sql"),
      `ALTER TABLE "Unit" ADD COLUMN "fax" TEXT;\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;\n`,
    );

    await expect(applyPostgresMigrations(url, dir)).rejects.toThrow(/Cannot migrate the PostgreSQL database \(29991231000000_broken\): relation "NoSuchTable" does not exist/);
    const unitColumns = await rows<{ column_name: string }>(url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Unit'`);
    expect(unitColumns.map((c) => c.column_name)).not.toContain("fax");
    const recorded = await rows<{ migration_name: string }>(url, `SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`);
    expect(recorded.map((r) => r.migration_name)).toEqual(fs.readdirSync(postgresMigrationsDir()).sort());
  });
});
