import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { PrismaClient } from "../app/generated/prisma/client";
import { PALEMBANG_BBOX } from "../app/lib/codes";
import { resolveDeadlineRule, type DeadlineRuleLike } from "../app/lib/holidays.server";
import { applyMigrations } from "../app/lib/migrate.server";
import { createAdapterFactory } from "../app/lib/sqlite-adapter.server";
import { wibDateKey } from "../app/lib/time";
import { formatReference } from "../app/lib/reference";
import { referenceSeriesFor } from "../app/models/policy.server";
import { RAISE_COUNTERS_FROM_COMPLAINTS_SQL } from "../app/models/reference.server";
import { addWorkingDays } from "../app/lib/working-days";
import { DEMO_PASSWORD, seedCore } from "./seed/core";
import { loadPalembang } from "./seed/palembang";
import { Rng } from "./seed/prng";

// `npm run seed:bench -- --complaints N [--db path]`: a database big enough to measure the app against
// (benchmarks, map clustering, dashboard queries). The reference data goes through Prisma like the demo;
// the volume goes through raw better-sqlite3 prepared statements in large transactions, because Prisma
// at a few thousand rows a second would need most of an hour for a million complaints.
// Deterministic: the same N gives the same rows (only the dates move with the current time).

const BENCH_SEED = 0x5eed_b3c4;
const TARGET_UNITS = 200;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const BATCH = 20_000; // rows per transaction: large enough to amortise commits, small enough for memory

export type BenchOptions = { complaints: number; file: string; now?: number; log?: (line: string) => void };
export type BenchResult = { ms: number; counts: Record<string, number> };

const CATEGORIES = ["UNDISTRIBUTED_DOCUMENT", "EXTORTION", "SERVICE_QUALITY", "WAITING_TIME", "FACILITY", "OTHER"] as const;
const FINDING_CATEGORIES = ["UNDISTRIBUTED_DOCUMENT", "EXTORTION", "SERVICE_QUALITY", "STAFF_ABSENCE", "FACILITY", "OTHER"] as const;
const DESCRIPTIONS: Record<string, string> = {
  UNDISTRIBUTED_DOCUMENT: "KTP-el sudah jadi tetapi belum diserahkan kepada warga.",
  EXTORTION: "Diminta uang di luar ketentuan untuk mempercepat layanan.",
  SERVICE_QUALITY: "Petugas tidak ramah dan tidak menerapkan senyum, sapa, salam.",
  WAITING_TIME: "Antrean sangat lama, menunggu lebih dari dua jam.",
  FACILITY: "Ruang tunggu kotor dan kursi kurang.",
  OTHER: "Jam layanan tidak sesuai pengumuman.",
};
const GIVEN = ["Ahmad", "Rizki", "Dewi", "Fitri", "Hendra", "Indah", "Joko", "Maya", "Nurul", "Putri", "Rudi", "Sari", "Taufik", "Wulan", "Yudi"];
const FAMILY = ["Saputra", "Pratama", "Wijaya", "Kusuma", "Hidayat", "Lestari", "Siregar", "Utami", "Halim", "Santoso", "Yusuf", "Tanjung"];

const clamp = (x: number, min: number, max: number) => Math.min(max, Math.max(min, x));

