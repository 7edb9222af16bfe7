import { db } from "~/lib/db.server";
import { isPublicComplaint, PUBLIC_FOLLOW_UP_WHERE } from "~/models/policy.server";
import type { Prisma } from "~/generated/prisma/client";
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

export async function redList(audience: Audience, unitId?: number): Promise<RedListItem[]> {
  const where: Prisma.FollowUpWhereInput = {
    escalationLevel: { gte: 3 },
    state: { in: ["OPEN", "ANSWERED"] },
    ...(unitId !== undefined ? { unitId } : {}),
    ...(audience === "public" ? PUBLIC_FOLLOW_UP_WHERE : {}),
  };
  const rows = await db.followUp.findMany({
    where,
    orderBy: [{ escalationLevel: "desc" }, { dueAt: "asc" }],
    take: 100,
    select: { ...LISTED, complaint: { select: { ref: true, privacy: true, category: true } } },
  });
  return rows.map((r) => ({
    ...listed(r),
    complaintRef:
      r.complaint && (audience === "staff" || isPublicComplaint(r.complaint))
        ? r.complaint.ref
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
