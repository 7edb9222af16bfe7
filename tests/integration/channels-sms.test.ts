import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { inboundIdle } from "~/lib/channels/inbound.server";
import { pushStatusChanges } from "~/lib/channels/status-push.server";
import { sendPendingChannelMessages } from "~/lib/channels/outbox.server";
import { verifyComplaint } from "~/models/complaint/triage.server";
import * as route from "~/routes/channels.sms";
import * as adminChannels from "~/routes/admin.channels";
import { cookieFor, DEMO, makeRequest } from "../support/requests";
import { startStandIn, type StandIn } from "../support/channel-standins";

// Issue 19, SMS: the generic gateway webhook with its compact syntax, against a local stand-in gateway
// that records every SMS Tindak sends (and checks nothing but what a real gateway would get).

const SECRET = "sms-secret-for-tests";
let gateway: StandIn;

beforeAll(async () => {
  gateway = await startStandIn({ sendPath: /^\/send$/ });
  Object.assign(process.env, { SMS_GATEWAY_SECRET: SECRET, SMS_GATEWAY_URL: `${gateway.url}/send`, CHANNEL_COMPLAINT_LIMIT_PER_DAY: "2" });
});
afterAll(async () => {
  await gateway.close();
  for (const k of ["SMS_GATEWAY_SECRET", "SMS_GATEWAY_URL", "CHANNEL_COMPLAINT_LIMIT_PER_DAY"]) delete process.env[k];
});

const hmac = (body: string, secret = SECRET) => crypto.createHmac("sha256", secret).update(body).digest("hex");

async function sms(from: string, text: string, options: { id?: string; signature?: string | null } = {}) {
  const body = JSON.stringify({ id: options.id ?? crypto.randomUUID(), from, text });
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const signature = options.signature === undefined ? hmac(body) : options.signature;
  if (signature) headers["X-Tindak-Signature"] = signature;
  const res = await route.action({ request: new Request("http://localhost/channels/sms", { method: "POST", body, headers }), params: {}, context: {} });
  await inboundIdle();
  return res;
}
const inbox = (to: string) => gateway.sent().filter((m) => m.to === to).map((m) => m.text as string);

