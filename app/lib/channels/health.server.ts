import { db } from "~/lib/db.server";
import { MAX_ATTEMPTS } from "~/lib/outbox-delivery.server";
import { CHANNELS, channelConfigured, type Channel } from "./config.server";
import { MAX_INBOUND_ATTEMPTS } from "./inbound.server";

// The figures of /admin/channels: is each channel on, when did a message last come in and go out, how
// much is waiting, what failed. Counts and times only: no resident number or address leaves here.

export type ChannelHealth = {
  channel: Channel;
  configured: boolean;
  lastInboundAt: Date | null;
  /** null for e-mail: its replies are ordinary outbox e-mails (see /admin/outbox). */
  lastOutboundAt: Date | null;
  queuedInbound: number;
  queuedOutbound: number;
  failedInbound: number;
  failedOutbound: number;
  complaints: number;
  lastError: string | null;
};

export async function channelHealth(): Promise<ChannelHealth[]> {
  return Promise.all(
    CHANNELS.map(async (channel) => {
      const outbound = channel !== "EMAIL";
      const [lastIn, lastOut, queuedInbound, queuedOutbound, failedInbound, failedOutbound, complaints, lastFailedIn, lastFailedOut] = await Promise.all([
        db.channelInbound.findFirst({ where: { channel }, orderBy: { id: "desc" }, select: { receivedAt: true } }),
        outbound ? db.notification.findFirst({ where: { channel, sentAt: { not: null } }, orderBy: { sentAt: "desc" }, select: { sentAt: true } }) : null,
        db.channelInbound.count({ where: { channel, processedAt: null } }),
        outbound ? db.notification.count({ where: { channel, sentAt: null, attempts: { lt: MAX_ATTEMPTS } } }) : 0,
        db.channelInbound.count({ where: { channel, lastError: { not: null }, OR: [{ processedAt: null }, { attempts: { gte: MAX_INBOUND_ATTEMPTS } }] } }),
        outbound ? db.notification.count({ where: { channel, sentAt: null, lastError: { not: null } } }) : 0,
        db.channelComplaint.count({ where: { channel } }),
        db.channelInbound.findFirst({ where: { channel, lastError: { not: null } }, orderBy: { id: "desc" }, select: { lastError: true } }),
        outbound ? db.notification.findFirst({ where: { channel, sentAt: null, lastError: { not: null } }, orderBy: { id: "desc" }, select: { lastError: true } }) : null,
      ]);
      return {
        channel,
        configured: channelConfigured(channel),
        lastInboundAt: lastIn?.receivedAt ?? null,
        lastOutboundAt: lastOut?.sentAt ?? null,
        queuedInbound,
        queuedOutbound,
        failedInbound,
        failedOutbound,
        complaints,
        lastError: lastFailedOut?.lastError ?? lastFailedIn?.lastError ?? null,
      };
    }),
  );
}
