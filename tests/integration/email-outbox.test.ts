import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { getEnv, publicUrl, resetEnvCache } from "~/lib/env.server";
import { sendPendingEmails } from "~/lib/notify.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { GOOD_DESCRIPTION } from "../support/complaints";
import { deadSmtpUrl, decodeQuotedPrintable as plain, startCapturingSmtp, type CapturingSmtp } from "../support/smtp";

// Issue 23 item 6: the sender address is a setting (SMTP_FROM), every link in an e-mail is absolute,
// a failed send leaves one line in the server log without personal data, and a sent message no longer
// holds the reporter's tracking code in the outbox.

let smtp: CapturingSmtp;
beforeAll(async () => void (smtp = await startCapturingSmtp()));
afterAll(async () => {
  delete process.env.SMTP_FROM;
  resetEnvCache();
  await smtp.close();
});

/** Only this row is due: the seeded outbox waits. */
async function onlyDue(id: number) {
  await db.notification.updateMany({ where: { id: { not: id }, sentAt: null }, data: { nextAttemptAt: new Date(Date.now() + 86_400_000) } });
}

describe("e-mail", () => {
  it("is sent from SMTP_FROM with an absolute tracking link, and the outbox keeps no tracking code once sent", async () => {
    process.env.SMTP_FROM = "Pengaduan Kota Uji <pengaduan@kota-uji.example>";
    resetEnvCache();
    const unit = await db.unit.findFirstOrThrow({ where: { active: true } });
    const created = await createComplaint({ unitId: unit.id, category: "WAITING_TIME", privacy: "anonymous", description: GOOD_DESCRIPTION, reporterEmail: "warga.uji@example.org" });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const row = await db.notification.findFirstOrThrow({ where: { toEmail: "warga.uji@example.org" } });
    expect(row.body).toContain(created.trackingCode); // kept until delivered: a retry needs it
    await onlyDue(row.id);

    expect(await sendPendingEmails({ smtpUrl: smtp.url })).toMatchObject({ sent: 1 });
    const mail = plain(smtp.received.at(-1)!.raw);
    expect(mail).toMatch(/^From: Pengaduan Kota Uji <pengaduan@kota-uji\.example>/m);
    expect(mail).toContain(`${publicUrl()}/track/${created.trackingCode}`);
    // Every link in it is absolute.
    for (const line of mail.split(/\r?\n/)) expect(line).not.toMatch(/^\/(track|follow-ups|triage)\//);

    const sent = await db.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(sent.sentAt).not.toBeNull();
    expect(JSON.stringify(sent)).not.toContain(created.trackingCode);
    expect(JSON.stringify(sent)).not.toContain(created.trackingCode.replaceAll("-", ""));
    expect(sent.body).toContain(created.complaint.ref);
    // The complaint still opens with its code: only the outbox copy is gone.
    expect(await db.complaint.findUnique({ where: { trackingHash: sha256(created.trackingCode.replaceAll("-", "")) } })).not.toBeNull();
  });

  it("a staff e-mail's link is absolute", async () => {
    const row = await db.notification.create({ data: { channel: "EMAIL", toEmail: "kepala.uji@example.test", subject: "Tindak lanjut baru", body: "Ada tindak lanjut baru.", link: "/follow-ups/111", nextAttemptAt: new Date() } });
    await onlyDue(row.id);
    expect(await sendPendingEmails({ smtpUrl: smtp.url })).toMatchObject({ sent: 1 });
    const mail = plain(smtp.received.at(-1)!.raw);
    expect(mail).toContain(`${publicUrl()}/follow-ups/111`);
    expect(mail).not.toMatch(/^\/follow-ups\/111/m);
  });

  it("a failed send writes one server-log line with the row id and no address or message text", async () => {
    const dead = await deadSmtpUrl();
    const row = await db.notification.create({ data: { channel: "EMAIL", toEmail: "rahasia.pelapor@example.org", subject: "Subjek rahasia", body: "Isi rahasia pelapor", nextAttemptAt: new Date() } });
    await onlyDue(row.id);
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      expect(await sendPendingEmails({ smtpUrl: dead })).toMatchObject({ failed: 1 });
      const lines = log.mock.calls.map((c) => c.join(" "));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^\\[mail\\] notification ${row.id} not sent \\(attempt 1 of \\d+\\): `));
      expect(lines[0]).not.toContain("\n");
      for (const secret of ["rahasia.pelapor", "Subjek rahasia", "Isi rahasia"]) expect(lines[0]).not.toContain(secret);
    } finally {
      log.mockRestore();
    }
  });

  it("refuses an SMTP_FROM that is not an address", () => {
    process.env.SMTP_FROM = "bukan alamat";
    resetEnvCache();
    expect(() => getEnv()).toThrow(/SMTP_FROM/);
    delete process.env.SMTP_FROM;
    resetEnvCache();
    expect(getEnv().SMTP_FROM).toContain("@");
  });
});
