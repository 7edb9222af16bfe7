import { db } from "~/lib/db.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { storeInboundRow } from "~/lib/sql/writes/channels.server";
import { backoffMs } from "~/lib/outbox-delivery.server";
import { maskAddress, whatsappConfig, type Channel } from "./config.server";
import { conversationStep, CONVERSATION_TTL_MS, type ContactState, type Draft, type Incoming, type Outcome, type Step } from "./conversation.server";
import { enqueueChannelMessage, sendPendingChannelMessages } from "./outbox.server";
import { textsFor } from "./texts.server";
import { downloadWhatsAppMedia } from "./whatsapp.server";
import { handleSmsText } from "./sms.server";

// The inbound queue (issue 19): webhooks only store messages (`storeInbound`, before answering 200);
// `processPendingInbound` works them off in order, one sender at a time, and writes the conversation's
// new state, its replies and the "done" mark in one transaction. A message that fails (a media API
// that is down) is retried with backoff, and later messages of the same sender wait behind it.

const CLAIM_MS = 5 * 60 * 1000;
/** After this many failed attempts the sender is told we could not process it, and it is set aside. */
export const MAX_INBOUND_ATTEMPTS = 5;

export type NewInbound = { externalId: string; address: string; kind: string; payload: Record<string, unknown> };

/** Stores messages; a message id already stored (a redelivery) is skipped. Returns how many were new. */
export async function storeInbound(channel: Channel, messages: NewInbound[], now = new Date()): Promise<number> {
  let stored = 0;
  for (const m of messages) {
    const { changes } = await sqlEngine.onPrisma(db).run(
      storeInboundRow({ channel, externalId: m.externalId, address: m.address, kind: m.kind, payload: JSON.stringify(m.payload), receivedAt: now, nextAttemptAt: now, attempts: 0 }),
    );
    stored += changes;
  }
  return stored;
}

let running: Promise<number> | null = null;
let again = false;

/** Starts processing in this process unless it is already running (then it runs once more after). */
export function kickInboundProcessing(): void {
  if (running) {
    again = true;
    return;
  }
  // Replies go out right after, so a resident waits seconds, not the next job tick.
  running = processPendingInbound()
    .then(async (n) => {
      await sendPendingChannelMessages();
      return n;
    })
    .catch((error) => {
      console.error("[channels] inbound", error instanceof Error ? error.message : error);
      return 0;
    })
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        kickInboundProcessing();
      }
    });
}

/** Waits for a processing run started by kickInboundProcessing (tests). */
export async function inboundIdle(): Promise<void> {
  while (running) await running;
}

type Row = { id: number; channel: string; externalId: string; address: string; kind: string; payload: string; attempts: number; nextAttemptAt: Date };

export async function processPendingInbound(options: { now?: Date; batch?: number } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const due: Row[] = await db.channelInbound.findMany({
    where: { processedAt: null, nextAttemptAt: { lte: now } },
    orderBy: { id: "asc" },
    take: options.batch ?? 50,
    select: { id: true, channel: true, externalId: true, address: true, kind: true, payload: true, attempts: true, nextAttemptAt: true },
  });
  let processed = 0;
  const blocked = new Set<string>();
  for (const row of due) {
    const who = `${row.channel}:${row.address}`;
    if (blocked.has(who)) continue;
    // Keep each sender's order: an earlier message still waiting for a retry holds the later ones.
    const earlier = await db.channelInbound.count({ where: { channel: row.channel, address: row.address, processedAt: null, id: { lt: row.id } } });
    if (earlier > 0) {
      blocked.add(who);
      continue;
    }
    const claim = await db.channelInbound.updateMany({
      where: { id: row.id, processedAt: null, nextAttemptAt: row.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + CLAIM_MS) },
    });
    if (claim.count !== 1) continue;
    try {
      await handle(row, now);
      processed++;
    } catch (error) {
      blocked.add(who);
      const attempts = row.attempts + 1;
      const message = String(error instanceof Error ? error.message : error).slice(0, 500);
      console.warn(`[channels] ${row.channel} message from ${maskAddress(row.address)} failed (attempt ${attempts}): ${message}`);
      if (attempts >= MAX_INBOUND_ATTEMPTS) {
        await db.$transaction(async (tx) => {
          await tx.channelInbound.update({ where: { id: row.id }, data: { attempts, lastError: message, processedAt: now } });
          if (row.channel !== "EMAIL") {
            const contact = await tx.channelContact.findUnique({ where: { channel_address: { channel: row.channel, address: row.address } }, select: { locale: true } });
            await enqueueChannelMessage(tx, { channel: row.channel as "WHATSAPP" | "SMS", to: row.address, body: textsFor(contact?.locale ?? "id").failed }, now);
          }
        });
      } else {
        await db.channelInbound.update({ where: { id: row.id }, data: { attempts, lastError: message, nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) } });
      }
    }
  }
  return processed;
}

