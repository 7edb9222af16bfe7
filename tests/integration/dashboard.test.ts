import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { invalidateHolidayCache } from "~/lib/holidays.server";
import { clearDashboardCache, getDashboard, getUnitPage, makePeriod, parsePeriod } from "~/models/dashboard.server";
import * as dashboardRoute from "~/routes/dashboard";
import * as unitRoute from "~/routes/units.$id";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";

// Dashboard figures against a small data set counted by hand, in a unit of its own (so the demo data
// does not move the numbers), and the public dashboard's promise: no identity, no confidential record.

const at = (iso: string) => new Date(`${iso}+07:00`);
const PERIOD = makePeriod("2026-09-01", "2026-09-30");
const NOW = at("2026-10-01T12:00:00");
let unitId: number;

beforeAll(async () => {
  const inspector = await db.user.findFirstOrThrow({ where: { role: "INSPECTOR" } });
  const unit = await db.unit.create({
    data: { slug: "uji-dasbor", name: "UPT Uji Dasbor", type: "DUKCAPIL", kecamatanCode: "16.71.99", address: "Jl. Uji No. 1", lat: -2.99, lng: 104.75 },
  });
  unitId = unit.id;
  // A holiday inside the period: working days skip it.
  await db.holiday.upsert({ where: { date: "2026-09-10" }, create: { date: "2026-09-10", name: "Libur uji", kind: "NATIONAL" }, update: {} });
  invalidateHolidayCache();

  let n = 0;
  const complaint = (privacy: string, category: string, createdAt: string) =>
    db.complaint.create({
      data: {
        ref: `ADU-2026-9${String(++n).padStart(5, "0")}`,
        trackingHash: `dash-test-${n}`,
        unitId,
        category,
        privacy,
        description: `Pengaduan uji dasbor nomor ${n}, rahasia pelapor Siti Rahasiawati.`,
        reporterName: `Pelapor Dasbor ${n}`,
        reporterPhone: "081200000000",
        reporterEmail: `pelapor.dasbor${n}@example.org`,
        createdAt: at(createdAt),
      },
    });
  const pub = await complaint("public", "WAITING_TIME", "2026-09-02T09:00:00");
  await complaint("public", "FACILITY", "2026-09-05T09:00:00");
  await complaint("public", "OTHER", "2026-09-20T09:00:00");
  await complaint("anonymous", "SERVICE_QUALITY", "2026-09-21T09:00:00");
  const secret = await complaint("confidential", "WAITING_TIME", "2026-09-22T09:00:00");
  await complaint("confidential", "EXTORTION", "2026-09-23T09:00:00");
  await complaint("public", "OTHER", "2026-08-20T09:00:00"); // before the period

  const fu = (o: {
    created: string;
    due: string;
    answered?: string;
    state: string;
    category?: string;
    outstanding?: number;
    escalation?: number;
    complaintId?: number;
  }) =>
    db.followUp.create({
      data: {
        sourceType: o.complaintId ? "COMPLAINT" : "FINDING",
        complaintId: o.complaintId ?? null,
        unitId,
        instruction: "Instruksi internal uji dasbor",
        category: o.category ?? "WAITING_TIME",
        state: o.state,
        ackDueAt: at(`${o.due}T23:59:59`),
        dueAt: at(`${o.due}T23:59:59`),
        originalDueAt: at(`${o.due}T23:59:59`),
        // Answered later in the day than created: day numbers must not carry the time of day.
        answeredAt: o.answered ? at(`${o.answered}T15:30:00`) : null,
        outstandingQuantity: o.outstanding ?? null,
        escalationLevel: o.escalation ?? 0,
        createdById: inspector.id,
        createdAt: at(`${o.created}T10:00:00`),
      },
    });
  // F1 on time, 2 working days (8, 9 Sep)
  await fu({ created: "2026-09-07", due: "2026-09-14", answered: "2026-09-09", state: "DONE", complaintId: pub.id });
  // F2 late, 5 working days (8, 9, 11, 14, 15; the 10th is a holiday)
  await fu({ created: "2026-09-07", due: "2026-09-14", answered: "2026-09-15", state: "DONE" });
  // F3 on time, 1 working day (9; the 10th is a holiday)
  await fu({ created: "2026-09-08", due: "2026-09-15", answered: "2026-09-10", state: "ANSWERED" });
  // F4 unanswered past its deadline: decided, late, overdue
  await fu({ created: "2026-09-09", due: "2026-09-16", state: "OPEN" });
  // F5 deadline still ahead: not decided, open, not overdue
  await fu({ created: "2026-09-28", due: "2026-10-05", state: "OPEN" });
  // F6 documents: on time, 1 working day; 7 cards still outstanding
  await fu({ created: "2026-09-10", due: "2026-09-17", answered: "2026-09-11", state: "ANSWERED", category: "UNDISTRIBUTED_DOCUMENT", outstanding: 7 });
  // F7 documents: unanswered, overdue, 5 outstanding, escalated to level 3 (red list)
  await fu({ created: "2026-09-14", due: "2026-09-21", state: "OPEN", category: "UNDISTRIBUTED_DOCUMENT", outstanding: 5, escalation: 3 });
  // F8 of a confidential complaint: on time, 3 working days (11, 14, 15); level 3; staff figures only
  await fu({ created: "2026-09-10", due: "2026-09-17", answered: "2026-09-15", state: "ANSWERED", complaintId: secret.id, escalation: 3 });
  // F9 done documents: on time, 1 working day; its 9 outstanding no longer count
  await fu({ created: "2026-09-01", due: "2026-09-08", answered: "2026-09-02", state: "DONE", category: "UNDISTRIBUTED_DOCUMENT", outstanding: 9 });
  clearDashboardCache();
});

