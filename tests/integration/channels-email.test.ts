import nodemailer, { type Transporter } from "nodemailer";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { startInboundEmail, type InboundEmailListener } from "~/lib/channels/email.server";

// Issue 19, e-mail: a real SMTP client (nodemailer) talks to Tindak's inbound listener on 127.0.0.1.

const ADDRESS = "pengaduan@tindak.example.id";
let listener: InboundEmailListener;
let transport: Transporter;
let jpeg: Buffer;

beforeAll(async () => {
  listener = (await startInboundEmail({ port: 0, host: "127.0.0.1", address: ADDRESS }))!;
  transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
  jpeg = await sharp({ create: { width: 80, height: 60, channels: 3, background: "#3a6" } }).jpeg().toBuffer();
});
afterAll(async () => {
  transport.close();
  await listener.close();
});

describe("inbound e-mail", () => {
  it("a message to the complaints address becomes a complaint with its photo, and the reply carries the tracking code", async () => {
    const before = await db.complaint.count();
    const info = await transport.sendMail({
      from: "Budi Warga <budi.warga@example.org>",
      to: ADDRESS,
      subject: "Puskesmas Nagaswidak: antrean obat",
      text: "Antrean obat lebih dari tiga jam dan loket hanya satu yang buka.",
      messageId: "<antre-1@example.org>",
      attachments: [
        { filename: "antrean.jpg", content: jpeg, contentType: "image/jpeg" },
        { filename: "catatan.txt", content: "bukan foto", contentType: "text/plain" },
      ],
    });
    expect(info.accepted).toEqual([ADDRESS]);
    expect(await db.complaint.count()).toBe(before + 1);
    const complaint = await db.complaint.findFirstOrThrow({ where: { source: "EMAIL" }, orderBy: { id: "desc" }, include: { attachments: true, unit: true } });
    expect(complaint).toMatchObject({ reporterEmail: "budi.warga@example.org", privacy: "confidential", category: "OTHER" });
    expect(complaint.unit.name).toBe("Puskesmas Nagaswidak");
    expect(complaint.description).toContain("Antrean obat lebih dari tiga jam");
    expect(complaint.attachments).toHaveLength(1);
    const reply = await db.notification.findFirstOrThrow({ where: { channel: "EMAIL", toEmail: "budi.warga@example.org" }, orderBy: { id: "desc" } });
    expect(reply.subject).toContain(complaint.ref);
    const code = /\/track\/(\S+)/.exec(reply.body)?.[1];
    expect(code).toBeTruthy();
    expect(await db.complaint.findFirst({ where: { id: complaint.id } })).not.toBeNull();

    // The same message delivered again (a retrying server) files nothing new.
    await transport.sendMail({ from: "budi.warga@example.org", to: ADDRESS, subject: "Puskesmas Nagaswidak: antrean obat", text: "Antrean obat lebih dari tiga jam dan loket hanya satu yang buka.", messageId: "<antre-1@example.org>" });
    expect(await db.complaint.count()).toBe(before + 1);
  });

  it("refuses other recipients, and answers a message naming no unit with how to complain", async () => {
    await expect(transport.sendMail({ from: "x@example.org", to: "someone-else@tindak.example.id", subject: "hi", text: "hello" })).rejects.toMatchObject({ responseCode: 550 });
    const before = await db.complaint.count();
    await transport.sendMail({ from: "sari@example.org", to: ADDRESS, subject: "Keluhan", text: "Pelayanannya lambat sekali dan petugasnya tidak ramah." });
    expect(await db.complaint.count()).toBe(before);
    const reply = await db.notification.findFirstOrThrow({ where: { toEmail: "sari@example.org" }, orderBy: { id: "desc" } });
    expect(reply.body).toMatch(/tidak menemukan nama unit layanan/);
  });
});
