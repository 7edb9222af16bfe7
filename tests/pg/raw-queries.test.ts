import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sqlEngine } from "~/lib/sql/index.server";
import { answerDaysPerUnit, complaintsPerMonth, complaintsPerUnit, followUpsPerMonth, followUpsPerUnit, openPerUnit } from "~/lib/sql/queries/dashboard.server";
import { nextDeadlineAt } from "~/lib/sql/queries/deadlines.server";
import { inboxCounts, inboxListCounts, inboxPage, inboxQuery } from "~/lib/sql/queries/follow-up-inbox.server";
import { complaintPoints, findingPoints, unitPoints } from "~/lib/sql/queries/map.server";
import { nearestActiveUnit, open311RequestByRef, open311RequestsByRef, open311RequestsInWindow, open311Updates } from "~/lib/sql/queries/open311.server";
import { activeFilterUnits, countPublicComplaints, publicListPage, publicListWhere } from "~/lib/sql/queries/public-list.server";
import { findLiveSession } from "~/lib/sql/queries/session.server";
import { insertAuditEvent, LAST_AUDIT_HASH } from "~/lib/sql/writes/audit.server";
import { bumpReferenceCounter, insertComplaint, insertCreatedEvent, referenceTaken } from "~/lib/sql/writes/complaint.server";
import { failuresForPair, insertLoginFailure, knownLoginAddress, rememberLoginAddress } from "~/lib/sql/writes/login.server";
import { unitScopeSql } from "~/models/policy.server";
import { postgresPrisma } from "../support/postgres";

// Issue 18, "raw SQL on both engines": the raw-SQL module's own queries (app/lib/sql/queries/ and
// writes/, the hot paths) run unchanged on PostgreSQL. The process's engine is the PostgreSQL one here
// (the module's `sqlEngine` and `dialect` replaced before any query module loads), the rows are made
// through the PostgreSQL Prisma client, and every query must return what the SQLite engine returns for
// the same rows: the integration suite checks those same functions on SQLite.

const pg = vi.hoisted(() => ({ url: "" }));

