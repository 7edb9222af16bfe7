import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { dataVersionForCache } from "~/lib/sql/index.server";
import { loadHolidaySet } from "~/lib/holidays.server";
import { unitScope } from "~/lib/permissions.server";
import { addWorkingDays } from "~/lib/working-days";
import { FOLLOW_UP_STATES, isOneOf, type Role } from "~/lib/codes";
import { FOLLOW_UP_PAGE_SIZE, followUpCounts, inboxItem, listFollowUps } from "~/models/follow-up/inbox.server";
import { type FollowUpFilters } from "~/models/follow-up/schema";
import { demoUsers } from "../support/followups";

// listFollowUps and followUpCounts moved from Prisma to prepared statements on the read-only connection
// (docs/decisions/0010). The Prisma version they replaced is kept here as the oracle: for every role and
// filter, on pages across both segments (owed work, then finished work), the raw version must answer
// exactly as it did — same rows, same order, same counts, same access rule.

type Actor = { id: number; role: Role; unitId: number | null };

// Only what a row of the inbox shows (issue 17: lean loader data).
const listSelect = {
  id: true,
  instruction: true,
  category: true,
  state: true,
  dueAt: true,
  escalationLevel: true,
  quantity: true,
  outstandingQuantity: true,
  unit: { select: { id: true, name: true } },
  extensions: { where: { state: "PENDING" }, select: { id: true } },
} as const;

async function prismaCounts(user: Actor, now: Date) {
  const scope = unitScope(user);
  const soon = addWorkingDays(now, 2, await loadHolidaySet(db));
  const [open, dueSoon, overdue] = await Promise.all([
    db.followUp.count({ where: { ...scope, state: "OPEN" } }),
    db.followUp.count({ where: { ...scope, state: "OPEN", dueAt: { gte: now, lte: soon } } }),
    db.followUp.count({ where: { ...scope, state: "OPEN", dueAt: { lt: now } } }),
  ]);
  return { open, dueSoon, overdue };
}

async function prismaList(user: Actor, filters: FollowUpFilters, now: Date) {
  const where: Record<string, unknown> = { ...unitScope(user) };
  if (user.role !== "UNIT_HEAD") {
    if (filters.unitId) where.unitId = filters.unitId;
    if (filters.kecamatan) where.unit = { kecamatanCode: filters.kecamatan };
  }
  if (filters.category) where.category = filters.category;
  if (filters.state && isOneOf(FOLLOW_UP_STATES, filters.state)) where.state = filters.state;
  if (filters.overdue) Object.assign(where, { state: "OPEN", dueAt: { lt: now } });
  const page = Math.max(1, Math.min(10_000, filters.page ?? 1));
  const skip = (page - 1) * FOLLOW_UP_PAGE_SIZE;
  const activeWhere = { AND: [where, { state: { not: "DONE" } }] };
  const doneWhere = { AND: [where, { state: "DONE" }] };
  const [activeCount, doneCount, counts] = await Promise.all([
    db.followUp.count({ where: activeWhere }),
    db.followUp.count({ where: doneWhere }),
    prismaCounts(user, now),
  ]);
  const active =
    skip < activeCount
      ? await db.followUp.findMany({ where: activeWhere, orderBy: [{ dueAt: "asc" }, { id: "asc" }], skip, take: FOLLOW_UP_PAGE_SIZE, select: listSelect })
      : [];
  const remaining = FOLLOW_UP_PAGE_SIZE - active.length;
  const done =
    remaining > 0
      ? await db.followUp.findMany({ where: doneWhere, orderBy: [{ closedAt: "desc" }, { id: "desc" }], skip: Math.max(0, skip - activeCount), take: remaining, select: listSelect })
      : [];
  const staff = user.role !== "UNIT_HEAD";
  const items = [...active, ...done].map(({ extensions, unit, ...f }) =>
    inboxItem({ ...f, unitName: unit.name, extensionPending: extensions.length > 0 }, staff, now),
  );
  const total = activeCount + doneCount;
  return { items, counts, total, page, pages: Math.max(1, Math.ceil(total / FOLLOW_UP_PAGE_SIZE)) };
}

