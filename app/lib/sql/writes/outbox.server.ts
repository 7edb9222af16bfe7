import { dialect, type SqlFragment } from "../index.server";

// The outbox row (ADR 0006), written once for every kind of message: e-mail and in-app notices
// (app/lib/notify.server.ts), WhatsApp and SMS replies (app/lib/channels/outbox.server.ts), the filing
// confirmation on the raw write path. Each runs it inside the transaction of the change it reports.

export type OutboxRow = {
  channel: string;
  userId?: number | null;
  toEmail?: string | null;
  toAddress?: string | null;
  subject: string;
  body: string;
  link?: string | null;
  template?: string | null;
  dedupeKey?: string | null;
  /** Set for a row that is never sent (an in-app notice is delivered by being stored). */
  sentAt?: Date | null;
  nextAttemptAt: Date;
  createdAt: Date;
};

export function insertOutboxRow(row: OutboxRow): SqlFragment {
  return {
    sql: `INSERT INTO "Notification" (channel, "userId", "toEmail", "toAddress", subject, body, link, template, "dedupeKey", "sentAt", attempts, "nextAttemptAt", "createdAt")
       VALUES (@channel, @userId, @toEmail, @toAddress, @subject, @body, @link, @template, @dedupeKey, @sentAt, 0, @nextAttemptAt, @createdAt)`,
    params: {
      channel: row.channel,
      userId: row.userId ?? null,
      toEmail: row.toEmail ?? null,
      toAddress: row.toAddress ?? null,
      subject: row.subject,
      body: row.body,
      link: row.link ?? null,
      template: row.template ?? null,
      dedupeKey: row.dedupeKey ?? null,
      sentAt: row.sentAt ? dialect.time(row.sentAt) : null,
      nextAttemptAt: dialect.time(row.nextAttemptAt),
      createdAt: dialect.time(row.createdAt),
    },
  };
}

/** Whether a message with this key was written already (a repeated escalation, a status pushed twice). */
export function outboxKeyTaken(dedupeKey: string): SqlFragment {
  return { sql: `SELECT 1 AS taken FROM "Notification" WHERE "dedupeKey" = @dedupeKey`, params: { dedupeKey } };
}
