import { db } from "~/lib/db.server";
import { isPublicComplaint } from "~/models/policy.server";
import { redListRows } from "~/lib/sql/queries/dashboard.server";
import type { RedListRow } from "~/components/transparency";
import type { Audience } from "./period.server";

// The follow-ups the dashboard names one by one: the red list (escalated to level 3 or more, for
// everyone, within what the audience may see) and, for staff, every overdue one.

/** A row of the red list, as the RedList component shows it (its type lives with the component). */
export type RedListItem = RedListRow;

/** What both lists show of a follow-up, whoever reads them. */
const LISTED = { id: true, unitId: true, category: true, dueAt: true, escalationLevel: true, instruction: true, unit: { select: { name: true } } } as const;

function listed(r: { id: number; unitId: number; category: string; dueAt: Date; escalationLevel: number; unit: { name: string } }) {
  return { id: r.id, unitId: r.unitId, unitName: r.unit.name, category: r.category, dueAt: r.dueAt.toISOString(), escalationLevel: r.escalationLevel };
}

/** Escalated to this level or more: on the public red list (follow-up/escalation.server.ts). */
const RED_LIST_LEVEL = 3;
const RED_LIST_LIMIT = 100;

export async function redList(audience: Audience, unitId?: number): Promise<RedListItem[]> {
  const rows = await redListRows({ publicOnly: audience === "public", unitId }, RED_LIST_LEVEL, RED_LIST_LIMIT);
  return rows.map((r) => ({
    ...listed({ ...r, unit: { name: r.unitName } }),
    complaintRef:
      r.complaintRef !== null && (audience === "staff" || isPublicComplaint({ privacy: r.complaintPrivacy ?? "", category: r.complaintCategory ?? "" }))
        ? r.complaintRef
        : null,
    instruction: audience === "staff" ? r.instruction.slice(0, 200) : null,
  }));
}

export type OverdueItem = { id: number; unitId: number; unitName: string; category: string; dueAt: string; escalationLevel: number; instruction: string };

/** Staff only: every overdue follow-up (OPEN and past its deadline), oldest deadline first. */
export async function overdueList(now: number): Promise<OverdueItem[]> {
  const rows = await db.followUp.findMany({
    where: { state: "OPEN", dueAt: { lt: new Date(now) } },
    orderBy: { dueAt: "asc" },
    take: 200,
    select: LISTED,
  });
  return rows.map((r) => ({
    ...listed(r),
    instruction: r.instruction.slice(0, 200),
  }));
}
