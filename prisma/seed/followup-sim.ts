import { addWorkingDays } from "../../app/lib/working-days";
import { resolveDeadlineRule } from "../../app/lib/holidays.server";
import { wibDateKey } from "../../app/lib/time";
import type { CoreContext } from "./core";
import { atKey, MINUTE, wdForward } from "./timeline";

// Plays a follow-up's life forward in time, the way the app would have: deadlines from the rules and
// holidays, escalation levels reached while it sat open past its deadline, deadlines moved by an
// approved extension or a rejected answer. The demo history then obeys the same rules the app checks,
// instead of hand-typed states that could contradict each other.

export type Step =
  | { kind: "ack"; at: Date }
  | { kind: "answer"; at: Date; body: string; outstanding?: number | null }
  | { kind: "verdict"; at: Date; accept: boolean; reason?: string }
  | { kind: "extension"; at: Date; reason: string; proposedDueAt: Date }
  | { kind: "extensionDecision"; at: Date; approve: boolean; note: string };

export type AuditEntry = {
  at: Date;
  actorId: number | null;
  actorKind: "USER" | "REPORTER" | "SYSTEM" | "API";
  action: string;
  entityType: string;
  entityId: number;
  before?: unknown;
  after?: unknown;
};

export type FollowUpSpec = {
  id: number;
  sourceType: "FINDING" | "COMPLAINT";
  findingId?: number | null;
  complaintId?: number | null;
  unitId: number;
  instruction: string;
  category: string;
  severity: string;
  createdAt: Date;
  quantity?: number | null;
  steps: Step[];
};

export type IdCounter = { next(): number };

export type SimResult = {
  followUp: Record<string, unknown>;
  responses: Array<Record<string, unknown>>;
  extensions: Array<Record<string, unknown>>;
  escalations: Array<Record<string, unknown>>;
  audits: AuditEntry[];
  /** Answers and verdicts in order: a complaint source follows them (ANSWERED, SENT again, CLOSED). */
  transitions: Array<{ kind: "answer" | "reject" | "accept"; at: Date; body: string; authorId: number }>;
};

