import { db } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { DEFAULT_DEADLINE_RULES, defaultHolidays, invalidateHolidayCache } from "~/lib/holidays.server";
import { DomainError } from "~/lib/domain-error";
import { wibDateKey } from "~/lib/time";

// Admin settings behind working-day deadlines: deadline rules (per category and severity) and the
// holiday calendar. Every change is audited in its transaction; holiday changes drop the cached set so
// the next deadline counts them.

export function listDeadlineRules() {
  return db.deadlineRule.findMany({ orderBy: [{ category: "asc" }, { severity: "asc" }] });
}

export async function saveDeadlineRule(
  actorId: number,
  input: { id?: number; category: string; severity: string; ackDays: number; answerDays: number },
) {
  // The unit must acknowledge before the answer is due.
  if (input.ackDays > input.answerDays) throw new DomainError("fu.rules.ackAfterAnswer", 400, "ackDays");
  return auditedTransaction(db, async (tx) => {
    const clash = await tx.deadlineRule.findFirst({
      where: { category: input.category, severity: input.severity, ...(input.id ? { id: { not: input.id } } : {}) },
    });
    if (clash) throw new DomainError("fu.settings.duplicateRule", 409);
    const before = input.id ? await tx.deadlineRule.findUnique({ where: { id: input.id } }) : null;
    if (input.id && !before) throw new DomainError("fu.settings.notFound", 404);
    const data = { category: input.category, severity: input.severity, ackDays: input.ackDays, answerDays: input.answerDays };
    const rule = input.id ? await tx.deadlineRule.update({ where: { id: input.id }, data }) : await tx.deadlineRule.create({ data });
    await appendAudit(tx, {
      actorId,
      actorKind: "USER",
      action: input.id ? "deadlineRule.update" : "deadlineRule.create",
      entityType: "DeadlineRule",
      entityId: rule.id,
      before,
      after: rule,
    });
    return rule;
  });
}

export async function deleteDeadlineRule(actorId: number, id: number) {
  return auditedTransaction(db, async (tx) => {
    const before = await tx.deadlineRule.findUnique({ where: { id } });
    if (!before) throw new DomainError("fu.settings.notFound", 404);
    // The "*"/"*" row is the fallback every follow-up can rely on; it can be edited, not removed.
    if (before.category === "*" && before.severity === "*") throw new DomainError("fu.settings.lastWildcard", 409);
    await tx.deadlineRule.delete({ where: { id } });
    await appendAudit(tx, { actorId, actorKind: "USER", action: "deadlineRule.delete", entityType: "DeadlineRule", entityId: id, before });
  });
}

export async function holidayYears() {
  const rows = await db.holiday.findMany({ select: { date: true } });
  return [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))].sort();
}

export function listHolidays(year: number) {
  return db.holiday.findMany({ where: { date: { startsWith: `${year}-` } }, orderBy: { date: "asc" } });
}

export async function addHoliday(actorId: number, input: { date: string; name: string; kind: "NATIONAL" | "CUTI_BERSAMA" }) {
  const result = await auditedTransaction(db, async (tx) => {
    if (await tx.holiday.findUnique({ where: { date: input.date } })) throw new DomainError("fu.settings.duplicateDate", 409);
    const holiday = await tx.holiday.create({ data: { date: input.date, name: input.name, kind: input.kind, source: "admin" } });
    await appendAudit(tx, { actorId, actorKind: "USER", action: "holiday.create", entityType: "Holiday", entityId: holiday.id, after: holiday });
    return holiday;
  });
  invalidateHolidayCache();
  return result;
}

export async function renameHoliday(actorId: number, id: number, input: { name: string; kind: "NATIONAL" | "CUTI_BERSAMA" }) {
  const result = await auditedTransaction(db, async (tx) => {
    const before = await tx.holiday.findUnique({ where: { id } });
    if (!before) throw new DomainError("fu.settings.notFound", 404);
    const holiday = await tx.holiday.update({ where: { id }, data: { name: input.name, kind: input.kind, source: "admin" } });
    await appendAudit(tx, { actorId, actorKind: "USER", action: "holiday.update", entityType: "Holiday", entityId: id, before, after: holiday });
    return holiday;
  });
  invalidateHolidayCache();
  return result;
}

export async function deleteHoliday(actorId: number, id: number) {
  await auditedTransaction(db, async (tx) => {
    const before = await tx.holiday.findUnique({ where: { id } });
    if (!before) throw new DomainError("fu.settings.notFound", 404);
    await tx.holiday.delete({ where: { id } });
    await appendAudit(tx, { actorId, actorKind: "USER", action: "holiday.delete", entityType: "Holiday", entityId: id, before });
  });
  invalidateHolidayCache();
}

/**
 * Makes sure the calendar behind deadlines exists on any database, demo or not: the LAPOR! default rules
 * when the rule table is empty, and the holidays of this year and next for each year that has no row
 * at all (so an admin's deletions inside a year are respected). Runs at server start and daily, so the
 * next year's calendar appears in time.
 */
export async function ensureCalendar(now = new Date()) {
  const year = Number(wibDateKey(now).slice(0, 4));
  let added = 0;
  await auditedTransaction(db, async (tx) => {
    if ((await tx.deadlineRule.count()) === 0) {
      const created = await tx.deadlineRule.createMany({ data: DEFAULT_DEADLINE_RULES.map((r) => ({ ...r })) });
      added += created.count;
    }
    for (const y of [year, year + 1]) {
      if ((await tx.holiday.count({ where: { date: { startsWith: `${y}-` } } })) > 0) continue;
      const rows = defaultHolidays([y]);
      if (!rows.length) continue;
      const created = await tx.holiday.createMany({ data: rows.map((h) => ({ date: h.date, name: h.name, kind: h.kind, source: h.source })) });
      added += created.count;
    }
    if (added) {
      await appendAudit(tx, { actorKind: "SYSTEM", action: "calendar.seed", entityType: "Holiday", entityId: String(year), after: { rowsAdded: added } });
    }
  });
  if (added) invalidateHolidayCache();
  return added;
}
