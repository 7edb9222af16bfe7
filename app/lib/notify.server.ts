import nodemailer from "nodemailer";
import { usersOfRoleWhere } from "~/models/policy.server";
import type { Role } from "./codes";
import { DEFAULT_LOCALE, isLocale, translate, type MessageKey } from "~/i18n";
import type { Transporter } from "nodemailer";
import { db, type Db, type Tx } from "./db.server";
import { getEnv, publicUrl } from "./env.server";
import { deliverDueRows, errorText, MAX_ATTEMPTS } from "./outbox-delivery.server";
import { sqlEngine } from "./sql/index.server";
import { insertOutboxRow, outboxKeyTaken } from "./sql/writes/outbox.server";

// Notification outbox (issue 5). `enqueue` writes rows in the SAME transaction as the change they
// report, so a rolled-back change never sends a message and a committed one is never forgotten.
// `sendPendingEmails` (a job every 30 s) delivers EMAIL rows over SMTP when SMTP_URL is set and retries
// failures with exponential backoff; without SMTP_URL they stay in the table for admins (/admin/outbox).
// IN_APP rows are read by their user at /notifications.
//
// Privacy: callers build messages from the follow-up's instruction and ids only. Nothing here ever
// reads a complaint's reporter fields, so no reporter identity can reach a unit head by this path.

/**
 * A subject as a message key, written in each recipient's language (a user's `locale`; Bahasa
 * Indonesia for an address without an account), or text that is already final (a reply quoting the
 * resident's own subject).
 */
export type OutboxSubject = string | { key: MessageKey; vars?: Record<string, string | number> };

export type OutboxMessage = {
  subject: OutboxSubject;
  body: string;
  /** A path in the app, e.g. /follow-ups/12 */
  link?: string | null;
  /** Unique per message; a second enqueue with the same key is skipped (escalations). */
  dedupeKey?: string | null;
};

type Recipient = { userId: number; email: string; locale?: string } | { toEmail: string };

const MAX_SUBJECT = 200;
const MAX_BODY = 4000;

function subjectFor(to: Recipient, subject: OutboxSubject): string {
  if (typeof subject === "string") return subject;
  const locale = "locale" in to && isLocale(to.locale) ? to.locale : DEFAULT_LOCALE;
  return translate(locale, subject.key, subject.vars);
}

/** Writes one EMAIL row (and an IN_APP row for users) per recipient. Call inside the change's transaction. */
export async function enqueue(tx: Tx, recipients: Recipient | Recipient[], message: OutboxMessage, now = new Date()) {
  const list = Array.isArray(recipients) ? recipients : [recipients];
  let written = 0;
  for (const to of list) {
    const base = {
      subject: subjectFor(to, message.subject).slice(0, MAX_SUBJECT),
      body: message.body.slice(0, MAX_BODY),
      link: message.link ?? null,
      nextAttemptAt: now,
      createdAt: now,
    };
    const rows =
      "userId" in to
        ? [
            { ...base, channel: "IN_APP", userId: to.userId, toEmail: null, sentAt: null },
            { ...base, channel: "EMAIL", userId: to.userId, toEmail: to.email },
          ]
        : [{ ...base, channel: "EMAIL", userId: null, toEmail: to.toEmail }];
    for (const row of rows) {
      const who = "userId" in to ? `u${to.userId}` : `e:${to.toEmail}`;
      const dedupeKey = message.dedupeKey ? `${message.dedupeKey}:${who}:${row.channel}` : null;
      const sql = sqlEngine.onPrisma(tx);
      if (dedupeKey && (await sql.get(outboxKeyTaken(dedupeKey)))) continue;
      await sql.run(insertOutboxRow({ ...row, dedupeKey }));
      written++;
    }
  }
  return written;
}

/** Active users of a role (and unit), as recipients. */
export async function usersWithRole(tx: Tx | Db, role: Role, unitId?: number) {
  const users = await tx.user.findMany({
    where: usersOfRoleWhere(role, unitId),
    select: { id: true, email: true, locale: true },
    orderBy: { id: "asc" },
  });
  return users.map((u) => ({ userId: u.id, email: u.email, locale: u.locale }));
}

// ---------------------------------------------------------------------------------------------------
// Sender

