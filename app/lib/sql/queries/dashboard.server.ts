import { overdueFollowUpSql, publicComplaintSql, publicFollowUpSql } from "~/models/policy.server";
import { andSql, dateOf, dialect, sqlEngine, type SqlFragment, type SqlParams } from "../index.server";
import type { MonthComplaints, MonthFollowUps, RedListSqlRow, Stored, UnitComplaintCount, UnitDayPairCount, UnitFollowUpCounts, UnitOpenCounts } from "../rows";

// The transparency dashboard's aggregates (definitions in app/models/dashboard.server.ts): GROUP BY
// over indexed columns, no complaint or follow-up row is loaded. The unary + in GROUP BY +x.unitId keeps
// SQLite from walking a unitId index to avoid a sort (dialect.unindexed): the covering createdAt indexes
// are far cheaper.

/** WIB is UTC+7 all year: days and months of the dashboard are WIB ones. */
const WIB_MS = 7 * 3_600_000;

export type FigureScope = {
  /** Count only what the public may see (the policy's public rules). */
  publicOnly: boolean;
  unitId?: number;
  /** The moment "decided" and "overdue" are measured at. */
  now: number;
};

const TRUE: SqlFragment = { sql: "TRUE", params: {} };

/** Who is counted: the audience's rule and the unit, without the moment (the red list needs none). */
type RowScope = Pick<FigureScope, "publicOnly" | "unitId">;

/** Complaint rows the scope may count (alias c). */
function complaintsIn(scope: RowScope): SqlFragment {
  return andSql(scope.publicOnly ? publicComplaintSql("c") : TRUE, scope.unitId === undefined ? TRUE : { sql: `c."unitId" = @unitId`, params: { unitId: scope.unitId } });
}

/** Follow-up rows the scope may count (alias f, with c LEFT JOINed on f.complaintId). */
function followUpsIn(scope: RowScope): SqlFragment {
  return andSql(scope.publicOnly ? publicFollowUpSql("f", "c") : TRUE, scope.unitId === undefined ? TRUE : { sql: `f."unitId" = @unitId`, params: { unitId: scope.unitId } });
}

const DECIDED = dialect.countIf(`f."answeredAt" IS NOT NULL OR f."dueAt" < @now`);
const ON_TIME = dialect.countIf(`f."answeredAt" IS NOT NULL AND f."answeredAt" <= f."dueAt"`);

/**
 * Runs an aggregate; `times` are moments (unix milliseconds), bound as the engine stores DateTime. In the
 * background (ADR 0034, 0035): together they are about half a second of SQL at a million complaints, and
 * the page is answered from the last figures meanwhile.
 */
function all<Row>(sql: string, scope: SqlFragment, times: Record<string, number>): Promise<Row[]> {
  const params: SqlParams = { ...scope.params };
  for (const [name, ms] of Object.entries(times)) params[name] = dialect.time(ms);
  return sqlEngine.background.all<Row>({ sql, params });
}

/** Complaints received per unit in [fromMs, toMs). */
export function complaintsPerUnit(scope: FigureScope, fromMs: number, toMs: number) {
  const where = complaintsIn(scope);
  return all<UnitComplaintCount>(
    `SELECT c."unitId" AS "unitId", COUNT(*) AS n FROM "Complaint" c
      WHERE c."createdAt" >= @fromMs AND c."createdAt" < @toMs AND ${where.sql}
      GROUP BY ${dialect.unindexed("c.unitId")}`,
    where,
    { fromMs, toMs },
  );
}

/** Follow-ups created in [fromMs, toMs) per unit: all, decided, answered on time, answered. */
export function followUpsPerUnit(scope: FigureScope, fromMs: number, toMs: number) {
  const where = followUpsIn(scope);
  return all<UnitFollowUpCounts>(
    `SELECT f."unitId" AS "unitId", COUNT(*) AS total, SUM(${DECIDED}) AS decided, SUM(${ON_TIME}) AS "onTime",
        SUM(${dialect.countIf(`f."answeredAt" IS NOT NULL`)}) AS answered
      FROM "FollowUp" f LEFT JOIN "Complaint" c ON c.id = f."complaintId"
      WHERE f."createdAt" >= @fromMs AND f."createdAt" < @toMs AND ${where.sql}
      GROUP BY ${dialect.unindexed("f.unitId")}`,
    where,
    { fromMs, toMs, now: scope.now },
  );
}

/** Answered follow-ups created in [fromMs, toMs), counted per unit and (created, answered) WIB day numbers. */
export function answerDaysPerUnit(scope: FigureScope, fromMs: number, toMs: number) {
  const where = followUpsIn(scope);
  return all<UnitDayPairCount>(
    `SELECT f."unitId" AS "unitId", ${dialect.dayNumber("f.createdAt", WIB_MS)} AS d0, ${dialect.dayNumber("f.answeredAt", WIB_MS)} AS d1, COUNT(*) AS n
      FROM "FollowUp" f LEFT JOIN "Complaint" c ON c.id = f."complaintId"
      WHERE f."answeredAt" IS NOT NULL AND f."createdAt" >= @fromMs AND f."createdAt" < @toMs AND ${where.sql}
      GROUP BY ${dialect.unindexed("f.unitId")}, d0, d1`,
    where,
    { fromMs, toMs },
  );
}

