import type { Prisma } from "~/generated/prisma/client";
import type { SqlFragment } from "~/lib/sql/fragment";
import { dialect } from "~/lib/sql/index.server";
import { FOLLOW_UP_STATES, type Role } from "~/lib/codes";
import type { ReferenceSeries } from "~/lib/reference";

// Who may see what: every visibility rule of Tindak, written once (docs/decisions/0015).
//
// Each rule comes in the forms a query needs: a Prisma `where` (for the Prisma client), an SQL fragment
// with named parameters (for the raw-SQL module's queries, app/lib/sql/, on either of its paths), and
// where a row is already in hand, a predicate. The three forms
// of one rule sit next to each other, and tests/integration/policy.test.ts proves on the seeded database
// that the Prisma and SQL forms select the same ids. Outside this file, app/ spells no privacy, role or
// EXTORTION literal in a query or a permission check (tests/unit/policy-literals.test.ts greps for it).
//
// The rules:
// - Public complaint: not confidential AND never EXTORTION, whatever privacy is stored. A pungli report
//   filed with a wrong privacy (an old row, a bug, a hand edit) is still never public.
// - Reporter identity (name, phone, e-mail, IP hash, user agent): inspectors and admins only; the public
//   reads a name only when the reporter chose `public`.
// - Unit scope: a unit head reads rows of their own unit only (a head without a unit: nothing).
// - Protected finding detail: the description, note and photos of an EXTORTION finding, and of the pungli
//   checklist item, are for inspectors and admins; a unit head reads the directive and the deadline.
// - Protected complaint (confidential or EXTORTION): a unit head never gets its internal id nor a time
//   finer than the day; the unit's answer reaches the reporter only after an inspector accepts it
//   (and the reporter reads the text the inspector released, which the inspector may have edited).
// - Overdue follow-up: OPEN past its deadline (an answer waiting for the inspector is not the unit's delay).

// ---------------------------------------------------------------------------------------------------
// The literals. Nothing else in app/ compares against these in a query or a permission check.

const PRIVACY_PUBLIC = "public";
const PRIVACY_CONFIDENTIAL = "confidential";
const EXTORTION = "EXTORTION";
const OPEN = "OPEN";

export const ROLE = { ADMIN: "ADMIN", INSPECTOR: "INSPECTOR", UNIT_HEAD: "UNIT_HEAD" } as const satisfies Record<Role, Role>;

/**
 * The one user type every model takes: who is acting or reading. A signed-in SessionUser satisfies it;
 * models ask for nothing more (no e-mail, no name), so a job or a channel can act as a user too.
 */
export type Actor = { id: number; role: Role; unitId: number | null };

type WithRole = { role: string } | null | undefined;
type WithUnit = { role: string; unitId: number | null };

// ---------------------------------------------------------------------------------------------------
// SQL fragments

// A fragment is SQL with named parameters (`@name`), the one parameter style of the raw-SQL module
// (app/lib/sql/fragment.ts): the module's queries embed these rules, and `sqlEngine.onPrisma` runs them
// on Prisma's connection.
export { andSql, type SqlFragment } from "~/lib/sql/fragment";

const ALIAS = /^[A-Za-z_][A-Za-z0-9_]*$/;
function alias(a: string) {
  if (!ALIAS.test(a)) throw new Error(`policy: bad table alias ${a}`);
  return a;
}

/** "f.unitId" as `f."unitId"`: columns are quoted camelCase on PostgreSQL, and quoting is harmless on SQLite. */
function quotedColumn(column: string) {
  const [table, name] = column.split(".");
  return `${table}."${name}"`;
}

// ---------------------------------------------------------------------------------------------------
// Roles and permissions

export const isStaff = (user: WithRole): boolean => !!user && (user.role === ROLE.INSPECTOR || user.role === ROLE.ADMIN);
export const isUnitHead = (user: WithRole): boolean => !!user && user.role === ROLE.UNIT_HEAD;
export const isInspector = (user: WithRole): boolean => !!user && user.role === ROLE.INSPECTOR;
export const isAdmin = (user: WithRole): boolean => !!user && user.role === ROLE.ADMIN;

