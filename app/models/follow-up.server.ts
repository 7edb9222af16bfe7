import { db, type Tx } from "~/lib/db.server";
import type { AlsoInTransaction } from "~/lib/idempotency.server";
import { kecamatanOptions } from "~/lib/kecamatan";
import { readStatement } from "~/lib/read-db.server";
import { INSTRUCTION_PREVIEW, instructionPreview } from "~/lib/text";
import { appendAudit } from "~/lib/audit.server";
import { loadHolidaySet, resolveDeadlineRule } from "~/lib/holidays.server";
import { addWorkingDays, endOfWibDay } from "~/lib/working-days";
import { enqueue, usersWithRole } from "~/lib/notify.server";
import { notFound } from "~/lib/http.server";
import { answerNeedsInspectorRelease, can, findingDetailWhere, isOverdueFollowUp, isProtectedComplaint, isStaff, isUnitHead, overdueFollowUpSql, overdueFollowUpWhere, ROLE, unitScope, unitScopeSql } from "~/models/policy.server";
import type { SessionUser } from "~/lib/session.server";
import type { SavedPhoto } from "~/lib/uploads.server";
import { formatDateTime, wibDateKey } from "~/lib/time";
import { FOLLOW_UP_STATES, isOneOf } from "~/lib/codes";

// The FollowUp aggregate: work a unit must do by a deadline. This file is the one place follow-ups
// are created, so a complaint sent to a unit, a sidak directive and an Open311 request all get the
// same deadline rules.
//
// States: OPEN → ANSWERED → DONE, or ANSWERED → (rejected) → OPEN. Every transition is a conditional
// update on the state it expects (`updateMany where state = …`), so two concurrent requests can never
// both win, and every change appends its audit event and outbox rows in the same transaction.
// The access rule sits inside each query's `where` (unitScope): out of reach reads exactly like missing.

export type CreateFollowUpInput = {
  sourceType: "FINDING" | "COMPLAINT";
  findingId?: number | null;
  complaintId?: number | null;
  unitId: number;
  /** What the unit must do. For confidential matters, the only text of the source the unit head sees. */
  instruction: string;
  category: string;
  severity?: string;
  /** Initial quantity (e.g. cards not handed over), for findings with a number. */
  quantity?: number | null;
  createdById: number;
  /** An explicit deadline set by the inspector; otherwise the deadline rule decides. */
  dueAt?: Date | null;
  now?: Date;
};

/** Deadlines for a new follow-up from the rule for its category and severity, in working days (WIB). */
export async function computeDeadlines(tx: Tx, category: string, severity: string, now: Date) {
  // Read through `tx`, never the shared client: inside a transaction the single SQLite connection is
  // held, so a query on `db` (the holiday cache when cold) would wait for this very transaction.
  const [rules, holidayRows] = await Promise.all([tx.deadlineRule.findMany(), tx.holiday.findMany({ select: { date: true } })]);
  const holidays: ReadonlySet<string> = new Set(holidayRows.map((h) => h.date));
  const rule = resolveDeadlineRule(rules, category, severity);
  return {
    ackDueAt: addWorkingDays(now, rule.ackDays, holidays),
    dueAt: addWorkingDays(now, rule.answerDays, holidays),
  };
}

/** Creates a follow-up inside the caller's transaction and records it in the audit trail. */
export async function createFollowUp(tx: Tx, input: CreateFollowUpInput) {
  const now = input.now ?? new Date();
  const severity = input.severity ?? "MEDIUM";
  const deadlines = await computeDeadlines(tx, input.category, severity, now);
  const dueAt = input.dueAt ?? deadlines.dueAt;
  if (dueAt.getTime() <= now.getTime()) throw new Response("Batas waktu harus di masa depan.", { status: 400 });
  const followUp = await tx.followUp.create({
    data: {
      sourceType: input.sourceType,
      findingId: input.findingId ?? null,
      complaintId: input.complaintId ?? null,
      unitId: input.unitId,
      instruction: input.instruction,
      category: input.category,
      severity,
      state: "OPEN",
      ackDueAt: deadlines.ackDueAt < dueAt ? deadlines.ackDueAt : dueAt,
      dueAt,
      originalDueAt: dueAt,
      quantity: input.quantity ?? null,
      outstandingQuantity: input.quantity ?? null,
      createdById: input.createdById,
      createdAt: now,
    },
  });
  await appendAudit(tx, {
    actorId: input.createdById,
    actorKind: "USER",
    action: "followup.create",
    entityType: "FollowUp",
    entityId: followUp.id,
    after: { unitId: followUp.unitId, sourceType: followUp.sourceType, dueAt: followUp.dueAt.toISOString(), state: "OPEN" },
    at: now,
  });
  // The unit head learns of new work at once. Only the instruction and the deadline: never the source's
  // reporter, whatever the complaint's privacy.
  await enqueue(
    tx,
    await usersWithRole(tx, ROLE.UNIT_HEAD, followUp.unitId),
    {
      subject: `Tindak lanjut baru #${followUp.id} untuk unit Anda`,
      body: `Ada tindak lanjut baru untuk unit Anda:\n\n${clip(followUp.instruction, 600)}\n\nBatas waktu: ${formatDateTime(dueAt)}.`,
      link: `/follow-ups/${followUp.id}`,
    },
    now,
  );
  return followUp;
}