describe("dashboard figures against a hand-counted data set", () => {
  it("public: counts, on-time share, median working days, open, overdue, documents outstanding", async () => {
    const d = await getDashboard(PERIOD, "public", { now: NOW });
    const row = d.units.find((u) => u.id === unitId)!;
    expect(row).toMatchObject({
      complaints: 4, // 3 public + 1 anonymous; confidential, EXTORTION and August not counted
      followUps: 8, // F1–F7, F9
      decided: 7, // F1, F2, F3, F4, F6, F7, F9
      onTime: 4, // F1, F3, F6, F9
      open: 5, // F3, F4, F5, F6, F7
      overdue: 2, // F4, F7
      outstandingDocuments: 12, // F6 7 + F7 5
    });
    expect(row.onTimeShare).toBeCloseTo(4 / 7, 10);
    expect(row.medianWorkingDays).toBe(1); // [1, 1, 1, 2, 5]
    expect(d.ranked.map((u) => u.id)).toContain(unitId);
    expect(d.redList.filter((r) => r.unitId === unitId).map((r) => r.instruction)).toEqual([null]); // F7 only, no internal text
    expect(d.overdue).toBeNull();
    const kec = d.kecamatan.find((k) => k.code === "16.71.99")!;
    expect(kec).toMatchObject({ units: 1, complaints: 4, decided: 7, onTime: 4, outstandingDocuments: 12, medianWorkingDays: 1 });
    const sept = d.trend.find((m) => m.month === "2026-09")!;
    const aug = d.trend.find((m) => m.month === "2026-08")!;
    expect(d.trend).toHaveLength(12);
    expect(sept.complaints).toBeGreaterThanOrEqual(4);
    expect(aug.complaints).toBeGreaterThanOrEqual(1);
  });

  it("staff: confidential complaints and their follow-ups are counted", async () => {
    const d = await getDashboard(PERIOD, "staff", { now: NOW });
    const row = d.units.find((u) => u.id === unitId)!;
    expect(row).toMatchObject({ complaints: 6, decided: 8, onTime: 5, open: 6, overdue: 2, outstandingDocuments: 12 });
    expect(row.onTimeShare).toBeCloseTo(5 / 8, 10);
    expect(row.medianWorkingDays).toBe(1.5); // [1, 1, 1, 2, 3, 5]
    expect(d.redList.filter((r) => r.unitId === unitId)).toHaveLength(2);
    expect(d.overdue!.filter((o) => o.unitId === unitId)).toHaveLength(2);
  });

  it("keeps units with fewer than 5 decided follow-ups out of the ranking", async () => {
    const d = await getDashboard(makePeriod("2026-09-01", "2026-09-08"), "public", { now: NOW });
    const row = d.units.find((u) => u.id === unitId)!;
    expect(row.decided).toBe(4); // F1, F2, F3, F9 created 1–8 Sep
    expect(d.ranked.some((u) => u.id === unitId)).toBe(false);
    expect(d.unranked.some((u) => u.id === unitId)).toBe(true);
  });

  it("parses the period from the query, with the last 90 days as default", () => {
    const now = at("2026-11-28T08:00:00");
    expect(parsePeriod(new URLSearchParams(), now).period).toMatchObject({ from: "2026-08-31", to: "2026-11-28", days: 90 });
    expect(parsePeriod(new URLSearchParams("from=2026-09-01&to=2026-09-30"), now).period).toMatchObject({ days: 30 });
    expect(parsePeriod(new URLSearchParams("from=2026-09-31"), now).invalid).toBe(true);
    expect(parsePeriod(new URLSearchParams("from=2026-10-01&to=2026-09-01"), now).invalid).toBe(true);
  });

  it("shows the same figures on the unit's page", async () => {
    const page = await getUnitPage(unitId, PERIOD, "public");
    expect(page!.figures).toMatchObject({ complaints: 4, outstandingDocuments: 12 });
    expect(page!.recentComplaints).toHaveLength(5); // 4 in the period + 1 in August; never the confidential two
  });
});

