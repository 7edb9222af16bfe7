import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { verifyAuditChain } from "~/lib/audit.server";
import * as detail from "~/routes/follow-ups.$id";
import * as index from "~/routes/follow-ups._index";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { readReply } from "../support/form-reply";
import { DomainError } from "~/lib/domain-error";
import { demoUsers, makeComplaint, makeFollowUp, REPORTER } from "../support/followups";
import { createFollowUp } from "~/models/follow-up/create.server";
import { answerFollowUp, verifyFollowUp } from "~/models/follow-up/commands.server";

// The follow-up life cycle through the real route actions: OPEN → ANSWERED → (rejected) OPEN → ANSWERED
// → DONE, every out-of-order step refused with a 4xx and a Bahasa Indonesia message, nothing half-stored.

let users: Awaited<ReturnType<typeof demoUsers>>;
let cookies: { inspector: string; headSu2: string; headAal: string; admin: string };

beforeAll(async () => {
  users = await demoUsers();
  cookies = {
    inspector: await cookieFor(DEMO.inspector),
    headSu2: await cookieFor(DEMO.headSu2),
    headAal: await cookieFor(DEMO.headAal),
    admin: await cookieFor(DEMO.admin),
  };
});

const post = (id: number, cookie: string, form: Record<string, string>) =>
  run(detail.action, makeRequest(`/follow-ups/${id}`, { cookie, form }), { id: String(id) });

async function snapshot(id: number) {
  const [f, responses, extensions, audits, notifications] = await Promise.all([
    db.followUp.findUniqueOrThrow({ where: { id } }),
    db.response.count({ where: { followUpId: id } }),
    db.extensionRequest.count({ where: { followUpId: id } }),
    db.auditEvent.count(),
    db.notification.count(),
  ]);
  return { f, responses, extensions, audits, notifications };
}