// ---------------------------------------------------------------------------------------------------
// Errors: a message key (translated by the route) and an HTTP status, so the model stays i18n-free.

export type FollowUpErrorCode =
  | "notAllowed"
  | "alreadyDone"
  | "notOpen"
  | "notAnswered"
  | "bodyRequired"
  | "quantityRequired"
  | "outstandingConfirm"
  | "quantityNegative"
  | "quantityTooLarge"
  | "quantityNotApplicable"
  | "reasonRequired"
  | "dateInvalid"
  | "extensionNotLater"
  | "extensionPending"
  | "extensionNotPending"
  | "deadlineInPast"
  | "verdictInvalid"
  | "reporterTextNotApplicable";

export class FollowUpError extends Error {
  constructor(
    readonly code: FollowUpErrorCode,
    readonly status: number,
    readonly field?: string,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(`follow-up: ${code}`);
  }
}

const fail = (code: FollowUpErrorCode, status: number, field?: string, vars?: Record<string, string | number>): never => {
  throw new FollowUpError(code, status, field, vars);
};

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

type Actor = Pick<SessionUser, "id" | "role" | "unitId">;

// ---------------------------------------------------------------------------------------------------
// Reading

/** Overdue means the unit still owes an answer after its deadline (the policy's rule). */
export const overdueWhere = overdueFollowUpWhere;

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
// Overdue means the unit still owes an answer after its deadline (see overdueWhere).
// The overdue column is the policy's rule; its parameters (@policyOpen, @policyNow) come from overdueParams.
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

export type FollowUpFilters = {
  unitId?: number;
  kecamatan?: string;
  category?: string;
  state?: string;
  overdue?: boolean;
  page?: number;
};

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

export type InboxFields = Omit<ListRow, "dueAt" | "extensionPending"> & { dueAt: Date; extensionPending: boolean };

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

// The source complaint as the follow-up page reads it: never a reporter field. What a unit head gets of
// it is cut further in getFollowUp by the policy (no internal id, the day only, no protected text).
const complaintOfFollowUp = {
  id: true,
  ref: true,
  category: true,
  privacy: true,
  status: true,
  description: true,
  publicDescription: true,
  createdAt: true,
} as const;

/**
 * One follow-up with everything its page shows, or 404 when missing or out of reach (the unit rule is in
 * the `where`). Staff see the source's original text. A unit head (docs/decisions/0015):
 * - of a complaint: its ref, category, privacy and filing day, never its internal id nor the time of
 *   day; its text only when the complaint is public (then the moderated text);
 * - of a finding: the directive (the instruction) and the deadline; the description only when the
 *   finding is not EXTORTION (read by a second query whose `where` holds the policy's rule).
 */
