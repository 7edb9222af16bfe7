import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { formatDateTime, wibDateKey } from "~/lib/time";
import { addCalendarDays, endOfWibDay } from "~/lib/working-days";
import { cookieFor, DEMO } from "../support/requests";
import { itemsOf, page, post, startSidak, SU2, unitByName, validFinding } from "./inspections-support";
import { translate } from "~/i18n";

// The whole draft workflow through the real route actions: each step stored on the server, the
// submit turning directives into follow-ups with deadlines, scores, amendments and the audit trail.

let inspector: string;
let su2: { id: number };

beforeAll(async () => {
  inspector = await cookieFor(DEMO.inspector);
  su2 = await unitByName(SU2);
});

const auditOf = (entityType: string, entityId: number | string) =>
  db.auditEvent.findMany({ where: { entityType, entityId: String(entityId) }, orderBy: { id: "asc" } });

describe("a sidak from start to submit", () => {
  it("keeps every step on the server, scores it and turns each directive into a follow-up", async () => {
    const id = await startSidak(inspector, su2.id);
    const started = await db.inspection.findUniqueOrThrow({ where: { id } });
    expect(started.status).toBe("DRAFT");
    expect(started.templateId).not.toBeNull();
    expect((await auditOf("Inspection", id)).map((a) => a.action)).toEqual(["inspection.start"]);

    // Checklist: 1 fail with a number, 2 pass, 1 not applicable → 2 / 3 = 66.7
    const items = await itemsOf(id);
    const ektp = items.find((i) => i.numberUnit === "kartu")!;
    expect(ektp).toBeTruthy();
    const others = items.filter((i) => i.id !== ektp.id);
    for (const [item, result] of [
      [ektp, "FAIL"],
      [others[0]!, "PASS"],
      [others[1]!, "PASS"],
      [others[2]!, "NA"],
    ] as const) {
      const res = await post(inspector, id, { intent: "answer", itemId: String(item.id), result, number: item.id === ektp.id ? "1240" : "", note: item.id === ektp.id ? "Dalam 6 kardus" : "" });
      expect(res.status, await res.clone().text()).toBe(200);
    }
    // Saving an item again replaces the answer rather than adding one.
    await post(inspector, id, { intent: "answer", itemId: String(ektp.id), result: "FAIL", number: "1240", note: "Dalam 6 kardus di gudang" });
    const answers = await db.checklistAnswer.findMany({ where: { inspectionId: id } });
    expect(answers).toHaveLength(4);
    expect(answers.find((a) => a.itemId === ektp.id)).toMatchObject({ result: "FAIL", number: 1240, note: "Dalam 6 kardus di gudang" });

    // The page reloaded mid-way shows what was saved, with the failed item's finding prefilled.
    const reloaded = await page(inspector, id);
    expect(reloaded.status).toBe(200);
    const view = (await reloaded.json()).inspection;
    expect(view.answers).toHaveLength(4);
    expect(view.scores.total).toBe(66.7);

    // Findings: one with an explicit deadline, one left to the working-day rule, one without directive.
    const due = addCalendarDays(wibDateKey(new Date()), 10);
    let res = await post(inspector, id, { ...validFinding, itemId: String(ektp.id), directiveDueAt: due });
    expect(res.status, await res.clone().text()).toBe(303);
    res = await post(inspector, id, { intent: "finding-create", category: "SERVICE_QUALITY", severity: "MEDIUM", description: "Petugas loket tidak menyapa warga.", directive: "Terapkan senyum, sapa, salam di loket." });
    expect(res.status).toBe(303);
    res = await post(inspector, id, { intent: "finding-create", category: "FACILITY", severity: "LOW", description: "Kursi ruang tunggu kurang." });
    expect(res.status).toBe(303);
    const findings = await db.finding.findMany({ where: { inspectionId: id }, orderBy: { id: "asc" } });
    expect(findings).toHaveLength(3);
    expect(findings[0]).toMatchObject({ itemId: ektp.id, quantity: 1240, quantityUnit: "kartu", unitId: su2.id });
    expect(wibDateKey(findings[0]!.oldestDate!)).toBe("2020-03-02");
    expect(await db.followUp.count({ where: { findingId: { in: findings.map((f) => f.id) } } })).toBe(0);

    // Submit: one transaction, one follow-up per directive.
    res = await post(inspector, id, { intent: "submit" });
    expect(res.status).toBe(303);
    const submitted = await db.inspection.findUniqueOrThrow({ where: { id } });
    expect(submitted.status).toBe("SUBMITTED");
    expect(submitted.submittedAt).not.toBeNull();
    expect(submitted.score).toBe(66.7);
    const followUps = await db.followUp.findMany({ where: { findingId: { in: findings.map((f) => f.id) } }, orderBy: { findingId: "asc" } });
    expect(followUps).toHaveLength(2);
    expect(followUps[0]).toMatchObject({ sourceType: "FINDING", findingId: findings[0]!.id, unitId: su2.id, instruction: validFinding.directive, quantity: 1240, outstandingQuantity: 1240, state: "OPEN", category: "UNDISTRIBUTED_DOCUMENT", severity: "HIGH" });
    expect(followUps[0]!.dueAt.getTime()).toBe(endOfWibDay(due).getTime());
    // Without an explicit deadline the working-day rule sets one in the future.
    expect(followUps[1]!.dueAt.getTime()).toBeGreaterThan(Date.now());
    expect(followUps[1]!.findingId).toBe(findings[1]!.id);

    const actions = (await auditOf("Inspection", id)).map((a) => a.action);
    // Each checklist save that changed something is recorded too (4 answers, then 1 note edit).
    expect(actions).toEqual(["inspection.start", ...Array(5).fill("inspection.answer"), "inspection.submit"]);
    for (const f of findings) expect((await auditOf("Finding", f.id)).map((a) => a.action)).toEqual(["finding.create"]);
    for (const f of followUps) expect((await auditOf("FollowUp", f.id)).map((a) => a.action)).toContain("followup.create");

    // The submitted page shows each finding's follow-up state and deadline.
    const after = (await (await page(inspector, id)).json()).inspection;
    expect(after.findings[0].followUps[0].dueAt).toBe(followUps[0]!.dueAt.toISOString());
    expect(after.findings[0].history).toEqual([{ at: submitted.submittedAt!.toISOString(), value: 1240, source: "INSPECTION" }]);
    expect(formatDateTime(followUps[0]!.dueAt)).toMatch(/23\.59 WIB$/);
  });

  it("records edits and deletions of a draft's findings in the audit trail", async () => {
    const id = await startSidak(inspector, su2.id);
    await post(inspector, id, { ...validFinding });
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: id } });
    let res = await post(inspector, id, { ...validFinding, intent: "finding-update", findingId: String(finding.id), quantity: "1.300" });
    expect(res.status).toBe(303);
    expect((await db.finding.findUniqueOrThrow({ where: { id: finding.id } })).quantity).toBe(1300);
    res = await post(inspector, id, { intent: "finding-delete", findingId: String(finding.id) });
    expect(res.status).toBe(303);
    expect((await db.finding.findUniqueOrThrow({ where: { id: finding.id } })).deletedAt).not.toBeNull();
    const audit = await auditOf("Finding", finding.id);
    expect(audit.map((a) => a.action)).toEqual(["finding.create", "finding.update", "finding.delete"]);
    expect(JSON.parse(audit[1]!.before!).quantity).toBe(1240);
    expect(JSON.parse(audit[1]!.after!).quantity).toBe(1300);
    // A deleted finding neither shows nor becomes a follow-up.
    await post(inspector, id, { intent: "submit" });
    expect(await db.followUp.count({ where: { findingId: finding.id } })).toBe(0);
    expect((await (await page(inspector, id)).json()).inspection.findings).toHaveLength(0);
  });
});

