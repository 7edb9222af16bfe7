import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { Prisma } from "~/generated/prisma/browser";
import { copySqliteToPostgres } from "~/lib/db-copy.server";
import { applyMigrations } from "~/lib/migrate.server";
import { readReferenceMarks, referenceMarkFile, writeReferenceMarks } from "~/lib/reference-marks.server";
import { runScript } from "../support/cli";
import { pickFreePort } from "../support/free-port";
import { createDatabase, postgresPrisma, queryPostgres } from "../support/postgres";

// Issue 18, "moving a city's data": `npm run db:copy` copies a SQLite Tindak database (the Palembang demo
// plus rows with awkward values) into an empty PostgreSQL database. What the app reads through Prisma on
// the copy must be exactly what it read on the SQLite file, the audit chain must verify there, new rows
// must get fresh ids and no reference acknowledged before the move may be issued again. A target that
// already holds rows is refused, and a copy that fails half-way leaves the target empty.

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-db-copy-"));
const sourceFile = path.join(scratch, "tindak.db");
const MODELS = Object.values(Prisma.ModelName);
// The data version (ADR 0030) is the target's own counter: the migrator makes its row, commits move it.
const COPIED_MODELS = MODELS.filter((model) => model !== "DataVersion");
const delegateOf = (client: PrismaClient, model: string) =>
  (client as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]>; count(): Promise<number> }>)[model[0]!.toLowerCase() + model.slice(1)]!;

let source: PrismaClient;
const targets: PrismaClient[] = [];
let mainUrl = "";
const extra = { photoComplaintId: 0, duplicateId: 0, newerId: 0 };
let marksAdu = 0;

const sql = queryPostgres;

/** Rows of every model, in a stable order whatever order the engine returns them in. */
async function everyRow(client: PrismaClient): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const model of COPIED_MODELS) {
    const rows = (await delegateOf(client, model).findMany()).map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v])),
    );
    all[model] = rows.map((row) => [JSON.stringify(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
  }
  return all;
}

async function rowCounts(url: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const model of COPIED_MODELS) counts[model] = Number((await sql<{ n: string }>(url, `SELECT count(*) AS n FROM "${model}"`))[0]!.n);
  return counts;
}

beforeAll(async () => {
  // The source as a city's server leaves it: migrated, the demo seeded, then rows the demo does not have.
  applyMigrations(sourceFile);
  process.env.DATABASE_URL = `file:${sourceFile}`;
  const { PrismaClient } = await import("~/generated/prisma/client");
  const { createAdapterFactory } = await import("~/lib/sqlite-adapter.server");
  source = new PrismaClient({ adapter: createAdapterFactory(sourceFile) });
  const { seedDemo } = await import("../../prisma/seed");
  await seedDemo(source);

  const unit = await source.unit.findFirstOrThrow({ orderBy: { id: "asc" } });
  const complaint = (ref: string, description: string) =>
    source.complaint.create({
      data: { ref, trackingHash: `hash-${ref}`, unitId: unit.id, category: "OTHER", privacy: "public", description, closedAt: null, moderatedAt: null },
    });
  // A complaint marked as the duplicate of a newer one: its row points forward in its own table.
  const duplicate = await complaint("ADU-2026-900001", "Loket tutup lebih awal — “antrean” 🙏 中文 ñ 'kutip' \"ganda\"\nbaris dua");
  const newer = await complaint("ADU-2026-900002", "Petugas meminta uang: Rp 50.000 😡");
  await source.complaint.update({ where: { id: duplicate.id }, data: { duplicateOfId: newer.id, status: "DUPLICATE" } });
  await source.attachment.create({
    data: { storageKey: "complaints/2026/11/ä-photo.webp", backend: "local", mime: "image/webp", bytes: 48213, width: 1280, height: 960, complaintId: newer.id, hiddenAt: null },
  });
  await source.complaintEvent.createMany({
    data: [
      { complaintId: newer.id, kind: "INFO", body: "Foto tambahan dari pelapor ✅", fromReporter: true, visibility: "REPORTER" },
      { complaintId: newer.id, kind: "NOTE", body: "Catatan internal", fromReporter: false, visibility: "INTERNAL" },
    ],
  });
  const contact = await source.channelContact.create({ data: { channel: "WHATSAPP", address: "+6281234567890", optedOutAt: null, draft: '{"deskripsi":"jalan rusak 🚧"}' } });
  await source.channelMedia.create({ data: { contactId: contact.id, bytes: new Uint8Array([0, 255, 1, 254, 0, 0, 137, 80, 78, 71]) } });
  const admin = await source.user.findFirstOrThrow({ where: { role: "ADMIN" } });
  await source.session.create({ data: { id: "sesi-ñ-1", userId: admin.id, expiresAt: new Date(Date.UTC(2026, 11, 31, 16, 59, 59, 999)), userAgent: null } });
  Object.assign(extra, { photoComplaintId: newer.id, duplicateId: duplicate.id, newerId: newer.id });

  // The high-water-mark file is ahead of the table (numbers acknowledged by a process whose backup was
  // restored, say): the copy must carry the higher number.
  const adu = await source.referenceCounter.findUniqueOrThrow({ where: { series_year: { series: "ADU", year: 2026 } } });
  marksAdu = adu.last + 50;
  writeReferenceMarks(referenceMarkFile(sourceFile), { "ADU-2026": marksAdu });
  mainUrl = await createDatabase(inject("pgAdminUrl"), "db_copy_main");
}, 120_000);