export async function getFollowUp(user: Actor, id: number, now = new Date()) {
  const followUp = await db.followUp.findFirst({
    where: { id, ...unitScope(user) },
    select: {
      id: true,
      sourceType: true,
      instruction: true,
      category: true,
      severity: true,
      state: true,
      ackDueAt: true,
      dueAt: true,
      originalDueAt: true,
      acknowledgedAt: true,
      answeredAt: true,
      closedAt: true,
      quantity: true,
      outstandingQuantity: true,
      escalationLevel: true,
      overdueAt: true,
      createdAt: true,
      unitId: true,
      unit: { select: { id: true, name: true, kecamatanCode: true } },
      createdBy: { select: { id: true, name: true } },
      complaint: { select: complaintOfFollowUp },
      finding: {
        select: {
          id: true,
          category: true,
          directive: true,
          quantity: true,
          quantityUnit: true,
          oldestDate: true,
          severity: true,
          inspection: { select: { id: true, startedAt: true } },
        },
      },
      responses: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          body: true,
          outstandingQuantity: true,
          verdict: true,
          verdictReason: true,
          verdictAt: true,
          reporterBody: true,
          releasedAt: true,
          createdAt: true,
          author: { select: { name: true } },
          verdictBy: { select: { name: true } },
          attachments: { where: { hiddenAt: null }, select: { id: true, width: true, height: true } },
        },
      },
      extensions: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          reason: true,
          proposedDueAt: true,
          previousDueAt: true,
          state: true,
          decisionNote: true,
          decidedAt: true,
          createdAt: true,
          requestedBy: { select: { name: true } },
          decidedBy: { select: { name: true } },
        },
      },
      escalations: { orderBy: { level: "asc" }, select: { level: true, createdAt: true } },
    },
  });
  if (!followUp) notFound();
  const { complaint: source, finding: sourceFinding, ...rest } = followUp;

  let complaint: { id: number | null; ref: string; category: string; privacy: string; status: string; filedOn: string; text: string | null; textHidden: boolean } | null = null;
  if (source) {
    const staff = isStaff(user);
    const hidden = !staff && isProtectedComplaint(source);
    complaint = {
      id: staff ? source.id : null,
      ref: source.ref,
      category: source.category,
      privacy: source.privacy,
      status: source.status,
      filedOn: wibDateKey(source.createdAt),
      text: hidden ? null : staff ? source.description : (source.publicDescription ?? source.description),
      textHidden: hidden,
    };
  }

  let finding: (typeof sourceFinding & { description: string | null; detailHidden: boolean }) | null = null;
  if (sourceFinding) {
    const detail = await db.finding.findFirst({ where: { id: sourceFinding.id, ...findingDetailWhere(user) }, select: { description: true } });
    finding = { ...sourceFinding, description: detail?.description ?? null, detailHidden: !detail };
  }

  return {
    ...rest,
    complaint,
    finding,
    overdue: isOverdueFollowUp(followUp, now),
    /** The unit's answer reaches the reporter only once an inspector accepts (and may edit) it. */
    answerNeedsRelease: source ? answerNeedsInspectorRelease(source) : false,
    pendingExtension: followUp.extensions.find((e) => e.state === "PENDING") ?? null,
  };
}

// ---------------------------------------------------------------------------------------------------
// Transitions

/** Reads the follow-up inside the transaction with the access rule in the where; 404 otherwise. */
async function loadForChange(tx: Tx, user: Actor, id: number) {
  const row = await tx.followUp.findFirst({
    where: { id, ...unitScope(user) },
    select: {
      id: true,
      state: true,
      unitId: true,
      dueAt: true,
      originalDueAt: true,
      quantity: true,
      outstandingQuantity: true,
      instruction: true,
      category: true,
      severity: true,
      acknowledgedAt: true,
      complaintId: true,
      // No reporter field here: this row is read on the unit head's paths.
      complaint: { select: { id: true, status: true, privacy: true, category: true } },
    },
  });
  if (!row) notFound();
  return row;
}

/** Conditional update on the expected state: a concurrent transition makes this one fail with 409. */
async function moveState(tx: Tx, id: number, from: string, data: Record<string, unknown>) {
  const result = await tx.followUp.updateMany({ where: { id, state: from }, data });
  if (result.count !== 1) fail(from === "OPEN" ? "notOpen" : "notAnswered", 409);
}

function requireRole(user: Actor, permission: "followup:answer" | "followup:verify") {
  if (!can(user, permission)) fail("notAllowed", 403);
}

