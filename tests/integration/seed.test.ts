import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrismaClient } from "~/generated/prisma/client";
import { verifyAuditChain } from "~/lib/audit.server";
import { sha256 } from "~/lib/crypto.server";
import { applyMigrations } from "~/lib/migrate.server";
import { createAdapterFactory } from "~/lib/sqlite-adapter.server";
import { PALEMBANG_BBOX } from "~/lib/codes";
import { workingDaysBetween } from "~/lib/working-days";
import { DEMO_TRACKING_CODES, seedDemo } from "../../prisma/seed";
import { seedBench } from "../../prisma/seed-bench";

// The demo seed on a fresh database of its own (not the shared base copy), so that what is tested is
// seedDemo itself: contents, determinism, idempotence. Plus a small seed:bench run.

const TMP = path.resolve("tests/.tmp");
const tag = `${process.pid}-${crypto.randomBytes(3).toString("hex")}`;
const files: string[] = [];
const clients: PrismaClient[] = [];

function freshDb(name: string) {
  fs.mkdirSync(TMP, { recursive: true });
  const file = path.join(TMP, `seed-${name}-${tag}.db`);
  files.push(file);
  applyMigrations(file);
  const client = new PrismaClient({ adapter: createAdapterFactory(file) });
  clients.push(client);
  return { file, client };
}

afterAll(async () => {
  for (const c of clients) await c.$disconnect().catch(() => undefined);
  for (const f of files) for (const s of ["", "-wal", "-shm"]) fs.rmSync(f + s, { force: true });
});

// A fixed anchor: a Saturday, like the day this was written; the history is laid out relative to it.
const NOW = Date.parse("2026-11-28T18:00:00+07:00");