describe("follow-up state machine", () => {
  it("runs answer → reject → answer → accept, keeping the complaint and its reporter in step", async () => {
    const { complaint } = await makeComplaint({ unitId: users.headSu2.unitId! });
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, complaintId: complaint.id });
    const auditsBefore = await db.auditEvent.count();

    // A unit head cannot close their own follow-up, even by posting the inspector's form.
    let res = await post(fu.id, cookies.headSu2, { intent: "verify", verdict: "accept" });
    expect(res.status).toBe(403);
    // Verifying before any answer is out of order.
    res = await post(fu.id, cookies.inspector, { intent: "verify", verdict: "accept" });
    expect(res.status).toBe(409);
    expect((await readReply(res)).text).toMatch(/Belum ada jawaban/);

    res = await post(fu.id, cookies.headSu2, { intent: "answer", body: "Sudah diserahkan 40 KTP-el hari ini." });
    expect(res.status).toBe(303);
    let f = await db.followUp.findUniqueOrThrow({ where: { id: fu.id } });
    expect(f.state).toBe("ANSWERED");
    expect((await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).status).toBe("ANSWERED");
    const answerEvent = await db.complaintEvent.findFirst({ where: { complaintId: complaint.id, kind: "ANSWER" } });
    expect(answerEvent?.body).toContain("Sudah diserahkan 40 KTP-el");
    expect(answerEvent?.visibility).toBe("REPORTER");
    // The inspectors are told, in-app and by e-mail; the resident by e-mail.
    expect(await db.notification.count({ where: { userId: users.inspector.id, subject: { contains: `#${fu.id}` } } })).toBeGreaterThanOrEqual(2);
    expect(await db.notification.count({ where: { toEmail: REPORTER.email } })).toBe(1);

    // Answering twice is out of order.
    res = await post(fu.id, cookies.headSu2, { intent: "answer", body: "Lagi" });
    expect(res.status).toBe(409);
    // The unit head may not verify: 403 with a clear message.
    res = await post(fu.id, cookies.headSu2, { intent: "verify", verdict: "accept" });
    expect(res.status).toBe(403);
    expect((await readReply(res)).text).toMatch(/tidak dapat menutup tindak lanjutnya sendiri/);
    // Nor may the admin.
    res = await post(fu.id, cookies.admin, { intent: "verify", verdict: "accept" });
    expect(res.status).toBe(403);

    // Rejecting needs a reason.
    res = await post(fu.id, cookies.inspector, { intent: "verify", verdict: "reject", reason: "  " });
    expect(res.status).toBe(400);
    expect((await readReply(res)).text).toMatch(/Alasan wajib diisi/);
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).state).toBe("ANSWERED");

    const beforeReject = Date.now();
    res = await post(fu.id, cookies.inspector, { intent: "verify", verdict: "reject", reason: "Lampirkan daftar penerima." });
    expect(res.status).toBe(303);
    f = await db.followUp.findUniqueOrThrow({ where: { id: fu.id } });
    expect(f.state).toBe("OPEN");
    expect(f.dueAt.getTime()).toBeGreaterThan(beforeReject);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).status).toBe("SENT");

    res = await post(fu.id, cookies.headSu2, { intent: "answer", body: "Daftar penerima terlampir; semua sudah diserahkan." });
    expect(res.status).toBe(303);
    res = await post(fu.id, cookies.inspector, { intent: "verify", verdict: "accept" });
    expect(res.status).toBe(303);
    f = await db.followUp.findUniqueOrThrow({ where: { id: fu.id } });
    expect(f.state).toBe("DONE");
    expect(f.closedAt).not.toBeNull();
    const c = await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect(c.status).toBe("CLOSED");
    const events = await db.complaintEvent.findMany({ where: { complaintId: complaint.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => e.statusTo)).toEqual(["ANSWERED", "SENT", "ANSWERED", "CLOSED"]);

    // An answer on a DONE follow-up is refused, and so is an extension.
    const done = await snapshot(fu.id);
    res = await post(fu.id, cookies.headSu2, { intent: "answer", body: "Tambahan" });
    expect(res.status).toBe(409);
    expect((await readReply(res)).text).toMatch(/sudah selesai/);
    res = await post(fu.id, cookies.headSu2, { intent: "extension", reason: "x", proposedDate: "2099-01-05" });
    expect(res.status).toBe(409);
    expect(await snapshot(fu.id)).toEqual(done);

    const actions = (await db.auditEvent.findMany({ where: { entityType: "FollowUp", entityId: String(fu.id), id: { gt: 0 } }, orderBy: { id: "asc" } })).map((a) => a.action);
    expect(actions).toEqual(["followup.create", "followup.answer", "followup.reject", "followup.answer", "followup.accept"]);
    expect(await db.auditEvent.count()).toBe(auditsBefore + 4);
    expect((await verifyAuditChain()).ok).toBe(true);

    // The page shows the history from the audit trail.
    const page = await run(detail.loader, makeRequest(`/follow-ups/${fu.id}`, { cookie: cookies.headSu2 }), { id: String(fu.id) });
    const data = await page.json();
    expect(data.timeline.map((e: { action: string }) => e.action)).toEqual(actions);
  });

  it("approves an extension: the deadline moves and the original stays on record; a second decision is refused", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const proposed = new Date(fu.dueAt.getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    let res = await post(fu.id, cookies.headSu2, { intent: "extension", reason: "Blanko KTP-el habis.", proposedDate: proposed });
    expect(res.status).toBe(303);
    // One pending request at a time.
    res = await post(fu.id, cookies.headSu2, { intent: "extension", reason: "Lagi", proposedDate: proposed });
    expect(res.status).toBe(409);
    const ext = await db.extensionRequest.findFirstOrThrow({ where: { followUpId: fu.id } });
    // Only inspectors decide.
    res = await post(fu.id, cookies.headSu2, { intent: "decide", extensionId: String(ext.id), decision: "approve" });
    expect(res.status).toBe(403);
    res = await post(fu.id, cookies.inspector, { intent: "decide", extensionId: String(ext.id), decision: "approve" });
    expect(res.status).toBe(303);
    const f = await db.followUp.findUniqueOrThrow({ where: { id: fu.id } });
    expect(f.dueAt.toISOString()).toBe(new Date(`${proposed}T23:59:59.999+07:00`).toISOString());
    expect(f.originalDueAt.getTime()).toBe(fu.dueAt.getTime());
    res = await post(fu.id, cookies.inspector, { intent: "decide", extensionId: String(ext.id), decision: "refuse" });
    expect(res.status).toBe(409);
    expect((await readReply(res)).text).toMatch(/sudah diputuskan/);
    const headNotes = await db.notification.findMany({ where: { userId: users.headSu2.id, channel: "IN_APP", subject: { contains: `#${fu.id} disetujui` } } });
    expect(headNotes).toHaveLength(1);
  });

  it("refuses an extension: the deadline stays", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const proposed = new Date(fu.dueAt.getTime() + 5 * 86_400_000).toISOString().slice(0, 10);
    await post(fu.id, cookies.headSu2, { intent: "extension", reason: "Petugas cuti.", proposedDate: proposed });
    const ext = await db.extensionRequest.findFirstOrThrow({ where: { followUpId: fu.id } });
    const res = await post(fu.id, cookies.inspector, { intent: "decide", extensionId: String(ext.id), decision: "refuse", note: "Tidak cukup alasan." });
    expect(res.status).toBe(303);
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).dueAt).toEqual(fu.dueAt);
    expect((await db.extensionRequest.findUniqueOrThrow({ where: { id: ext.id } })).state).toBe("REFUSED");
  });
});