const HOUR = 3_600_000;
const now = new Date();
let users: Awaited<ReturnType<typeof demoUsers>>;
let otherUnit: { id: number; kecamatanCode: string };

beforeAll(async () => {
  users = await demoUsers();
  const aal = users.headAal.unitId!;
  otherUnit = await db.unit.findUniqueOrThrow({ where: { id: users.headSu2.unitId! }, select: { id: true, kecamatanCode: true } });
  // Enough follow-ups in one unit for three pages: owed work with past, near and far deadlines (some
  // sharing a deadline, so the id decides), answered ones, and finished ones closed at the same instant,
  // at different instants, and one without a closing time.
  const states = ["OPEN", "OPEN", "ANSWERED", "DONE"] as const;
  const categories = ["UNDISTRIBUTED_DOCUMENT", "WAITING_TIME", "EXTORTION"];
  const data = Array.from({ length: 130 }, (_, i) => {
    const state = states[i % states.length]!;
    const dueAt = new Date(now.getTime() + ((i % 13) - 4) * 12 * HOUR);
    return {
      sourceType: "FINDING",
      unitId: i % 10 === 9 ? otherUnit.id : aal,
      // Some instructions longer than the list's preview, with characters outside the BMP near the cut.
      instruction: i % 4 === 1 ? `Tindak lanjut uji raw #${i} ${"🚨 antrean panjang ".repeat(12)}` : `Tindak lanjut uji raw #${i}`,
      category: categories[i % categories.length]!,
      severity: i % 2 ? "HIGH" : "MEDIUM",
      state,
      ackDueAt: dueAt,
      dueAt,
      originalDueAt: new Date(dueAt.getTime() - HOUR),
      overdueAt: state === "OPEN" && dueAt < now ? dueAt : null,
      closedAt: state === "DONE" ? (i === 3 ? null : new Date(now.getTime() - (i % 3) * HOUR)) : null,
      quantity: i % 5 === 0 ? 7 : null,
      outstandingQuantity: i % 5 === 0 ? 3 : null,
      escalationLevel: i % 3,
      createdById: users.inspector.id,
      createdAt: new Date(now.getTime() - 10 * 24 * HOUR),
    };
  });
  await db.followUp.createMany({ data });
  const made = await db.followUp.findMany({ where: { instruction: { startsWith: "Tindak lanjut uji raw #" } }, select: { id: true, dueAt: true }, orderBy: { id: "asc" } });
  // Pending extensions on some, a decided one on another (which must not count as pending).
  await db.extensionRequest.createMany({
    data: made.slice(0, 40).filter((_, i) => i % 7 === 0).flatMap((f, i) => [
      { followUpId: f.id, requestedById: users.headAal.id, reason: "uji", proposedDueAt: new Date(f.dueAt.getTime() + 48 * HOUR), previousDueAt: f.dueAt, state: i % 2 ? "REFUSED" : "PENDING" },
    ]),
  });
});