async function handle(row: Row, now: Date) {
  const channel = row.channel as Channel;
  const incoming: Incoming = { kind: row.kind, payload: JSON.parse(row.payload) as Incoming["payload"] };
  const contact = await db.channelContact.upsert({
    where: { channel_address: { channel, address: row.address } },
    create: { channel, address: row.address, stepAt: now, createdAt: now },
    update: {},
    select: { id: true, step: true, draft: true, locale: true, optedOutAt: true, stepAt: true, _count: { select: { media: true } } },
  });
  const state: ContactState = {
    step: contact.step as Step,
    draft: JSON.parse(contact.draft) as Draft,
    locale: contact.locale === "en" ? "en" : "id",
    optedOut: contact.optedOutAt !== null,
    stepAt: contact.stepAt,
    mediaCount: contact._count.media,
  };

  let outcome: Outcome;
  if (channel === "WHATSAPP") {
    outcome = await conversationStep(state, incoming, {
      channel,
      address: row.address,
      now,
      fetchMedia: async (mediaId) => {
        const config = whatsappConfig();
        if (!config) throw new Error("WhatsApp is not configured");
        return downloadWhatsAppMedia(config, mediaId);
      },
      loadPhotos: async () =>
        (await db.channelMedia.findMany({ where: { contactId: contact.id }, orderBy: { id: "asc" }, select: { bytes: true } })).map((m) => new Uint8Array(m.bytes)),
    });
  } else {
    outcome = await handleSmsText(state, incoming, { address: row.address, now });
  }

  await db.$transaction(async (tx) => {
    if (outcome.clearPhotos) await tx.channelMedia.deleteMany({ where: { contactId: contact.id } });
    if (outcome.addPhoto) await tx.channelMedia.create({ data: { contactId: contact.id, bytes: new Uint8Array(outcome.addPhoto), createdAt: now } });
    const stepChanged = outcome.step !== state.step || JSON.stringify(outcome.draft) !== contact.draft;
    await tx.channelContact.update({
      where: { id: contact.id },
      data: {
        step: outcome.step,
        draft: JSON.stringify(outcome.draft),
        locale: outcome.locale,
        lastInboundAt: now,
        optedOutAt: outcome.optedOut ? (contact.optedOutAt ?? now) : null,
        // Any message keeps an unfinished conversation alive for another day.
        ...(stepChanged || outcome.step !== "IDLE" ? { stepAt: now } : {}),
      },
    });
    if (!outcome.optedOut || outcome.forceReplies) {
      for (const body of outcome.replies) {
        await enqueueChannelMessage(tx, { channel: channel as "WHATSAPP" | "SMS", to: row.address, body, evenIfOptedOut: outcome.forceReplies }, now);
      }
    }
    await tx.channelInbound.update({ where: { id: row.id }, data: { processedAt: now, attempts: row.attempts + 1, lastError: null } });
  });
}

/** Drafts idle for a day lose their photos (the conversation itself restarts on the next message). */
export async function purgeExpiredDrafts(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - CONVERSATION_TTL_MS);
  const stale = await db.channelContact.findMany({ where: { step: { not: "IDLE" }, stepAt: { lt: cutoff } }, select: { id: true } });
  if (!stale.length) return 0;
  const ids = stale.map((c) => c.id);
  await db.$transaction([
    db.channelMedia.deleteMany({ where: { contactId: { in: ids } } }),
    db.channelContact.updateMany({ where: { id: { in: ids }, stepAt: { lt: cutoff } }, data: { step: "IDLE", draft: "{}" } }),
  ]);
  return ids.length;
}
