import { FOLLOW_UP_STATES } from "~/lib/codes";
import { INSTRUCTION_PREVIEW } from "~/lib/text";
import { overdueFollowUpSql } from "~/models/policy.server";
import { andSql, dateOf, dialect, sqlEngine, type SqlFragment } from "../index.server";
import type { InboxCountRow, InboxListRow, Stored } from "../rows";

// The inbox (/follow-ups) and the home page counts are hot reads (every unit head's first page): a
// Prisma call costs about a millisecond before SQLite works, and the Prisma version of the inbox made six
// of them. The caller passes the policy's unit scope (unitScopeSql) as `scope`: it sits in every WHERE.
// No Complaint column is read here, so no reporter identity can reach a unit head through this path.

/** What the list is filtered on; the caller leaves out the unit filters for a unit head. */
export type InboxFilter = { unitId?: number; kecamatan?: string; category?: string; state?: string; overdue?: boolean };

/** The filters as one condition on FollowUp `f` (and Unit `u` when `needsUnit`). */
function filterWhere(filter: InboxFilter, now: Date): { matches: SqlFragment; needsUnit: boolean } {
  const parts: SqlFragment[] = [];
  if (filter.unitId) parts.push({ sql: `f."unitId" = @filterUnitId`, params: { filterUnitId: filter.unitId } });
  if (filter.kecamatan) parts.push({ sql: `u."kecamatanCode" = @kecamatan`, params: { kecamatan: filter.kecamatan } });
  if (filter.category) parts.push({ sql: "f.category = @category", params: { category: filter.category } });
  // As before: "overdue" (OPEN and past its deadline) overrides a state filter.
  if (filter.overdue) parts.push(overdueFollowUpSql(now, "f"));
  else if (filter.state) parts.push({ sql: "f.state = @state", params: { state: filter.state } });
  return { matches: andSql(...parts), needsUnit: Boolean(filter.kecamatan) };
}

const sumIf = (condition: string) => `coalesce(sum(${dialect.countIf(condition)}), 0)`;

/** The three figures: open, due by `soon` (not yet overdue), overdue (the policy's rule). */
function countColumns(now: Date, soon: Date): SqlFragment {
  const overdue = overdueFollowUpSql(now, "f");
  return {
    sql: `${sumIf("f.state = 'OPEN'")} AS open,
  ${sumIf(`f.state = 'OPEN' AND f."dueAt" >= @now AND f."dueAt" <= @soon`)} AS "dueSoon",
  ${sumIf(overdue.sql)} AS overdue`,
    params: { ...overdue.params, now: dialect.time(now), soon: dialect.time(soon) },
  };
}

/** The inbox figures over a scope. */
export async function inboxCounts(scope: SqlFragment, now: Date, soon: Date): Promise<InboxCountRow> {
  const columns = countColumns(now, soon);
  const where = andSql(scope);
  const row = await sqlEngine.read.get<InboxCountRow>({ sql: `SELECT ${columns.sql} FROM "FollowUp" f WHERE ${where.sql}`, params: { ...columns.params, ...where.params } });
  return { open: Number(row?.open ?? 0), dueSoon: Number(row?.dueSoon ?? 0), overdue: Number(row?.overdue ?? 0) };
}

// The two segments of the list, paged as one: work still owed by due date (overdue ones have the
// earliest dates, OPEN or ANSWERED alike), then finished work, most recently closed first. Each page is
// chosen on ids first (the owed segment straight from the (unitId, state, dueAt) index), so the columns
// shown and the pending-extension lookup are read for the rows of the page only. Only what the list
// shows is read: the instruction's first characters (substr counts characters, so one more than the
// preview tells whether it was cut), no dates the row does not print.
const SEGMENTS = {
  active: { where: "f.state <> 'DONE'", order: `f."dueAt", f.id` },
  done: { where: "f.state = 'DONE'", order: `f."closedAt" DESC, f.id DESC` },
} as const;
export type InboxSegment = keyof typeof SEGMENTS;
/** The states of the owed segment (every state but DONE), each read from its own index range. */
const ACTIVE_STATES = FOLLOW_UP_STATES.filter((state) => state !== "DONE");

/** One request's list: the viewer's scope and the filters' condition, built once for the counts and both segments. */
export type InboxQuery = { scope: SqlFragment; now: Date; soon: Date; matches: SqlFragment; needsUnit: boolean };

export function inboxQuery(scope: SqlFragment, filter: InboxFilter, now: Date, soon: Date): InboxQuery {
  return { scope, now, soon, ...filterWhere(filter, now) };
}

