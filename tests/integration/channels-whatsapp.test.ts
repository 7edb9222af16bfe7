import crypto from "node:crypto";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { resetEnvCache } from "~/lib/env.server";
import { inboundIdle, processPendingInbound } from "~/lib/channels/inbound.server";
import { sendPendingChannelMessages } from "~/lib/channels/outbox.server";
import { pushStatusChanges } from "~/lib/channels/status-push.server";
import { getComplaintByTrackingCode } from "~/models/complaint/queries.server";
import { rejectComplaint, verifyComplaint } from "~/models/complaint/triage.server";
import * as route from "~/routes/channels.whatsapp";
import { startStandIn, type StandIn } from "../support/channel-standins";

// Issue 19, WhatsApp: Meta's webhook driven with signed deliveries, against a local stand-in of the
// Graph API that records every message Tindak sends back.

const SECRET = "app-secret-for-tests";
const TOKEN = "graph-token-for-tests";
const PHONE_ID = "100200300";
let graph: StandIn;
let jpeg: Uint8Array;

beforeAll(async () => {
  graph = await startStandIn({ token: TOKEN, sendPath: new RegExp(`^/${PHONE_ID}/messages$`) });
  Object.assign(process.env, {
    WHATSAPP_VERIFY_TOKEN: "verify-me",
    WHATSAPP_APP_SECRET: SECRET,
    WHATSAPP_TOKEN: TOKEN,
    WHATSAPP_PHONE_NUMBER_ID: PHONE_ID,
    WHATSAPP_API_URL: graph.url,
    PUBLIC_URL: "https://tindak.example.id",
  });
  resetEnvCache(); // PUBLIC_URL is read with the rest of the environment
  jpeg = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: "#c33" } }).jpeg().toBuffer());
});

afterAll(async () => {
  await graph.close();
  for (const k of ["WHATSAPP_VERIFY_TOKEN", "WHATSAPP_APP_SECRET", "WHATSAPP_TOKEN", "WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_API_URL", "PUBLIC_URL"]) delete process.env[k];
  resetEnvCache();
});

type Msg = Record<string, unknown> & { id?: string };
const sign = (body: string, secret = SECRET) => `sha256=${crypto.createHmac("sha256", secret).update(body).digest("hex")}`;

function delivery(from: string, messages: Msg[]) {
  return JSON.stringify({
    object: "whatsapp_business_account",
    entry: [{ id: "WABA", changes: [{ field: "messages", value: { messaging_product: "whatsapp", metadata: { phone_number_id: PHONE_ID }, contacts: [{ wa_id: from, profile: { name: "Warga" } }], messages: messages.map((m) => ({ from, id: m.id ?? `wamid.${crypto.randomUUID()}`, timestamp: "1764470000", ...m })) } }] }],
  });
}

async function post(body: string, signature: string | null = sign(body)) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature) headers["X-Hub-Signature-256"] = signature;
  const res = await route.action({ request: new Request("http://localhost/channels/whatsapp", { method: "POST", body, headers }), params: {}, context: {} });
  await inboundIdle();
  return res;
}

const say = (from: string, text: string, id?: string) => post(delivery(from, [{ type: "text", text: { body: text }, ...(id ? { id } : {}) }]));

/** Text (or template) messages the stand-in received for this number, in order. */
function inbox(to: string): string[] {
  return graph.sent().filter((m) => m.to === to).map((m) => (m.type === "template" ? `TEMPLATE ${m.template.name} ${JSON.stringify(m.template.components[0].parameters.map((p: { text: string }) => p.text))}` : m.text.body));
}
const last = (to: string) => inbox(to).at(-1) ?? "";