export const PERMISSIONS = {
  "admin:manage": [ROLE.ADMIN],
  "inspection:start": [ROLE.INSPECTOR],
  // Changing a sidak (its draft, its findings, submitting, amending): only its own inspector, see mayEditInspection.
  "inspection:edit": [ROLE.INSPECTOR],
  "inspection:read": [ROLE.INSPECTOR, ROLE.ADMIN, ROLE.UNIT_HEAD],
  "complaint:triage": [ROLE.INSPECTOR],
  "complaint:moderate": [ROLE.INSPECTOR, ROLE.ADMIN],
  "complaint:read-identity": [ROLE.INSPECTOR, ROLE.ADMIN],
  "followup:read": [ROLE.INSPECTOR, ROLE.ADMIN, ROLE.UNIT_HEAD],
  "followup:answer": [ROLE.UNIT_HEAD],
  "followup:verify": [ROLE.INSPECTOR],
  "escalation:read": [ROLE.INSPECTOR, ROLE.ADMIN],
  "outbox:read": [ROLE.ADMIN],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(user: WithRole, permission: Permission): boolean {
  return !!user && (PERMISSIONS[permission] as readonly string[]).includes(user.role);
}

/** The edit rule of a sidak: `inspection:edit`, and only the inspector who started it. */
export function mayEditInspection(user: { id: number; role: string } | null | undefined, inspection: { inspectorId: number }): boolean {
  return !!user && can(user, "inspection:edit") && inspection.inspectorId === user.id;
}

/**
 * Pages an inspector's phone may keep for use without a signal (docs/decisions/0029): the inspections
 * list, and their own sidak while it is a draft. Nobody else's pages are ever kept (other roles and
 * signed-out visitors get public pages only, fetched without cookies).
 */
export function mayKeepInspectionOffline(user: { id: number; role: string }, inspection: { inspectorId: number; status: string }): boolean {
  return isInspector(user) && inspection.status === "DRAFT" && mayEditInspection(user, inspection);
}
export const mayKeepInspectionListOffline = isInspector;

/** Users of a role, for notification recipients: the unit heads of one unit, or every inspector. */
export function usersOfRoleWhere(role: Role, unitId?: number): Prisma.UserWhereInput {
  return { role, disabledAt: null, ...(unitId !== undefined ? { unitId } : {}) };
}

// ---------------------------------------------------------------------------------------------------
// Unit scope

/** A unit head: their own unit only (none: nothing); inspectors and admins: all. */
export function unitScope(user: WithUnit): { unitId?: number } {
  if (user.role === ROLE.UNIT_HEAD) return { unitId: user.unitId ?? -1 };
  return {};
}

/** unitScope as SQL on `column` (e.g. "f.unitId"). */
export function unitScopeSql(user: WithUnit, column: string): SqlFragment {
  if (!/^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_]+$/.test(column)) throw new Error(`policy: bad column ${column}`);
  const scope = unitScope(user);
  return scope.unitId === undefined ? { sql: "TRUE", params: {} } : { sql: `${quotedColumn(column)} = @policyScopeUnitId`, params: { policyScopeUnitId: scope.unitId } };
}

// ---------------------------------------------------------------------------------------------------
// Complaints

/** The public rule: not confidential and never EXTORTION, whatever privacy is stored. */
export const PUBLIC_COMPLAINT_WHERE = {
  privacy: { not: PRIVACY_CONFIDENTIAL },
  category: { not: EXTORTION },
} as const satisfies Prisma.ComplaintWhereInput;

export function publicComplaintSql(a = "c"): SqlFragment {
  const t = alias(a);
  return {
    sql: `${t}.privacy <> @policyConfidential AND ${t}.category <> @policyExtortion`,
    params: { policyConfidential: PRIVACY_CONFIDENTIAL, policyExtortion: EXTORTION },
  };
}

export function isPublicComplaint(c: { privacy: string; category: string }): boolean {
  return c.privacy !== PRIVACY_CONFIDENTIAL && c.category !== EXTORTION;
}

/** Confidential or EXTORTION: the complement of the public rule. */
export const PROTECTED_COMPLAINT_WHERE = {
  OR: [{ privacy: PRIVACY_CONFIDENTIAL }, { category: EXTORTION }],
} as const satisfies Prisma.ComplaintWhereInput;

export function protectedComplaintSql(a = "c"): SqlFragment {
  const t = alias(a);
  return {
    sql: `${t}.privacy = @policyConfidential OR ${t}.category = @policyExtortion`,
    params: { policyConfidential: PRIVACY_CONFIDENTIAL, policyExtortion: EXTORTION },
  };
}

export const isProtectedComplaint = (c: { privacy: string; category: string }) => !isPublicComplaint(c);

/**
 * The reference series of a complaint: protected complaints (confidential or EXTORTION) are numbered in
 * RHS, the others in ADU, so the public ADU series has no gaps that count confidential reports.
 */
export function referenceSeriesFor(c: { privacy: string; category: string }): ReferenceSeries {
  return isProtectedComplaint(c) ? "RHS" : "ADU";
}

/** The privacy stored for a new complaint: a pungli report is confidential whatever was posted. */
export function privacyForFiling<P extends string | undefined>(category: string | undefined, requested: P): P | typeof PRIVACY_CONFIDENTIAL {
  return category === EXTORTION ? PRIVACY_CONFIDENTIAL : requested;
}

/**
 * The privacy of a complaint filed where the privacy choice cannot be explained to the resident (SMS,
 * e-mail): the safest one, so nobody is published who did not choose to be.
 */
export const PRIVACY_WITHOUT_CHOICE = PRIVACY_CONFIDENTIAL;

/** Whether a category is pungli (Open311 describes it as a confidential, batch service). */
export const isProtectedCategory = (category: string | undefined) => category === EXTORTION;

