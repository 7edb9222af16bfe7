import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { applyMigrations, migrationsDir } from "~/lib/migrate.server";
import { SEQ_EXPECTED, SEQ_FIXTURE, SEQ_MIGRATION } from "../support/open311-seq-fixture";

// The migration that numbers each key's Open311 submissions (issue 17) on a SQLite database the previous
// version left with submissions in it: numbered per key in the order they were made, and a second
// submission with a number its key already has is refused. (PostgreSQL: tests/pg/migrate-pg.test.ts.)

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-seq-"));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe(`migration ${SEQ_MIGRATION} on SQLite`, () => {
  it("numbers the submissions already stored, per key in time order, and keeps the numbers unique", () => {
    const before = path.join(scratch, "migrations-before");
    for (const name of fs.readdirSync(migrationsDir()).filter((n) => n < SEQ_MIGRATION && fs.existsSync(path.join(migrationsDir(), n, "migration.sql")))) {
      fs.cpSync(path.join(migrationsDir(), name), path.join(before, name), { recursive: true });
    }
    const file = path.join(scratch, "tindak.db");
    applyMigrations(file, before);
    const sqlite = new Database(file);
    sqlite.prepare(`INSERT INTO "Unit" (id, slug, name, type, kecamatanCode, updatedAt) VALUES (1, 'upt-ib', 'UPT Dukcapil Ilir Barat', 'DUKCAPIL', '16.71.04', 0)`).run();
    for (const k of [1, 2]) sqlite.prepare(`INSERT INTO "ApiKey" (id, name, keyHash, prefix) VALUES (?, ?, ?, ?)`).run(k, `Key ${k}`, `hash-${k}`, `k${k}`);
    for (const s of SEQ_FIXTURE) {
      sqlite
        .prepare(`INSERT INTO "Complaint" (id, ref, trackingHash, unitId, category, privacy, description, updatedAt) VALUES (?, ?, ?, 1, 'WAITING_TIME', 'public', 'Antre lama.', 0)`)
        .run(s.id, `ADU-2026-00000${s.id}`, String(s.id).repeat(64));
      sqlite.prepare(`INSERT INTO "Open311Submission" (id, apiKeyId, fingerprint, complaintId, createdAt) VALUES (?, ?, ?, ?, ?)`).run(s.id, s.apiKeyId, `f${s.id}`, s.id, s.createdAt);
    }
    sqlite.close();

    expect(applyMigrations(file).applied[0]).toBe(SEQ_MIGRATION);
    const migrated = new Database(file);
    try {
      expect(migrated.prepare(`SELECT id, seq FROM "Open311Submission" ORDER BY id`).all()).toEqual(SEQ_EXPECTED);
      expect(() => migrated.prepare(`UPDATE "Open311Submission" SET seq = 1 WHERE id = 1`).run()).toThrow(/UNIQUE constraint failed/);
    } finally {
      migrated.close();
    }
  });
});