describe("public dashboard and unit page: no identity, no confidential record", () => {
  it("renders without any reporter name, phone or e-mail, nor confidential text", async () => {
    const identities = await db.complaint.findMany({
      where: { OR: [{ reporterName: { not: null } }, { reporterEmail: { not: null } }, { reporterPhone: { not: null } }] },
      select: { reporterName: true, reporterEmail: true, reporterPhone: true },
    });
    const needles = new Set<string>();
    for (const c of identities) for (const v of [c.reporterName, c.reporterEmail, c.reporterPhone]) if (v && v.length > 5) needles.add(v);
    const confidential = await db.complaint.findMany({ where: { OR: [{ privacy: "confidential" }, { category: "EXTORTION" }] }, select: { ref: true, description: true } });
    expect(needles.size).toBeGreaterThan(5);
    expect(confidential.length).toBeGreaterThan(0);

    const pages = [
      await run(dashboardRoute.loader, makeRequest("/dashboard")),
      await run(dashboardRoute.loader, makeRequest("/dashboard?from=2026-09-01&to=2026-09-30")),
      await run(unitRoute.loader, makeRequest(`/units/${unitId}?from=2026-09-01&to=2026-09-30`), { id: String(unitId) }),
    ];
    const demoUnit = await db.unit.findFirstOrThrow({ where: { slug: { contains: "su2" } } });
    pages.push(await run(unitRoute.loader, makeRequest(`/units/${demoUnit.id}`), { id: String(demoUnit.id) }));
    for (const res of pages) {
      expect(res.status).toBe(200);
      const text = await res.text();
      for (const needle of needles) expect(text).not.toContain(needle);
      for (const c of confidential) {
        expect(text).not.toContain(c.ref);
        // The seed's texts repeat across privacy levels; the test unit's texts are unique.
        if (c.description.startsWith("Pengaduan uji dasbor")) expect(text).not.toContain(c.description.slice(0, 30));
      }
      expect(text).not.toContain("Instruksi internal uji dasbor");
    }
  });

  it("gives inspectors the counted figures and their overdue list", async () => {
    const cookie = await cookieFor(DEMO.inspector);
    const res = await run(dashboardRoute.loader, makeRequest("/dashboard", { cookie }));
    const data = await res.json();
    expect(data.dashboard.audience).toBe("staff");
    expect(Array.isArray(data.dashboard.overdue)).toBe(true);
    const publicData = await (await run(dashboardRoute.loader, makeRequest("/dashboard"))).json();
    expect(publicData.dashboard.audience).toBe("public");
    expect(publicData.dashboard.overdue).toBeNull();
    expect(data.dashboard.totals.complaints).toBeGreaterThan(publicData.dashboard.totals.complaints);
  });

  it("shows both ends of the ranking with their true ranks by default, and every unit with ?all=1", async () => {
    const full = await getDashboard(parsePeriod(new URLSearchParams()).period, "public");
    type ShownRow = { id: number; rank: number | null };
    const load = async (url: string) => (await (await run(dashboardRoute.loader, makeRequest(url))).json()).dashboard;
    const short = await load("/dashboard");
    const all = await load("/dashboard?all=1");
    expect(all.ranked.map((u: ShownRow) => u.id)).toEqual(full.ranked.map((u) => u.id));
    expect(all.ranked.map((u: ShownRow) => u.rank)).toEqual(full.ranked.map((_, i) => i + 1));
    expect(all.unranked).toHaveLength(full.unranked.length);
    expect(all.redList).toHaveLength(full.redList.length);
    expect(short.rankedTotal).toBe(full.ranked.length);
    expect(short.unrankedTotal).toBe(full.unranked.length);
    const shown: ShownRow[] = [...short.ranked, ...short.rankedBottom];
    expect(shown.length).toBe(Math.min(full.ranked.length, full.ranked.length > 20 ? 20 : full.ranked.length));
    for (const u of shown) expect(full.ranked[u.rank! - 1]!.id).toBe(u.id);
    if (full.ranked.length > 0) expect(shown[0]!.rank).toBe(1);
    if (full.ranked.length > 20) expect(shown.at(-1)!.rank).toBe(full.ranked.length);
  });

  it("answers 404 for an unknown unit", async () => {
    const res = await run(unitRoute.loader, makeRequest("/units/999999"), { id: "999999" });
    expect(res.status).toBe(404);
  });
});