/** Keeps a complaint source in step: its status, and a history step the reporter sees on /track. */
async function stepComplaint(
  tx: Tx,
  complaint: { id: number; status: string } | null,
  to: "ANSWERED" | "CLOSED" | "SENT",
  body: string,
  authorId: number,
  now: Date,
) {
  if (!complaint) return;
  // The reporter may have confirmed the fix already (CLOSED): closing again would add an empty step.
  if (complaint.status === to && to !== "ANSWERED") return;
  await tx.complaint.update({
    where: { id: complaint.id },
    data: { status: to, closedAt: to === "CLOSED" ? now : null, updatedAt: now },
  });
  await tx.complaintEvent.create({
    data: {
      complaintId: complaint.id,
      kind: to === "ANSWERED" ? "ANSWER" : "STATUS",
      body,
      statusFrom: complaint.status,
      statusTo: to,
      visibility: "REPORTER",
      authorId,
      createdAt: now,
    },
  });
}

/**
 * Residents get e-mail only when they left an address; the tracking code is hashed, so no link to it.
 * The address is read here, by complaint id, straight into the outbox row: it is never part of what a
 * model function returns, so nothing on a unit head's path can show it.
 */
async function notifyResident(tx: Tx, complaintId: number | null, subject: string, body: string, now: Date) {
  if (!complaintId) return;
  const complaint = await tx.complaint.findUnique({ where: { id: complaintId }, select: { reporterEmail: true } });
  if (!complaint?.reporterEmail) return;
  await enqueue(
    tx,
    { toEmail: complaint.reporterEmail },
    { subject, body: `${body}\n\nUntuk melihat rinciannya, buka halaman lacak (/track) dengan kode Anda.`, link: "/track" },
    now,
  );
}

/** A held answer: an internal step of the complaint (staff read it on triage); the reporter sees nothing yet. */
async function recordHeldAnswer(tx: Tx, complaintId: number, body: string, authorId: number, now: Date) {
  await tx.complaintEvent.create({
    data: { complaintId, kind: "ANSWER", body, visibility: "INTERNAL", authorId, createdAt: now },
  });
}

/**
 * Releases a held answer to its reporter with the text the inspector accepted (possibly edited), and
 * writes who released what to the audit trail: the original stays in `body`, the reporter reads
 * `reporterBody` only.
 */
async function releaseAnswer(
  tx: Tx,
  inspectorId: number,
  followUpId: number,
  complaintId: number,
  response: { id: number; body: string },
  text: string,
  now: Date,
): Promise<string> {
  await tx.response.update({ where: { id: response.id }, data: { reporterBody: text, releasedAt: now } });
  // The reporter's history gets the released text; the status moves with the closing step that follows.
  await tx.complaintEvent.create({ data: { complaintId, kind: "ANSWER", body: text, visibility: "REPORTER", authorId: inspectorId, createdAt: now } });
  const edited = text !== response.body;
  await appendAudit(tx, {
    actorId: inspectorId,
    actorKind: "USER",
    action: "followup.answer.release",
    entityType: "FollowUp",
    entityId: followUpId,
    before: edited ? { body: response.body } : undefined,
    after: { responseId: response.id, edited, reporterBody: text },
    at: now,
  });
  return text;
}

export type AnswerInput = { body: string; outstandingQuantity?: number | null; photos?: SavedPhoto[] };