/** The figures over the whole scope, and how many rows of each segment the filtered list has. */
export async function inboxListCounts(q: InboxQuery): Promise<InboxCountRow & Record<InboxSegment, number>> {
  const { matches, needsUnit } = q;
  const columns = countColumns(q.now, q.soon);
  const row = await sqlEngine.read.get<InboxCountRow & Record<InboxSegment, number>>({
    sql: `SELECT ${columns.sql},
      ${sumIf(`(${matches.sql}) AND ${SEGMENTS.active.where}`)} AS active,
      ${sumIf(`(${matches.sql}) AND ${SEGMENTS.done.where}`)} AS done
    FROM "FollowUp" f ${needsUnit ? `JOIN "Unit" u ON u.id = f."unitId"` : ""}
    WHERE ${andSql(q.scope).sql}`,
    params: { ...columns.params, ...matches.params, ...q.scope.params },
  });
  const n = (v: unknown) => Number(v ?? 0);
  return { open: n(row?.open), dueSoon: n(row?.dueSoon), overdue: n(row?.overdue), active: n(row?.active), done: n(row?.done) };
}

/**
 * The earliest OPEN deadline at or after `now`, and the earliest after `soon`: until the clock passes
 * the first or "due soon" reaches the second, no follow-up becomes overdue or due soon, so counts taken
 * at `now` still hold (no write in between: the caller keys them on the data version). Two seeks in the
 * (state, dueAt) index, over every unit (an earlier bound than the scope's own is only less caching).
 */
export async function inboxCountsHoldUntil(now: Date, soon: Date): Promise<{ now: number; soon: number }> {
  const row = await sqlEngine.read.get<{ nextNow: unknown; nextSoon: unknown }>({
    sql: `SELECT
      (SELECT min(f."dueAt") FROM "FollowUp" f WHERE f.state = 'OPEN' AND f."dueAt" >= @now) AS "nextNow",
      (SELECT min(f."dueAt") FROM "FollowUp" f WHERE f.state = 'OPEN' AND f."dueAt" > @soon) AS "nextSoon"`,
    params: { now: dialect.time(now), soon: dialect.time(soon) },
  });
  const at = (v: unknown) => dateOf(v as number | Date | null)?.getTime() ?? Number.POSITIVE_INFINITY;
  return { now: at(row?.nextNow), soon: at(row?.nextSoon) };
}

/** `limit` rows of one segment of the filtered list from `offset`. */
export async function inboxPage(q: InboxQuery, segment: InboxSegment, limit: number, offset: number): Promise<InboxListRow[]> {
  const { matches, needsUnit } = q;
  const where = andSql(q.scope, matches, { sql: SEGMENTS[segment].where, params: {} });
  const order = SEGMENTS[segment].order;
  const from = `"FollowUp" f ${needsUnit ? `JOIN "Unit" u ON u.id = f."unitId"` : ""}`;
  // The owed segment is every state but DONE: "state <> 'DONE'" is no index range, so the whole table
  // was sorted by due date for each page (issue 17). One branch per state reads the (state, dueAt) or
  // (unitId, state, dueAt) index in order, as far as the page reaches, and the branches are merged.
  const pageIds =
    segment === "active"
      ? `SELECT id FROM (${ACTIVE_STATES.map(
          (state, i) => `SELECT * FROM (SELECT f.id, f."dueAt" FROM ${from} WHERE ${where.sql} AND f.state = '${state}' ORDER BY ${order} LIMIT @reach) s${i}`,
        ).join(" UNION ALL ")}) merged ORDER BY "dueAt", id LIMIT @limit OFFSET @offset`
      : `SELECT f.id FROM ${from} WHERE ${where.sql} ORDER BY ${order} LIMIT @limit OFFSET @offset`;
  const rows = await sqlEngine.read.all<Stored<Omit<InboxListRow, "extensionPending">> & { extensionPending: number | boolean }>({
    sql: `
    WITH page AS (${pageIds})
    SELECT f.id, substr(f.instruction, 1, ${INSTRUCTION_PREVIEW + 1}) AS instruction, f.category, f.state, f."dueAt",
      f."escalationLevel", f.quantity, f."outstandingQuantity", u.name AS "unitName",
      EXISTS (SELECT 1 FROM "ExtensionRequest" e WHERE e."followUpId" = f.id AND e.state = 'PENDING') AS "extensionPending"
    FROM page JOIN "FollowUp" f ON f.id = page.id JOIN "Unit" u ON u.id = f."unitId"
    ORDER BY ${order}`,
    params: { ...where.params, limit: Math.trunc(limit), offset: Math.trunc(offset), ...(segment === "active" ? { reach: Math.trunc(limit) + Math.trunc(offset) } : {}) },
  });
  return rows.map((r) => ({ ...r, dueAt: dateOf(r.dueAt)!, extensionPending: Boolean(r.extensionPending) }));
}
