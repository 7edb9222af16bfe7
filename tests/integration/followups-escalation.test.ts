import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { escalationLevelFor, runEscalation } from "~/models/follow-up/escalation.server";
import { loadHolidaySet } from "~/lib/holidays.server";
import { workingDaysBetween } from "~/lib/working-days";
import { runScript } from "../support/cli";
import { demoUsers, makeFollowUp } from "../support/followups";

// Escalation is exactly once per follow-up and level, enforced by the database's unique key: running it
// twice, twice at once in one process, or in two processes on the same file escalates each item once.

let users: Awaited<ReturnType<typeof demoUsers>>;
beforeAll(async () => {
  users = await demoUsers();
});

const DAY = 86_400_000;

/** A follow-up whose deadline passed `workingDaysLate` working days before `now`. */
async function overdueFollowUp(now: Date, workingDaysLate: number, unitId = users.headSu2.unitId!) {
  const fu = await makeFollowUp({ unitId, createdById: users.inspector.id, instruction: `Terlambat ${workingDaysLate} hari kerja`, now: new Date(now.getTime() - 60 * DAY) });
  const holidays = await loadHolidaySet(db);
  // Walk back a day at a time until the deadline is that many working days behind now.
  let due = new Date(now.getTime() - 60_000);
  while (workingDaysBetween(due, now, holidays) < workingDaysLate) due = new Date(due.getTime() - DAY);
  await db.followUp.update({ where: { id: fu.id }, data: { dueAt: due, originalDueAt: due } });
  return fu.id;
}

/** Per follow-up: how many audit events each escalation level wrote (must be exactly one each). */
async function escalationAudits(ids: number[]) {
  const rows = await db.auditEvent.findMany({ where: { entityType: "FollowUp", entityId: { in: ids.map(String) }, action: { startsWith: "followup.escalate." } } });
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(`${r.entityId}:${r.action}`, (counts.get(`${r.entityId}:${r.action}`) ?? 0) + 1);
  return counts;
}

describe("escalation levels", () => {
  it("level 1 at the deadline, 2 after two more working days, 3 after five", async () => {
    const holidays = new Set<string>();
    const due = new Date("2026-11-23T23:59:59.999+07:00"); // Monday
    expect(escalationLevelFor(due, new Date("2026-11-23T20:00:00+07:00"), holidays)).toBe(0);
    expect(escalationLevelFor(due, new Date("2026-11-24T00:00:01+07:00"), holidays)).toBe(1);
    expect(escalationLevelFor(due, new Date("2026-11-25T08:00:00+07:00"), holidays)).toBe(2); // Wednesday
    expect(escalationLevelFor(due, new Date("2026-11-27T20:00:00+07:00"), holidays)).toBe(2); // Friday: 4
    expect(escalationLevelFor(due, new Date("2026-11-29T20:00:00+07:00"), holidays)).toBe(2); // Sunday: still 4
    expect(escalationLevelFor(due, new Date("2026-11-30T08:00:00+07:00"), holidays)).toBe(3); // Monday: 5
    // A holiday in between holds level 2 back by a day.
    expect(escalationLevelFor(due, new Date("2026-11-25T08:00:00+07:00"), new Set(["2026-11-25"]))).toBe(1);
  });
});

describe("exactly once", () => {
  it("run twice in a row, then twice at once: one escalation, one audit event and one message per item and level", async () => {
    const now = new Date();
    const ids = [await overdueFollowUp(now, 0), await overdueFollowUp(now, 3), await overdueFollowUp(now, 8)];
    const first = await runEscalation({ now });
    const mine = (r: typeof first) => r.escalated.filter((e) => ids.includes(e.followUpId));
    expect(mine(first).map((e) => `${e.followUpId}:${e.level}`).sort()).toEqual(
      [`${ids[0]}:1`, `${ids[1]}:1`, `${ids[1]}:2`, `${ids[2]}:1`, `${ids[2]}:2`, `${ids[2]}:3`].sort(),
    );
    const second = await runEscalation({ now });
    expect(mine(second)).toEqual([]);

    // Two more overdue items, escalated by two runs at the same time.
    const more = [await overdueFollowUp(now, 1), await overdueFollowUp(now, 6)];
    const [a, b] = await Promise.all([runEscalation({ now }), runEscalation({ now })]);
    const both = [...a.escalated, ...b.escalated].filter((e) => more.includes(e.followUpId)).map((e) => `${e.followUpId}:${e.level}`);
    expect(both.sort()).toEqual([`${more[0]}:1`, `${more[1]}:1`, `${more[1]}:2`, `${more[1]}:3`].sort());

    const all = [...ids, ...more];
    const rows = await db.escalation.findMany({ where: { followUpId: { in: all } } });
    expect(rows).toHaveLength(10);
    const audits = await escalationAudits(all);
    expect([...audits.values()].every((n) => n === 1)).toBe(true);
    expect(audits.size).toBe(10);

    // The unit head is reminded once per item at level 1; inspectors once per item at level 2 and 3.
    const head = users.headSu2.id;
    for (const id of all) {
      expect(await db.notification.count({ where: { userId: head, channel: "IN_APP", subject: { contains: `#${id} melewati` } } })).toBe(1);
    }
    expect(await db.notification.count({ where: { userId: users.inspector.id, channel: "EMAIL", subject: { contains: `#${ids[2]} ` } } })).toBe(2);

    const fu = await db.followUp.findUniqueOrThrow({ where: { id: ids[2] } });
    expect(fu.escalationLevel).toBe(3);
    expect(fu.overdueAt).not.toBeNull();
  });

  it("does not escalate answered or not-yet-due follow-ups", async () => {
    const now = new Date();
    const notDue = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const answered = await overdueFollowUp(now, 4);
    await db.followUp.update({ where: { id: answered }, data: { state: "ANSWERED" } });
    const run = await runEscalation({ now });
    expect(run.escalated.some((e) => e.followUpId === notDue.id || e.followUpId === answered)).toBe(false);
  });

  it("two processes (npm run escalate) on the same database file: each item and level once", async () => {
    const now = new Date();
    const ids = [await overdueFollowUp(now, 0, users.headAal.unitId!), await overdueFollowUp(now, 7, users.headAal.unitId!)];
    const escalate = () => runScript("scripts/escalate.ts");
    const [one, two] = await Promise.all([escalate(), escalate()]);
    expect(one.code, one.out).toBe(0);
    expect(two.code, two.out).toBe(0);
    const parse = (out: string) => JSON.parse(/escalated (\[.*\])/.exec(out)![1]!) as Array<{ followUpId: number; level: number }>;
    const union = [...parse(one.out), ...parse(two.out)].filter((e) => ids.includes(e.followUpId)).map((e) => `${e.followUpId}:${e.level}`);
    expect(union.sort()).toEqual([`${ids[0]}:1`, `${ids[1]}:1`, `${ids[1]}:2`, `${ids[1]}:3`].sort());
    const audits = await escalationAudits(ids);
    expect(audits.size).toBe(4);
    expect([...audits.values()].every((n) => n === 1)).toBe(true);
  }, 90_000);
});