export async function seedBench(options: BenchOptions): Promise<BenchResult> {
  const started = Date.now();
  const log = options.log ?? console.log;
  const N = options.complaints;
  if (!Number.isInteger(N) || N < 0) throw new Error(`--complaints must be a whole number ≥ 0 (got ${N})`);
  const now = options.now ?? Date.now();
  const file = path.resolve(options.file);
  applyMigrations(file);
  // audit.server and auth.server load app/lib/db.server, whose environment check wants SESSION_SECRET
  // when NODE_ENV=production (the bench harness runs us that way). This process signs no sessions, so a
  // throw-away secret satisfies the check; imported late so it is set first.
  process.env.SESSION_SECRET ??= crypto.randomBytes(32).toString("base64url");
  const { auditHash, GENESIS_HASH } = await import("../app/lib/audit.server");
  const { hashPassword } = await import("../app/lib/auth.server");

  // Reference data through Prisma, exactly as the demo has it (units, accounts, rules, holidays, templates).
  const client = new PrismaClient({ adapter: createAdapterFactory(file) });
  try {
    if ((await client.unit.count()) === 0) {
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      await loadPalembang();
      await client.$transaction((tx) => seedCore(tx, { now, passwordHash }), { timeout: 120_000 });
      log("[bench] core reference data seeded");
    }
  } finally {
    await client.$disconnect();
  }

  const sqlite = new Database(file, { timeout: 10_000 });
  try {
    // Bulk-load settings for this connection only: the data is generated consistent, and a crash
    // mid-load just means running the bench seed again on a fresh file.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("foreign_keys = OFF");
    sqlite.pragma("cache_size = -200000");
    sqlite.pragma("temp_store = MEMORY");
    const rng = new Rng(BENCH_SEED);
    const counts: Record<string, number> = {};
    const maxId = (table: string) => Number((sqlite.prepare(`SELECT COALESCE(MAX(id), 0) AS m FROM "${table}"`).get() as { m: number }).m);

    // ---- Units up to 200: a kantor lurah for every kelurahan, then puskesmas pembantu.
    const kecamatan = await loadPalembang();
    const existingSlugs = new Set((sqlite.prepare(`SELECT slug FROM "Unit"`).all() as Array<{ slug: string }>).map((r) => r.slug));
    const candidates: Array<{ slug: string; name: string; type: string; kec: (typeof kecamatan)[number]; kel: { code: string; name: string } }> = [];
    for (const kec of kecamatan) {
      for (const kel of kec.kelurahan) {
        const slugPart = kel.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        candidates.push({ slug: `kelurahan-${slugPart}`, name: `Kantor Lurah ${kel.name}`, type: "KELURAHAN", kec, kel });
      }
    }
    for (const kec of kecamatan) {
      for (const kel of kec.kelurahan) {
        const slugPart = kel.name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
        candidates.push({ slug: `pustu-${slugPart}`, name: `Puskesmas Pembantu ${kel.name}`, type: "PUSKESMAS", kec, kel });
      }
    }
    const unitCount = () => Number((sqlite.prepare(`SELECT COUNT(*) AS n FROM "Unit"`).get() as { n: number }).n);
    const insertUnit = sqlite.prepare(
      `INSERT INTO "Unit" (slug, name, type, address, kecamatanCode, kelurahanCode, lat, lng, active, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
    );
    sqlite.transaction(() => {
      let missing = TARGET_UNITS - unitCount();
      for (const c of candidates) {
        if (missing <= 0) break;
        if (existingSlugs.has(c.slug)) continue;
        const lat = clamp(c.kec.lat + rng.float(-0.012, 0.012), PALEMBANG_BBOX.minLat, PALEMBANG_BBOX.maxLat);
        const lng = clamp(c.kec.lng + rng.float(-0.012, 0.012), PALEMBANG_BBOX.minLng, PALEMBANG_BBOX.maxLng);
        insertUnit.run(c.slug, c.name, c.type, `${c.name}, Kecamatan ${c.kec.name}, Palembang`, c.kec.code, c.kel.code, lat, lng, now - 400 * DAY, now - 400 * DAY);
        existingSlugs.add(c.slug);
        missing--;
      }
    })();
    const units = sqlite.prepare(`SELECT id, slug, type, lat, lng FROM "Unit" WHERE active = 1 ORDER BY id`).all() as Array<{
      id: number;
      slug: string;
      type: string;
      lat: number;
      lng: number;
    }>;
    counts.units = units.length;

    // Every unit gets a head so responses have an author (same demo password hash as the others).
    const hash = (sqlite.prepare(`SELECT passwordHash FROM "User" WHERE email = 'admin@demo.tindak.id'`).get() as { passwordHash: string } | undefined)
      ?.passwordHash;
    if (!hash) throw new Error("The bench database has units but no demo admin account: use a fresh file or the demo database.");
    const insertUser = sqlite.prepare(
      `INSERT OR IGNORE INTO "User" (email, name, passwordHash, role, unitId, locale, createdAt, updatedAt) VALUES (?, ?, ?, 'UNIT_HEAD', ?, 'id', ?, ?)`,
    );
    sqlite.transaction(() => {
      const withHead = new Set((sqlite.prepare(`SELECT DISTINCT unitId FROM "User" WHERE role = 'UNIT_HEAD' AND unitId IS NOT NULL`).all() as Array<{ unitId: number }>).map((r) => r.unitId));
      for (const u of units) if (!withHead.has(u.id)) insertUser.run(`kepala.${u.slug}@demo.tindak.id`, `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`, hash, u.id, now, now);
    })();
    const headByUnit = new Map<number, number>();
    for (const r of sqlite.prepare(`SELECT id, unitId FROM "User" WHERE role = 'UNIT_HEAD' ORDER BY id`).all() as Array<{ id: number; unitId: number }>) {
      if (!headByUnit.has(r.unitId)) headByUnit.set(r.unitId, r.id);
    }
    const inspectorId = (sqlite.prepare(`SELECT id FROM "User" WHERE role = 'INSPECTOR' ORDER BY id LIMIT 1`).get() as { id: number }).id;
    const holidays: ReadonlySet<string> = new Set((sqlite.prepare(`SELECT date FROM "Holiday"`).all() as Array<{ date: string }>).map((r) => r.date));
    const rules = sqlite.prepare(`SELECT category, severity, ackDays, answerDays FROM "DeadlineRule"`).all() as DeadlineRuleLike[];
    const templates = new Map<string, { id: number; items: Array<{ id: number; findingCategory: string }> }>();
    for (const t of sqlite.prepare(`SELECT id, unitType FROM "ChecklistTemplate" WHERE active = 1 ORDER BY id`).all() as Array<{ id: number; unitType: string }>) {
      if (templates.has(t.unitType)) continue;
      const items = sqlite.prepare(`SELECT id, findingCategory FROM "ChecklistItem" WHERE templateId = ? AND active = 1 ORDER BY position`).all(t.id) as Array<{ id: number; findingCategory: string }>;
      templates.set(t.unitType, { id: t.id, items });
    }

    // Deadlines repeat for the same day, category and severity: memoised, addWorkingDays is the hot spot.
    const dueCache = new Map<string, [number, number]>();
    const deadlines = (createdAt: number, category: string, severity: string): [number, number] => {
      const key = `${wibDateKey(createdAt)}|${category}|${severity}`;
      let hit = dueCache.get(key);
      if (!hit) {
        const rule = resolveDeadlineRule(rules, category, severity);
        hit = [addWorkingDays(new Date(createdAt), rule.ackDays, holidays).getTime(), addWorkingDays(new Date(createdAt), rule.answerDays, holidays).getTime()];
        dueCache.set(key, hit);
      }
      return hit;
    };

    // ---- Complaints, their events, and follow-ups for those sent to a unit.
    const insertComplaint = sqlite.prepare(
      `INSERT INTO "Complaint" (id, ref, trackingHash, unitId, category, privacy, description, status, statusReason, duplicateOfId,
        reporterName, reporterPhone, reporterEmail, lat, lng, source, meTooCount, createdAt, updatedAt, closedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEvent = sqlite.prepare(
      `INSERT INTO "ComplaintEvent" (complaintId, kind, body, statusFrom, statusTo, fromReporter, visibility, authorId, createdAt)
       VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    );
    const insertFollowUp = sqlite.prepare(
      `INSERT INTO "FollowUp" (id, sourceType, findingId, complaintId, unitId, instruction, category, severity, state, ackDueAt, dueAt,
        originalDueAt, acknowledgedAt, answeredAt, closedAt, quantity, outstandingQuantity, escalationLevel, overdueAt, createdById, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertResponse = sqlite.prepare(
      `INSERT INTO "Response" (followUpId, authorId, body, outstandingQuantity, verdict, verdictReason, verdictById, verdictAt, createdAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertEscalation = sqlite.prepare(`INSERT INTO "Escalation" (followUpId, level, createdAt) VALUES (?, ?, ?)`);

    // The complaint span grows with N so that no year needs more than ~500,000 refs (6 digits).
    const spanDays = 365 * Math.max(1, Math.ceil(N / 500_000));
    const refCounter = new Map<string, number>();
    // Numbered per series (ADU public, RHS confidential and pungli) and year, as the app does.
    const nextRef = (createdAt: number, c: { privacy: string; category: string }) => {
      const year = wibDateKey(createdAt).slice(0, 4);
      const series = referenceSeriesFor(c);
      const key = `${series}-${year}`;
      let n = refCounter.get(key);
      if (n === undefined) {
        const last = sqlite.prepare(`SELECT ref FROM "Complaint" WHERE ref LIKE ? ORDER BY ref DESC LIMIT 1`).get(`${key}-%`) as { ref: string } | undefined;
        n = last ? Number(last.ref.slice(9)) : 0;
      }
      n++;
      if (n > 999_999) throw new Error(`More than 999,999 complaints in ${year}`);
      refCounter.set(key, n);
      return formatReference(series, year, n);
    };

    const followUpBase = maxId("FollowUp");
    let followUpId = followUpBase;
    let responses = 0;
    let escalations = 0;
    let events = 0;

    // Writes the life of one follow-up (state, response, escalations) from a few random draws.
    const writeFollowUp = (f: {
      sourceType: string; findingId: number | null; complaintId: number | null; unitId: number; instruction: string;
      category: string; severity: string; createdAt: number; quantity: number | null;
    }) => {
      const id = ++followUpId;
      const [ackDueAt, dueAt] = deadlines(f.createdAt, f.category, f.severity);
      const age = now - f.createdAt;
      const r = rng.next();
      // Old follow-ups are mostly done; recent ones still open or answered.
      let state = age > 30 * DAY ? (r < 0.85 ? "DONE" : r < 0.9 ? "ANSWERED" : "OPEN") : r < 0.35 ? "DONE" : r < 0.6 ? "ANSWERED" : "OPEN";
      let answeredAt: number | null = null;
      let closedAt: number | null = null;
      if (state !== "OPEN") {
        answeredAt = Math.min(now - HOUR, f.createdAt + rng.int(1, 9) * DAY + rng.int(0, 8) * HOUR);
        if (answeredAt <= f.createdAt) state = "OPEN";
      }
      if (state === "DONE") {
        closedAt = Math.min(now - 30 * 60_000, answeredAt! + rng.int(1, 3) * DAY);
        if (closedAt <= answeredAt!) state = "ANSWERED";
      }
      if (state !== "DONE") closedAt = null;
      if (state === "OPEN") answeredAt = null;
      const lateAt = state === "OPEN" ? now : (answeredAt ?? now);
      let level = 0;
      let overdueAt: number | null = null;
      if (lateAt > dueAt) {
        overdueAt = dueAt + 5 * 60_000;
        const lateDays = (lateAt - dueAt) / DAY;
        level = lateDays > 7 ? 3 : lateDays > 3 ? 2 : 1;
      }
      const outstanding = f.quantity == null ? null : state === "DONE" ? 0 : state === "ANSWERED" ? Math.round(f.quantity * rng.float(0, 0.5)) : f.quantity;
      insertFollowUp.run(
        id, f.sourceType, f.findingId, f.complaintId, f.unitId, f.instruction, f.category, f.severity, state, ackDueAt, dueAt, dueAt,
        answeredAt ?? (state === "OPEN" && rng.chance(0.5) ? null : f.createdAt + DAY),
        answeredAt, closedAt, f.quantity, outstanding, level, overdueAt, inspectorId, f.createdAt, closedAt ?? answeredAt ?? f.createdAt,
      );
      for (let l = 1; l <= level; l++) {
        insertEscalation.run(id, l, dueAt + 5 * 60_000 + (l - 1) * 2 * DAY);
        escalations++;
      }
      if (answeredAt != null) {
        const head = headByUnit.get(f.unitId) ?? inspectorId;
        insertResponse.run(
          id, head, "Sudah ditindaklanjuti; bukti terlampir.", outstanding,
          state === "DONE" ? "ACCEPTED" : "PENDING", null, state === "DONE" ? inspectorId : null, state === "DONE" ? closedAt : null, answeredAt,
        );
        responses++;
      }
      return state;
    };

    const firstComplaintId = maxId("Complaint") + 1;
    const unitPicks = units.map((u) => ({ u, w: u.type === "DUKCAPIL" ? 6 : u.type === "PUSKESMAS" ? 4 : u.type === "KECAMATAN" ? 2 : 1 }));
    const totalW = unitPicks.reduce((s, p) => s + p.w, 0);
    const pickUnit = () => {
      let x = rng.next() * totalW;
      for (const p of unitPicks) if ((x -= p.w) < 0) return p.u;
      return unitPicks[unitPicks.length - 1].u;
    };

    const complaintPhase = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const id = firstComplaintId + i;
        const u = pickUnit();
        const category = CATEGORIES[Math.floor(rng.next() * CATEGORIES.length)];
        const privacy = category === "EXTORTION" ? "confidential" : rng.chance(0.55) ? "public" : rng.chance(0.8) ? "anonymous" : "confidential";
        const createdAt = now - Math.floor(rng.next() * spanDays * DAY) - HOUR;
        const age = now - createdAt;
        const r = rng.next();
        // Every 20th complaint is sent to its unit (N/20 complaint follow-ups; findings bring the other
        // N/5, so N/4 in all). Of the rest: rejected, duplicates, and verified ones that the reporter
        // later confirmed fixed (closed) or that still wait.
        const sent = i % 20 === 7;
        let status = sent
          ? "SENT"
          : age < 2 * DAY ? (r < 0.7 ? "NEW" : "VERIFIED")
          : r < 0.08 ? "REJECTED"
          : r < 0.14 ? "DUPLICATE"
          : age > 14 * DAY && r < 0.7 ? "CLOSED"
          : "VERIFIED";
        const named = rng.chance(0.8);
        const name = named ? `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}` : null;
        const lat = clamp(u.lat + rng.float(-0.01, 0.01), PALEMBANG_BBOX.minLat, PALEMBANG_BBOX.maxLat);
        const lng = clamp(u.lng + rng.float(-0.01, 0.01), PALEMBANG_BBOX.minLng, PALEMBANG_BBOX.maxLng);
        const decidedAt = Math.min(createdAt + rng.int(2, 48) * HOUR, now - 30 * 60_000);
        let closedAt: number | null = status === "CLOSED" ? Math.min(now - 60_000, decidedAt + rng.int(1, 10) * DAY) : null;
        const fuState = sent ? "pending" : null;
        const duplicateOfId = status === "DUPLICATE" && i > 0 ? firstComplaintId + Math.floor(rng.next() * i) : null;
        if (status === "DUPLICATE" && duplicateOfId == null) status = "VERIFIED";
        let answeredEventAt: number | null = null;
        if (fuState) {
          const state = writeFollowUp({
            sourceType: "COMPLAINT", findingId: null, complaintId: id, unitId: u.id,
            instruction: "Tindak lanjuti pengaduan warga ini dan laporkan langkah yang diambil.",
            category, severity: category === "EXTORTION" ? "HIGH" : "MEDIUM", createdAt: decidedAt, quantity: null,
          });
          status = state === "DONE" ? "CLOSED" : state === "ANSWERED" ? "ANSWERED" : "SENT";
          if (status !== "SENT") answeredEventAt = Math.min(now - HOUR, decidedAt + 2 * DAY);
          if (status === "CLOSED") closedAt = answeredEventAt! + 60_000;
        }
        insertComplaint.run(
          id, nextRef(createdAt, { privacy, category }), sha256(`bench:${BENCH_SEED}:${id}`), u.id, category, privacy, DESCRIPTIONS[category],
          status, status === "REJECTED" ? "Laporan tidak dapat diverifikasi." : null, duplicateOfId,
          name, named && rng.chance(0.8) ? `081299${String(rng.int(0, 999999)).padStart(6, "0")}` : null,
          named && rng.chance(0.4) ? `pelapor${id}@contoh.id` : null,
          lat, lng, rng.chance(0.05) ? "OPEN311" : "WEB", rng.chance(0.05) ? rng.int(1, 20) : 0, createdAt, closedAt ?? answeredEventAt ?? createdAt, closedAt,
        );
        insertEvent.run(id, "CREATED", null, "NEW", 1, "PUBLIC", null, createdAt);
        events++;
        if (status !== "NEW") {
          const first = fuState || status === "CLOSED" ? "VERIFIED" : status;
          insertEvent.run(id, "STATUS", "NEW", first, 0, status === "REJECTED" ? "REPORTER" : "PUBLIC", inspectorId, decidedAt);
          events++;
        }
        if (!fuState && status === "CLOSED") {
          insertEvent.run(id, "CONFIRMED", "VERIFIED", "CLOSED", 1, "REPORTER", null, closedAt);
          events++;
        }
        if (fuState) {
          insertEvent.run(id, "STATUS", "VERIFIED", "SENT", 0, "PUBLIC", inspectorId, decidedAt + 60_000);
          events++;
          if (answeredEventAt != null) {
            insertEvent.run(id, "ANSWER", "SENT", "ANSWERED", 0, "REPORTER", headByUnit.get(u.id) ?? null, answeredEventAt);
            events++;
          }
          if (status === "CLOSED") {
            insertEvent.run(id, "STATUS", "ANSWERED", "CLOSED", 0, "REPORTER", inspectorId, closedAt);
            events++;
          }
        }
      }
    });
    for (let from = 0; from < N; from += BATCH) {
      complaintPhase(from, Math.min(N, from + BATCH));
      if (N >= 200_000 && (from / BATCH) % 10 === 9) log(`[bench] ${from + BATCH} complaints…`);
    }
    counts.complaints = N;
    sqlite.exec(RAISE_COUNTERS_FROM_COMPLAINTS_SQL);

    // ---- Inspections (N/20) with checklist answers, findings (N/5) and their follow-ups.
    const nInspections = Math.round(N / 20);
    const nFindings = Math.round(N / 5);
    const insertInspection = sqlite.prepare(
      `INSERT INTO "Inspection" (id, unitId, inspectorId, templateId, startedAt, team, trigger, summary, status, submittedAt, score, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, 'ROUTINE', ?, 'SUBMITTED', ?, ?, ?, ?)`,
    );
    const insertAnswer = sqlite.prepare(`INSERT INTO "ChecklistAnswer" (inspectionId, itemId, result, number, note, updatedAt) VALUES (?, ?, ?, NULL, NULL, ?)`);
    const insertFinding = sqlite.prepare(
      `INSERT INTO "Finding" (id, inspectionId, unitId, itemId, category, severity, description, quantity, quantityUnit, oldestDate, directive, lat, lng, createdAt, updatedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const firstInspectionId = maxId("Inspection") + 1;
    let findingId = maxId("Finding");
    let answers = 0;
    let findingsWritten = 0;
    const inspectionPhase = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const id = firstInspectionId + i;
        const u = pickUnit();
        const startedAt = now - Math.floor(rng.next() * spanDays * DAY) - DAY;
        const submittedAt = startedAt + rng.int(60, 150) * 60_000;
        const template = templates.get(u.type);
        // Exactly N/5 findings over N/20 inspections: four each, give or take the rounding.
        const share = Math.floor(((i + 1) * nFindings) / nInspections) - Math.floor((i * nFindings) / nInspections);
        const failed = new Set<number>();
        let pass = 0;
        let fail = 0;
        for (const [k, item] of (template?.items ?? []).entries()) {
          const result = k < share ? "FAIL" : rng.chance(0.9) ? "PASS" : "NA";
          if (result === "FAIL") {
            failed.add(item.id);
            fail++;
          } else if (result === "PASS") pass++;
        }
        insertInspection.run(id, u.id, inspectorId, template?.id ?? null, startedAt, "Tim Inspektur", fail ? `${share} temuan.` : "Tidak ada temuan.",
          submittedAt, pass + fail ? Math.round((pass / (pass + fail)) * 1000) / 10 : null, startedAt, submittedAt);
        for (const item of template?.items ?? []) {
          insertAnswer.run(id, item.id, failed.has(item.id) ? "FAIL" : "PASS", submittedAt);
          answers++;
        }
        const items = template?.items ?? [];
        for (let k = 0; k < share; k++) {
          const fid = ++findingId;
          const item = items[k];
          const category = item?.findingCategory ?? FINDING_CATEGORIES[Math.floor(rng.next() * FINDING_CATEGORIES.length)];
          const severity = category === "EXTORTION" ? "CRITICAL" : rng.chance(0.3) ? "HIGH" : "MEDIUM";
          const quantity = category === "UNDISTRIBUTED_DOCUMENT" ? rng.int(10, 1500) : null;
          insertFinding.run(fid, id, u.id, item?.id ?? null, category, severity, "Temuan sidak.", quantity, quantity ? "kartu" : null,
            quantity ? startedAt - rng.int(30, 900) * DAY : null, "Tindak lanjuti temuan ini.", u.lat, u.lng, submittedAt, submittedAt);
          findingsWritten++;
          writeFollowUp({
            sourceType: "FINDING", findingId: fid, complaintId: null, unitId: u.id, instruction: "Tindak lanjuti temuan ini.",
            category, severity, createdAt: submittedAt + 60_000, quantity,
          });
        }
      }
    });
    for (let from = 0; from < nInspections; from += BATCH / 10) inspectionPhase(from, Math.min(nInspections, from + BATCH / 10));
    counts.inspections = nInspections;
    counts.checklistAnswers = answers;
    counts.findings = findingsWritten;
    counts.followUps = followUpId - followUpBase;
    counts.responses = responses;
    counts.escalations = escalations;
    counts.complaintEvents = events;

    // One audit event, chained onto whatever is there, so the chain records that bulk data was loaded.
    const last = sqlite.prepare(`SELECT hash FROM "AuditEvent" ORDER BY id DESC LIMIT 1`).get() as { hash: string } | undefined;
    const row = {
      prevHash: last?.hash ?? GENESIS_HASH,
      at: new Date(now),
      actorId: null,
      actorKind: "SYSTEM",
      action: "seed.bench",
      entityType: "System",
      entityId: "seed-bench",
      before: null,
      after: JSON.stringify({ complaints: N, inspections: nInspections, findings: findingsWritten }),
    };
    sqlite
      .prepare(`INSERT INTO "AuditEvent" (at, actorId, actorKind, action, entityType, entityId, before, after, prevHash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(now, null, row.actorKind, row.action, row.entityType, row.entityId, null, row.after, row.prevHash, auditHash(row));

    // No ANALYZE: the benchmarks measure the app with only the statistics the app gathers itself.
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    return { ms: Date.now() - started, counts };
  } finally {
    sqlite.close();
  }
}

function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

const USAGE = "usage: npm run seed:bench -- --db <file> [--complaints N]  (N defaults to 100000)";

function parseArgs(argv: string[]) {
  const get = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const n = Number(get("--complaints") ?? "100000");
  // --db is required: never DATABASE_URL, which names the app's own database.
  const file = get("--db");
  return file ? { complaints: n, file } : null;
}

/**
 * What is already in the file: bench data (to append to), nothing, or something else (refused: bench
 * rows must never land in a demo or real database). Bench data ends with a `seed.bench` audit event.
 */
export function benchTarget(file: string): { kind: "new" } | { kind: "bench"; complaints: number } | { kind: "other"; units: number; complaints: number } {
  if (!fs.existsSync(file)) return { kind: "new" };
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const has = (table: string) => Boolean(sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(table));
    if (!has("Unit")) return { kind: "new" };
    const count = (sql: string) => Number((sqlite.prepare(sql).get() as { n: number }).n);
    const units = count(`SELECT COUNT(*) AS n FROM "Unit"`);
    const complaints = count(`SELECT COUNT(*) AS n FROM "Complaint"`);
    const users = count(`SELECT COUNT(*) AS n FROM "User"`);
    if (units === 0 && complaints === 0 && users === 0) return { kind: "new" };
    const marked = count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'seed.bench'`) > 0;
    const demo = count(`SELECT COUNT(*) AS n FROM "AuditEvent" WHERE action = 'seed.demo'`) > 0;
    return marked && !demo ? { kind: "bench", complaints } : { kind: "other", units, complaints };
  } finally {
    sqlite.close();
  }
}

const invokedDirectly = process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const args = parseArgs(process.argv.slice(2));
  if (!args) {
    console.error(`[bench] ${USAGE}`);
    process.exit(1);
  }
  const file = path.resolve(args.file);
  const target = benchTarget(file);
  if (target.kind === "other") {
    console.error(
      `[bench] refusing: ${file} holds data that is not bench data (${target.units} units, ${target.complaints} complaints); give --db a new file.`,
    );
    process.exit(1);
  }
  console.log(
    target.kind === "bench"
      ? `[bench] appending ${args.complaints.toLocaleString("en")} complaints to the ${target.complaints.toLocaleString("en")} bench complaints already in ${file}`
      : `[bench] seeding ${args.complaints.toLocaleString("en")} complaints into a new database ${file}`,
  );
  const result = await seedBench(args);
  for (const [name, n] of Object.entries(result.counts)) console.log(`  ${name.padEnd(16)} ${n.toLocaleString("en")}`);
  console.log(`[bench] done in ${(result.ms / 1000).toFixed(1)} s`);
}
