import { dialect, type SqlFragment } from "../index.server";

// The channels' statements Prisma's API cannot say (issue 19).

export type InboundRow = {
  channel: string;
  externalId: string;
  address: string;
  kind: string;
  payload: string;
  receivedAt: Date;
  nextAttemptAt: Date;
  attempts: number;
  /** Set when the message is recorded already handled (an e-mail refused at once). */
  processedAt?: Date | null;
  lastError?: string | null;
};

const INBOUND_COLUMNS = ["channel", "externalId", "address", "kind", "payload", "receivedAt", "nextAttemptAt", "attempts", "processedAt", "lastError"] as const;

/** Stores an inbound message; a message id stored already (a redelivery) is skipped: 0 rows changed. */
export function storeInboundRow(row: InboundRow): SqlFragment {
  return {
    sql: dialect.insertIgnoringDuplicates("ChannelInbound", INBOUND_COLUMNS, ["channel", "externalId"]),
    params: {
      channel: row.channel,
      externalId: row.externalId,
      address: row.address,
      kind: row.kind,
      payload: row.payload,
      receivedAt: dialect.time(row.receivedAt),
      nextAttemptAt: dialect.time(row.nextAttemptAt),
      attempts: row.attempts,
      processedAt: row.processedAt ? dialect.time(row.processedAt) : null,
      lastError: row.lastError ?? null,
    },
  };
}

/** Only the WhatsApp and SMS threads with status news: one indexed join instead of a look at every complaint. */
export function threadsWithStatusNews(limit: number): SqlFragment {
  return {
    sql: `SELECT DISTINCT cc."id" AS id FROM "ChannelComplaint" cc
    JOIN "ComplaintEvent" e ON e."complaintId" = cc."complaintId" AND e."id" > cc."lastEventId" AND e."kind" = 'STATUS'
    WHERE cc."channel" IN ('WHATSAPP', 'SMS')
    LIMIT ${Math.trunc(limit)}`,
    params: {},
  };
}

/** Records that a follow-up reached an escalation level; 0 rows changed when another run did first. */
export function insertEscalationLevel(followUpId: number, level: number, now: Date): SqlFragment {
  return {
    sql: dialect.insertIgnoringDuplicates("Escalation", ["followUpId", "level", "createdAt"], ["followUpId", "level"]),
    params: { followUpId, level, createdAt: dialect.time(now) },
  };
}
