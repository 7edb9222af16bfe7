import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { applyPostgresMigrations, postgresMigrationsDir } from "~/lib/migrate-pg.server";
import { SEQ_EXPECTED, SEQ_FIXTURE, SEQ_MIGRATION } from "../support/open311-seq-fixture";
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

  it(`${SEQ_MIGRATION} numbers the Open311 submissions already stored, per key in time order, and keeps them unique`, async () => {
    const url = await createDatabase(inject("pgAdminUrl"), "migrate_open311_seq");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-pg-migrations-"));
    scratch.push(dir);
    for (const name of fs.readdirSync(postgresMigrationsDir()).filter((n) => n < SEQ_MIGRATION)) fs.cpSync(path.join(postgresMigrationsDir(), name), path.join(dir, name), { recursive: true });
    await applyPostgresMigrations(url, dir);
    await rows(url, `INSERT INTO "Unit" (id, slug, name, type, "kecamatanCode", "updatedAt") VALUES (1, 'upt-ib', 'UPT Dukcapil Ilir Barat', 'DUKCAPIL', '16.71.04', now())`);
    for (const k of [1, 2]) await rows(url, `INSERT INTO "ApiKey" (id, name, "keyHash", prefix) VALUES ($1, $2, $3, $4)`, [k, `Key ${k}`, `hash-${k}`, `k${k}`]);
    for (const s of SEQ_FIXTURE) {
      await rows(url, `INSERT INTO "Complaint" (id, ref, "trackingHash", "unitId", category, privacy, description, "updatedAt") VALUES ($1, $2, $3, 1, 'WAITING_TIME', 'public', 'Antre lama.', now())`, [s.id, `ADU-2026-00000${s.id}`, String(s.id).repeat(64)]);
      await rows(url, `INSERT INTO "Open311Submission" (id, "apiKeyId", fingerprint, "complaintId", "createdAt") VALUES ($1, $2, $3, $4, $5)`, [s.id, s.apiKeyId, `f${s.id}`, s.id, new Date(s.createdAt)]);
    }

    expect((await applyPostgresMigrations(url)).applied).toEqual(fs.readdirSync(postgresMigrationsDir()).filter((n) => n >= SEQ_MIGRATION).sort());
    expect(await rows(url, `SELECT id, seq FROM "Open311Submission" ORDER BY id`)).toEqual(SEQ_EXPECTED);
    await expect(rows(url, `UPDATE "Open311Submission" SET seq = 1 WHERE id = 1`)).rejects.toThrow(/duplicate key value violates unique constraint "Open311Submission_apiKeyId_seq_key"/);
  });
});
