import { db } from "~/lib/db.server";
import { FOLLOW_UP_STATES, isOneOf } from "~/lib/codes";
import { loadHolidaySet } from "~/lib/holidays.server";
import { kecamatanOptions } from "~/lib/kecamatan";
import { readStatement } from "~/lib/read-db.server";
import { INSTRUCTION_PREVIEW, instructionPreview } from "~/lib/text";
import { addWorkingDays } from "~/lib/working-days";
import { isOverdueFollowUp, isUnitHead, overdueFollowUpSql, unitScopeSql, type Actor } from "~/models/policy.server";
import type { FollowUpFilters } from "./schema";

// The inbox (/follow-ups) and the home page counts are hot reads, so they are prepared statements on
// the read-only connection (docs/decisions/0010): a Prisma call costs about a millisecond before SQLite
// works, and the Prisma version of the inbox made six of them. The access rule is the same as
// everywhere else (unitScope) and sits in the SQL WHERE. No Complaint column is read here, so no
// reporter identity can reach a unit head through this path.

type SqlPart = { where: string[]; params: Record<string, unknown> };

/** The policy's unit scope as SQL: a unit head only their own unit (a head without a unit: nothing), staff all. */
function scopeSql(user: Actor): SqlPart {
  const scope = unitScopeSql(user, "f.unitId");
  return { where: [scope.sql], params: scope.params };
}

/** The list filters as SQL; `u` is the follow-up's Unit. Unit filters are ignored for unit heads. */
function filterSql(user: Actor, filters: FollowUpFilters, now: Date): SqlPart & { needsUnit: boolean } {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  let needsUnit = false;
  if (!isUnitHead(user)) {
    if (filters.unitId) {
      where.push("f.unitId = @filterUnitId");
      params.filterUnitId = filters.unitId;
    }
    if (filters.kecamatan) {
      where.push("u.kecamatanCode = @kecamatan");
      params.kecamatan = filters.kecamatan;
      needsUnit = true;
    }
  }
  if (filters.category) {
    where.push("f.category = @category");
    params.category = filters.category;
  }
  // As before: "overdue" (OPEN and past its deadline) overrides a state filter.
  if (filters.overdue) {
    const overdue = overdueFollowUpSql(now, "f");
    where.push(overdue.sql);
    Object.assign(params, overdue.params);
  } else if (filters.state && isOneOf(FOLLOW_UP_STATES, filters.state)) {
    where.push("f.state = @state");
    params.state = filters.state;
  }
  return { where, params, needsUnit };
}

const and = (parts: string[]) => (parts.length ? parts.join(" AND ") : "1");

// The three inbox figures over the scope: open, due within 2 working days (not yet overdue), overdue.
// The overdue column is the policy's rule (the unit still owes an answer after its deadline); the SQL
// text does not depend on the time, so it is built once, and its parameters come from overdueParams.
const OVERDUE_SQL = overdueFollowUpSql(new Date(0), "f").sql;
const overdueParams = (now: Date) => overdueFollowUpSql(now, "f").params;
const COUNT_COLUMNS = `
  coalesce(sum(f.state = 'OPEN'), 0) AS open,
  coalesce(sum(f.state = 'OPEN' AND f.dueAt >= @now AND f.dueAt <= @soon), 0) AS dueSoon,
  coalesce(sum(${OVERDUE_SQL}), 0) AS overdue`;

type CountRow = { open: number; dueSoon: number; overdue: number };

/** "Due soon" ends 2 working days from now; the holidays come from their (cached) table. */
async function dueSoonCutoff(now: Date) {
  return addWorkingDays(now, 2, await loadHolidaySet(db));
}

/** Counts for a unit head's inbox and home: open, due within 2 working days (not yet overdue), overdue. */
export async function followUpCounts(user: Actor, now = new Date()) {
  const scope = scopeSql(user);
  const soon = await dueSoonCutoff(now);
  const row = readStatement<CountRow>(`SELECT ${COUNT_COLUMNS} FROM "FollowUp" f WHERE ${and(scope.where)}`).get({
    ...scope.params,
    ...overdueParams(now),
    now: now.getTime(),
    soon: soon.getTime(),
  })!;
  return { open: row.open, dueSoon: row.dueSoon, overdue: row.overdue };
}

/** Rows a page of the inbox shows: 25 keep a full page of HTML under 25 KB (issue 17). */
export const FOLLOW_UP_PAGE_SIZE = 25;