describe("bad input: 4xx, a clear message, nothing changed", () => {
  it("refuses a negative, a too-large and a non-numeric outstanding quantity, and a missing one", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, quantity: 120 });
    const before = await snapshot(fu.id);
    const cases: Array<[string | undefined, RegExp]> = [
      ["-1", /tidak boleh negatif/],
      ["121", /tidak boleh lebih dari jumlah temuan \(120\)/],
      ["1e3", /bilangan bulat/],
      ["", /Isi jumlah/],
    ];
    for (const [qty, message] of cases) {
      const form: Record<string, string> = { intent: "answer", body: "Sebagian diserahkan." };
      if (qty !== undefined) form.outstandingQuantity = qty;
      const res = await post(fu.id, cookies.headSu2, form);
      expect(res.status, `quantity ${qty}`).toBe(400);
      const reply = await readReply(res);
      expect(reply.text).toMatch(message);
      expect(Object.keys(reply.fieldErrors)).toEqual(["outstandingQuantity"]);
    }
    expect(await snapshot(fu.id)).toEqual(before);
    // The edges are fine: 0 and the full quantity.
    const ok = await post(fu.id, cookies.headSu2, { intent: "answer", body: "Semua diserahkan.", outstandingQuantity: "0" });
    expect(ok.status).toBe(303);
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).outstandingQuantity).toBe(0);
  });

  it("refuses an extension to a date before (or on) the current deadline, a malformed date and an empty reason", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const before = await snapshot(fu.id);
    const dueKey = new Date(fu.dueAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    const earlier = new Date(fu.dueAt.getTime() - 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);
    for (const [form, message] of [
      [{ proposedDate: earlier, reason: "Perlu waktu" }, /harus setelah batas waktu saat ini/],
      [{ proposedDate: dueKey, reason: "Perlu waktu" }, /harus setelah batas waktu saat ini/],
      [{ proposedDate: "2020-01-01", reason: "Perlu waktu" }, /harus setelah batas waktu/],
      [{ proposedDate: "2099-02-30", reason: "Perlu waktu" }, /Tanggal tidak valid/],
      [{ proposedDate: "2099-01-05", reason: " " }, /Alasan wajib diisi/],
    ] as const) {
      const res = await post(fu.id, cookies.headSu2, { intent: "extension", ...form });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect((await readReply(res)).text).toMatch(message);
    }
    expect(await snapshot(fu.id)).toEqual(before);
  });

  it("refuses a deadline in the past, when creating and when rejecting", async () => {
    await expect(
      db.$transaction((tx) =>
        createFollowUp(tx, {
          sourceType: "FINDING",
          unitId: users.headSu2.unitId!,
          instruction: "x",
          category: "OTHER",
          createdById: users.inspector.id,
          dueAt: new Date(Date.now() - 60_000),
        }),
      ),
    ).rejects.toSatisfy((r: unknown) => r instanceof DomainError && r.status === 400);
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    await post(fu.id, cookies.headSu2, { intent: "answer", body: "Sudah." });
    const before = await snapshot(fu.id);
    const res = await post(fu.id, cookies.inspector, { intent: "verify", verdict: "reject", reason: "Belum lengkap", newDueDate: "2021-03-01" });
    expect(res.status).toBe(400);
    expect((await readReply(res)).text).toMatch(/tidak boleh di masa lalu/);
    expect(await snapshot(fu.id)).toEqual(before);
    // A future explicit date is used as given (end of that WIB day).
    const ok = await post(fu.id, cookies.inspector, { intent: "verify", verdict: "reject", reason: "Belum lengkap", newDueDate: "2099-03-02" });
    expect(ok.status).toBe(303);
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).dueAt.toISOString()).toBe("2099-03-02T16:59:59.999Z");
  });

  it("refuses an unknown intent", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const res = await post(fu.id, cookies.headSu2, { intent: "close" });
    expect(res.status).toBe(400);
  });
});