/** The unit head answers an OPEN follow-up of their own unit. */
export async function answerFollowUp(user: Actor, id: number, input: AnswerInput, now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  requireRole(user, "followup:answer");
  const body = input.body.trim();
  if (!body) fail("bodyRequired", 400, "body");
  return db.$transaction(async (tx) => {
    const f = await loadForChange(tx, user, id);
    if (f.state === "DONE") fail("alreadyDone", 409);
    if (f.state !== "OPEN") fail("notOpen", 409);
    let outstanding: number | null = null;
    if (f.quantity !== null) {
      const q = input.outstandingQuantity;
      if (q === null || q === undefined) fail("quantityRequired", 400, "outstandingQuantity");
      else if (q < 0) fail("quantityNegative", 400, "outstandingQuantity");
      else if (q > f.quantity) fail("quantityTooLarge", 400, "outstandingQuantity", { max: f.quantity });
      outstanding = q ?? null;
    } else if (input.outstandingQuantity !== null && input.outstandingQuantity !== undefined) {
      fail("quantityNotApplicable", 400, "outstandingQuantity");
    }
    await moveState(tx, f.id, "OPEN", {
      state: "ANSWERED",
      answeredAt: now,
      acknowledgedAt: f.acknowledgedAt ?? now,
      outstandingQuantity: outstanding ?? f.outstandingQuantity,
      updatedAt: now,
    });
    const response = await tx.response.create({
      data: { followUpId: f.id, authorId: user.id, body, outstandingQuantity: outstanding, createdAt: now },
    });
    for (const photo of input.photos ?? []) {
      await tx.attachment.create({ data: { ...photo, responseId: response.id, createdAt: now } });
    }
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "followup.answer",
      entityType: "FollowUp",
      entityId: f.id,
      before: { state: "OPEN", outstandingQuantity: f.outstandingQuantity },
      after: { state: "ANSWERED", responseId: response.id, outstandingQuantity: outstanding, photos: input.photos?.length ?? 0 },
      at: now,
    });
    // A confidential or pungli complaint's answer waits for the inspector: staff read it as an internal
    // step, the reporter (page and e-mail) nothing until it is released on acceptance.
    const held = f.complaint !== null && answerNeedsInspectorRelease(f.complaint);
    if (held) await recordHeldAnswer(tx, f.complaint!.id, body, user.id, now);
    else await stepComplaint(tx, f.complaint, "ANSWERED", body, user.id, now);
    await enqueue(
      tx,
      await usersWithRole(tx, ROLE.INSPECTOR),
      {
        subject: `Jawaban unit untuk tindak lanjut #${f.id}`,
        body: `Unit telah menjawab tindak lanjut #${f.id}:\n\n${clip(body, 1000)}\n\nMohon verifikasi jawaban ini.`,
        link: `/follow-ups/${f.id}`,
      },
      now,
    );
    if (!held) await notifyResident(tx, f.complaintId, "Unit telah menjawab pengaduan Anda", `Jawaban unit:\n\n${clip(body, 1500)}`, now);
    await alsoInTransaction?.(tx);
    return response;
  });
}

export type ExtensionInput = { reason: string; proposedDate: string };

/** Parses a YYYY-MM-DD date (WIB) into the end of that day, as deadlines are. */
export function parseDeadlineDate(value: string, field: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) fail("dateInvalid", 400, field);
  // Date.parse rolls 2026-02-30 over to March: a round trip catches dates that do not exist.
  const ms = Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) fail("dateInvalid", 400, field);
  const d = endOfWibDay(value);
  return d;
}

/** The unit head asks for more time: a reason, and a date after the current deadline. */
export async function requestExtension(user: Actor, id: number, input: ExtensionInput, now = new Date(), alsoInTransaction?: AlsoInTransaction) {
  requireRole(user, "followup:answer");
  const reason = input.reason.trim();
  if (!reason) fail("reasonRequired", 400, "reason");
  const proposed = parseDeadlineDate(input.proposedDate, "proposedDate");
  return db.$transaction(async (tx) => {
    const f = await loadForChange(tx, user, id);
    if (f.state === "DONE") fail("alreadyDone", 409);
    if (f.state !== "OPEN") fail("notOpen", 409);
    if (proposed.getTime() <= f.dueAt.getTime()) fail("extensionNotLater", 400, "proposedDate", { due: formatDateTime(f.dueAt) });
    if (proposed.getTime() <= now.getTime()) fail("deadlineInPast", 400, "proposedDate");
    const pending = await tx.extensionRequest.count({ where: { followUpId: f.id, state: "PENDING" } });
    if (pending > 0) fail("extensionPending", 409);
    const ext = await tx.extensionRequest.create({
      data: { followUpId: f.id, requestedById: user.id, reason, proposedDueAt: proposed, previousDueAt: f.dueAt, createdAt: now },
    });
    await tx.followUp.update({ where: { id: f.id }, data: { acknowledgedAt: f.acknowledgedAt ?? now, updatedAt: now } });
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "followup.extension.request",
      entityType: "FollowUp",
      entityId: f.id,
      after: { extensionId: ext.id, reason, proposedDueAt: proposed.toISOString(), dueAt: f.dueAt.toISOString() },
      at: now,
    });
    await enqueue(
      tx,
      await usersWithRole(tx, ROLE.INSPECTOR),
      {
        subject: `Permintaan perpanjangan untuk tindak lanjut #${f.id}`,
        body: `Unit meminta perpanjangan batas waktu dari ${formatDateTime(f.dueAt)} menjadi ${formatDateTime(proposed)}.\n\nAlasan: ${clip(reason, 1000)}`,
        link: `/follow-ups/${f.id}`,
      },
      now,
    );
    await alsoInTransaction?.(tx);
    return ext;
  });
}

