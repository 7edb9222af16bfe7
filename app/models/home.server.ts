import { db } from "~/lib/db.server";
import type { SessionUser } from "~/lib/session.server";
import { overdueFollowUpWhere, unitScope } from "~/models/policy.server";
import { followUpCounts } from "~/models/follow-up/inbox.server";
import { getDashboard, parsePeriod } from "~/models/dashboard.server";

// What each role's home page shows. The heavier figures live with their own capability
// (follow-ups, dashboard); these are the few numbers that fit on a phone screen.

/**
 * The public home's headline figures: the dashboard's totals for its default period (the last 90 days),
 * so the two pages never disagree about what "on time" means.
 */
export async function publicHeadlineFigures(now?: Date) {
  const { period } = parsePeriod(new URLSearchParams(), now);
  // The dashboard's cache: at a million complaints its figures are a second of SQL.
  const { totals } = await getDashboard(period, "public", { now });
  return {
    complaints: totals.complaints,
    onTimeShare: totals.onTimeShare,
    overdue: totals.overdue,
    outstandingDocuments: totals.outstandingDocuments,
  };
}

export async function inspectorHome(now = new Date()) {
  const [overdue, recent, newComplaints] = await Promise.all([
    db.followUp.findMany({
      // Overdue as everywhere else: still OPEN past the deadline (an answered one waits on the inspector).
      where: overdueFollowUpWhere(now),
      orderBy: { dueAt: "asc" },
      take: 10,
      select: { id: true, instruction: true, dueAt: true, escalationLevel: true, unit: { select: { id: true, name: true } } },
    }),
    db.inspection.findMany({
      orderBy: { startedAt: "desc" },
      take: 5,
      select: { id: true, startedAt: true, status: true, score: true, unit: { select: { id: true, name: true } } },
    }),
    db.complaint.count({ where: { status: "NEW" } }),
  ]);
  return { overdue, recent, newComplaints };
}

const HOME_LIST_SIZE = 10;

export async function unitHeadHome(user: SessionUser, now = new Date()) {
  const scope = unitScope(user);
  // The three counts come from the follow-up model, so home and /follow-ups always agree.
  // What the head still has to do (OPEN) comes first, soonest deadline first; answered items, which wait
  // on the inspector, follow only after them.
  const select = { id: true, instruction: true, dueAt: true, state: true } as const;
  const [unit, counts, open, answered] = await Promise.all([
    user.unitId ? db.unit.findUnique({ where: { id: user.unitId }, select: { id: true, name: true } }) : null,
    followUpCounts(user, now),
    db.followUp.findMany({ where: { ...scope, state: "OPEN" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: HOME_LIST_SIZE, select }),
    db.followUp.findMany({ where: { ...scope, state: "ANSWERED" }, orderBy: [{ dueAt: "asc" }, { id: "asc" }], take: HOME_LIST_SIZE, select }),
  ]);
  const next = [...open, ...answered].slice(0, HOME_LIST_SIZE);
  return { unit, open: counts.open, dueSoon: counts.dueSoon, overdue: counts.overdue, next };
}

export async function adminHome() {
  const [units, users, outbox] = await Promise.all([
    db.unit.count(),
    db.user.count(),
    db.notification.count({ where: { channel: "EMAIL", sentAt: null } }),
  ]);
  return { units, users, outbox };
}
