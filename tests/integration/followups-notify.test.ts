import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sendPendingEmails } from "~/lib/notify.server";
import { backoffMs } from "~/lib/outbox-delivery.server";
import { answerFollowUp, verifyFollowUp } from "~/models/follow-up/commands.server";
import { runEscalation } from "~/models/follow-up/escalation.server";
import * as notifications from "~/routes/notifications";
import * as outbox from "~/routes/admin.outbox";
import * as root from "~/root";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { demoUsers, makeComplaint, makeFollowUp, REPORTER } from "../support/followups";
import { deadSmtpUrl, decodeQuotedPrintable as plain, startCapturingSmtp, type CapturingSmtp } from "../support/smtp";

// Notifications go through the outbox and a real SMTP server running in this test process. Messages to
// a unit head carry no reporter identity, whatever the complaint says.

let smtp: CapturingSmtp;
beforeAll(async () => void (smtp = await startCapturingSmtp()));
afterAll(() => smtp.close());

describe("e-mail over SMTP", () => {
  it("delivers the messages of a follow-up's life, none to the unit head with the reporter's identity", async () => {
    const users = await demoUsers();
    const unitId = users.headSu2.unitId!;
    const { complaint } = await makeComplaint({
      unitId,
      category: "EXTORTION",
      privacy: "confidential",
      description: `Saya ${REPORTER.name} (${REPORTER.phone}) dimintai uang di loket.`,
    });
    const fu = await makeFollowUp({ unitId, createdById: users.inspector.id, complaintId: complaint.id, category: "EXTORTION", instruction: "Periksa loket 3 dan laporkan tindakan." });
    await answerFollowUp(users.headSu2, fu.id, { body: "Petugas loket 3 sudah diberi sanksi." });
    await verifyFollowUp(users.inspector, fu.id, { verdict: "reject", reason: "Lampirkan SK sanksi." });
    await answerFollowUp(users.headSu2, fu.id, { body: "SK sanksi terlampir." });
    await verifyFollowUp(users.inspector, fu.id, { verdict: "accept" });
    // And an overdue one, escalated: the reminder goes to the unit head.
    const late = await makeFollowUp({ unitId, createdById: users.inspector.id, complaintId: complaint.id, category: "EXTORTION", instruction: "Terlambat: periksa loket 4." });
    await db.followUp.update({ where: { id: late.id }, data: { dueAt: new Date(Date.now() - 3_600_000) } });
    await runEscalation();

    // Drain everything due (the demo data has its own pending mail too).
    for (let i = 0; i < 100; i++) {
      const result = await sendPendingEmails({ smtpUrl: smtp.url, batch: 200 });
      expect(result.failed).toBe(0);
      if (result.sent === 0) break;
    }
    const unsent = await db.notification.count({ where: { channel: "EMAIL", sentAt: null } });
    expect(unsent).toBe(0);

    const toHead = smtp.received.filter((m) => m.to.includes(DEMO.headSu2)).map((m) => plain(m.raw));
    const subjects = toHead.join("\n");
    expect(subjects).toContain(`#${fu.id}`);
    expect(subjects).toContain(`#${late.id}`);
    expect(toHead.some((m) => m.includes(`Tindak lanjut #${late.id} melewati batas waktu`))).toBe(true);
    for (const message of toHead) {
      for (const identity of [REPORTER.name, REPORTER.phone, REPORTER.email, "dimintai uang"]) expect(message).not.toContain(identity);
    }

    const toResident = smtp.received.filter((m) => m.to.includes(REPORTER.email)).map((m) => plain(m.raw));
    // A pungli complaint's answers are held for the inspector (docs/decisions/0015): the rejected one never
    // reaches the reporter; the accepted one comes once, with the closing message.
    expect(toResident).toHaveLength(1);
    expect(toResident[0]).toContain("SK sanksi terlampir.");
    expect(toResident[0]).not.toContain("Petugas loket 3 sudah diberi sanksi.");
    expect(toResident.every((m) => m.includes("/track") && m.includes("kode Anda"))).toBe(true);
    expect(toResident.some((m) => /selesai/i.test(m))).toBe(true);

    const toInspector = smtp.received.filter((m) => m.to.includes(DEMO.inspector)).map((m) => plain(m.raw));
    expect(toInspector.some((m) => m.includes(`Jawaban unit untuk tindak lanjut #${fu.id}`))).toBe(true);
  }, 60_000);

  it("retries a failed delivery with exponential backoff and records the error", async () => {
    // A port with nothing listening: the connection is refused.
    const dead = await deadSmtpUrl();

    const now = new Date();
    const row = await db.notification.create({ data: { channel: "EMAIL", toEmail: "kepala@example.test", subject: "Uji", body: "Uji", nextAttemptAt: now } });
    await db.notification.updateMany({ where: { id: { not: row.id }, channel: "EMAIL", sentAt: null }, data: { nextAttemptAt: new Date(now.getTime() + 86_400_000) } });
    let result = await sendPendingEmails({ smtpUrl: dead, now });
    expect(result).toMatchObject({ sent: 0, failed: 1 });
    let stored = await db.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.attempts).toBe(1);
    expect(stored.lastError).toBeTruthy();
    expect(stored.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(1));
    // Not retried before its time.
    result = await sendPendingEmails({ smtpUrl: dead, now: new Date(now.getTime() + backoffMs(1) - 1000) });
    expect(result.failed).toBe(0);
    // The second failure waits twice as long.
    const second = new Date(now.getTime() + backoffMs(1));
    await sendPendingEmails({ smtpUrl: dead, now: second });
    stored = await db.notification.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.attempts).toBe(2);
    expect(stored.nextAttemptAt.getTime() - second.getTime()).toBe(2 * backoffMs(1));
    // Then the server is back: delivered.
    result = await sendPendingEmails({ smtpUrl: smtp.url, now: new Date(second.getTime() + backoffMs(2)) });
    expect(result.sent).toBe(1);
    expect((await db.notification.findUniqueOrThrow({ where: { id: row.id } })).sentAt).not.toBeNull();
  }, 30_000);

  it("without SMTP_URL nothing is sent; admins read the outbox, others may not", async () => {
    const before = await db.notification.count({ where: { sentAt: { not: null } } });
    expect(await sendPendingEmails({ smtpUrl: "" })).toMatchObject({ skipped: true });
    expect(await db.notification.count({ where: { sentAt: { not: null } } })).toBe(before);
    const admin = await run(outbox.loader, makeRequest("/admin/outbox", { cookie: await cookieFor(DEMO.admin) }));
    expect(admin.status).toBe(200);
    expect((await admin.json()).total).toBeGreaterThan(0);
    const head = await run(outbox.loader, makeRequest("/admin/outbox", { cookie: await cookieFor(DEMO.headSu2) }));
    expect(head.status).toBe(403);
  });

  it("shows each user their own in-app notifications and marks them read", async () => {
    const users = await demoUsers();
    const cookie = await cookieFor(DEMO.headSu2);
    const list = await (await run(notifications.loader, makeRequest("/notifications", { cookie }))).json();
    expect(list.unread).toBeGreaterThan(0);
    // The count in every page's navigation is the same figure.
    const navigation = async () => (await (await run(root.loader, makeRequest("/", { cookie }))).json()).user.unread;
    expect(await navigation()).toBe(list.unread);
    const first = list.rows[0];
    // Another user's id changes nothing of theirs.
    const foreign = await db.notification.findFirstOrThrow({ where: { userId: users.inspector.id, channel: "IN_APP", readAt: null } });
    await run(notifications.action, makeRequest("/notifications", { cookie, form: { id: String(foreign.id) } }));
    expect((await db.notification.findUniqueOrThrow({ where: { id: foreign.id } })).readAt).toBeNull();
    await run(notifications.action, makeRequest("/notifications", { cookie, form: { id: String(first.id) } }));
    expect((await db.notification.findUniqueOrThrow({ where: { id: first.id } })).readAt).not.toBeNull();
    await run(notifications.action, makeRequest("/notifications", { cookie, form: {} }));
    const after = await (await run(notifications.loader, makeRequest("/notifications", { cookie }))).json();
    expect(after.unread).toBe(0);
    expect(await navigation()).toBe(0);
  });
});