describe("submit refusals", () => {
  it("refuses to submit when a directive's deadline has passed in the meantime, changing nothing", async () => {
    const id = await startSidak(inspector, su2.id);
    await post(inspector, id, { ...validFinding, directiveDueAt: wibDateKey(new Date()) });
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: id } });
    // The draft sat for days: its deadline is now in the past.
    await db.finding.update({ where: { id: finding.id }, data: { directiveDueAt: new Date(Date.now() - 86_400_000) } });
    const auditBefore = await db.auditEvent.count();
    const res = await post(inspector, id, { intent: "submit" });
    expect(res.status).toBe(400);
    expect(translate("id", (await res.json()).formError)).toMatch(/sudah lewat/);
    expect((await db.inspection.findUniqueOrThrow({ where: { id } })).status).toBe("DRAFT");
    expect(await db.followUp.count({ where: { findingId: finding.id } })).toBe(0);
    expect(await db.auditEvent.count()).toBe(auditBefore);
  });

  it("lets the owner discard a draft, never a submitted inspection", async () => {
    const id = await startSidak(inspector, su2.id);
    await post(inspector, id, { ...validFinding });
    let res = await post(inspector, id, { intent: "discard" });
    expect(res.status).toBe(303);
    expect(await db.inspection.findUnique({ where: { id } })).toBeNull();
    expect((await auditOf("Inspection", id)).map((a) => a.action)).toEqual(["inspection.start", "inspection.discard"]);
    const submitted = await startSidak(inspector, su2.id);
    await post(inspector, submitted, { intent: "submit" });
    res = await post(inspector, submitted, { intent: "discard" });
    expect(res.status).toBe(409);
    expect(await db.inspection.findUnique({ where: { id: submitted } })).not.toBeNull();
  });
});