export type VerifyInput = {
  verdict: "accept" | "reject";
  reason?: string;
  newDueDate?: string;
  /** The inspector confirms accepting an answer that still reports an outstanding quantity. */
  acceptOutstanding?: boolean;
  /** For an answer that needs release: what the reporter reads (empty: the unit's text as it is). */
  reporterText?: string;
};

/**
 * The inspector's verdict on the latest answer. Accept closes the follow-up; reject reopens it with a new
 * deadline: the one the inspector gives, or the rule's working days counted from now.
 */
export async function verifyFollowUp(user: Actor, id: number, input: VerifyInput, now = new Date()) {
  requireRole(user, "followup:verify");
  if (input.verdict !== "accept" && input.verdict !== "reject") fail("verdictInvalid", 400, "verdict");
  const reason = (input.reason ?? "").trim();
  if (input.verdict === "reject" && !reason) fail("reasonRequired", 400, "reason");
  const reporterText = (input.reporterText ?? "").trim();
  const explicitDue = input.verdict === "reject" && input.newDueDate ? parseDeadlineDate(input.newDueDate, "newDueDate") : null;
  if (explicitDue && explicitDue.getTime() <= now.getTime()) fail("deadlineInPast", 400, "newDueDate");
  return db.$transaction(async (tx) => {
    const f = await loadForChange(tx, user, id);
    if (f.state === "DONE") fail("alreadyDone", 409);
    if (f.state !== "ANSWERED") fail("notAnswered", 409);
    const response = await tx.response.findFirst({ where: { followUpId: f.id, verdict: "PENDING" }, orderBy: { id: "desc" } });
    if (!response) fail("notAnswered", 409);
    const unitHeads = await usersWithRole(tx, ROLE.UNIT_HEAD, f.unitId);
    const held = f.complaint !== null && answerNeedsInspectorRelease(f.complaint);
    if (!held && reporterText) fail("reporterTextNotApplicable", 400, "reporterText");
    if (input.verdict === "accept") {
      // Closing while the unit itself reports some still outstanding (75 of 180 cards) is a decision the
      // inspector confirms, and it is recorded as such on the response and in the audit log.
      const outstanding = response!.outstandingQuantity ?? 0;
      if (outstanding > 0 && !input.acceptOutstanding) fail("outstandingConfirm", 409, "acceptOutstanding", { left: outstanding, total: f.quantity ?? outstanding });
      const outstandingNote = outstanding > 0 ? `Diterima dengan ${outstanding} dari ${f.quantity ?? outstanding} masih tersisa.` : "";
      const verdictReason = [outstandingNote, reason].filter(Boolean).join(" ") || null;
      await moveState(tx, f.id, "ANSWERED", { state: "DONE", closedAt: now, updatedAt: now });
      await tx.response.update({ where: { id: response!.id }, data: { verdict: "ACCEPTED", verdictById: user.id, verdictAt: now, verdictReason } });
      await appendAudit(tx, {
        actorId: user.id,
        actorKind: "USER",
        action: "followup.accept",
        entityType: "FollowUp",
        entityId: f.id,
        before: { state: "ANSWERED" },
        after: { state: "DONE", responseId: response!.id, ...(outstanding > 0 ? { acceptedOutstanding: outstanding, quantity: f.quantity } : {}) },
        at: now,
      });
      const released = held ? await releaseAnswer(tx, user.id, f.id, f.complaint!.id, response!, reporterText || response!.body, now) : null;
      await stepComplaint(tx, f.complaint, "CLOSED", reason || "Jawaban unit telah diverifikasi dan pengaduan dinyatakan selesai.", user.id, now);
      await enqueue(tx, unitHeads, {
        subject: `Tindak lanjut #${f.id} diterima dan selesai`,
        body: `Jawaban unit Anda untuk tindak lanjut #${f.id} telah diverifikasi inspektur. Tindak lanjut ini selesai.`,
        link: `/follow-ups/${f.id}`,
      }, now);
      await notifyResident(
        tx,
        f.complaintId,
        "Pengaduan Anda telah selesai ditindaklanjuti",
        released !== null
          ? `Jawaban unit atas pengaduan Anda telah diverifikasi dan pengaduan dinyatakan selesai.\n\nJawaban unit:\n\n${clip(released, 1500)}`
          : "Jawaban unit atas pengaduan Anda telah diverifikasi dan pengaduan dinyatakan selesai.",
        now,
      );
      return { state: "DONE" as const };
    }
    let dueAt = explicitDue;
    if (!dueAt) dueAt = (await computeDeadlines(tx, f.category, f.severity, now)).dueAt;
    await moveState(tx, f.id, "ANSWERED", { state: "OPEN", dueAt, answeredAt: null, updatedAt: now });
    await tx.response.update({ where: { id: response!.id }, data: { verdict: "REJECTED", verdictById: user.id, verdictAt: now, verdictReason: reason } });
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: "followup.reject",
      entityType: "FollowUp",
      entityId: f.id,
      before: { state: "ANSWERED", dueAt: f.dueAt.toISOString() },
      after: { state: "OPEN", dueAt: dueAt.toISOString(), reason, responseId: response!.id },
      at: now,
    });
    await stepComplaint(tx, f.complaint, "SENT", `Jawaban unit belum memadai dan dikembalikan untuk ditindaklanjuti: ${reason}`, user.id, now);
    await enqueue(tx, unitHeads, {
      subject: `Jawaban untuk tindak lanjut #${f.id} dikembalikan`,
      body: `Inspektur mengembalikan jawaban Anda.\n\nAlasan: ${clip(reason, 1000)}\n\nBatas waktu baru: ${formatDateTime(dueAt)}.`,
      link: `/follow-ups/${f.id}`,
    }, now);
    return { state: "OPEN" as const, dueAt };
  });
}

