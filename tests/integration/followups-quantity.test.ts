import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { DomainError } from "~/lib/domain-error";
import { sendToUnit } from "~/models/complaint/triage.server";
import { answerFollowUp, verifyFollowUp } from "~/models/follow-up/commands.server";
import { demoUsers, makeComplaint } from "../support/followups";

// Issue 16, item 5: a follow-up sent from a complaint may ask for a quantity, and accepting an answer
// that still reports some outstanding needs the inspector's confirmation, which is recorded.

describe("quantities on follow-ups from complaints", () => {
  it("sends with a quantity the unit must report on; a bad quantity is refused and nothing is sent", async () => {
    const users = await demoUsers();
    const { complaint } = await makeComplaint({ unitId: users.headSu2.unitId!, status: "VERIFIED" });
    for (const bad of ["0", "-3", "1.5", "dua", "1000001"]) {
      const result = sendToUnit(users.inspector, complaint.id, { instruction: "Serahkan semua KTP-el yang sudah jadi.", severity: "HIGH", quantity: bad });
      await expect(result, bad).rejects.toMatchObject({ messageKey: "complaints.error.quantity", status: 400, field: "quantity" });
    }
    expect(await db.followUp.count({ where: { complaintId: complaint.id } })).toBe(0);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } })).status).toBe("VERIFIED");

    expect(await sendToUnit(users.inspector, complaint.id, { instruction: "Serahkan semua KTP-el yang sudah jadi.", severity: "HIGH", quantity: " 180 " })).toMatchObject({ ok: true });
    const fu = await db.followUp.findFirstOrThrow({ where: { complaintId: complaint.id } });
    expect(fu).toMatchObject({ quantity: 180, outstandingQuantity: 180, state: "OPEN" });
    // The unit head must now say how many are left.
    await expect(answerFollowUp(users.headSu2, fu.id, { body: "Sebagian sudah diserahkan." })).rejects.toMatchObject({ messageKey: "fu.error.quantityRequired", status: 400 });
  });

  it("accepting 75 of 180 still outstanding asks for confirmation, then records it", async () => {
    const users = await demoUsers();
    const { complaint } = await makeComplaint({ unitId: users.headSu2.unitId!, status: "VERIFIED" });
    await sendToUnit(users.inspector, complaint.id, { instruction: "Serahkan semua KTP-el yang sudah jadi.", severity: "HIGH", quantity: "180" });
    const fu = await db.followUp.findFirstOrThrow({ where: { complaintId: complaint.id } });
    await answerFollowUp(users.headSu2, fu.id, { body: "105 kartu sudah diserahkan.", outstandingQuantity: 75 });

    const refused = await verifyFollowUp(users.inspector, fu.id, { verdict: "accept" }).catch((e) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ messageKey: "fu.error.outstandingConfirm", status: 409, field: "acceptOutstanding", vars: { left: 75, total: 180 } });
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).state).toBe("ANSWERED");

    await verifyFollowUp(users.inspector, fu.id, { verdict: "accept", acceptOutstanding: true });
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).state).toBe("DONE");
    const response = await db.response.findFirstOrThrow({ where: { followUpId: fu.id } });
    expect(response).toMatchObject({ verdict: "ACCEPTED", verdictReason: "Diterima dengan 75 dari 180 masih tersisa." });
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "FollowUp", entityId: String(fu.id), action: "followup.accept" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ state: "DONE", acceptedOutstanding: 75, quantity: 180 });
  });

  it("accepting with nothing outstanding needs no confirmation", async () => {
    const users = await demoUsers();
    const { complaint } = await makeComplaint({ unitId: users.headSu2.unitId!, status: "VERIFIED" });
    await sendToUnit(users.inspector, complaint.id, { instruction: "Serahkan semua KTP-el yang sudah jadi.", severity: "HIGH", quantity: "180" });
    const fu = await db.followUp.findFirstOrThrow({ where: { complaintId: complaint.id } });
    await answerFollowUp(users.headSu2, fu.id, { body: "Semua 180 kartu sudah diserahkan.", outstandingQuantity: 0 });
    await verifyFollowUp(users.inspector, fu.id, { verdict: "accept" });
    expect((await db.response.findFirstOrThrow({ where: { followUpId: fu.id } })).verdictReason).toBeNull();
  });
});