describe("a submitted inspection", () => {
  let id: number;
  beforeAll(async () => {
    id = await startSidak(inspector, su2.id);
    await post(inspector, id, { ...validFinding });
    await post(inspector, id, { intent: "submit" });
  });

  it("is not edited in place: its findings can no longer be changed or deleted, nor answers saved", async () => {
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: id } });
    const items = await itemsOf(id);
    for (const form of <Array<Record<string, string>>>[
      { ...validFinding, intent: "finding-update", findingId: String(finding.id), quantity: "5" },
      { intent: "finding-delete", findingId: String(finding.id) },
      { intent: "answer", itemId: String(items[0]!.id), result: "PASS" },
      { intent: "submit" },
    ]) {
      const res = await post(inspector, id, form);
      expect(res.status, form.intent).toBe(409);
      expect(translate("id", (await res.json()).formError)).toMatch(/sudah dikirim/);
    }
    expect((await db.finding.findUniqueOrThrow({ where: { id: finding.id } })).quantity).toBe(1240);
    expect(await db.checklistAnswer.count({ where: { inspectionId: id } })).toBe(0);
  });

  it("takes a visible amendment, with an audit event", async () => {
    const res = await post(inspector, id, { intent: "amend", body: "Jumlah kardus ternyata 7, bukan 6." });
    expect(res.status).toBe(303);
    const view = (await (await page(inspector, id)).json()).inspection;
    expect(view.amendments.map((a: { body: string }) => a.body)).toContain("Jumlah kardus ternyata 7, bukan 6.");
    const audit = await auditOf("Inspection", id);
    expect(audit.at(-1)!.action).toBe("inspection.amend");
  });

  it("takes a new finding as an amendment whose directive becomes a follow-up at once", async () => {
    const due = addCalendarDays(wibDateKey(new Date()), 5);
    const res = await post(inspector, id, {
      intent: "finding-create",
      category: "STAFF_ABSENCE",
      severity: "MEDIUM",
      description: "Dua petugas piket tidak hadir.",
      quantity: "2",
      quantityUnit: "orang",
      directive: "Tegur petugas dan laporkan daftar hadir.",
      directiveDueAt: due,
    });
    expect(res.status, await res.clone().text()).toBe(303);
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: id, category: "STAFF_ABSENCE" } });
    const followUp = await db.followUp.findFirstOrThrow({ where: { findingId: finding.id } });
    expect(followUp).toMatchObject({ instruction: "Tegur petugas dan laporkan daftar hadir.", quantity: 2, unitId: su2.id });
    expect(followUp.dueAt.getTime()).toBe(endOfWibDay(due).getTime());
    const amendments = await db.inspectionAmendment.findMany({ where: { inspectionId: id } });
    expect(amendments.some((a) => a.body.includes(`#${finding.id}`) && a.body.includes("Dua petugas piket"))).toBe(true);
    expect((await auditOf("Finding", finding.id)).map((a) => a.action)).toEqual(["finding.create"]);
  });

  it("draws the quantity history from the unit head's later answers (1,240 → 600 → 0)", async () => {
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: id, category: "UNDISTRIBUTED_DOCUMENT" } });
    const followUp = await db.followUp.findFirstOrThrow({ where: { findingId: finding.id } });
    const head = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 } });
    const t0 = Date.now();
    await db.response.create({ data: { followUpId: followUp.id, authorId: head.id, body: "Sebagian diserahkan", outstandingQuantity: 600, createdAt: new Date(t0 + 1000) } });
    await db.response.create({ data: { followUpId: followUp.id, authorId: head.id, body: "Semua diserahkan", outstandingQuantity: 0, createdAt: new Date(t0 + 2000) } });
    const view = (await (await page(inspector, id)).json()).inspection;
    const f = view.findings.find((x: { id: number }) => x.id === finding.id);
    expect(f.history.map((p: { value: number }) => p.value)).toEqual([1240, 600, 0]);
    // An answer the inspector rejected still shows what the unit reported, marked as rejected.
    await db.response.create({ data: { followUpId: followUp.id, authorId: head.id, body: "Salah hitung", outstandingQuantity: 10, verdict: "REJECTED", createdAt: new Date(t0 + 3000) } });
    const again = (await (await page(inspector, id)).json()).inspection.findings.find((x: { id: number }) => x.id === finding.id);
    expect(again.history.at(-1)).toMatchObject({ value: 10, source: "RESPONSE", rejected: true });
  });
});