/** The reporter's name as the public may read it: only when they chose `public` (and the complaint is public). */
export function publicReporterName(c: { privacy: string; category: string; reporterName: string | null }): string | null {
  return c.privacy === PRIVACY_PUBLIC && isPublicComplaint(c) ? c.reporterName : null;
}

/**
 * A unit's answer reaches the reporter at once for a public complaint; for a protected one only after
 * an inspector accepts it (the accused office must not get a direct line to the person who reported it).
 */
export const answerNeedsInspectorRelease = isProtectedComplaint;

/**
 * The unit's answers a reporter may read: every answer to a public complaint, and an answer to a
 * protected one once an inspector released it (then the reporter reads `reporterBody`, see
 * reporterAnswerText). Used in the reporter's own query (/track, the tracking photos).
 */
export const ANSWER_FOR_REPORTER_WHERE = {
  OR: [{ releasedAt: { not: null } }, { followUp: { complaint: PUBLIC_COMPLAINT_WHERE } }],
} as const satisfies Prisma.ResponseWhereInput;

/** What the reporter reads of an answer the rule above let through: the released text, else the unit's own. */
export function reporterAnswerText(r: { body: string; reporterBody: string | null; releasedAt: Date | null }): string {
  return r.releasedAt !== null && r.reporterBody !== null ? r.reporterBody : r.body;
}

// ---------------------------------------------------------------------------------------------------
// Findings and checklist items

/** Whether the viewer may read a finding's description, note and photos (not only its directive). */
export function mayReadFindingDetail(user: WithRole, finding: { category: string }): boolean {
  return isStaff(user) || finding.category !== EXTORTION;
}

/** Findings whose detail the viewer may read (Prisma). Staff: all. */
export function findingDetailWhere(user: WithRole): Prisma.FindingWhereInput {
  return isStaff(user) ? {} : { category: { not: EXTORTION } };
}

export function findingDetailSql(user: WithRole, a = "fi"): SqlFragment {
  const t = alias(a);
  return isStaff(user) ? { sql: "TRUE", params: {} } : { sql: `${t}.category <> @policyExtortion`, params: { policyExtortion: EXTORTION } };
}

/** Checklist items whose answers' notes and photos the viewer may read: never the pungli item for non-staff. */
export function checklistItemDetailWhere(user: WithRole): Prisma.ChecklistItemWhereInput {
  return isStaff(user) ? {} : { findingCategory: { not: EXTORTION } };
}

export function mayReadChecklistItemDetail(user: WithRole, item: { findingCategory: string }): boolean {
  return isStaff(user) || item.findingCategory !== EXTORTION;
}

// ---------------------------------------------------------------------------------------------------
// Follow-ups

/** Follow-ups the public may count: not EXTORTION, and from no complaint or a public one. */
export const PUBLIC_FOLLOW_UP_WHERE = {
  category: { not: EXTORTION },
  OR: [{ complaintId: null }, { complaint: PUBLIC_COMPLAINT_WHERE }],
} as const satisfies Prisma.FollowUpWhereInput;

/** The same with `f` the follow-up and `c` its complaint LEFT JOINed. */
export function publicFollowUpSql(f = "f", c = "c"): SqlFragment {
  const ft = alias(f);
  const ct = alias(c);
  const pc = publicComplaintSql(ct);
  return { sql: `${ft}.category <> @policyExtortion AND (${ct}.id IS NULL OR (${pc.sql}))`, params: { ...pc.params } };
}

/** Overdue: the unit still owes an answer after its deadline. */
export function overdueFollowUpWhere(now: Date) {
  return { state: OPEN, dueAt: { lt: now } } satisfies Prisma.FollowUpWhereInput;
}

export function overdueFollowUpSql(now: Date, a = "f"): SqlFragment {
  const t = alias(a);
  return { sql: `${t}.state = @policyOpen AND ${t}."dueAt" < @policyNow`, params: { policyOpen: OPEN, policyNow: dialect.time(now) } };
}

/**
 * Follow-ups whose deadline at or after `now` will change a figure when it passes, with nothing written:
 * an OPEN one turns overdue (overdueFollowUpSql), an unanswered one counts as decided (the dashboard).
 * Caches of such figures hold until the first of these deadlines (app/lib/clock-stamp.server.ts). The
 * states are listed so that the (state, dueAt) index finds the first deadline without a scan.
 */
export function deadlineAheadSql(now: Date, a = "f"): SqlFragment {
  const t = alias(a);
  return {
    sql: `${t}.state IN (${FOLLOW_UP_STATES.map((s) => `'${s}'`).join(", ")}) AND ${t}."dueAt" >= @policyNow AND (${t}.state = @policyOpen OR ${t}."answeredAt" IS NULL)`,
    params: { policyOpen: OPEN, policyNow: dialect.time(now) },
  };
}

export function isOverdueFollowUp(f: { state: string; dueAt: Date }, now: Date): boolean {
  return f.state === OPEN && f.dueAt < now;
}