/** Now, per unit: follow-ups not DONE, overdue ones, and documents still not handed out. */
export function openPerUnit(scope: FigureScope) {
  const overdue = overdueFollowUpSql(new Date(scope.now), "f");
  const where = andSql(followUpsIn(scope), { sql: "TRUE", params: overdue.params });
  return all<UnitOpenCounts>(
    `SELECT f."unitId" AS "unitId", COUNT(*) AS open,
        SUM(${dialect.countIf(overdue.sql)}) AS overdue,
        SUM(CASE WHEN f.category = 'UNDISTRIBUTED_DOCUMENT' THEN COALESCE(f."outstandingQuantity", 0) ELSE 0 END) AS outstanding
      FROM "FollowUp" f LEFT JOIN "Complaint" c ON c.id = f."complaintId"
      WHERE f.state IN ('OPEN', 'ANSWERED') AND ${where.sql}
      GROUP BY f."unitId"`,
    where,
    {},
  );
}

/** A WIB month ("2026-11") and the moments it spans, [fromMs, toMs). */
export type MonthSpan = { month: string; fromMs: number; toMs: number };

/**
 * One aggregate per month, glued with UNION ALL: each reads one range of a covering createdAt index.
 * Grouping by a month computed for every row (strftime, to_char) cost three times the scan itself at a
 * million complaints. `select(i)` is month i's SELECT with its bounds as @from<i> and @to<i>.
 */
function perMonth<Row>(spans: MonthSpan[], scope: SqlFragment, select: (i: number, month: string) => string, times: Record<string, number>): Promise<Row[]> {
  if (spans.length === 0) return Promise.resolve([]);
  const bounds: Record<string, number> = { ...times };
  spans.forEach((span, i) => {
    if (!/^\d{4}-\d{2}$/.test(span.month)) throw new Error(`not a month: ${span.month}`);
    bounds[`from${i}`] = span.fromMs;
    bounds[`to${i}`] = span.toMs;
  });
  return all<Row>(spans.map((span, i) => select(i, span.month)).join("\n      UNION ALL "), scope, bounds);
}

/** Complaints received in each WIB month span. */
export function complaintsPerMonth(scope: FigureScope, spans: MonthSpan[]) {
  const where = complaintsIn(scope);
  return perMonth<MonthComplaints>(
    spans,
    where,
    (i, month) => `SELECT '${month}' AS month, COUNT(*) AS n FROM "Complaint" c
      WHERE c."createdAt" >= @from${i} AND c."createdAt" < @to${i} AND ${where.sql}`,
    {},
  );
}

/** Follow-ups created in each WIB month span: decided and answered on time. */
export function followUpsPerMonth(scope: FigureScope, spans: MonthSpan[]) {
  const where = followUpsIn(scope);
  return perMonth<MonthFollowUps>(
    spans,
    where,
    (i, month) => `SELECT '${month}' AS month, SUM(${DECIDED}) AS decided, SUM(${ON_TIME}) AS "onTime"
      FROM "FollowUp" f LEFT JOIN "Complaint" c ON c.id = f."complaintId"
      WHERE f."createdAt" >= @from${i} AND f."createdAt" < @to${i} AND ${where.sql}`,
    { now: scope.now },
  );
}

/**
 * The red list: follow-ups escalated to `minLevel` or more and not DONE, highest level first, then by
 * deadline; at most `limit`. City-wide it walks the (escalationLevel DESC, dueAt, id) index in order and
 * stops at `limit`: at a million complaints tens of thousands qualify, and sorting them all took
 * 120–300 ms (Prisma's relation filter for the public made it the slower end). One unit's list lets the
 * planner start from the unit.
 */
export async function redListRows(scope: RowScope, minLevel: number, limit: number): Promise<RedListSqlRow[]> {
  const where = followUpsIn(scope);
  const rows = await sqlEngine.read.all<Stored<RedListSqlRow>>({
    sql: `SELECT f.id, f."unitId" AS "unitId", u.name AS "unitName", f.category, f."dueAt" AS "dueAt", f."escalationLevel" AS "escalationLevel",
        f.instruction, c.ref AS "complaintRef", c.privacy AS "complaintPrivacy", c.category AS "complaintCategory"
      FROM "FollowUp" f ${scope.unitId === undefined ? dialect.indexedBy("FollowUp_escalationLevel_dueAt_id_idx") : ""}
        JOIN "Unit" u ON u.id = f."unitId" LEFT JOIN "Complaint" c ON c.id = f."complaintId"
      WHERE f."escalationLevel" >= @minLevel AND f.state IN ('OPEN', 'ANSWERED') AND ${where.sql}
      ORDER BY f."escalationLevel" DESC, f."dueAt" ASC, f.id ASC
      LIMIT @limit`,
    params: { ...where.params, minLevel, limit },
  });
  return rows.map((r) => ({ ...r, dueAt: dateOf(r.dueAt)! }));
}
