import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appendAudit, auditedTransaction, verifyAuditChain } from "~/lib/audit.server";
import { pushStatusChanges } from "~/lib/channels/status-push.server";
import { sendPendingEmails } from "~/lib/notify.server";
import { deliverDueRows } from "~/lib/outbox-delivery.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { runEscalation } from "~/models/follow-up/escalation.server";
import { postgresPrisma } from "../support/postgres";
import { startCapturingSmtp, type CapturingSmtp } from "../support/smtp";

// Issue 18, "several app servers": two Prisma clients on one PostgreSQL database, each with its own
// connection pool, stand for two app servers running the same jobs at the same moment. Every outbox
// row is sent once, every follow-up escalates once per level, a status change is pushed once, and the
// audit chain stays one chain while both append to it.

const pg = vi.hoisted(() => ({ url: "" }));

vi.mock("~/lib/sql/index.server", async (importOriginal) => {
  const { postgresSqlModule } = await import("../support/postgres");
  const { url, module } = await postgresSqlModule(await importOriginal<object>(), "n_servers_on_postgres");
  pg.url = url;
  return module;
});

/** 50 transactions queued at once on one pool on a busy machine wait longer than Prisma's default 2 s to start. */
const transactionOptions = { maxWait: 20_000, timeout: 30_000 };

type Client = Awaited<ReturnType<typeof postgresPrisma>>;
let serverA: Client;
let serverB: Client;
let smtp: CapturingSmtp;
const ids = { unit: 0, head: 0, inspector: 0 };
const DAY = 86_400_000;

beforeAll(async () => {
  expect(sqlEngine.dialect.name).toBe("postgresql");
  serverA = await postgresPrisma(pg.url, { transactionOptions });
  serverB = await postgresPrisma(pg.url, { transactionOptions });
  smtp = await startCapturingSmtp();
  const unit = await serverA.unit.create({ data: { slug: "upt-n", name: "UPT N", type: "DUKCAPIL", kecamatanCode: "16.71.01", lat: -2.97, lng: 104.75 } });
  const head = await serverA.user.create({ data: { email: "kepala.n@example.test", name: "Kepala N", passwordHash: "x", role: "UNIT_HEAD", unitId: unit.id } });
  const inspector = await serverA.user.create({ data: { email: "inspektur.n@example.test", name: "Inspektur N", passwordHash: "x", role: "INSPECTOR" } });
  Object.assign(ids, { unit: unit.id, head: head.id, inspector: inspector.id });
});

afterAll(async () => {
  await serverA?.$disconnect();
  await serverB?.$disconnect();
  await smtp?.close();
  sqlEngine.close();
});

