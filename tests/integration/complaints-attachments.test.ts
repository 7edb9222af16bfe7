import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { storePhotos } from "~/lib/uploads.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { loader as attachmentLoader } from "~/routes/attachments.$id";
import { loader as trackPhotoLoader } from "~/routes/track.$code.photos.$id";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { GOOD_DESCRIPTION, jpeg, unitIdBySlugPart } from "../support/complaints";

// Photos are served through the access rule of the record they belong to (issue 3, requirement 3).

let su2: number;
let aal: number;
let cookies: Record<"inspector" | "admin" | "headSu2" | "headAal", string>;

async function photo() {
  const [saved] = await storePhotos([{ name: "a.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg(120, 90)) }]);
  return saved!;
}

async function complaintWithPhoto(privacy: string, category = "FACILITY") {
  const result = await createComplaint(
    { unitId: su2, category, description: GOOD_DESCRIPTION, privacy },
    { photos: [{ name: "a.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg(120, 90)) }] },
  );
  if (!result.ok) throw new Error("create failed");
  const attachment = await db.attachment.findFirstOrThrow({ where: { complaintId: result.complaint.id } });
  return { ...result, attachmentId: attachment.id };
}

const get = (id: number, cookie?: string) => run(attachmentLoader, makeRequest(`/attachments/${id}`, { cookie }), { id: String(id) });

beforeAll(async () => {
  su2 = await unitIdBySlugPart("Seberang Ulu Dua");
  aal = await unitIdBySlugPart("Alang-Alang Lebar");
  cookies = {
    inspector: await cookieFor(DEMO.inspector),
    admin: await cookieFor(DEMO.admin),
    headSu2: await cookieFor(DEMO.headSu2),
    headAal: await cookieFor(DEMO.headAal),
  };
});

describe("GET /attachments/<id>", () => {
  it("serves a public complaint's photo to anyone, with safe headers", async () => {
    const { attachmentId } = await complaintWithPhoto("anonymous");
    const res = await get(attachmentId);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/jpeg");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Content-Disposition")).toBe(`inline; filename="foto-${attachmentId}.jpg"`);
    expect(res.headers.get("Cache-Control")).toMatch(/^private/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1], bytes[2]]).toEqual([0xff, 0xd8, 0xff]);
  });

  it("a confidential complaint's photo: staff and its reporter only, 404 for the public and the unit head", async () => {
    const { attachmentId, trackingCode } = await complaintWithPhoto("confidential", "EXTORTION");
    expect((await get(attachmentId)).status).toBe(404);
    expect((await get(attachmentId, cookies.headSu2)).status).toBe(404);
    expect((await get(attachmentId, cookies.inspector)).status).toBe(200);
    expect((await get(attachmentId, cookies.admin)).status).toBe(200);
    const own = await run(trackPhotoLoader, makeRequest(`/track/${trackingCode}/photos/${attachmentId}`), { code: trackingCode, id: String(attachmentId) });
    expect(own.status).toBe(200);
    const other = await complaintWithPhoto("confidential");
    const wrong = await run(trackPhotoLoader, makeRequest(`/track/${other.trackingCode}/photos/${attachmentId}`), { code: other.trackingCode, id: String(attachmentId) });
    expect(wrong.status).toBe(404);
  });

  it("answers 404 for a missing id and a malformed one, like a forbidden one", async () => {
    expect((await get(99999999)).status).toBe(404);
    expect((await run(attachmentLoader, makeRequest("/attachments/abc"), { id: "abc" })).status).toBe(404);
  });

  it("sidak photos: staff always; the unit's head only once submitted and never for an EXTORTION finding", async () => {
    const inspectorUser = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const inspection = await db.inspection.create({ data: { unitId: su2, inspectorId: inspectorUser.id, startedAt: new Date(), status: "DRAFT" } });
    const plain = await db.finding.create({ data: { inspectionId: inspection.id, unitId: su2, category: "FACILITY", severity: "LOW", description: "Kursi tunggu rusak" } });
    const pungli = await db.finding.create({ data: { inspectionId: inspection.id, unitId: su2, category: "EXTORTION", severity: "HIGH", description: "Pungli di loket" } });
    const a1 = await db.attachment.create({ data: { ...(await photo()), findingId: plain.id } });
    const a2 = await db.attachment.create({ data: { ...(await photo()), findingId: pungli.id } });
    const a3 = await db.attachment.create({ data: { ...(await photo()), inspectionId: inspection.id } });

    for (const id of [a1.id, a2.id, a3.id]) {
      expect((await get(id, cookies.inspector)).status).toBe(200);
      expect((await get(id, cookies.headSu2)).status).toBe(404); // draft
      expect((await get(id)).status).toBe(404);
    }
    await db.inspection.update({ where: { id: inspection.id }, data: { status: "SUBMITTED", submittedAt: new Date() } });
    expect((await get(a1.id, cookies.headSu2)).status).toBe(200);
    expect((await get(a3.id, cookies.headSu2)).status).toBe(200);
    expect((await get(a2.id, cookies.headSu2)).status).toBe(404); // extortion finding
    expect((await get(a1.id, cookies.headAal)).status).toBe(404); // another unit
    expect((await get(a1.id)).status).toBe(404);
  });

  it("a pungli checklist item's photos never reach the unit's head, even on a submitted sidak", async () => {
    const inspectorUser = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const template = await db.checklistTemplate.create({ data: { unitType: "DUKCAPIL", name: "Uji foto butir" } });
    const pungliItem = await db.checklistItem.create({ data: { templateId: template.id, section: "Integritas", label: "Tidak ada pungli", findingCategory: "EXTORTION", position: 1 } });
    const queueItem = await db.checklistItem.create({ data: { templateId: template.id, section: "Antrean", label: "Antrean tertib", findingCategory: "WAITING_TIME", position: 2 } });
    const inspection = await db.inspection.create({
      data: { unitId: su2, inspectorId: inspectorUser.id, templateId: template.id, startedAt: new Date(), status: "SUBMITTED", submittedAt: new Date() },
    });
    const pungliAnswer = await db.checklistAnswer.create({ data: { inspectionId: inspection.id, itemId: pungliItem.id, result: "FAIL" } });
    const queueAnswer = await db.checklistAnswer.create({ data: { inspectionId: inspection.id, itemId: queueItem.id, result: "FAIL" } });
    const pungliPhoto = await db.attachment.create({ data: { ...(await photo()), checklistAnswerId: pungliAnswer.id } });
    const queuePhoto = await db.attachment.create({ data: { ...(await photo()), checklistAnswerId: queueAnswer.id } });

    expect((await get(pungliPhoto.id, cookies.inspector)).status).toBe(200);
    expect((await get(pungliPhoto.id, cookies.headSu2)).status).toBe(404);
    expect((await get(queuePhoto.id, cookies.headSu2)).status).toBe(200);
    expect((await get(queuePhoto.id)).status).toBe(404);
  });

  it("response photos: staff, the unit's head, and the public when the complaint is not confidential", async () => {
    const inspectorUser = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
    const headUser = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 } });
    const make = async (privacy: string) => {
      const c = await complaintWithPhoto(privacy);
      const now = new Date();
      const f = await db.followUp.create({
        data: { sourceType: "COMPLAINT", complaintId: c.complaint.id, unitId: su2, instruction: "Perbaiki", category: "FACILITY", ackDueAt: now, dueAt: now, originalDueAt: now, createdById: inspectorUser.id },
      });
      const r = await db.response.create({ data: { followUpId: f.id, authorId: headUser.id, body: "Sudah diperbaiki" } });
      return db.attachment.create({ data: { ...(await photo()), responseId: r.id } });
    };
    const open = await make("anonymous");
    const secret = await make("confidential");
    expect((await get(open.id)).status).toBe(200);
    expect((await get(secret.id)).status).toBe(404);
    expect((await get(secret.id, cookies.headSu2)).status).toBe(200);
    expect((await get(secret.id, cookies.headAal)).status).toBe(404);
    expect((await get(secret.id, cookies.inspector)).status).toBe(200);
    void aal;
  });
});
