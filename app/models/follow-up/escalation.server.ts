import { db, type Db } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { loadHolidaySet } from "~/lib/holidays.server";
import { enqueue, usersWithRole } from "~/lib/notify.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { insertEscalationLevel } from "~/lib/sql/writes/channels.server";
import { instructionPreview } from "~/lib/text";
import { workingDaysBetween } from "~/lib/working-days";
import { isOverdueFollowUp, overdueFollowUpWhere, ROLE, unitScope, type Actor } from "~/models/policy.server";
import { escalationMessage } from "./emails.server";
import { VersionCache } from "~/lib/version-cache.server";

// Escalation of overdue follow-ups (issue 5), run every 5 minutes in the server and by `npm run escalate`.
//   level 1: the deadline passed → the follow-up is marked overdue and the unit head is reminded at once;
//   level 2: 2 more working days → the inspectors are told;
//   level 3: 5 working days after the deadline → it goes on the public red list (escalationLevel = 3).
// Exactly once per follow-up and level, enforced by the database: the Escalation row is inserted FIRST
// with ON CONFLICT DO NOTHING (unique followUpId + level), and only the run whose insert changed a row
// writes the audit event and the notifications, in the same transaction. Two runs at once, in one
// process or two, or on two app servers sharing one PostgreSQL, cannot both win: the loser's insert
// waits for the winner's commit on the unique key, then changes nothing, and it writes nothing else.
// Inserting first also takes SQLite's write lock before any read in the transaction, so a second
// process waits (busy_timeout) instead of failing on a lock upgrade; on PostgreSQL the transaction
// takes the writers' advisory lock just before it (auditedTransaction), for the audit chain.

const LEVEL_2_AFTER_WORKING_DAYS = 2;
const LEVEL_3_AFTER_WORKING_DAYS = 5;

/** The level a follow-up overdue since `dueAt` has reached at `now` (0 when not yet due). */
export function escalationLevelFor(dueAt: Date, now: Date, holidays: ReadonlySet<string>): 0 | 1 | 2 | 3 {
  if (now.getTime() <= dueAt.getTime()) return 0;
  const late = workingDaysBetween(dueAt, now, holidays);
  if (late >= LEVEL_3_AFTER_WORKING_DAYS) return 3;
  if (late >= LEVEL_2_AFTER_WORKING_DAYS) return 2;
  return 1;
}

type EscalationRun = { candidates: number; escalated: Array<{ followUpId: number; level: number }> };

export async function runEscalation(options: { now?: Date; client?: Db } = {}): Promise<EscalationRun> {
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const holidays = await loadHolidaySet(client);
  // Only overdue work is late (the policy's rule): an answer waiting for the inspector is not the unit's delay.
  const candidates = await client.followUp.findMany({
    where: { ...overdueFollowUpWhere(now), escalationLevel: { lt: 3 } },
    select: { id: true, dueAt: true, escalationLevel: true },
    orderBy: { dueAt: "asc" },
  });
  const escalated: EscalationRun["escalated"] = [];
  for (const candidate of candidates) {
    const target = escalationLevelFor(candidate.dueAt, now, holidays);
    for (let level = candidate.escalationLevel + 1; level <= target; level++) {
      if (await escalateOnce(client, candidate.id, level, now)) escalated.push({ followUpId: candidate.id, level });
    }
  }
  return { candidates: candidates.length, escalated };
}

/** One follow-up, one level. Returns true only for the run whose insert created the Escalation row. */
async function escalateOnce(client: Db, followUpId: number, level: number, now: Date): Promise<boolean> {
  return auditedTransaction(client, async (tx) => {
    const { changes } = await sqlEngine.onPrisma(tx).run(insertEscalationLevel(followUpId, level, now));
    if (changes !== 1) return false;
    const f = await tx.followUp.findUnique({
      where: { id: followUpId },
      select: { id: true, state: true, unitId: true, dueAt: true, instruction: true, overdueAt: true, escalationLevel: true, unit: { select: { name: true } } },
    });
    // Answered (or given more time) between the read and now: nothing to escalate; throwing rolls the insert back.
    if (!f || !isOverdueFollowUp(f, now)) throw new SkipEscalation();
    await tx.followUp.update({
      where: { id: f.id },
      data: { escalationLevel: Math.max(level, f.escalationLevel), overdueAt: f.overdueAt ?? now },
    });
    await appendAudit(tx, {
      actorKind: "SYSTEM",
      action: `followup.escalate.${level}`,
      entityType: "FollowUp",
      entityId: f.id,
      before: { escalationLevel: f.escalationLevel, overdueAt: f.overdueAt?.toISOString() ?? null },
      after: { escalationLevel: Math.max(level, f.escalationLevel), overdueAt: (f.overdueAt ?? now).toISOString() },
      at: now,
    });
    const recipients = level === 1 ? await usersWithRole(tx, ROLE.UNIT_HEAD, f.unitId) : await usersWithRole(tx, ROLE.INSPECTOR);
    await enqueue(tx, recipients, escalationMessage(f, level), now);
    return true;
  }).catch((error) => {
    if (error instanceof SkipEscalation) return false;
    throw error;
  });
}

class SkipEscalation extends Error {}

const ESCALATION_PAGE_SIZE = 25;
const escalationCounts = new VersionCache<number>(32);

/**
 * The inspectors' escalation list, a page of 25 at a time (issue 17), highest level first. The policy's
 * unit scope sits in the where with the page, so a unit head given this list would read their unit only.
 */
export async function listEscalations(viewer: Actor, filters: { level?: number; includeClosed?: boolean; page?: number } = {}) {
  const where = {
    ...unitScope(viewer),
    escalationLevel: filters.level ? filters.level : { gt: 0 },
    ...(filters.includeClosed ? {} : { state: { not: "DONE" } }),
  };
  const page = Math.max(1, filters.page ?? 1);
  const [total, rows] = await Promise.all([
    // The count holds until the next write: counting 30,000 escalated follow-ups cost more than the page.
    escalationCounts.get(JSON.stringify(where), async () => ({ value: await db.followUp.count({ where }) }), undefined),
    db.followUp.findMany({
      where,
      orderBy: [{ escalationLevel: "desc" }, { dueAt: "asc" }, { id: "asc" }],
      skip: (page - 1) * ESCALATION_PAGE_SIZE,
      take: ESCALATION_PAGE_SIZE,
      // Only what a row shows: the instruction is cut to its preview below.
      select: {
        id: true,
        instruction: true,
        category: true,
        state: true,
        dueAt: true,
        escalationLevel: true,
        unit: { select: { name: true } },
        escalations: { orderBy: { level: "asc" }, select: { level: true, createdAt: true } },
      },
    }),
  ]);
  const items = rows.map((r) => ({ ...r, instruction: instructionPreview(r.instruction) }));
  return { items, total, page, pages: Math.max(1, Math.ceil(total / ESCALATION_PAGE_SIZE)) };
}