describe("access: a unit head sees and acts on their own unit only", () => {
  // The inbox rows are lean (issue 17): a unit head's rows carry no unit, so the units come from the database.
  async function unitsOf(items: Array<{ id: number }>) {
    expect(items.length).toBeGreaterThan(0);
    const rows = await db.followUp.findMany({ where: { id: { in: items.map((i) => i.id) } }, select: { unitId: true }, distinct: ["unitId"] });
    return rows.map((r) => r.unitId);
  }

  it("unit head A can neither list, open, answer nor ask an extension on unit B's follow-up (404)", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, instruction: "Instruksi khusus unit SU2 zxq" });
    const list = await (await run(index.loader, makeRequest("/follow-ups", { cookie: cookies.headAal }))).json();
    expect(await unitsOf(list.items)).toEqual([users.headAal.unitId]);
    expect(list.items.some((i: { id: number }) => i.id === fu.id)).toBe(false);
    // Even asking for unit B by filter changes nothing.
    const filtered = await (await run(index.loader, makeRequest(`/follow-ups?unitId=${users.headSu2.unitId}`, { cookie: cookies.headAal }))).json();
    expect(filtered.items.some((i: { id: number }) => i.id === fu.id)).toBe(false);

    const page = await run(detail.loader, makeRequest(`/follow-ups/${fu.id}`, { cookie: cookies.headAal }), { id: String(fu.id) });
    expect(page.status).toBe(404);
    const missing = await run(detail.loader, makeRequest(`/follow-ups/999999`, { cookie: cookies.headAal }), { id: "999999" });
    expect(missing.status).toBe(404);
    expect(await page.text()).toBe(await missing.text());

    const before = await snapshot(fu.id);
    expect((await post(fu.id, cookies.headAal, { intent: "answer", body: "Bukan unit saya" })).status).toBe(404);
    expect((await post(fu.id, cookies.headAal, { intent: "extension", reason: "x", proposedDate: "2099-01-05" })).status).toBe(404);
    expect(await snapshot(fu.id)).toEqual(before);

    // Unit head B sees it; the inspector sees it and can filter by unit.
    const own = await (await run(index.loader, makeRequest("/follow-ups", { cookie: cookies.headSu2 }))).json();
    expect(own.items.some((i: { id: number }) => i.id === fu.id)).toBe(true);
    const staff = await (await run(index.loader, makeRequest(`/follow-ups?unitId=${users.headSu2.unitId}`, { cookie: cookies.inspector }))).json();
    expect(staff.items.some((i: { id: number }) => i.id === fu.id)).toBe(true);
    expect(await unitsOf(staff.items)).toEqual([users.headSu2.unitId]);
  });

  it("each form checks its own permission: staff may not answer nor ask for more time, a unit head may not verify (403, nothing changed)", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const before = await snapshot(fu.id);
    for (const cookie of [cookies.inspector, cookies.admin]) {
      for (const form of [{ intent: "answer", body: "Dijawab oleh staf" }, { intent: "extension", reason: "Perlu waktu", proposedDate: "2099-01-05" }] as Array<Record<string, string>>) {
        const res = await post(fu.id, cookie, form);
        expect(res.status, form.intent).toBe(403);
        expect((await readReply(res)).text).toMatch(/Peran Anda tidak berhak/);
      }
    }
    // The model checks the same permission for any caller that is not the page (defence in depth).
    await expect(answerFollowUp(users.inspector, fu.id, { body: "Dijawab oleh staf" })).rejects.toMatchObject({ messageKey: "fu.error.notAllowed", status: 403 });
    await expect(verifyFollowUp(users.headSu2, fu.id, { verdict: "accept" })).rejects.toMatchObject({ messageKey: "fu.error.notAllowed", status: 403 });
    expect(await snapshot(fu.id)).toEqual(before);
  });

  it("lists overdue first, then by due date, with the counts", async () => {
    const unitId = users.headAal.unitId!;
    const late = await makeFollowUp({ unitId, createdById: users.inspector.id, instruction: "terlambat" });
    await db.followUp.update({ where: { id: late.id }, data: { dueAt: new Date(Date.now() - 3 * 86_400_000) } });
    const data = await (await run(index.loader, makeRequest("/follow-ups", { cookie: cookies.headAal }))).json();
    expect(data.items[0].overdue).toBe(true);
    const active = data.items.filter((i: { state: string }) => i.state !== "DONE");
    const dues = active.map((i: { dueAt: string }) => Date.parse(i.dueAt));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(data.counts.overdue).toBeGreaterThanOrEqual(1);
    expect(data.counts.overdue).toBe(data.items.filter((i: { overdue: boolean }) => i.overdue).length);
    const onlyOverdue = await (await run(index.loader, makeRequest("/follow-ups?overdue=1", { cookie: cookies.headAal }))).json();
    expect(onlyOverdue.items.length).toBe(data.counts.overdue);
  });

  it("never gives a unit head the reporter's identity, nor the text of a confidential or extortion complaint", async () => {
    const unitId = users.headSu2.unitId!;
    const secret = "Petugas loket meminta Rp150.000 zqxsecret";
    const { complaint: conf } = await makeComplaint({ unitId, category: "EXTORTION", privacy: "confidential", description: secret });
    const confFu = await makeFollowUp({ unitId, createdById: users.inspector.id, complaintId: conf.id, category: "EXTORTION", instruction: "Periksa loket 3." });
    const { complaint: pub } = await makeComplaint({ unitId, privacy: "anonymous", description: "Antrean KTP-el tidak dipanggil zqxpublic" });
    const pubFu = await makeFollowUp({ unitId, createdById: users.inspector.id, complaintId: pub.id });
    for (const [fu, hiddenText] of [
      [confFu, true],
      [pubFu, false],
    ] as const) {
      const res = await run(detail.loader, makeRequest(`/follow-ups/${fu.id}`, { cookie: cookies.headSu2 }), { id: String(fu.id) });
      const raw = await res.text();
      for (const value of [REPORTER.name, REPORTER.phone, REPORTER.email, "reporterIpHash", "reporterEmail"]) expect(raw).not.toContain(value);
      expect(raw.includes("zqxsecret")).toBe(false);
      expect(raw.includes("zqxpublic")).toBe(!hiddenText);
      expect(JSON.parse(raw).followUp.complaint.textHidden).toBe(hiddenText);
    }
    // The inspector reads the original text.
    const staff = await (await run(detail.loader, makeRequest(`/follow-ups/${confFu.id}`, { cookie: cookies.inspector }), { id: String(confFu.id) })).text();
    expect(staff).toContain("zqxsecret");
  });
});
