import { db } from "~/lib/db.server";
import { FOLLOW_UP_STATES, isOneOf } from "~/lib/codes";
import { loadHolidaySet } from "~/lib/holidays.server";
import { kecamatanOptions } from "~/lib/kecamatan";
import type { InboxListRow } from "~/lib/sql/rows";
import { inboxCounts, inboxCountsHoldUntil, inboxListCounts, inboxPage, inboxQuery, type InboxFilter } from "~/lib/sql/queries/follow-up-inbox.server";
import { instructionPreview } from "~/lib/text";
import { addWorkingDays } from "~/lib/working-days";
import { isOverdueFollowUp, isUnitHead, unitScopeSql, type Actor } from "~/models/policy.server";
import type { FollowUpFilters } from "./schema";
import { VersionCache } from "~/lib/version-cache.server";

const listCounts = new VersionCache<Awaited<ReturnType<typeof inboxListCounts>>, { now: number; soon: number }>(256);

// The inbox (/follow-ups) and the home page counts. Their SQL is in
// app/lib/sql/queries/follow-up-inbox.server.ts (hot reads, ADR 0026); the access rule is the same as
// everywhere else (the policy's unit scope) and sits in its WHERE.

/** The list filters the query applies: unit filters are ignored for unit heads (they see their own unit). */
function inboxFilter(user: Actor, filters: FollowUpFilters): InboxFilter {
  const head = isUnitHead(user);
  return {
    unitId: head ? undefined : filters.unitId,
    kecamatan: head ? undefined : filters.kecamatan,
    category: filters.category,
    overdue: filters.overdue,
    state: filters.state && isOneOf(FOLLOW_UP_STATES, filters.state) ? filters.state : undefined,
  };
}

/** "Due soon" ends 2 working days from now; the holidays come from their (cached) table. */
async function dueSoonCutoff(now: Date) {
  return addWorkingDays(now, 2, await loadHolidaySet(db));
}

/** Counts for a unit head's inbox and home: open, due within 2 working days (not yet overdue), overdue. */
export async function followUpCounts(user: Actor, now = new Date()) {
  return inboxCounts(unitScopeSql(user, "f.unitId"), now, await dueSoonCutoff(now));
}

/** Rows a page of the inbox shows: 25 keep a full page of HTML under 25 KB (issue 17). */
export const FOLLOW_UP_PAGE_SIZE = 25;

/**
 * One row of the inbox as the page gets it: what the row shows and nothing else. A value the row does
 * not print (no escalation, no quantity, not overdue, no pending extension, the unit's name for a unit
 * head who only ever sees their own) is left out rather than sent as null or false: 25 rows of loader
 * data travel in every page next to their HTML.
 */
export function inboxItem(f: InboxListRow, staff: boolean, now: Date) {
  return {
    id: f.id,
    instruction: instructionPreview(f.instruction),
    category: f.category,
    state: f.state,
    dueAt: f.dueAt,
    ...(f.escalationLevel > 0 ? { escalationLevel: f.escalationLevel } : {}),
    ...(f.quantity !== null ? { quantity: f.quantity, outstanding: f.outstandingQuantity ?? f.quantity } : {}),
    ...(staff ? { unitName: f.unitName } : {}),
    ...(isOverdueFollowUp({ state: f.state, dueAt: f.dueAt }, now) ? { overdue: true } : {}),
    ...(f.extensionPending ? { extensionPending: true } : {}),
  };
}

/**
 * A user's follow-ups: unit heads their own unit only (filters on unit are ignored for them), staff all.
 * Order: work still owed first (overdue first, then by due date, which is the same thing for OPEN and
 * ANSWERED since overdue ones have the earliest dates), then finished work, most recent first.
 * Each item carries only what a row of the inbox shows (lean loader data, issue 17).
 */
export async function listFollowUps(user: Actor, filters: FollowUpFilters = {}, now = new Date()) {
  const page = Math.max(1, Math.min(10_000, filters.page ?? 1));
  const skip = (page - 1) * FOLLOW_UP_PAGE_SIZE;
  const scope = unitScopeSql(user, "f.unitId");
  const filter = inboxFilter(user, filters);
  const soon = await dueSoonCutoff(now);
  const query = inboxQuery(scope, filter, now, soon);

  // The inbox figures (over the whole scope) and the filtered list's two segment sizes, in one pass over
  // the scope: for an inspector every follow-up of the city, so they are kept until the next write or
  // until the clock makes a follow-up overdue or due soon (issue 17).
  const counts = await listCounts.get(
    JSON.stringify([scope, filter]),
    async () => {
      const [value, until] = await Promise.all([inboxListCounts(query), inboxCountsHoldUntil(now, soon)]);
      const [from, fromSoon] = [now.getTime(), soon.getTime()];
      return { value, holds: (at) => at.now >= from && at.soon >= fromSoon && at.now <= until.now && at.soon < until.soon };
    },
    { now: now.getTime(), soon: soon.getTime() },
  );
  const active = skip < counts.active ? await inboxPage(query, "active", FOLLOW_UP_PAGE_SIZE, skip) : [];
  const remaining = FOLLOW_UP_PAGE_SIZE - active.length;
  const done = remaining > 0 && counts.done > 0 ? await inboxPage(query, "done", remaining, Math.max(0, skip - counts.active)) : [];

  const staff = !isUnitHead(user);
  const items = [...active, ...done].map((r) => inboxItem(r, staff, now));
  const total = counts.active + counts.done;
  return {
    items,
    counts: { open: counts.open, dueSoon: counts.dueSoon, overdue: counts.overdue },
    total,
    page,
    pages: Math.max(1, Math.ceil(total / FOLLOW_UP_PAGE_SIZE)),
  };
}

/** Filter choices for staff: units and kecamatan (code and official name) that have follow-ups. */
export async function followUpFilterOptions() {
  // One look into the follow-ups per unit: kept until the next write (issue 17).
  return filterOptions.get("", async () => {
    const units = await db.unit.findMany({
      where: { followUps: { some: {} } },
      select: { id: true, name: true, kecamatanCode: true },
      orderBy: { name: "asc" },
    });
    return { value: { units, kecamatan: kecamatanOptions(units.map((u) => u.kecamatanCode)) } };
  }, undefined);
}
const filterOptions = new VersionCache<{ units: Array<{ id: number; name: string; kecamatanCode: string }>; kecamatan: ReturnType<typeof kecamatanOptions> }>(1);
