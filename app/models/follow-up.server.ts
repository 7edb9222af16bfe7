import { db, type Tx } from "~/lib/db.server";
import { appendAudit } from "~/lib/audit.server";
import { loadHolidaySet, resolveDeadlineRule } from "~/lib/holidays.server";
import { addWorkingDays } from "~/lib/working-days";

// The FollowUp aggregate: work a unit must do by a deadline. This file is the one place follow-ups
// are created, so a complaint sent to a unit, a sidak directive and an Open311 request all get the
// same deadline rules.

export type CreateFollowUpInput = {
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
  const [rules, holidays] = await Promise.all([tx.deadlineRule.findMany(), loadHolidaySet(db)]);
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
  if (dueAt.getTime() <= now.getTime()) throw new Response("Batas waktu harus di masa depan.", { status: 400 });
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
  return followUp;
}