export function simulateFollowUp(
  spec: FollowUpSpec,
  ctx: CoreContext,
  now: number,
  ids: { response: IdCounter; extension: IdCounter; escalation: IdCounter },
): SimResult {
  const rule = resolveDeadlineRule(ctx.rules, spec.category, spec.severity);
  const headId = ctx.headByUnit.get(spec.unitId) ?? ctx.adminId;
  const inspectorId = ctx.inspectorId;
  const originalDueAt = addWorkingDays(spec.createdAt, rule.answerDays, ctx.holidays);
  const fu = {
    id: spec.id,
    sourceType: spec.sourceType,
    findingId: spec.findingId ?? null,
    complaintId: spec.complaintId ?? null,
    unitId: spec.unitId,
    instruction: spec.instruction,
    category: spec.category,
    severity: spec.severity,
    state: "OPEN",
    ackDueAt: addWorkingDays(spec.createdAt, rule.ackDays, ctx.holidays),
    dueAt: originalDueAt,
    originalDueAt,
    acknowledgedAt: null as Date | null,
    answeredAt: null as Date | null,
    closedAt: null as Date | null,
    quantity: spec.quantity ?? null,
    outstandingQuantity: spec.quantity ?? null,
    escalationLevel: 0,
    overdueAt: null as Date | null,
    createdById: inspectorId,
    createdAt: spec.createdAt,
    updatedAt: spec.createdAt,
  };
  const result: SimResult = { followUp: fu, responses: [], extensions: [], escalations: [], audits: [], transitions: [] };
  const audit = (e: Omit<AuditEntry, "entityType" | "entityId"> & { entityType?: string; entityId?: number }) =>
    result.audits.push({ entityType: "FollowUp", entityId: fu.id, ...e });
  audit({
    at: spec.createdAt,
    actorId: inspectorId,
    actorKind: "USER",
    action: "followup.create",
    after: { state: "OPEN", dueAt: fu.dueAt.toISOString(), sourceType: fu.sourceType },
  });

  // Level 1 as soon as the deadline passes, 2 after two more working days, 3 after five (issue 5);
  // the job runs every 5 minutes, hence the offset. Only an OPEN follow-up is late: an answer stops the clock.
  const escalateUntil = (t: number) => {
    if (fu.state !== "OPEN") return;
    const dueKey = wibDateKey(fu.dueAt);
    const thresholds = [
      fu.dueAt.getTime() + 5 * MINUTE,
      atKey(wdForward(dueKey, 2, ctx.holidays), 0, 5).getTime(),
      atKey(wdForward(dueKey, 5, ctx.holidays), 0, 5).getTime(),
    ];
    for (let level = fu.escalationLevel + 1; level <= 3; level++) {
      const at = thresholds[level - 1];
      if (at > t) break;
      fu.escalationLevel = level;
      fu.overdueAt ??= new Date(thresholds[0]);
      fu.updatedAt = new Date(at);
      result.escalations.push({ id: ids.escalation.next(), followUpId: fu.id, level, createdAt: new Date(at) });
      audit({
        at: new Date(at),
        actorId: null,
        actorKind: "SYSTEM",
        action: `followup.escalate.${level}`,
        before: { escalationLevel: level - 1 },
        after: { escalationLevel: level, overdueAt: fu.overdueAt.toISOString() },
      });
    }
  };

  let pending: Record<string, unknown> | undefined;
  let pendingExtension: Record<string, unknown> | undefined;
  for (const step of spec.steps) {
    const t = step.at.getTime();
    // Steps in the future have not happened yet: the record stops at "now".
    if (t >= now) break;
    escalateUntil(t);
    switch (step.kind) {
      case "ack":
        // A timestamp, not a state change: no audit event (the app records none either).
        fu.acknowledgedAt ??= step.at;
        break;
      case "answer": {
        if (fu.state !== "OPEN") break;
        fu.acknowledgedAt ??= step.at;
        const outstanding = step.outstanding ?? (fu.quantity != null ? fu.outstandingQuantity : null);
        pending = {
          id: ids.response.next(),
          followUpId: fu.id,
          authorId: headId,
          body: step.body,
          outstandingQuantity: outstanding,
          verdict: "PENDING",
          verdictReason: null,
          verdictById: null,
          verdictAt: null,
          createdAt: step.at,
        };
        result.responses.push(pending);
        fu.state = "ANSWERED";
        fu.answeredAt = step.at;
        if (outstanding != null) fu.outstandingQuantity = outstanding;
        result.transitions.push({ kind: "answer", at: step.at, body: step.body, authorId: headId });
        audit({
          at: step.at,
          actorId: headId,
          actorKind: "USER",
          action: "followup.answer",
          before: { state: "OPEN" },
          after: { state: "ANSWERED", responseId: pending.id, outstandingQuantity: outstanding },
        });
        break;
      }
      case "verdict": {
        if (fu.state !== "ANSWERED" || !pending) break;
        pending.verdict = step.accept ? "ACCEPTED" : "REJECTED";
        pending.verdictReason = step.reason ?? null;
        pending.verdictById = inspectorId;
        pending.verdictAt = step.at;
        if (step.accept) {
          fu.state = "DONE";
          fu.closedAt = step.at;
          result.transitions.push({ kind: "accept", at: step.at, body: String(pending.body), authorId: inspectorId });
        } else {
          // Reopened with a fresh deadline counted from the rejection; the original stays on record.
          fu.state = "OPEN";
          fu.answeredAt = null;
          fu.dueAt = addWorkingDays(step.at, rule.answerDays, ctx.holidays);
          result.transitions.push({ kind: "reject", at: step.at, body: step.reason ?? "", authorId: inspectorId });
        }
        audit({
          at: step.at,
          actorId: inspectorId,
          actorKind: "USER",
          action: step.accept ? "followup.accept" : "followup.reject",
          before: { state: "ANSWERED" },
          after: { state: fu.state, responseId: pending.id, reason: step.reason ?? null, dueAt: fu.dueAt.toISOString() },
        });
        pending = undefined;
        break;
      }
      case "extension": {
        if (fu.state === "DONE") break;
        pendingExtension = {
          id: ids.extension.next(),
          followUpId: fu.id,
          requestedById: headId,
          reason: step.reason,
          proposedDueAt: step.proposedDueAt,
          previousDueAt: fu.dueAt,
          state: "PENDING",
          decidedById: null,
          decidedAt: null,
          decisionNote: null,
          createdAt: step.at,
        };
        result.extensions.push(pendingExtension);
        audit({
          at: step.at,
          actorId: headId,
          actorKind: "USER",
          action: "followup.extension.request",
          after: { extensionId: pendingExtension.id, proposedDueAt: step.proposedDueAt.toISOString() },
        });
        break;
      }
      case "extensionDecision": {
        if (!pendingExtension) break;
        pendingExtension.state = step.approve ? "APPROVED" : "REFUSED";
        pendingExtension.decidedById = inspectorId;
        pendingExtension.decidedAt = step.at;
        pendingExtension.decisionNote = step.note;
        const before = fu.dueAt;
        if (step.approve) fu.dueAt = pendingExtension.proposedDueAt as Date;
        audit({
          at: step.at,
          actorId: inspectorId,
          actorKind: "USER",
          action: step.approve ? "followup.extension.approve" : "followup.extension.refuse",
          before: { dueAt: before.toISOString() },
          after: { extensionId: pendingExtension.id, dueAt: fu.dueAt.toISOString(), note: step.note },
        });
        pendingExtension = undefined;
        break;
      }
    }
    fu.updatedAt = step.at;
  }
  escalateUntil(now);
  return result;
}