describe("seedDemo", () => {
  let client: PrismaClient;

  // How long seeding takes is not asserted here (a loaded machine would fail it): `npm start` prints it.
  beforeAll(async () => {
    ({ client } = freshDb("demo"));
    const result = await seedDemo(client, { now: NOW });
    expect(result.seeded).toBe(true);
  }, 60_000);

  it("has the contract's units and their head accounts", async () => {
    const expected = [
      ["UPT Dukcapil Seberang Ulu Dua", "dukcapil-su2", "kepala.dukcapil-su2@demo.tindak.id", "16.71.03"],
      ["UPT Dukcapil Alang-Alang Lebar", "dukcapil-aal", "kepala.dukcapil-aal@demo.tindak.id", "16.71.15"],
      ["Puskesmas Nagaswidak", "puskesmas-nagaswidak", "kepala.puskesmas-nagaswidak@demo.tindak.id", "16.71.03"],
    ] as const;
    for (const [name, slug, email, kecamatanCode] of expected) {
      const unit = await client.unit.findUnique({ where: { slug }, include: { users: true } });
      expect(unit, slug).toMatchObject({ name, kecamatanCode, active: true });
      expect(unit!.users.map((u) => [u.email, u.role])).toContainEqual([email, "UNIT_HEAD"]);
    }
    const admin = await client.user.findUnique({ where: { email: "admin@demo.tindak.id" } });
    const inspector = await client.user.findUnique({ where: { email: "inspektur@demo.tindak.id" } });
    expect(admin).toMatchObject({ role: "ADMIN", unitId: null });
    expect(inspector).toMatchObject({ role: "INSPECTOR", unitId: null });
    expect(admin!.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("covers all 18 kecamatan of Palembang with official codes, plausibly placed", async () => {
    const units = await client.unit.findMany();
    expect(units.length).toBeGreaterThanOrEqual(40);
    expect(new Set(units.map((u) => u.kecamatanCode)).size).toBe(18);
    for (const u of units) {
      expect(u.kecamatanCode).toMatch(/^16\.71\.\d{2}$/);
      if (u.kelurahanCode) expect(u.kelurahanCode.startsWith(`${u.kecamatanCode}.`)).toBe(true);
      expect(u.kelurahanCode ?? "16.71.01.1001").toMatch(/^16\.71\.\d{2}\.\d{4}$/);
      expect(u.lat!).toBeGreaterThan(PALEMBANG_BBOX.minLat);
      expect(u.lat!).toBeLessThan(PALEMBANG_BBOX.maxLat);
      expect(u.lng!).toBeGreaterThan(PALEMBANG_BBOX.minLng);
      expect(u.lng!).toBeLessThan(PALEMBANG_BBOX.maxLng);
    }
    const dukcapil = units.filter((u) => u.type === "DUKCAPIL");
    expect(dukcapil).toHaveLength(18);
    for (const t of ["PUSKESMAS", "KECAMATAN", "KELURAHAN"]) expect(units.some((u) => u.type === t), t).toBe(true);
    // Seberang Ulu is the south bank of the Musi.
    const su2 = units.find((u) => u.slug === "dukcapil-su2")!;
    const ib2 = units.find((u) => u.slug === "dukcapil-ib2")!;
    expect(su2.lat!).toBeLessThan(ib2.lat!);
  });

  it("seeds holidays, deadline rules and checklist templates", async () => {
    expect(await client.holiday.findUnique({ where: { date: "2026-01-16" } })).toMatchObject({ name: "Isra Mi'raj Nabi Muhammad SAW" });
    expect(await client.holiday.findUnique({ where: { date: "2026-03-23" } })).toMatchObject({ kind: "CUTI_BERSAMA" });
    expect(await client.holiday.count({ where: { date: { startsWith: "2027-" } } })).toBeGreaterThan(10);
    expect(await client.deadlineRule.findUnique({ where: { category_severity: { category: "*", severity: "*" } } })).toMatchObject({ ackDays: 3, answerDays: 5 });
    const templates = await client.checklistTemplate.findMany({ include: { items: true } });
    expect(templates.map((t) => t.unitType).sort()).toEqual(["DUKCAPIL", "KECAMATAN", "KELURAHAN", "PUSKESMAS"]);
    const ektp = templates.find((t) => t.unitType === "DUKCAPIL")!.items.find((i) => i.numberUnit === "kartu");
    expect(ektp).toMatchObject({ asksOldestDate: true, findingCategory: "UNDISTRIBUTED_DOCUMENT" });
    const wait = templates.find((t) => t.unitType === "PUSKESMAS")!.items.find((i) => i.numberUnit === "menit");
    expect(wait).toBeTruthy();
  });

  it("tells the story of the news report", async () => {
    const finding = await client.finding.findFirst({
      where: { quantity: 1240, unit: { slug: "dukcapil-su2" } },
      include: { followUps: { include: { responses: { orderBy: { createdAt: "asc" } } } }, inspection: true },
    });
    expect(finding).toMatchObject({ category: "UNDISTRIBUTED_DOCUMENT", quantityUnit: "kartu" });
    expect(finding!.oldestDate!.getUTCFullYear()).toBe(2020);
    expect(finding!.directive).toBe("Serahkan seluruh KTP-el yang sudah jadi kepada warga, bekerja sama dengan kecamatan dan kelurahan");
    expect(finding!.inspection.status).toBe("SUBMITTED");
    const fu = finding!.followUps[0];
    expect(fu).toMatchObject({ state: "DONE", quantity: 1240, outstandingQuantity: 0 });
    expect(fu.responses.map((r) => [r.outstandingQuantity, r.verdict])).toEqual([
      [600, "REJECTED"],
      [0, "ACCEPTED"],
    ]);
    const aal = await client.finding.findFirst({ where: { unit: { slug: "dukcapil-aal" }, category: "UNDISTRIBUTED_DOCUMENT" }, include: { followUps: true } });
    expect(aal!.followUps[0].state).toBe("OPEN");
    expect(await client.finding.count({ where: { unit: { slug: "puskesmas-nagaswidak" }, category: "SERVICE_QUALITY" } })).toBeGreaterThan(0);
    expect(await client.finding.count({ where: { category: "EXTORTION" } })).toBeGreaterThan(0);
    expect(await client.inspectionComplaint.count()).toBeGreaterThan(0);
    expect(await client.inspection.count({ where: { status: "DRAFT" } })).toBe(1);
    expect(await client.inspection.count({ where: { status: "SUBMITTED" } })).toBeGreaterThanOrEqual(20);
  });

  it("has follow-ups in every state, overdue ones at levels 1, 2 and 3", async () => {
    const now = new Date(NOW);
    const holidays = new Set((await client.holiday.findMany()).map((h) => h.date));
    expect(await client.followUp.count({ where: { state: "OPEN", dueAt: { gt: now } } })).toBeGreaterThan(0);
    for (const level of [1, 2, 3]) {
      const fus = await client.followUp.findMany({ where: { state: "OPEN", escalationLevel: level }, include: { escalations: true } });
      expect(fus.length, `level ${level}`).toBeGreaterThan(0);
      for (const fu of fus) {
        expect(fu.overdueAt).not.toBeNull();
        expect(fu.escalations.map((e) => e.level).sort()).toEqual([1, 2, 3].slice(0, level));
        // The level matches what the escalation rule gives for the time past the deadline.
        const late = workingDaysBetween(fu.dueAt, now, holidays);
        expect(late >= 5 ? 3 : late >= 2 ? 2 : 1).toBe(level);
      }
    }
    // Every follow-up's level equals its escalation rows, and none is escalated before its deadline.
    const all = await client.followUp.findMany({ include: { escalations: true, responses: true, extensions: true } });
    for (const fu of all) {
      expect(fu.escalations).toHaveLength(fu.escalationLevel);
      expect(fu.dueAt.getTime()).toBeGreaterThan(fu.createdAt.getTime());
      if (fu.state === "DONE") expect(fu.responses.at(-1)?.verdict).toBe("ACCEPTED");
      if (fu.state === "ANSWERED") expect(fu.responses.at(-1)?.verdict).toBe("PENDING");
    }
    expect(all.some((f) => f.state === "DONE")).toBe(true);
    expect(all.some((f) => f.state === "ANSWERED")).toBe(true);
    expect(all.some((f) => f.sourceType === "FINDING") && all.some((f) => f.sourceType === "COMPLAINT")).toBe(true);
    // Rejected, then answered again and waiting for the verdict.
    expect(all.some((f) => f.state === "ANSWERED" && f.responses.some((r) => r.verdict === "REJECTED"))).toBe(true);
    // Extensions: approved (deadline moved, original kept), pending and refused.
    const approved = all.find((f) => f.extensions.some((e) => e.state === "APPROVED"))!;
    const ext = approved.extensions.find((e) => e.state === "APPROVED")!;
    expect(approved.dueAt).toEqual(ext.proposedDueAt);
    expect(approved.originalDueAt).toEqual(ext.previousDueAt);
    expect(approved.dueAt.getTime()).toBeGreaterThan(approved.originalDueAt.getTime());
    expect(all.some((f) => f.extensions.some((e) => e.state === "PENDING"))).toBe(true);
    expect(all.some((f) => f.extensions.some((e) => e.state === "REFUSED"))).toBe(true);
    // Each demo unit head has something in their inbox.
    for (const slug of ["dukcapil-su2", "dukcapil-aal", "puskesmas-nagaswidak"]) {
      expect(await client.followUp.count({ where: { unit: { slug }, state: { not: "DONE" } } }), slug).toBeGreaterThan(0);
    }
  });

  it("has complaints in every category, privacy and status, consistent with their history", async () => {
    const complaints = await client.complaint.findMany({ include: { events: { orderBy: { createdAt: "asc" } }, followUps: true } });
    expect(complaints.length).toBeGreaterThanOrEqual(120);
    expect(complaints.length).toBeLessThanOrEqual(200);
    const set = (f: (c: (typeof complaints)[number]) => string) => new Set(complaints.map(f));
    expect(set((c) => c.category)).toEqual(new Set(["UNDISTRIBUTED_DOCUMENT", "EXTORTION", "SERVICE_QUALITY", "WAITING_TIME", "FACILITY", "OTHER"]));
    expect(set((c) => c.privacy)).toEqual(new Set(["public", "anonymous", "confidential"]));
    expect(set((c) => c.status)).toEqual(new Set(["NEW", "VERIFIED", "REJECTED", "DUPLICATE", "SENT", "ANSWERED", "CLOSED"]));
    expect(set((c) => c.source)).toEqual(new Set(["WEB", "OPEN311"]));
    const refsByYear = new Map<string, number[]>();
    for (const c of complaints) {
      if (c.category === "EXTORTION") expect(c.privacy, c.ref).toBe("confidential");
      // Public and anonymous complaints in ADU, confidential and pungli ones in their own RHS series.
      expect(c.ref).toMatch(c.privacy === "confidential" || c.category === "EXTORTION" ? /^RHS-\d{4}-\d{6}$/ : /^ADU-\d{4}-\d{6}$/);
      const year = c.ref.slice(0, 8);
      refsByYear.set(year, [...(refsByYear.get(year) ?? []), Number(c.ref.slice(9))]);
      expect(c.trackingHash).toMatch(/^[0-9a-f]{64}$/);
      expect(c.createdAt.getTime()).toBeLessThan(NOW);
      expect(c.createdAt.getTime()).toBeGreaterThan(NOW - 370 * 86_400_000);
      expect(c.events[0].kind).toBe("CREATED");
      const lastStatus = c.events.filter((e) => e.statusTo).at(-1)!.statusTo;
      expect(lastStatus, c.ref).toBe(c.status);
      for (const e of c.events) expect(e.createdAt.getTime()).toBeLessThan(NOW);
      if (c.status === "REJECTED") expect(c.statusReason).toBeTruthy();
      if (c.status === "DUPLICATE") expect(c.duplicateOfId).toBeLessThan(c.id);
      if (c.status === "CLOSED") expect(c.closedAt).not.toBeNull();
      if (["SENT", "ANSWERED"].includes(c.status)) expect(c.followUps).toHaveLength(1);
      expect(c.meTooCount).toBe(c.events.filter((e) => e.kind === "ME_TOO").length);
    }
    // Per-series, per-year counters run 1, 2, 3… in creation order.
    for (const [, numbers] of refsByYear) expect(numbers.sort((a, b) => a - b)).toEqual(numbers.map((_, i) => i + 1));
    expect(complaints.some((c) => c.meTooCount > 0)).toBe(true);
    expect(complaints.filter((c) => c.reporterName).length).toBeGreaterThan(complaints.length / 2);
    const kinds = new Set(complaints.flatMap((c) => c.events.map((e) => e.kind)));
    for (const k of ["CREATED", "STATUS", "ANSWER", "CONFIRMED"]) expect(kinds.has(k), k).toBe(true);
  });

  it("makes the two demo tracking codes work", async () => {
    const pub = await client.complaint.findUnique({ where: { trackingHash: sha256(DEMO_TRACKING_CODES.public) }, include: { unit: true } });
    expect(pub).toMatchObject({ privacy: "public", status: "ANSWERED" });
    expect(pub!.unit.slug).toBe("dukcapil-su2");
    const pungli = await client.complaint.findUnique({ where: { trackingHash: sha256(DEMO_TRACKING_CODES.extortion) } });
    expect(pungli).toMatchObject({ category: "EXTORTION", privacy: "confidential", status: "SENT" });
  });

  it("leaves a valid, non-empty audit chain", async () => {
    const verdict = await verifyAuditChain(client as never);
    expect(verdict.ok).toBe(true);
    expect(verdict.rows).toBeGreaterThan(500);
  });

  it("does nothing when run again", async () => {
    const before = await Promise.all([client.unit.count(), client.user.count(), client.complaint.count(), client.auditEvent.count()]);
    const again = await seedDemo(client, { now: NOW });
    expect(again.seeded).toBe(false);
    expect(await Promise.all([client.unit.count(), client.user.count(), client.complaint.count(), client.auditEvent.count()])).toEqual(before);
  });

  it("is deterministic for the same anchor", async () => {
    const { client: other } = freshDb("demo2");
    await seedDemo(other, { now: NOW });
    const pick = (c: PrismaClient) =>
      c.complaint.findMany({ orderBy: { id: "asc" }, select: { ref: true, trackingHash: true, description: true, status: true, lat: true, createdAt: true } });
    expect(await pick(other)).toEqual(await pick(client));
    const fu = (c: PrismaClient) => c.followUp.findMany({ orderBy: { id: "asc" }, select: { state: true, dueAt: true, escalationLevel: true } });
    expect(await fu(other)).toEqual(await fu(client));
  }, 60_000);
});

describe("seed:bench", () => {
  it("fills a database with N complaints and proportional inspections, findings and follow-ups", async () => {
    fs.mkdirSync(TMP, { recursive: true });
    const file = path.join(TMP, `seed-bench-${tag}.db`);
    files.push(file);
    const result = await seedBench({ complaints: 2000, file, log: () => undefined });
    const sqlite = new Database(file, { readonly: true });
    try {
      const count = (table: string, where = "1 = 1") =>
        (sqlite.prepare(`SELECT COUNT(*) AS n FROM "${table}" WHERE ${where}`).get() as { n: number }).n;
      expect(count("Complaint")).toBe(2000);
      expect(count("Unit")).toBe(200);
      expect(count("Inspection")).toBe(100);
      expect(count("Finding")).toBe(400);
      expect(count("FollowUp")).toBe(500);
      expect(count("Response")).toBeGreaterThan(0);
      expect(count("Complaint", `category = 'EXTORTION' AND privacy <> 'confidential'`)).toBe(0);
      expect(count("Complaint", `lat < -3.1 OR lat > -2.8 OR lng < 104.6 OR lng > 104.9`)).toBe(0);
      expect(count("User", `email = 'kepala.dukcapil-su2@demo.tindak.id'`)).toBe(1);
      expect(sqlite.pragma("foreign_key_check")).toEqual([]);
      expect(result.counts).toMatchObject({ complaints: 2000, inspections: 100, findings: 400, followUps: 500 });
    } finally {
      sqlite.close();
    }
    const client = new PrismaClient({ adapter: createAdapterFactory(file) });
    clients.push(client);
    expect((await verifyAuditChain(client as never)).ok).toBe(true);
  }, 60_000);
});