afterAll(async () => {
  await source?.$disconnect();
  for (const t of targets) await t.$disconnect();
  fs.rmSync(scratch, { recursive: true, force: true });
});

describe("npm run db:copy: a SQLite database into an empty PostgreSQL one", () => {
  it("a copy that fails half-way (a row PostgreSQL refuses) leaves the target empty", async () => {
    // A scratch copy of the source with one bad row in a late table: an escalation of a follow-up that
    // does not exist, as a SQLite file whose foreign keys were once off can hold.
    const broken = path.join(scratch, "broken.db");
    const sqlite = new Database(sourceFile, { readonly: true });
    await sqlite.backup(broken);
    sqlite.close();
    const edit = new Database(broken);
    edit.pragma("foreign_keys = OFF");
    edit.prepare(`INSERT INTO "Escalation" ("followUpId", "level", "createdAt") VALUES (999999, 1, ?)`).run(Date.now());
    edit.close();

    const log: string[] = [];
    await expect(copySqliteToPostgres({ from: `file:${broken}`, to: mainUrl, log: (line) => log.push(line) })).rejects.toThrow(
      /copying Escalation: .*foreign key constraint "Escalation_followUpId_fkey"/,
    );
    // Tables before it had been written (inside the transaction) when the bad row came…
    expect(log.some((line) => /^Complaint\s+\d+ rows/.test(line))).toBe(true);
    // …and nothing of them is left.
    const counts = await rowCounts(mainUrl);
    expect(Object.entries(counts).filter(([, n]) => n > 0)).toEqual([]);
  });

  it("copies every row of every model, ids kept, values as the app reads them on SQLite", async () => {
    const log: string[] = [];
    const result = await copySqliteToPostgres({ from: `file:${sourceFile}`, to: mainUrl, log: (line) => log.push(line) });
    const target = await postgresPrisma(mainUrl);
    targets.push(target);

    const expected = await everyRow(source);
    const copied = await everyRow(target);
    // ReferenceCounter is compared on its own below: the copy raises it to the high-water marks.
    const { ReferenceCounter: expectedCounters, ...expectedRest } = expected;
    const { ReferenceCounter: copiedCounters, ...copiedRest } = copied;
    expect(copiedRest).toEqual(expectedRest);
    expect(Object.keys(expected)).toHaveLength(MODELS.length - 1);
    expect(result.tables.map((t) => t.table).sort()).toEqual([...COPIED_MODELS].sort());
    for (const model of COPIED_MODELS) expect(result.tables.find((t) => t.table === model)!.rows).toBe(expected[model]!.length);
    expect(result.rows).toBe(Object.values(expected).reduce((sum, rows) => sum + rows.length, 0));
    expect(log.filter((line) => /^\w+\s+\d+ rows/.test(line))).toHaveLength(COPIED_MODELS.length);
    // The copy's commit moved the target's data version: no server keeps serving a page cached before it.
    expect((await target.dataVersion.findUniqueOrThrow({ where: { id: 1 } })).version).toBeGreaterThan(0);

    // The awkward rows, read back the way the app reads them.
    const duplicate = await target.complaint.findUniqueOrThrow({ where: { id: extra.duplicateId } });
    expect(duplicate.duplicateOfId).toBe(extra.newerId);
    expect(duplicate.description).toContain("🙏 中文 ñ 'kutip' \"ganda\"\nbaris dua");
    expect(duplicate.closedAt).toBeNull();
    const photo = await target.attachment.findFirstOrThrow({ where: { complaintId: extra.photoComplaintId } });
    expect(photo).toMatchObject({ storageKey: "complaints/2026/11/ä-photo.webp", mime: "image/webp", bytes: 48213 });
    const events = await target.complaintEvent.findMany({ where: { complaintId: extra.photoComplaintId }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.fromReporter)).toEqual([true, false]);
    const media = await target.channelMedia.findFirstOrThrow();
    expect([...media.bytes]).toEqual([0, 255, 1, 254, 0, 0, 137, 80, 78, 71]);
    const session = await target.session.findUniqueOrThrow({ where: { id: "sesi-ñ-1" } });
    expect(session.expiresAt.toISOString()).toBe("2026-12-31T16:59:59.999Z");

    // Reference counters: the table's numbers, raised to the marks file where that is higher.
    const marks = readReferenceMarks(referenceMarkFile(sourceFile));
    expect(marks["ADU-2026"]).toBe(marksAdu);
    const byKey = (rows: unknown[]) => Object.fromEntries((rows as { series: string; year: number; last: number }[]).map((r) => [`${r.series}-${r.year}`, r.last]));
    const want = byKey(expectedCounters!);
    for (const [key, last] of Object.entries(marks)) want[key] = Math.max(want[key] ?? 0, last);
    expect(byKey(copiedCounters!)).toEqual(want);
    expect(result.referenceMarksRaised).toEqual({ "ADU-2026": marksAdu });
  });

  it("the audit chain verifies on the copy", async () => {
    const { verifyAuditChain, auditHead } = await import("~/lib/audit.server");
    const target = targets[0]!;
    const onSource = await verifyAuditChain(source);
    const onCopy = await verifyAuditChain(target);
    expect(onSource.ok).toBe(true);
    expect(onCopy).toEqual(onSource);
    expect(onCopy.rows).toBeGreaterThan(1000);
    expect(await auditHead(target)).toEqual(await auditHead(source));
    // The copy is still append-only.
    await expect(sql(mainUrl, `UPDATE "AuditEvent" SET "action" = 'x' WHERE "id" = 1`)).rejects.toThrow(/append-only/);
  });

  it("the copy's tables have planner statistics at once, gathered by the copy itself", async () => {
    // last_analyze is set by an ANALYZE command only (autovacuum's own runs set last_autoanalyze), and
    // reltuples stays -1 until a table was analyzed: the first visitors after a move get plans for its rows.
    const stats = await sql<{ relname: string; analyzed: boolean; reltuples: number }>(
      mainUrl,
      `SELECT s.relname, s.last_analyze IS NOT NULL AS analyzed, c.reltuples::float AS reltuples
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname IN ('Complaint', 'FollowUp', 'Unit')`,
    );
    expect(stats.map((t) => [t.relname, t.analyzed]).sort()).toEqual([["Complaint", true], ["FollowUp", true], ["Unit", true]]);
    const complaints = stats.find((t) => t.relname === "Complaint")!;
    expect(complaints.reltuples).toBe(await source.complaint.count());
  });

  it("a new row on the copy gets an id above the copied ones, in every table with a serial id", async () => {
    const target = targets[0]!;
    const maxUnit = (await source.unit.aggregate({ _max: { id: true } }))._max.id!;
    const unit = await target.unit.create({ data: { slug: "upt-baru", name: "UPT Baru", type: "OTHER", kecamatanCode: "16.71.01" } });
    expect(unit.id).toBe(maxUnit + 1);
    const serials = await sql<{ table_name: string; column_name: string; sequence: string }>(
      mainUrl,
      `SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), column_name) AS sequence FROM information_schema.columns
       WHERE table_schema = current_schema() AND pg_get_serial_sequence(quote_ident(table_name), column_name) IS NOT NULL`,
    );
    expect(serials.length).toBeGreaterThan(20);
    for (const s of serials) {
      const [row] = await sql<{ next: string; max: string | null }>(mainUrl, `SELECT nextval($1) AS next, (SELECT max("${s.column_name}") FROM "${s.table_name}") AS max`, [s.sequence]);
      expect({ table: s.table_name, above: Number(row!.next) > Number(row!.max ?? 0) }).toEqual({ table: s.table_name, above: true });
    }
  });
});