vi.mock("~/lib/sql/index.server", async (importOriginal) => {
  const actual = await importOriginal<typeof import("~/lib/sql/index.server")>();
  const { inject } = await import("vitest");
  const { createDatabase } = await import("../support/postgres");
  const { applyPostgresMigrations } = await import("~/lib/migrate-pg.server");
  const { createPostgresEngine } = await import("~/lib/sql/postgres/engine.server");
  pg.url = await createDatabase(inject("pgAdminUrl"), "raw_queries_on_postgres");
  await applyPostgresMigrations(pg.url);
  const engine = createPostgresEngine(pg.url);
  return { ...actual, sqlEngine: engine, dialect: engine.dialect };
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WIB = 7 * HOUR;
/** 2026-11-30 12:00 WIB. */
const NOW = Date.UTC(2026, 10, 30, 5, 0, 0);
const at = (ms: number) => new Date(ms);
const wibDay = (ms: number) => Math.floor((ms + WIB) / DAY);

let prisma: Awaited<ReturnType<typeof postgresPrisma>>;
const ids = { unitA: 0, unitB: 0, head: 0, inspector: 0, c1: 0, c2: 0, f1: 0, f2: 0, f3: 0, f4: 0, finding: 0 };
const times = { f1Due: NOW - DAY, f3Created: NOW - 2 * DAY, f3Answered: NOW - DAY, f4Created: NOW - 2 * DAY, f4Answered: NOW - 12 * HOUR, findingCreated: NOW - DAY };

beforeAll(async () => {
  expect(sqlEngine.dialect.name).toBe("postgresql");
  prisma = await postgresPrisma(pg.url);
  const unit = (slug: string, kecamatanCode: string, lat: number, lng: number, active = true) =>
    prisma.unit.create({ data: { slug, name: `UPT ${slug}`, type: "DUKCAPIL", kecamatanCode, lat, lng, active } });
  const unitA = await unit("a", "16.71.01", -2.97, 104.75);
  const unitB = await unit("b", "16.71.02", -2.99, 104.77);
  await unit("closed", "16.71.01", -2.98, 104.76, false);
  const head = await prisma.user.create({ data: { email: "head@example.test", name: "Kepala UPT A", passwordHash: "x", role: "UNIT_HEAD", unitId: unitA.id } });
  const inspector = await prisma.user.create({ data: { email: "inspektur@example.test", name: "Inspektur", passwordHash: "x", role: "INSPECTOR" } });
  await prisma.session.create({ data: { id: "s-live", userId: head.id, lastSeenAt: at(NOW - 60_000), expiresAt: at(NOW + HOUR) } });
  await prisma.session.create({ data: { id: "s-idle", userId: head.id, lastSeenAt: at(NOW - 2 * HOUR), expiresAt: at(NOW + HOUR) } });

  const complaint = (ref: string, unitId: number, privacy: string, category: string, createdAt: number, status = "NEW") =>
    prisma.complaint.create({
      data: { ref, trackingHash: `h-${ref}`, unitId, category, privacy, description: `Antrean panjang ${ref}`, status, lat: -2.97, lng: 104.75, createdAt: at(createdAt) },
    });
  const c1 = await complaint("ADU-2026-000001", unitA.id, "public", "WAITING_TIME", NOW - 3 * DAY);
  const c2 = await complaint("ADU-2026-000002", unitB.id, "public", "WAITING_TIME", NOW - DAY, "ANSWERED");
  await complaint("RHS-2026-000001", unitA.id, "confidential", "WAITING_TIME", NOW - 2 * DAY);
  await complaint("RHS-2026-000002", unitA.id, "public", "EXTORTION", NOW - 2 * DAY);
  await prisma.complaintEvent.create({
    data: { complaintId: c2.id, kind: "STATUS", statusFrom: "NEW", statusTo: "ANSWERED", body: "Sudah dijawab", visibility: "PUBLIC", createdAt: at(NOW - 12 * HOUR) },
  });

  const inspection = await prisma.inspection.create({ data: { unitId: unitA.id, inspectorId: inspector.id, startedAt: at(NOW - 2 * DAY), status: "SUBMITTED" } });
  const finding = await prisma.finding.create({
    data: { inspectionId: inspection.id, unitId: unitA.id, category: "SERVICE", severity: "HIGH", description: "Loket tutup", createdAt: at(times.findingCreated) },
  });
  const followUp = (data: { unitId: number; state: string; dueAt: number; createdAt: number; complaintId?: number; findingId?: number; answeredAt?: number; closedAt?: number }) =>
    prisma.followUp.create({
      data: {
        sourceType: data.findingId ? "FINDING" : "COMPLAINT",
        complaintId: data.complaintId,
        findingId: data.findingId,
        unitId: data.unitId,
        instruction: "Tambah loket",
        category: "SERVICE",
        state: data.state,
        ackDueAt: at(data.dueAt),
        dueAt: at(data.dueAt),
        originalDueAt: at(data.dueAt),
        answeredAt: data.answeredAt === undefined ? undefined : at(data.answeredAt),
        closedAt: data.closedAt === undefined ? undefined : at(data.closedAt),
        createdById: inspector.id,
        createdAt: at(data.createdAt),
      },
    });
  const f1 = await followUp({ unitId: unitA.id, complaintId: c1.id, state: "OPEN", dueAt: times.f1Due, createdAt: NOW - 3 * DAY });
  const f2 = await followUp({ unitId: unitA.id, findingId: finding.id, state: "OPEN", dueAt: NOW + DAY, createdAt: NOW - 2 * DAY });
  const f3 = await followUp({ unitId: unitB.id, state: "DONE", dueAt: NOW + 5 * DAY, createdAt: times.f3Created, answeredAt: times.f3Answered, closedAt: NOW - DAY });
  const f4 = await followUp({ unitId: unitA.id, state: "ANSWERED", dueAt: NOW + 10 * DAY, createdAt: times.f4Created, answeredAt: times.f4Answered });
  await prisma.extensionRequest.create({ data: { followUpId: f2.id, requestedById: head.id, reason: "Petugas cuti", proposedDueAt: at(NOW + 3 * DAY), previousDueAt: at(NOW + DAY) } });
  Object.assign(ids, { unitA: unitA.id, unitB: unitB.id, head: head.id, inspector: inspector.id, c1: c1.id, c2: c2.id, f1: f1.id, f2: f2.id, f3: f3.id, f4: f4.id, finding: finding.id });
});

afterAll(async () => {
  await prisma?.$disconnect();
  sqlEngine.close();
});

const byUnit = <Row extends { unitId: number }>(rows: Row[]) => [...rows].sort((a, b) => a.unitId - b.unitId);

describe("the raw-SQL module's queries on PostgreSQL", () => {
  it("finds a live session with its user, and none for a session idle too long", async () => {
    const live = await findLiveSession("s-live", NOW, NOW - 30 * 60_000);
    expect(live).toEqual({ sessionId: "s-live", lastSeenAt: at(NOW - 60_000), id: ids.head, email: "head@example.test", name: "Kepala UPT A", role: "UNIT_HEAD", unitId: ids.unitA, locale: "id" });
    expect(await findLiveSession("s-idle", NOW, NOW - 30 * 60_000)).toBeNull();
  });

  it("lists public complaints only, newest first, with their unit, and offers active units as filters", async () => {
    const where = publicListWhere({});
    expect(await countPublicComplaints(where)).toBe(2);
    const page = await publicListPage(where, 10, 0);
    expect(page.map((r) => [r.ref, r.unitId, r.createdAt])).toEqual([
      ["ADU-2026-000002", ids.unitB, at(NOW - DAY)],
      ["ADU-2026-000001", ids.unitA, at(NOW - 3 * DAY)],
    ]);
    expect((await publicListPage(publicListWhere({ kecamatan: "16.71.02" }), 10, 0)).map((r) => r.ref)).toEqual(["ADU-2026-000002"]);
    expect((await activeFilterUnits()).map((u) => u.name)).toEqual(["UPT a", "UPT b"]);
  });

  it("counts and pages the follow-up inbox within the viewer's unit scope", async () => {
    const soon = at(NOW + 2 * DAY);
    const everyUnit = unitScopeSql({ role: "INSPECTOR", unitId: null }, "f.unitId");
    const unitA = unitScopeSql({ role: "UNIT_HEAD", unitId: ids.unitA }, "f.unitId");
    expect(await inboxCounts(everyUnit, at(NOW), soon)).toEqual({ open: 2, dueSoon: 1, overdue: 1 });
    const query = inboxQuery(everyUnit, {}, at(NOW), soon);
    expect(await inboxListCounts(query)).toEqual({ open: 2, dueSoon: 1, overdue: 1, active: 3, done: 1 });
    expect(await inboxListCounts({ ...query, scope: unitA })).toMatchObject({ active: 3, done: 0 });
    const active = await inboxPage(query, "active", 10, 0);
    expect(active.map((r) => [r.id, r.extensionPending, r.dueAt])).toEqual([
      [ids.f1, false, at(times.f1Due)],
      [ids.f2, true, at(NOW + DAY)],
      [ids.f4, false, at(NOW + 10 * DAY)],
    ]);
    expect((await inboxPage(query, "done", 10, 0)).map((r) => r.id)).toEqual([ids.f3]);
    expect((await inboxPage(inboxQuery(everyUnit, { overdue: true }, at(NOW), soon), "active", 10, 0)).map((r) => r.id)).toEqual([ids.f1]);
    expect((await inboxPage(inboxQuery(everyUnit, { kecamatan: "16.71.02" }, at(NOW), soon), "done", 10, 0)).map((r) => r.id)).toEqual([ids.f3]);
  });

  it("puts public complaints, findings and active units on the map with their state", async () => {
    const filter = { publicOnly: true, overdueOnly: false };
    const points = await complaintPoints(filter, NOW);
    expect(points.map((p) => [p.id, p.state, p.createdAt]).sort()).toEqual(
      [
        [ids.c1, "overdue", NOW - 3 * DAY],
        [ids.c2, "answered", NOW - DAY],
      ].sort(),
    );
    expect((await complaintPoints({ ...filter, states: ["answered"] }, NOW)).map((p) => p.id)).toEqual([ids.c2]);
    expect((await complaintPoints({ ...filter, overdueOnly: true }, NOW)).map((p) => p.id)).toEqual([ids.c1]);
    expect((await complaintPoints({ ...filter, fromMs: NOW - 2 * DAY, kecamatan: "16.71.02" }, NOW)).map((p) => p.id)).toEqual([ids.c2]);
    const findings = await findingPoints(filter, NOW);
    expect(findings).toEqual([
      { id: ids.finding, lat: -2.97, lng: 104.75, state: "open", category: "SERVICE", unitId: ids.unitA, severity: "HIGH", createdAt: times.findingCreated, inspectionId: expect.any(Number) },
    ]);
    expect((await unitPoints({ kecamatan: "16.71.01" })).map((u) => u.id)).toEqual([ids.unitA]);
  });

  it("computes the dashboard's figures per unit and per WIB month", async () => {
    const scope = { publicOnly: false, now: NOW };
    const from = NOW - 7 * DAY;
    const to = NOW + 1;
    expect(byUnit(await complaintsPerUnit(scope, from, to))).toEqual([
      { unitId: ids.unitA, n: 3 },
      { unitId: ids.unitB, n: 1 },
    ]);
    expect(byUnit(await complaintsPerUnit({ ...scope, publicOnly: true }, from, to))).toEqual([
      { unitId: ids.unitA, n: 1 },
      { unitId: ids.unitB, n: 1 },
    ]);
    expect(byUnit(await followUpsPerUnit(scope, from, to))).toEqual([
      { unitId: ids.unitA, total: 3, decided: 2, onTime: 1, answered: 1 },
      { unitId: ids.unitB, total: 1, decided: 1, onTime: 1, answered: 1 },
    ]);
    expect(byUnit(await answerDaysPerUnit(scope, from, to))).toEqual([
      { unitId: ids.unitA, d0: wibDay(times.f4Created), d1: wibDay(times.f4Answered), n: 1 },
      { unitId: ids.unitB, d0: wibDay(times.f3Created), d1: wibDay(times.f3Answered), n: 1 },
    ]);
    expect(byUnit(await openPerUnit(scope))).toEqual([{ unitId: ids.unitA, open: 3, overdue: 1, outstanding: 0 }]);
    // WIB months: October's span holds nothing, November's everything (its end is the period's).
    const months = [
      { month: "2026-10", fromMs: Date.UTC(2026, 9, 1) - WIB, toMs: Date.UTC(2026, 10, 1) - WIB },
      { month: "2026-11", fromMs: Date.UTC(2026, 10, 1) - WIB, toMs: to },
    ];
    expect((await complaintsPerMonth(scope, months)).map((r) => ({ month: r.month, n: Number(r.n) }))).toEqual([
      { month: "2026-10", n: 0 },
      { month: "2026-11", n: 4 },
    ]);
    expect((await followUpsPerMonth(scope, months)).map((r) => ({ month: r.month, decided: Number(r.decided ?? 0), onTime: Number(r.onTime ?? 0) }))).toEqual([
      { month: "2026-10", decided: 0, onTime: 0 },
      { month: "2026-11", decided: 3, onTime: 2 },
    ]);
    // Until when those figures hold by the clock: f2's deadline (f3 and f4 are answered, f1's has passed).
    expect(await nextDeadlineAt(NOW)).toBe(NOW + DAY);
    expect(await nextDeadlineAt(NOW + DAY + 1)).toBeNull();
  });

  it("serves Open311 requests and updates of public complaints only, and finds the nearest active unit", async () => {
    const window = { from: at(NOW - 7 * DAY), to: at(NOW), categories: [], open: true, closed: true, limit: 10 };
    const requests = await open311RequestsInWindow(window);
    expect(requests.map((r) => [r.ref, r.unitName, r.dueAt, r.note, r.createdAt])).toEqual([
      ["ADU-2026-000002", "UPT b", null, "Sudah dijawab", at(NOW - DAY)],
      ["ADU-2026-000001", "UPT a", at(times.f1Due), null, at(NOW - 3 * DAY)],
    ]);
    expect((await open311RequestsInWindow({ ...window, categories: ["WAITING_TIME"], closed: false })).length).toBe(2);
    expect(await open311RequestByRef("RHS-2026-000001")).toBeUndefined();
    expect((await open311RequestsByRef(["ADU-2026-000001", "RHS-2026-000001", "RHS-2026-000002"])).map((r) => r.ref)).toEqual(["ADU-2026-000001"]);
    const updates = await open311Updates(at(NOW - 7 * DAY), at(NOW), 10);
    expect(updates.map((u) => [u.ref, u.statusTo, u.body, u.createdAt])).toEqual([["ADU-2026-000002", "ANSWERED", "Sudah dijawab", at(NOW - 12 * HOUR)]]);
    expect(await nearestActiveUnit(-2.99, 104.769)).toEqual({ id: ids.unitB, name: "UPT b" });
  });

  it("files a complaint's rows in one write transaction: the next reference, the new id, the audit link", async () => {
    const filed = await sqlEngine.groupWriteTransaction(async (tx) => {
      const { last } = (await tx.get<{ last: number }>(bumpReferenceCounter("ADU", 2026)))!;
      const second = (await tx.get<{ last: number }>(bumpReferenceCounter("ADU", 2026)))!.last;
      const ref = `ADU-2026-${String(second + 100).padStart(6, "0")}`;
      const row = { trackingHash: `h-${ref}`, unitId: ids.unitA, category: "WAITING_TIME", privacy: "public", description: "Antrean panjang sekali" };
      const nulls = { reporterName: null, reporterPhone: null, reporterEmail: null, reporterIpHash: null, reporterUserAgent: null, lat: null, lng: null, address: null, apiKeyId: null };
      const { lastInsertId } = await tx.run(insertComplaint({ ...row, ...nulls, ref, source: "WEB", now: at(NOW) }));
      await tx.run(insertCreatedEvent(lastInsertId, at(NOW)));
      const before = await tx.get<{ hash: string }>(LAST_AUDIT_HASH);
      const audit = { at: at(NOW), actorId: null, actorKind: "REPORTER", action: "complaint.create", entityType: "Complaint", entityId: String(lastInsertId), before: null, after: null };
      await tx.run(insertAuditEvent({ ...audit, prevHash: before?.hash ?? "genesis", hash: `hash-${lastInsertId}` }));
      return { numbers: [last, second], ref, id: lastInsertId, taken: await tx.get(referenceTaken(ref)), chainedTo: (await tx.get<{ hash: string }>(LAST_AUDIT_HASH))?.hash };
    });
    expect(filed.numbers).toEqual([1, 2]);
    expect(filed.taken).toBeDefined();
    expect(filed.chainedTo).toBe(`hash-${filed.id}`);
    const stored = await prisma.complaint.findUniqueOrThrow({ where: { id: filed.id }, include: { events: true } });
    expect([stored.ref, stored.status, stored.createdAt, stored.events.map((e) => [e.kind, e.fromReporter])]).toEqual([filed.ref, "NEW", at(NOW), [["CREATED", true]]]);
  });

  it("keeps the login throttle's rows: a failure's id and time, an address remembered once", async () => {
    const { id, pair } = await sqlEngine.writeTransaction(async (tx) => {
      const { lastInsertId } = await tx.run(insertLoginFailure("head@example.test", "ip-1", NOW - 1000));
      const row = (await tx.get<{ n: number; last: unknown }>(failuresForPair("head@example.test", "ip-1", NOW - HOUR)))!;
      await tx.run(rememberLoginAddress("head@example.test", "ip-1", NOW - 500));
      await tx.run(rememberLoginAddress("head@example.test", "ip-1", NOW));
      return { id: lastInsertId, pair: row };
    });
    expect(id).toBeGreaterThan(0);
    expect([pair.n, Number(pair.last)]).toEqual([1, NOW - 1000]);
    expect(await sqlEngine.read.get(knownLoginAddress("head@example.test", "ip-1"))).toBeDefined();
    const addresses = await prisma.loginAddress.findMany({ where: { email: "head@example.test" } });
    expect(addresses.map((a) => a.lastSeenAt)).toEqual([at(NOW)]);
  });
});