describe("WhatsApp webhook", () => {
  it("answers Meta's verification handshake only with the right verify token", async () => {
    const ok = await route.loader({ request: new Request("http://localhost/channels/whatsapp?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=1158201444"), params: {}, context: {} });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const bad = await route.loader({ request: new Request("http://localhost/channels/whatsapp?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1"), params: {}, context: {} });
    expect(bad.status).toBe(403);
  });

  it("refuses a delivery without or with a wrong signature (401) and stores nothing", async () => {
    const before = await db.channelInbound.count();
    const body = delivery("6281300000001", [{ type: "text", text: { body: "Halo" } }]);
    expect((await post(body, null)).status).toBe(401);
    expect((await post(body, sign(body, "not-the-secret"))).status).toBe(401);
    expect((await post(body, sign(body + " "))).status).toBe(401);
    expect((await post(body, "sha256=zz")).status).toBe(401);
    expect(await db.channelInbound.count()).toBe(before);
    expect(inbox("6281300000001")).toEqual([]);
  });

  it("is off (404) while its variables are unset", async () => {
    const saved = process.env.WHATSAPP_APP_SECRET;
    delete process.env.WHATSAPP_APP_SECRET;
    try {
      const body = delivery("6281300000002", [{ type: "text", text: { body: "Halo" } }]);
      expect((await post(body)).status).toBe(404);
    } finally {
      process.env.WHATSAPP_APP_SECRET = saved;
    }
  });

  it("a whole conversation with a photo creates exactly one complaint and replies with its tracking code", async () => {
    const from = "6281234500001";
    const complaintsBefore = await db.complaint.count();
    expect((await say(from, "Halo")).status).toBe(200);
    expect(last(from)).toMatch(/Langkah 1\/6/);

    await say(from, "Seberang Ulu");
    const list = last(from);
    const line = list.split("\n").find((l) => l.includes("UPT Dukcapil Seberang Ulu Dua"));
    expect(line, list).toBeDefined();
    await say(from, line!.split(".")[0]!);
    expect(inbox(from).at(-2)).toBe("Unit: UPT Dukcapil Seberang Ulu Dua.");
    expect(last(from)).toMatch(/Langkah 2\/6[\s\S]*5\. Sarana dan prasarana/);

    await say(from, "5");
    expect(last(from)).toMatch(/Langkah 3\/6/);
    await say(from, "Kursi ruang tunggu patah dan AC mati sejak seminggu lalu.");
    expect(last(from)).toMatch(/Langkah 4\/6/);

    graph.media.set("media-ok-1", { bytes: jpeg, mime: "image/jpeg" });
    await post(delivery(from, [{ type: "image", image: { id: "media-ok-1", mime_type: "image/jpeg" } }]));
    expect(last(from)).toBe("Foto 1 dari 3 diterima. Kirim foto lain atau ketik LANJUT.");
    // The photo was fetched with the bearer token through the media API.
    expect(graph.requests.some((r) => r.path === "/media-ok-1" && r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);

    await say(from, "LANJUT");
    expect(last(from)).toMatch(/Langkah 5\/6[\s\S]*Anonim/);
    await say(from, "2");
    expect(last(from)).toMatch(/Langkah 6\/6[\s\S]*UPT Dukcapil Seberang Ulu Dua[\s\S]*Foto: 1[\s\S]*Anonim/);
    await say(from, "YA", "wamid.confirm-once");

    const created = last(from);
    const ref = /Nomor pengaduan: (\S+)/.exec(created)?.[1];
    const code = /Kode pelacakan: (\S+)/.exec(created)?.[1];
    expect(ref).toMatch(/^[A-Z]{3}-\d{4}-\d{6}$/);
    expect(created).toContain(`https://tindak.example.id/track/${code}`);
    const complaint = await getComplaintByTrackingCode(code!);
    expect(complaint?.ref).toBe(ref);
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: ref! }, include: { attachments: true, unit: true } });
    expect(stored).toMatchObject({ source: "WHATSAPP", category: "FACILITY", privacy: "anonymous", reporterPhone: from, description: "Kursi ruang tunggu patah dan AC mati sejak seminggu lalu." });
    expect(stored.unit.name).toBe("UPT Dukcapil Seberang Ulu Dua");
    expect(stored.attachments).toHaveLength(1);
    expect(stored.attachments[0]!.mime).toBe("image/jpeg");

    // Meta redelivers the confirmation: nothing new is created or sent.
    const sentBefore = inbox(from).length;
    await say(from, "YA", "wamid.confirm-once");
    expect(await db.complaint.count()).toBe(complaintsBefore + 1);
    expect(inbox(from)).toHaveLength(sentBefore);
    // The draft's photo is gone from the conversation store once filed.
    const contact = await db.channelContact.findUniqueOrThrow({ where: { channel_address: { channel: "WHATSAPP", address: from } }, include: { media: true } });
    expect(contact.step).toBe("IDLE");
    expect(contact.media).toHaveLength(0);

    // STATUS <code> answers the reference and the status.
    await say(from, `status ${code!.toLowerCase().replaceAll("-", " ")}`);
    expect(last(from)).toBe(`Pengaduan ${ref}: Baru diterima.\nRincian: https://tindak.example.id/track/${code}`);

    // A status change is pushed back, once; outside the 24-hour window as the configured template.
    const inspector = { ...(await db.user.findUniqueOrThrow({ where: { email: "inspektur@demo.tindak.id" } })), role: "INSPECTOR" as const };
    expect((await verifyComplaint(inspector, stored.id)).ok).toBe(true);
    expect(await pushStatusChanges()).toBe(1);
    expect(await pushStatusChanges()).toBe(0);
    await sendPendingChannelMessages();
    expect(last(from)).toMatch(new RegExp(`Kabar pengaduan ${ref}: statusnya sekarang \\*Terverifikasi\\*`));

    await db.channelContact.update({ where: { id: contact.id }, data: { lastInboundAt: new Date(Date.now() - 2 * 24 * 3600 * 1000) } });
    expect((await rejectComplaint(inspector, stored.id, "Sudah ditangani oleh unit pada hari yang sama.")).ok).toBe(true);
    await pushStatusChanges();
    await sendPendingChannelMessages();
    expect(last(from)).toBe(`TEMPLATE tindak_status_update ${JSON.stringify([ref, "Ditolak"])}`);
  });

  it("a redelivered message id is handled once", async () => {
    const from = "6281234500002";
    const body = delivery(from, [{ id: "wamid.same-id", type: "text", text: { body: "Halo" } }]);
    await post(body);
    const after = inbox(from).length;
    expect(after).toBeGreaterThan(0);
    expect((await post(body)).status).toBe(200);
    expect(inbox(from)).toHaveLength(after);
    expect(await db.channelInbound.count({ where: { externalId: "wamid.same-id" } })).toBe(1);
  });

  it("stickers, voice notes and contacts get a polite reply saying what is accepted", async () => {
    const from = "6281234500003";
    await post(delivery(from, [{ type: "sticker", sticker: { id: "s1", mime_type: "image/webp" } }]));
    expect(inbox(from)).toEqual(["Maaf, kami belum bisa membaca pesan jenis ini (stiker, suara, video, kontak). Kirim teks, foto, atau lokasi."]);
    await post(delivery(from, [{ type: "audio", audio: { id: "a1" } }]));
    await post(delivery(from, [{ type: "contacts", contacts: [{ name: { formatted_name: "X" } }] }]));
    expect(inbox(from).filter((m) => m.startsWith("Maaf, kami belum bisa membaca"))).toHaveLength(3);
  });

  it("oversized or non-image media are refused with a reply and the conversation goes on", async () => {
    const from = "6281234500004";
    await say(from, "Halo");
    await say(from, "Puskesmas Nagaswidak");
    await say(from, "6");
    await say(from, "Petugas loket tidak ada di tempat selama satu jam.");
    expect(last(from)).toMatch(/Langkah 4\/6/);

    graph.media.set("big", { bytes: jpeg, mime: "image/jpeg", declaredSize: 11 * 1024 * 1024 });
    await post(delivery(from, [{ type: "image", image: { id: "big" } }]));
    expect(last(from)).toMatch(/terlalu besar/);
    graph.media.set("pdf", { bytes: new TextEncoder().encode("%PDF-1.4 not a photo"), mime: "application/pdf" });
    await post(delivery(from, [{ type: "document", document: { id: "pdf", mime_type: "application/pdf" } }]));
    expect(last(from)).toMatch(/bukan foto/);
    graph.media.set("liar", { bytes: new TextEncoder().encode("<html>not really a jpeg</html>"), mime: "image/jpeg" });
    await post(delivery(from, [{ type: "image", image: { id: "liar" } }]));
    expect(last(from)).toMatch(/bukan foto/);

    graph.media.set("fine", { bytes: jpeg, mime: "image/jpeg" });
    await post(delivery(from, [{ type: "image", image: { id: "fine" } }]));
    expect(last(from)).toBe("Foto 1 dari 3 diterima. Kirim foto lain atau ketik LANJUT.");
    const contact = await db.channelContact.findUniqueOrThrow({ where: { channel_address: { channel: "WHATSAPP", address: from } }, include: { media: true } });
    expect(contact.media).toHaveLength(1);
    expect(contact.step).toBe("PHOTOS");

    // BATAL cancels and deletes the draft and its photo.
    await say(from, "BATAL");
    expect(last(from)).toMatch(/dibatalkan/);
    const cancelled = await db.channelContact.findUniqueOrThrow({ where: { id: contact.id }, include: { media: true } });
    expect(cancelled).toMatchObject({ step: "IDLE", draft: "{}" });
    expect(cancelled.media).toHaveLength(0);
  });

  it("a pungli report is always confidential, without asking", async () => {
    const from = "6281234500005";
    await say(from, "Halo");
    await say(from, "Puskesmas Nagaswidak");
    await say(from, "2");
    await say(from, "Diminta uang lima puluh ribu supaya cepat dilayani.");
    await say(from, "LANJUT");
    expect(inbox(from).at(-2)).toMatch(/selalu \*rahasia\*/);
    expect(last(from)).toMatch(/Kerahasiaan: Rahasia/);
    await say(from, "YA");
    const ref = /Nomor pengaduan: (\S+)/.exec(last(from))?.[1];
    expect(await db.complaint.findUnique({ where: { ref: ref! }, select: { privacy: true, category: true } })).toEqual({ privacy: "confidential", category: "EXTORTION" });
  });

  it("English on request; BERHENTI stops every message, MULAI turns them on again", async () => {
    const from = "6281234500006";
    await say(from, "EN");
    expect(inbox(from)).toEqual(["OK, we continue in English.", expect.stringMatching(/^Step 1\/6/)]);
    await say(from, "BERHENTI");
    expect(last(from)).toMatch(/no more messages/);
    const count = inbox(from).length;
    await say(from, "Halo");
    await say(from, "STATUS abcdefghijklmnopqrstuv");
    expect(inbox(from)).toHaveLength(count);
    await say(from, "MULAI");
    expect(last(from)).toMatch(/on again/);
  });

  it("an unfinished conversation idle for 24 hours starts over", async () => {
    const from = "6281234500007";
    await say(from, "Halo");
    await say(from, "Puskesmas Nagaswidak");
    expect(last(from)).toMatch(/Langkah 2\/6/);
    await db.channelContact.update({ where: { channel_address: { channel: "WHATSAPP", address: from } }, data: { stepAt: new Date(Date.now() - 25 * 3600 * 1000) } });
    await say(from, "3");
    expect(inbox(from).slice(-3)).toEqual([expect.stringMatching(/kedaluwarsa/), expect.stringMatching(/^Halo, ini layanan/), expect.stringMatching(/^Langkah 1\/6/)]);
  });

  it("with the Graph API down, replies wait in the outbox and are retried until sent", async () => {
    const from = "6281234500008";
    graph.down = true;
    try {
      await say(from, "Halo");
      const waiting = await db.notification.findMany({ where: { channel: "WHATSAPP", toAddress: from } });
      expect(waiting.length).toBe(2);
      for (const row of waiting) expect(row).toMatchObject({ sentAt: null, attempts: 1, lastError: expect.stringMatching(/503/) });
      // Backoff: not retried before its time.
      expect(await sendPendingChannelMessages()).toEqual({ sent: 0, failed: 0 });
    } finally {
      graph.down = false;
    }
    const later = new Date(Date.now() + 60 * 60 * 1000);
    expect((await sendPendingChannelMessages({ now: later })).sent).toBeGreaterThanOrEqual(2);
    expect(inbox(from)).toEqual([expect.stringMatching(/^Halo, ini layanan/), expect.stringMatching(/^Langkah 1\/6/)]);
    expect(await db.notification.count({ where: { channel: "WHATSAPP", toAddress: from, sentAt: null } })).toBe(0);
  });

  it("a photo whose download fails is retried later, and the sender's next messages wait behind it", async () => {
    const from = "6281234500009";
    await say(from, "Halo");
    await say(from, "Puskesmas Nagaswidak");
    await say(from, "4");
    await say(from, "Antrean lebih dari tiga jam tanpa nomor urut.");
    graph.media.set("later", { bytes: jpeg, mime: "image/jpeg" });
    graph.down = true;
    try {
      await post(delivery(from, [{ type: "image", image: { id: "later" } }]));
      await say(from, "LANJUT");
    } finally {
      graph.down = false;
    }
    expect(await db.channelInbound.count({ where: { address: from, processedAt: null } })).toBe(2);
    await processPendingInbound({ now: new Date(Date.now() + 60 * 60 * 1000) });
    await sendPendingChannelMessages({ now: new Date(Date.now() + 2 * 60 * 60 * 1000) });
    const tail = inbox(from).slice(-2);
    expect(tail[0]).toBe("Foto 1 dari 3 diterima. Kirim foto lain atau ketik LANJUT.");
    expect(tail[1]).toMatch(/Langkah 5\/6/);
  });
});