describe("npm run db:copy on the command line", () => {
  // One database copied through the command line, then refused and verified by the next two tests.
  const cli = { url: "", counts: {} as Record<string, number> };

  it("copies, printing the rows of each table and the time, exit code 0", async () => {
    cli.url = await createDatabase(inject("pgAdminUrl"), "db_copy_cli");
    const run = await runScript("scripts/db-copy.ts", ["--from", `file:${sourceFile}`, "--to", cli.url]);
    expect(run.out).toMatch(/\[db:copy\] Complaint\s+\d+ rows/);
    expect(run.out).toMatch(/\[db:copy\] done: \d+ rows in \d+ tables, \d+ ms/);
    expect(run.code).toBe(0);
    cli.counts = await rowCounts(cli.url);
    expect(cli.counts.Complaint).toBe(await source.complaint.count());
  });

  it("a second copy into the now full target is refused with exit code 2 and changes nothing", async () => {
    const run = await runScript("scripts/db-copy.ts", ["--from", `file:${sourceFile}`, "--to", cli.url]);
    expect(run.out).toMatch(/\[db:copy\] refused: target is not empty: table \w+ has \d+ rows/);
    expect(run.code).toBe(2);
    expect(await rowCounts(cli.url)).toEqual(cli.counts);
  });

  it("npm run audit:verify passes on the copy", async () => {
    // The operator's own check, run on the copy as on the SQLite file.
    const run = await runScript("scripts/audit-verify.ts", [], { env: { DATABASE_URL: cli.url } });
    expect(run.out).toMatch(new RegExp(`^ok: ${cli.counts.AuditEvent} audit event\\(s\\), chain intact`, "m"));
    expect(run.code).toBe(0);
  });

  it("a PostgreSQL that does not answer: one clear line and a non-zero exit", async () => {
    const port = await pickFreePort();
    const run = await runScript("scripts/db-copy.ts", ["--from", `file:${sourceFile}`, "--to", `postgresql://tindak:rahasia@127.0.0.1:${port}/tindak`]);
    expect(run.out).toContain(`[db:copy] failed, nothing was copied: cannot reach PostgreSQL at postgresql://tindak@127.0.0.1:${port}/tindak: connect ECONNREFUSED`);
    expect(run.out).not.toContain("rahasia");
    expect(run.out.trim().split("\n").filter((line) => line.includes("failed"))).toHaveLength(1);
    expect(run.code).toBe(1);
  });

  it("refuses a --from that is not a SQLite file and a --to that is not PostgreSQL, with exit code 2", async () => {
    const notSqlite = path.join(scratch, "notes.txt");
    fs.writeFileSync(notSqlite, "bukan basis data\n".repeat(100));
    const [badFrom, missingFrom, badTo] = await Promise.all([
      runScript("scripts/db-copy.ts", ["--from", notSqlite, "--to", mainUrl]),
      runScript("scripts/db-copy.ts", ["--from", `file:${path.join(scratch, "none.db")}`, "--to", mainUrl]),
      runScript("scripts/db-copy.ts", ["--from", `file:${sourceFile}`, "--to", "mysql://root@127.0.0.1/tindak"]),
    ]);
    expect(badFrom.out).toMatch(/refused: .*notes\.txt cannot be read as a SQLite database: .*file is not a database/);
    expect(missingFrom.out).toMatch(/refused: no SQLite database at .*none\.db/);
    expect(badTo.out).toContain('refused: --to must be a postgresql:// or postgres:// URL (got "mysql:…")');
    expect([badFrom.code, missingFrom.code, badTo.code]).toEqual([2, 2, 2]);
  });
});
