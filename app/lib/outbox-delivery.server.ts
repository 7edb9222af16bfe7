import type { Db } from "./db.server";
import { redactTrackingCodes } from "./tracking-code";

// The one delivery loop of the Notification outbox, used by every channel that leaves the server:
// e-mail (notify.server.ts) and WhatsApp/SMS (channels/outbox.server.ts). Each due row is claimed with
// a conditional update before it is sent, so two runs (or two processes) never send it twice at once;
// a failure is recorded on the row (attempts, lastError) and retried later with exponential backoff.

export const MAX_ATTEMPTS = 8;
const BASE_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;
/** A claimed row is hidden from other senders this long, so two processes never send it twice at once. */
const CLAIM_MS = 5 * 60 * 1000;

/** 30 s, 1 min, 2 min … capped at 6 h: the wait after the n-th failed attempt (n ≥ 1). */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attempts - 1));
}

/** A failure that no retry can mend: the row is given up at once (its attempts set to the maximum). */
export class PermanentSendFailure extends Error {}

/** What the loop needs of a Notification row; `send` gets the whole row it was given. */
export type DueRow = { id: number; attempts: number; nextAttemptAt: Date; body: string; link?: string | null };

export type DeliveryResult = { sent: number; failed: number };

/**
 * Claims and sends each of `rows` (found due by the caller) in turn. Delivered: `sentAt` is set and the
 * tracking codes leave the stored text (kept only while a retry needed them). Failed: attempts + 1 (or
 * the maximum for a PermanentSendFailure), the error in `lastError`, the next try after `backoffMs`;
 * `logFailure` writes the caller's own line to the server log, without personal data.
 */
export async function deliverDueRows<R extends DueRow>(
  client: Db,
  rows: R[],
  now: Date,
  send: (row: R) => Promise<void>,
  logFailure: (row: R, attempts: number, error: unknown) => void,
): Promise<DeliveryResult> {
  let sent = 0;
  let failed = 0;
  for (const row of rows) {
    const claim = await client.notification.updateMany({
      where: { id: row.id, sentAt: null, nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
    });
    if (claim.count !== 1) continue;
    try {
      await send(row);
      await client.notification.update({
        where: { id: row.id },
        data: {
          sentAt: new Date(),
          attempts: row.attempts + 1,
          lastError: null,
          body: redactTrackingCodes(row.body),
          ...(row.link !== undefined ? { link: row.link ? redactTrackingCodes(row.link) : null } : {}),
        },
      });
      sent++;
    } catch (error) {
      const attempts = error instanceof PermanentSendFailure ? MAX_ATTEMPTS : row.attempts + 1;
      logFailure(row, attempts, error);
      await client.notification.update({
        where: { id: row.id },
        data: { attempts, lastError: errorText(error).slice(0, 500), nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) },
      });
      failed++;
    }
  }
  return { sent, failed };
}

/** An error's message (or the thrown value) as text. */
export function errorText(error: unknown): string {
  return String(error instanceof Error ? error.message : error);
}