describe("two app servers on one PostgreSQL", () => {
  it("appending audit events from both at once (50 each) keeps one chain that verifies", async () => {
    const append = (client: Client, server: string, i: number) =>
      auditedTransaction(client, (tx) => appendAudit(tx, { actorKind: "SYSTEM", action: "test.append", entityType: "Server", entityId: server, after: { i } }));
    await Promise.all([
      ...Array.from({ length: 50 }, (_, i) => append(serverA, "A", i)),
      ...Array.from({ length: 50 }, (_, i) => append(serverB, "B", i)),
    ]);
    expect(await serverA.auditEvent.count({ where: { action: "test.append" } })).toBe(100);
    // Each previous hash is taken once: a fork would show as two rows chained to the same one.
    const links = await serverA.auditEvent.groupBy({ by: ["prevHash"], _count: true, having: { prevHash: { _count: { gt: 1 } } } });
    expect(links).toEqual([]);
    expect(await verifyAuditChain(serverA)).toEqual({ ok: true, rows: await serverA.auditEvent.count() });
  });

  it("escalating from both at once: one Escalation row, one audit event and one message per item and level", async () => {
    const now = new Date();
    const overdue = (daysLate: number) =>
      serverA.followUp.create({
        data: {
          sourceType: "COMPLAINT",
          unitId: ids.unit,
          instruction: `Tambah loket (${daysLate} hari terlambat)`,
          category: "SERVICE",
          state: "OPEN",
          ackDueAt: new Date(now.getTime() - daysLate * DAY - 60_000),
          dueAt: new Date(now.getTime() - daysLate * DAY - 60_000),
          originalDueAt: new Date(now.getTime() - daysLate * DAY - 60_000),
          createdById: ids.inspector,
          createdAt: new Date(now.getTime() - 20 * DAY),
        },
      });
    // Ten days late reaches level 3 whatever the holidays; a few minutes late is level 1.
    const items = [await overdue(0), await overdue(10), await overdue(0), await overdue(10)];
    const itemIds = items.map((f) => f.id);
    const [a, b] = await Promise.all([runEscalation({ now, client: serverA }), runEscalation({ now, client: serverB })]);
    const won = [...a.escalated, ...b.escalated].map((e) => `${e.followUpId}:${e.level}`).sort();
    expect(won).toEqual([`${itemIds[0]}:1`, `${itemIds[1]}:1`, `${itemIds[1]}:2`, `${itemIds[1]}:3`, `${itemIds[2]}:1`, `${itemIds[3]}:1`, `${itemIds[3]}:2`, `${itemIds[3]}:3`].sort());
    expect(await serverA.escalation.count({ where: { followUpId: { in: itemIds } } })).toBe(8);
    const audits = await serverA.auditEvent.findMany({ where: { entityType: "FollowUp", entityId: { in: itemIds.map(String) }, action: { startsWith: "followup.escalate." } } });
    expect(audits).toHaveLength(8);
    for (const id of itemIds) {
      // The unit head is reminded once per item (level 1), in the app and by e-mail.
      expect(await serverA.notification.count({ where: { userId: ids.head, dedupeKey: { startsWith: `escalation:${id}:1:` } } })).toBe(2);
    }
    expect(await serverA.notification.count({ where: { userId: ids.inspector, channel: "EMAIL", dedupeKey: { startsWith: `escalation:${itemIds[1]}:` } } })).toBe(2);
    expect((await serverA.followUp.findUniqueOrThrow({ where: { id: itemIds[1] } })).escalationLevel).toBe(3);
    expect((await verifyAuditChain(serverA)).ok).toBe(true);
  });

  it("sending the e-mail outbox from both at once: each message reaches the SMTP server once", async () => {
    const now = new Date();
    await serverA.notification.updateMany({ where: { sentAt: null }, data: { sentAt: now } });
    const rows = Array.from({ length: 30 }, (_, i) => ({ channel: "EMAIL", toEmail: `warga${i}@example.org`, subject: `Pesan ${i}`, body: `Isi ${i}`, nextAttemptAt: now }));
    await serverA.notification.createMany({ data: rows });
    const before = smtp.received.length;
    const [a, b] = await Promise.all([
      sendPendingEmails({ smtpUrl: smtp.url, client: serverA, now, batch: 30 }),
      sendPendingEmails({ smtpUrl: smtp.url, client: serverB, now, batch: 30 }),
    ]);
    expect(a.sent + b.sent).toBe(30);
    const recipients = smtp.received.slice(before).map((m) => m.to.join(","));
    expect(recipients).toHaveLength(30);
    expect(new Set(recipients).size).toBe(30);
    expect(await serverA.notification.count({ where: { channel: "EMAIL", sentAt: null } })).toBe(0);
  });

  it("a claim is taken by one sender only, and a claim left by a server that died is sent after it expires", async () => {
    const now = new Date();
    await serverA.notification.updateMany({ where: { sentAt: null }, data: { sentAt: now } });
    await serverA.notification.createMany({ data: Array.from({ length: 40 }, (_, i) => ({ channel: "SMS", toAddress: `+62811${i}`, subject: "SMS", body: `Balasan ${i}`, nextAttemptAt: now })) });
    const due = await serverA.notification.findMany({ where: { channel: "SMS", sentAt: null } });
    const sends = new Map<number, number>();
    const count = async (row: { id: number }) => void sends.set(row.id, (sends.get(row.id) ?? 0) + 1);
    // Both servers found the same 40 rows due and try each of them.
    const [a, b] = await Promise.all([deliverDueRows(serverA, due, now, count, () => {}), deliverDueRows(serverB, due, now, count, () => {})]);
    expect(a.sent + b.sent).toBe(40);
    expect(sends.size).toBe(40);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);

    // A server claims a row and dies before sending: nobody sends it while the claim holds, the next run after it does.
    const lost = await serverA.notification.create({ data: { channel: "SMS", toAddress: "+628119999", subject: "SMS", body: "Balasan hilang", nextAttemptAt: now } });
    let sending!: () => void;
    const sendingStarted = new Promise<void>((resolve) => (sending = resolve));
    // The send never ends (the server is gone); its claim is in the database.
    void deliverDueRows(serverA, [lost], now, () => (sending(), new Promise<void>(() => {})), () => {});
    await sendingStarted;
    const claimed = await serverB.notification.findUniqueOrThrow({ where: { id: lost.id } });
    expect(claimed.nextAttemptAt.getTime()).toBeGreaterThan(now.getTime());
    const stillClaimed = await serverB.notification.findMany({ where: { id: lost.id, sentAt: null, nextAttemptAt: { lte: now } } });
    expect(stillClaimed).toEqual([]);
    const later = new Date(claimed.nextAttemptAt.getTime() + 1);
    const retry = await deliverDueRows(serverB, [claimed], later, count, () => {});
    expect(retry.sent).toBe(1);
    expect(sends.get(lost.id)).toBe(1);
  });

  it("pushing status changes from both at once: each change goes into the outbox once", async () => {
    const complaint = await serverA.complaint.create({
      data: { ref: "ADU-2026-700001", trackingHash: "h-n-1", unitId: ids.unit, category: "WAITING_TIME", privacy: "public", description: "Antrean panjang sekali", status: "NEW", lat: -2.97, lng: 104.75 },
    });
    await serverA.channelComplaint.create({ data: { complaintId: complaint.id, channel: "SMS", address: "+628120001" } });
    for (const statusTo of ["TRIAGED", "IN_PROGRESS", "ANSWERED"]) {
      await serverA.complaintEvent.create({ data: { complaintId: complaint.id, kind: "STATUS", statusTo, visibility: "PUBLIC" } });
    }
    const [a, b] = await Promise.all([pushStatusChanges({ client: serverA }), pushStatusChanges({ client: serverB })]);
    expect(a + b).toBe(3);
    expect(await serverA.notification.count({ where: { channel: "SMS", toAddress: "+628120001" } })).toBe(3);
    expect(await pushStatusChanges({ client: serverB })).toBe(0);
  });
});
