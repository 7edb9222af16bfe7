import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { processPendingInbound, storeInbound } from "~/lib/channels/inbound.server";
import { sendPendingChannelMessages } from "~/lib/channels/outbox.server";
import { pushStatusChanges } from "~/lib/channels/status-push.server";
import { sendPendingEmails } from "~/lib/notify.server";
import { startStandIn, type StandIn } from "../support/channel-standins";
import { startCapturingSmtp, type CapturingSmtp } from "../support/smtp";

// Issue 18, several app servers: every server runs the same jobs (app/lib/jobs.server.ts), so two runs
// of a job meet on the same rows. A second server on the same SQLite file is refused by the instance
// lock (app/lib/instance-lock.server.ts), so here two runs at once in one process stand for two servers:
// they read the same due rows and go through the same claims (the conditional UPDATEs) as two servers
// would. tests/pg/n-servers.test.ts does the same with two clients on one PostgreSQL.

const SECRET = "sms-secret-two-runs";
let gateway: StandIn;
let smtp: CapturingSmtp;

beforeAll(async () => {
  gateway = await startStandIn({ sendPath: /^\/send$/ });
  smtp = await startCapturingSmtp();
  Object.assign(process.env, { SMS_GATEWAY_SECRET: SECRET, SMS_GATEWAY_URL: `${gateway.url}/send` });
  // The seeded outbox waits: only the rows made here are due.
  await db.notification.updateMany({ where: { sentAt: null }, data: { nextAttemptAt: new Date(Date.now() + 86_400_000) } });
});
afterAll(async () => {
  await gateway.close();
  await smtp.close();
  for (const k of ["SMS_GATEWAY_SECRET", "SMS_GATEWAY_URL"]) delete process.env[k];
});

const sentTo = (to: string) => gateway.sent().filter((m) => m.to === to);

describe("two runs of each job at once", () => {
  it("e-mail outbox: each message reaches the SMTP server once", async () => {
    const now = new Date();
    await db.notification.createMany({ data: Array.from({ length: 20 }, (_, i) => ({ channel: "EMAIL", toEmail: `dua.server${i}@example.org`, subject: `Pesan ${i}`, body: `Isi ${i}`, nextAttemptAt: now })) });
    const [a, b] = await Promise.all([sendPendingEmails({ smtpUrl: smtp.url, now }), sendPendingEmails({ smtpUrl: smtp.url, now })]);
    expect(a.sent + b.sent).toBe(20);
    const recipients = smtp.received.map((m) => m.to.join(","));
    expect(recipients).toHaveLength(20);
    expect(new Set(recipients).size).toBe(20);
  });

  it("inbound messages: each handled once (one reply each), and the replies leave the outbox once", async () => {
    const now = new Date();
    const senders = Array.from({ length: 8 }, (_, i) => `+62813777000${i}`);
    await storeInbound("SMS", senders.map((address, i) => ({ externalId: `two-runs-${i}`, address, kind: "text", payload: { text: "halo" } })), now);
    const [a, b] = await Promise.all([processPendingInbound({ now }), processPendingInbound({ now })]);
    expect(a + b).toBe(8);
    for (const address of senders) expect(await db.notification.count({ where: { channel: "SMS", toAddress: address } })).toBe(1);

    const [x, y] = await Promise.all([sendPendingChannelMessages({ now }), sendPendingChannelMessages({ now })]);
    expect(x.sent + y.sent).toBe(8);
    for (const address of senders) expect(sentTo(address)).toHaveLength(1);
  });

  it("status changes of a channel complaint: each pushed once", async () => {
    const complaint = await db.complaint.findFirstOrThrow({ where: { status: "NEW" } });
    const address = "+6281377700099";
    await db.channelComplaint.upsert({
      where: { complaintId: complaint.id },
      create: { complaintId: complaint.id, channel: "SMS", address, lastEventId: 1_000_000_000 },
      update: { channel: "SMS", address, lastEventId: 1_000_000_000 },
    });
    // Only the two changes made now are news for this thread.
    const first = await db.complaintEvent.create({ data: { complaintId: complaint.id, kind: "STATUS", statusFrom: "NEW", statusTo: "VERIFIED", visibility: "PUBLIC" } });
    await db.channelComplaint.update({ where: { complaintId: complaint.id }, data: { lastEventId: first.id - 1 } });
    await db.complaintEvent.create({ data: { complaintId: complaint.id, kind: "STATUS", statusFrom: "VERIFIED", statusTo: "IN_PROGRESS", visibility: "PUBLIC" } });

    const [a, b] = await Promise.all([pushStatusChanges(), pushStatusChanges()]);
    expect(a + b).toBe(2);
    expect(await db.notification.count({ where: { channel: "SMS", toAddress: address } })).toBe(2);
  });
});