type ListRow = {
  id: number;
  instruction: string;
  category: string;
  state: string;
  dueAt: number;
  escalationLevel: number;
  quantity: number | null;
  outstandingQuantity: number | null;
  unitId: number;
  unitName: string;
  extensionPending: number;
};

// The two segments of the list, paged as one: work still owed by due date (overdue ones have the
// earliest dates, OPEN or ANSWERED alike), then finished work, most recently closed first. Each page is
// chosen on ids first (the owed segment straight from the (unitId, state, dueAt) index), so the columns
// shown and the pending-extension lookup are read for the rows of the page only. Only what the list
// shows is read: the instruction's first characters (substr counts characters, so one more than the
// preview tells whether it was cut), no dates the row does not print.
const ACTIVE_ORDER = "f.dueAt, f.id";
const DONE_ORDER = "f.closedAt DESC, f.id DESC";

function listSql(where: string, unitJoin: string, order: string) {
  return `
    WITH page AS (
      SELECT f.id FROM "FollowUp" f ${unitJoin}
      WHERE ${where}
      ORDER BY ${order}
      LIMIT @limit OFFSET @offset
    )
    SELECT f.id, substr(f.instruction, 1, ${INSTRUCTION_PREVIEW + 1}) AS instruction, f.category, f.state, f.dueAt,
      f.escalationLevel, f.quantity, f.outstandingQuantity, u.id AS unitId, u.name AS unitName,
      EXISTS (SELECT 1 FROM "ExtensionRequest" e WHERE e.followUpId = f.id AND e.state = 'PENDING') AS extensionPending
    FROM page JOIN "FollowUp" f ON f.id = page.id JOIN "Unit" u ON u.id = f.unitId
    ORDER BY ${order}`;
}

type InboxFields = Omit<ListRow, "dueAt" | "extensionPending"> & { dueAt: Date; extensionPending: boolean };

/**
 * One row of the inbox as the page gets it: what the row shows and nothing else. A value the row does
 * not print (no escalation, no quantity, not overdue, no pending extension, the unit's name for a unit
 * head who only ever sees their own) is left out rather than sent as null or false: 25 rows of loader
 * data travel in every page next to their HTML.
 */
export function inboxItem(f: InboxFields, staff: boolean, now: Date) {
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
  const scope = scopeSql(user);
  const filter = filterSql(user, filters, now);
  const soon = await dueSoonCutoff(now);
  const page = Math.max(1, Math.min(10_000, filters.page ?? 1));
  const skip = (page - 1) * FOLLOW_UP_PAGE_SIZE;
  const params = { ...scope.params, ...filter.params, ...overdueParams(now), now: now.getTime(), soon: soon.getTime(), limit: FOLLOW_UP_PAGE_SIZE, offset: skip };
  const matches = and(filter.where);
  const unitJoin = filter.needsUnit ? `JOIN "Unit" u ON u.id = f.unitId` : "";

  // The inbox figures (over the whole scope) and the filtered list's two segment sizes, in one pass.
  const counts = readStatement<CountRow & { active: number; done: number }>(`
    SELECT ${COUNT_COLUMNS},
      coalesce(sum((${matches}) AND f.state <> 'DONE'), 0) AS active,
      coalesce(sum((${matches}) AND f.state = 'DONE'), 0) AS done
    FROM "FollowUp" f ${unitJoin}
    WHERE ${and(scope.where)}`).get(params)!;

  const where = [...scope.where, ...filter.where];
  const active =
    skip < counts.active
      ? readStatement<ListRow>(listSql(and([...where, "f.state <> 'DONE'"]), unitJoin, ACTIVE_ORDER)).all(params)
      : [];
  const remaining = FOLLOW_UP_PAGE_SIZE - active.length;
  const done =
    remaining > 0 && counts.done > 0
      ? readStatement<ListRow>(listSql(and([...where, "f.state = 'DONE'"]), unitJoin, DONE_ORDER)).all({
          ...params,
          limit: remaining,
          offset: Math.max(0, skip - counts.active),
        })
      : [];
  const rows = [...active, ...done];

  const staff = !isUnitHead(user);
  const items = rows.map((r) => inboxItem({ ...r, dueAt: new Date(r.dueAt), extensionPending: r.extensionPending === 1 }, staff, now));
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
  const units = await db.unit.findMany({
    where: { followUps: { some: {} } },
    select: { id: true, name: true, kecamatanCode: true },
    orderBy: { name: "asc" },
  });
  return { units: units.map((u) => ({ id: u.id, name: u.name })), kecamatan: kecamatanOptions(units.map((u) => u.kecamatanCode)) };
}
