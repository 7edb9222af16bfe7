import { db, type Db, type Tx } from "~/lib/db.server";
import { deliverDueRows, errorText, MAX_ATTEMPTS, PermanentSendFailure, type DeliveryResult } from "~/lib/outbox-delivery.server";
import { maskAddress, smsConfig, whatsappConfig, type Channel } from "./config.server";
import { hmacHex } from "./signature.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { insertOutboxRow, outboxKeyTaken } from "~/lib/sql/writes/outbox.server";

// Replies to residents on WhatsApp and SMS go through the same Notification outbox as e-mail
// (app/lib/notify.server.ts): a row per message, written in the transaction of the change it reports,
// sent by the same claim-then-send loop with the same exponential backoff
// (app/lib/outbox-delivery.server.ts). A provider that is down leaves the rows waiting; nothing is lost.

/** WhatsApp allows free-form messages only within 24 hours of the resident's last message. */
export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Sent as text only when the window has at least this much left, so it does not close in flight. */
const WINDOW_MARGIN_MS = 10 * 60 * 1000;
const MAX_TEXT = 4000;

export type TemplateMessage = { name: string; language: string; parameters: string[] };

export type ChannelMessage = {
  channel: Exclude<Channel, "EMAIL">;
  to: string;
  body: string;
  /** WhatsApp only: sent instead of `body` when the 24-hour window has closed. */
  template?: TemplateMessage | null;
  dedupeKey?: string | null;
  /** The BERHENTI confirmation is the one message sent to a number that opted out. */
  evenIfOptedOut?: boolean;
};

/** Writes one outbox row (unless the number opted out). Call inside the change's transaction. */
export async function enqueueChannelMessage(tx: Tx | Db, message: ChannelMessage, now = new Date()): Promise<boolean> {
  if (!message.evenIfOptedOut) {
    const contact = await tx.channelContact.findUnique({
      where: { channel_address: { channel: message.channel, address: message.to } },
      select: { optedOutAt: true },
    });
    if (contact?.optedOutAt) return false;
  }
  const sql = sqlEngine.onPrisma(tx);
  if (message.dedupeKey && (await sql.get(outboxKeyTaken(message.dedupeKey)))) return false;
  await sql.run(
    insertOutboxRow({
      channel: message.channel,
      toAddress: message.to,
      subject: message.channel,
      body: message.body.slice(0, MAX_TEXT),
      template: message.template ? JSON.stringify(message.template) : null,
      dedupeKey: message.dedupeKey ?? null,
      nextAttemptAt: now,
      createdAt: now,
    }),
  );
  return true;
}

async function post(url: string, body: string, headers: Record<string, string>) {
  const res = await fetch(url, { method: "POST", body, headers: { "Content-Type": "application/json", ...headers }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) {
    const text = (await res.text().catch(() => "")).slice(0, 200);
    throw new Error(`HTTP ${res.status} ${text}`);
  }
  await res.arrayBuffer().catch(() => undefined);
}

type Row = { id: number; channel: string; toAddress: string | null; body: string; template: string | null };

async function sendWhatsApp(row: Row, client: Db, now: Date) {
  const config = whatsappConfig();
  if (!config) throw new Error("WhatsApp is not configured");
  const contact = await client.channelContact.findUnique({
    where: { channel_address: { channel: "WHATSAPP", address: row.toAddress! } },
    select: { lastInboundAt: true },
  });
  const windowOpen = !!contact?.lastInboundAt && now.getTime() - contact.lastInboundAt.getTime() < SERVICE_WINDOW_MS - WINDOW_MARGIN_MS;
  let payload: Record<string, unknown>;
  if (windowOpen) {
    payload = { messaging_product: "whatsapp", recipient_type: "individual", to: row.toAddress, type: "text", text: { body: row.body, preview_url: false } };
  } else if (row.template) {
    const t = JSON.parse(row.template) as TemplateMessage;
    payload = {
      messaging_product: "whatsapp",
      to: row.toAddress,
      type: "template",
      template: { name: t.name, language: { code: t.language }, components: [{ type: "body", parameters: t.parameters.map((text) => ({ type: "text", text })) }] },
    };
  } else {
    // A conversation reply that waited past the window cannot be sent any more (Meta refuses it).
    throw new PermanentSendFailure("outside the 24-hour window and no template");
  }
  await post(`${config.apiUrl}/${encodeURIComponent(config.phoneNumberId)}/messages`, JSON.stringify(payload), { Authorization: `Bearer ${config.token}` });
}

async function sendSms(row: Row) {
  const config = smsConfig();
  if (!config) throw new Error("SMS is not configured");
  const body = JSON.stringify({ id: `tindak-${row.id}`, to: row.toAddress, text: row.body });
  await post(config.url, body, { "X-Tindak-Signature": hmacHex(config.secret, body) });
}

export type ChannelSendResult = DeliveryResult;

/** Delivers due WhatsApp and SMS rows of the channels that are configured. */
export async function sendPendingChannelMessages(options: { now?: Date; client?: Db; batch?: number } = {}): Promise<ChannelSendResult> {
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const channels = [whatsappConfig() ? "WHATSAPP" : null, smsConfig() ? "SMS" : null].filter((c): c is string => c !== null);
  if (!channels.length) return { sent: 0, failed: 0 };
  const due = await client.notification.findMany({
    where: { channel: { in: channels }, sentAt: null, nextAttemptAt: { lte: now }, attempts: { lt: MAX_ATTEMPTS }, toAddress: { not: null } },
    orderBy: { id: "asc" },
    take: options.batch ?? 50,
    select: { id: true, channel: true, toAddress: true, body: true, template: true, attempts: true, nextAttemptAt: true },
  });
  return deliverDueRows(
    client,
    due,
    now,
    (row) => (row.channel === "WHATSAPP" ? sendWhatsApp(row, client, now) : sendSms(row)),
    (row, attempts, error) => console.warn(`[channels] ${row.channel} to ${maskAddress(row.toAddress!)} failed (attempt ${attempts}): ${errorText(error).slice(0, 500)}`),
  );
}