describe("SMS gateway webhook", () => {
  it("LAPOR files a confidential complaint and the reply carries its tracking code; STATUS answers it", async () => {
    const from = "+6281355500001";
    const unit = await db.unit.findFirstOrThrow({ where: { name: "Puskesmas Nagaswidak" } });
    expect((await sms(from, `lapor ${unit.id} antre Antrean obat lebih dari tiga jam, loket hanya satu.`)).status).toBe(200);
    const reply = inbox(from).at(-1)!;
    const ref = /Pengaduan (\S+) diterima/.exec(reply)?.[1];
    const code = /Kode pelacakan: (\S+)/.exec(reply)?.[1];
    expect(ref && code, reply).toBeTruthy();
    // Sent: the outbox keeps the reply without its tracking code (issue 23 item 6).
    const sentRows = await db.notification.findMany({ where: { toAddress: from, sentAt: { not: null } } });
    expect(sentRows.length).toBeGreaterThan(0);
    expect(JSON.stringify(sentRows)).not.toContain(code!);
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: ref! } });
    expect(stored).toMatchObject({ source: "SMS", unitId: unit.id, category: "WAITING_TIME", privacy: "confidential", reporterPhone: from });
    // Every SMS Tindak sends is signed for the gateway with the same secret.
    const request = gateway.requests.filter((r) => r.path === "/send").at(-1)!;
    expect(request.headers["x-tindak-signature"]).toBe(hmac(request.body));

    await sms(from, `STATUS ${code}`);
    expect(inbox(from).at(-1)).toMatch(new RegExp(`^Pengaduan ${ref}: Baru diterima\\.`));

    const inspector = { ...(await db.user.findUniqueOrThrow({ where: { email: "inspektur@demo.tindak.id" } })), role: "INSPECTOR" as const };
    await verifyComplaint(inspector, stored.id);
    await pushStatusChanges();
    await sendPendingChannelMessages();
    expect(inbox(from).at(-1)).toMatch(new RegExp(`${ref}: statusnya sekarang \\*Terverifikasi\\*`));
  });

  it("refuses an unsigned or wrongly signed delivery (401) and stores nothing", async () => {
    const before = await db.channelInbound.count();
    expect((await sms("+6281355500002", "LAPOR 1 LAIN tidak bertanda tangan sama sekali ya", { signature: null })).status).toBe(401);
    expect((await sms("+6281355500002", "LAPOR 1 LAIN tidak bertanda tangan sama sekali ya", { signature: hmac("other") })).status).toBe(401);
    expect(await db.channelInbound.count()).toBe(before);
  });

  it("bad syntax gets the format back; a redelivered id is handled once; the per-number limit holds", async () => {
    const from = "+6281355500003";
    await sms(from, "halo");
    expect(inbox(from).at(-1)).toMatch(/^Format: LAPOR <nomor unit> <kategori> <isi>/);
    await sms(from, "LAPOR 999999 PUNGLI diminta uang untuk mempercepat KTP");
    expect(inbox(from).at(-1)).toMatch(/Unit "999999" tidak ditemukan/);
    const unit = await db.unit.findFirstOrThrow({ where: { name: "UPT Dukcapil Seberang Ulu Dua" } });
    await sms(from, `LAPOR ${unit.id} BANJIR air masuk ruang tunggu sejak pagi`);
    expect(inbox(from).at(-1)).toMatch(/Kategori tidak dikenal/);

    const before = await db.complaint.count({ where: { source: "SMS" } });
    await sms(from, `LAPOR ${unit.slug} PUNGLI diminta uang lima puluh ribu untuk KTP`, { id: "gw-1" });
    await sms(from, `LAPOR ${unit.slug} PUNGLI diminta uang lima puluh ribu untuk KTP`, { id: "gw-1" });
    expect(await db.complaint.count({ where: { source: "SMS" } })).toBe(before + 1);
    await sms(from, `LAPOR ${unit.id} FASILITAS kursi ruang tunggu patah semua`);
    expect(await db.complaint.count({ where: { source: "SMS" } })).toBe(before + 2);
    // The limit (2 a day in this test) counts created complaints only.
    await sms(from, `LAPOR ${unit.id} SIKAP petugas membentak warga di loket dua`);
    expect(inbox(from).at(-1)).toMatch(/sudah mengirim banyak pengaduan hari ini/);
    expect(await db.complaint.count({ where: { source: "SMS" } })).toBe(before + 2);
  });

  it("/admin/channels shows each channel's health to admins, without any resident's number", async () => {
    const res = (await adminChannels.loader({ request: makeRequest("/admin/channels", { cookie: await cookieFor(DEMO.admin) }), params: {}, context: {} })) as Response;
    const text = await res.text();
    const { channels } = JSON.parse(text) as { channels: Array<Record<string, any>> };
    const smsRow = channels.find((c) => c.channel === "SMS")!;
    expect(smsRow).toMatchObject({ configured: true, queuedInbound: 0, queuedOutbound: 0, failedOutbound: 0 });
    expect(smsRow.complaints).toBeGreaterThanOrEqual(3);
    expect(smsRow.lastInboundAt).not.toBeNull();
    expect(smsRow.lastOutboundAt).not.toBeNull();
    expect(channels.find((c) => c.channel === "WHATSAPP")).toMatchObject({ configured: false });
    expect(text).not.toMatch(/6281355500/);

    // The gateway goes down: the replies wait and the page counts the failures.
    gateway.down = true;
    try {
      await sms("+6281355500004", "halo");
    } finally {
      gateway.down = false;
    }
    const after = JSON.parse(await ((await adminChannels.loader({ request: makeRequest("/admin/channels", { cookie: await cookieFor(DEMO.admin) }), params: {}, context: {} })) as Response).text());
    expect(after.channels.find((c: { channel: string }) => c.channel === "SMS")).toMatchObject({ queuedOutbound: 1, failedOutbound: 1, lastError: expect.stringMatching(/503/) });

    // A unit head is refused.
    await expect(adminChannels.loader({ request: makeRequest("/admin/channels", { cookie: await cookieFor(DEMO.headSu2) }), params: {}, context: {} })).rejects.toMatchObject({ status: 403 });
  });
});
