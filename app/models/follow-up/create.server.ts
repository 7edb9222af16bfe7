import type { Tx } from "~/lib/db.server";
import { appendAudit } from "~/lib/audit.server";
import { DomainError } from "~/lib/domain-error";
import { resolveDeadlineRule } from "~/lib/holidays.server";
import { enqueue, usersWithRole } from "~/lib/notify.server";
import { addWorkingDays } from "~/lib/working-days";
import { ROLE } from "~/models/policy.server";
import { newWorkMessage } from "./emails.server";

// The one place follow-ups are created, so a complaint sent to a unit, a sidak directive and an Open311
// request all get the same deadline rules, the same audit event and the same notice to the unit.

type CreateFollowUpInput = {
  sourceType: "FINDING" | "COMPLAINT";
  findingId?: number | null;
  complaintId?: number | null;
  unitId: number;
  /** What the unit must do. For confidential matters, the only text of the source the unit head sees. */
  instruction: string;
  category: string;
  severity?: string;
  /** Initial quantity (e.g. cards not handed over), for findings with a number. */
  quantity?: number | null;
  createdById: number;
  /** An explicit deadline set by the inspector; otherwise the deadline rule decides. */
  dueAt?: Date | null;
  now?: Date;
};

/** Deadlines for a new follow-up from the rule for its category and severity, in working days (WIB). */
export async function computeDeadlines(tx: Tx, category: string, severity: string, now: Date) {
  // Read through `tx`, never the shared client: inside a transaction the single SQLite connection is
  // held, so a query on `db` (the holiday cache when cold) would wait for this very transaction.
  const [rules, holidayRows] = await Promise.all([tx.deadlineRule.findMany(), tx.holiday.findMany({ select: { date: true } })]);
  const holidays: ReadonlySet<string> = new Set(holidayRows.map((h) => h.date));
  const rule = resolveDeadlineRule(rules, category, severity);
  return {
    ackDueAt: addWorkingDays(now, rule.ackDays, holidays),
    dueAt: addWorkingDays(now, rule.answerDays, holidays),
  };
}

/** Creates a follow-up inside the caller's transaction and records it in the audit trail. */
export async function createFollowUp(tx: Tx, input: CreateFollowUpInput) {
  const now = input.now ?? new Date();
  const severity = input.severity ?? "MEDIUM";
  const deadlines = await computeDeadlines(tx, input.category, severity, now);
  const dueAt = input.dueAt ?? deadlines.dueAt;
  if (dueAt.getTime() <= now.getTime()) throw new DomainError("fu.error.deadlineInPast", 400, "dueAt");
  const followUp = await tx.followUp.create({
    data: {
      sourceType: input.sourceType,
      findingId: input.findingId ?? null,
      complaintId: input.complaintId ?? null,
      unitId: input.unitId,
      instruction: input.instruction,
      category: input.category,
      severity,
      state: "OPEN",
      ackDueAt: deadlines.ackDueAt < dueAt ? deadlines.ackDueAt : dueAt,
      dueAt,
      originalDueAt: dueAt,
      quantity: input.quantity ?? null,
      outstandingQuantity: input.quantity ?? null,
      createdById: input.createdById,
      createdAt: now,
    },
  });
  await appendAudit(tx, {
    actorId: input.createdById,
    actorKind: "USER",
    action: "followup.create",
    entityType: "FollowUp",
    entityId: followUp.id,
    after: { unitId: followUp.unitId, sourceType: followUp.sourceType, dueAt: followUp.dueAt.toISOString(), state: "OPEN" },
    at: now,
  });
  // The unit head learns of new work at once. Only the instruction and the deadline: never the source's
  // reporter, whatever the complaint's privacy.
  await enqueue(tx, await usersWithRole(tx, ROLE.UNIT_HEAD, followUp.unitId), newWorkMessage(followUp, dueAt), now);
  return followUp;
}