describe("the inbox on the read connection answers exactly as the Prisma version did", () => {
  const filterSets: FollowUpFilters[] = [
    {},
    { page: 2 },
    { page: 3 },
    { page: 4 },
    { category: "WAITING_TIME" },
    { state: "OPEN" },
    { state: "ANSWERED" },
    { state: "DONE" },
    { state: "DONE", page: 2 },
    { state: "bogus" },
    { overdue: true },
    { overdue: true, state: "DONE" },
    { overdue: true, category: "EXTORTION" },
  ];

  it("for a unit head (their unit only, unit filters ignored)", async () => {
    const head = users.headAal;
    for (const filters of [...filterSets, { unitId: otherUnit.id }, { kecamatan: otherUnit.kecamatanCode }]) {
      const got = await listFollowUps(head, filters, now);
      expect(got, JSON.stringify(filters)).toEqual(await prismaList(head, filters, now));
      const units = await db.followUp.findMany({ where: { id: { in: got.items.map((i) => i.id) } }, select: { unitId: true } });
      expect(units.every((f) => f.unitId === head.unitId)).toBe(true);
    }
    // The fixture really spans pages and both segments.
    const first = await listFollowUps(head, {}, now);
    expect(first.pages).toBeGreaterThanOrEqual(3);
    expect(first.items[0]!.overdue).toBe(true);
    expect(first.items.some((i) => i.extensionPending)).toBe(true);
  });

  it("for staff (all units, with unit and kecamatan filters)", async () => {
    for (const user of [users.inspector, users.admin]) {
      for (const filters of [...filterSets, { unitId: otherUnit.id }, { kecamatan: otherUnit.kecamatanCode }, { kecamatan: otherUnit.kecamatanCode, state: "DONE" }, { unitId: 999_999 }]) {
        expect(await listFollowUps(user, filters, now), `${user.role} ${JSON.stringify(filters)}`).toEqual(await prismaList(user, filters, now));
      }
    }
  });

  it("for a unit head without a unit: nothing at all", async () => {
    const orphan: Actor = { id: users.headAal.id, role: "UNIT_HEAD", unitId: null };
    const got = await listFollowUps(orphan, {}, now);
    expect(got).toEqual(await prismaList(orphan, {}, now));
    expect(got.total).toBe(0);
    expect(got.counts).toEqual({ open: 0, dueSoon: 0, overdue: 0 });
  });

  it("home page counts, including due within 2 working days", async () => {
    for (const user of [users.headAal, users.headSu2, users.inspector]) {
      const counts = await followUpCounts(user, now);
      expect(counts, user.email).toEqual(await prismaCounts(user, now));
    }
    expect((await followUpCounts(users.headAal, now)).dueSoon).toBeGreaterThan(0);
  });

  it("keeps its counts only while they hold: the clock making work overdue or due soon, and writes, show at once", async () => {
    // The counts are kept until the next write or the next deadline the clock reaches (issue 17): walk
    // the clock across the fixture's deadlines (every 12 hours from -2 to +4 days), to and fro, with and
    // without a write in between, and compare each answer with a fresh count.
    const steps = [0, 1, 5, 6, 11, 12, 13, 30, 47, 48, 49, 96, 97, 0, -1, 24].map((h) => new Date(now.getTime() + h * HOUR));
    for (const [i, at] of steps.entries()) {
      for (const user of [users.inspector, users.headAal]) {
        for (const filters of [{}, { overdue: true }, { overdue: true, page: 2 }]) {
          expect(await listFollowUps(user, filters, at), `${user.role} ${JSON.stringify(filters)} at +${(at.getTime() - now.getTime()) / HOUR}h`).toEqual(
            await prismaList(user, filters, at),
          );
        }
      }
      if (i === 8) {
        const one = await db.followUp.findFirstOrThrow({ where: { unitId: users.headAal.unitId!, state: "OPEN", dueAt: { gt: at } }, orderBy: { dueAt: "asc" } });
        const version = dataVersionForCache();
        await db.followUp.update({ where: { id: one.id }, data: { dueAt: new Date(at.getTime() - HOUR) } });
        // On PostgreSQL the new data version reaches this process by NOTIFY, a moment after the commit.
        await expect.poll(() => dataVersionForCache()).not.toBe(version);
      }
    }
  });

  it("sees a change committed through Prisma at once", async () => {
    const before = await followUpCounts(users.headAal, now);
    const one = await db.followUp.findFirstOrThrow({ where: { unitId: users.headAal.unitId!, state: "OPEN", dueAt: { lt: now } } });
    await db.followUp.update({ where: { id: one.id }, data: { state: "ANSWERED" } });
    const after = await followUpCounts(users.headAal, now);
    expect(after).toEqual({ open: before.open - 1, dueSoon: before.dueSoon, overdue: before.overdue - 1 });
  });
});
