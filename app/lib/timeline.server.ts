import { db } from "./db.server";
import { auditTimeline } from "./audit.server";
import type { TimelineItem } from "~/components/timeline";

// An entity's history from the audit trail, shaped for the Timeline component (app/components/timeline.tsx).
// Only a few named fields of each event's "after" are passed on (state, deadline, reason, note, level),
// never the whole JSON: audit rows of complaints may hold data a unit head must not see. The item type
// is the component's own (a module the browser may import), declared once.

const str = (v: unknown) => (typeof v === "string" && v.length ? v : null);

export async function loadTimeline(entityType: string, entityId: string | number): Promise<TimelineItem[]> {
  const events = await auditTimeline(entityType, entityId);
  const actorIds = [...new Set(events.map((e) => e.actorId).filter((id): id is number => id !== null))];
  const actors = actorIds.length
    ? await db.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(actors.map((a) => [a.id, a.name]));
  return events.map((e) => {
    let after: Record<string, unknown> = {};
    try {
      after = e.after ? (JSON.parse(e.after) as Record<string, unknown>) : {};
    } catch {
      after = {};
    }
    return {
      id: e.id,
      at: e.at.toISOString(),
      action: e.action,
      actorKind: e.actorKind,
      actorName: e.actorId !== null ? (names.get(e.actorId) ?? null) : null,
      state: str(after.state),
      dueAt: str(after.dueAt) ?? str(after.proposedDueAt),
      reason: str(after.reason) ?? str(after.note),
    };
  });
}