export type DecideExtensionInput = { decision: "approve" | "refuse"; note?: string };

/** The inspector approves (the deadline moves; the original stays on record) or refuses an extension. */
export async function decideExtension(user: Actor, id: number, extensionId: number, input: DecideExtensionInput, now = new Date()) {
  requireRole(user, "followup:verify");
  if (input.decision !== "approve" && input.decision !== "refuse") fail("verdictInvalid", 400, "decision");
  const note = (input.note ?? "").trim();
  return db.$transaction(async (tx) => {
    const f = await loadForChange(tx, user, id);
    const ext = await tx.extensionRequest.findFirst({ where: { id: extensionId, followUpId: f.id } });
    if (!ext) notFound();
    if (f.state === "DONE") fail("alreadyDone", 409);
    const approve = input.decision === "approve";
    const decided = await tx.extensionRequest.updateMany({
      where: { id: ext!.id, state: "PENDING" },
      data: { state: approve ? "APPROVED" : "REFUSED", decidedById: user.id, decidedAt: now, decisionNote: note || null },
    });
    if (decided.count !== 1) fail("extensionNotPending", 409);
    if (approve) {
      if (ext!.proposedDueAt.getTime() <= now.getTime()) fail("deadlineInPast", 400);
      // originalDueAt is never touched: the first deadline stays on the record.
      await tx.followUp.update({ where: { id: f.id }, data: { dueAt: ext!.proposedDueAt, updatedAt: now } });
    }
    await appendAudit(tx, {
      actorId: user.id,
      actorKind: "USER",
      action: approve ? "followup.extension.approve" : "followup.extension.refuse",
      entityType: "FollowUp",
      entityId: f.id,
      before: { dueAt: f.dueAt.toISOString() },
      after: { extensionId: ext!.id, dueAt: (approve ? ext!.proposedDueAt : f.dueAt).toISOString(), note: note || null },
      at: now,
    });
    await enqueue(tx, await usersWithRole(tx, ROLE.UNIT_HEAD, f.unitId), {
      subject: approve ? `Perpanjangan untuk tindak lanjut #${f.id} disetujui` : `Perpanjangan untuk tindak lanjut #${f.id} ditolak`,
      body: approve
        ? `Batas waktu baru: ${formatDateTime(ext!.proposedDueAt)}.${note ? `\n\nCatatan: ${clip(note, 1000)}` : ""}`
        : `Batas waktu tetap: ${formatDateTime(f.dueAt)}.${note ? `\n\nCatatan: ${clip(note, 1000)}` : ""}`,
      link: `/follow-ups/${f.id}`,
    }, now);
    return { approved: approve };
  });
}