/** An error message for the server log: e-mail addresses (an SMTP server's "550 <x@y> unknown") masked. */
export function logSafeError(error: unknown): string {
  return errorText(error)
    .replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, "<address>")
    .replace(/\s+/g, " ")
    .slice(0, 300);
}

let transportCache: { url: string; transport: Transporter } | undefined;
function transportFor(url: string): Transporter {
  if (transportCache?.url !== url) transportCache = { url, transport: nodemailer.createTransport(url) };
  return transportCache.transport;
}

export type SendResult = { sent: number; failed: number; skipped: boolean };

/**
 * Delivers due EMAIL rows. Without an SMTP URL it does nothing (the rows wait in the outbox). Each row is
 * claimed before sending and retried with backoff (outbox-delivery.server.ts).
 */
export async function sendPendingEmails(
  options: { smtpUrl?: string; now?: Date; client?: Db; batch?: number } = {},
): Promise<SendResult> {
  const smtpUrl = options.smtpUrl ?? process.env.SMTP_URL;
  if (!smtpUrl) return { sent: 0, failed: 0, skipped: true };
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const due = await client.notification.findMany({
    where: { channel: "EMAIL", sentAt: null, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS }, toEmail: { not: null } },
    orderBy: { id: "asc" },
    take: options.batch ?? 50,
  });
  const transport = transportFor(smtpUrl);
  const { sent, failed } = await deliverDueRows(
    client,
    due,
    now,
    async (row) => {
      await transport.sendMail({
        from: getEnv().SMTP_FROM,
        to: row.toEmail!,
        subject: row.subject,
        text: row.link ? `${row.body}\n\n${absoluteLink(row.link)}` : row.body,
      });
    },
    // One line per failure, no address and no text of the message: the row id leads to the rest.
    (row, attempts, error) => console.error(`[mail] notification ${row.id} not sent (attempt ${attempts} of ${MAX_ATTEMPTS}): ${logSafeError(error)}`),
  );
  return { sent, failed, skipped: false };
}

// ---------------------------------------------------------------------------------------------------
// Reading

const PAGE = 50;

export async function listOutbox(page = 1, filter: "pending" | "sent" | "failed" | "all" = "all") {
  const where =
    filter === "pending"
      ? { channel: "EMAIL", sentAt: null }
      : filter === "sent"
        ? { channel: "EMAIL", sentAt: { not: null } }
        : filter === "failed"
          ? { channel: "EMAIL", sentAt: null, lastError: { not: null } }
          : { channel: "EMAIL" };
  const [total, rows] = await Promise.all([
    db.notification.count({ where }),
    db.notification.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, toEmail: true, subject: true, body: true, link: true, attempts: true, nextAttemptAt: true, lastError: true, sentAt: true, createdAt: true },
    }),
  ]);
  return { total, rows, page, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

export async function listInApp(userId: number, page = 1) {
  const where = { userId, channel: "IN_APP" };
  const [total, unread, rows] = await Promise.all([
    db.notification.count({ where }),
    db.notification.count({ where: { ...where, readAt: null } }),
    db.notification.findMany({
      where,
      orderBy: { id: "desc" },
      skip: (page - 1) * PAGE,
      take: PAGE,
      select: { id: true, subject: true, body: true, link: true, readAt: true, createdAt: true },
    }),
  ]);
  return { total, unread, rows, page, pages: Math.max(1, Math.ceil(total / PAGE)) };
}

/** Marks one (or, without id, every) in-app notification of this user as read; others' rows are untouched. */
export async function markRead(userId: number, id?: number) {
  const result = await db.notification.updateMany({
    where: { userId, channel: "IN_APP", readAt: null, ...(id ? { id } : {}) },
    data: { readAt: new Date() },
  });
  return result.count;
}

/**
 * Marks this user's unread in-app notifications that point at `link` ("/follow-ups/12") as read: once
 * the user has acted on the record (answered, accepted, asked for time), the notice is dealt with.
 */
export async function markReadForLink(userId: number, link: string, now = new Date()) {
  const result = await db.notification.updateMany({ where: { userId, channel: "IN_APP", readAt: null, link }, data: { readAt: now } });
  return result.count;
}

/** Links are stored as paths ("/follow-ups/12"); an e-mail needs them absolute, on PUBLIC_URL (issue 13). */
export function absoluteLink(link: string): string {
  return link.startsWith("/") ? `${publicUrl()}${link}` : link;
}
