import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { action as complaintAction } from "~/routes/complaints.new";
import * as followUpRoute from "~/routes/follow-ups.$id";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { complaintForm, file, jpeg } from "../support/complaints";
import { demoUsers, makeFollowUp } from "../support/followups";
import { itemsOf, post as postSidak, startSidak, SU2, unitByName, validFinding } from "./inspections-support";

// Issue 15, item "idempotency": a form posted again with the same `idempotencyKey` (a retry on a bad
// signal, the browser's send queue) answers with the first result and creates nothing new.

const newKey = () => crypto.randomUUID();
const fileComplaint = (form: FormData, ip: string) => run(complaintAction, makeRequest("/complaints/new", { form, ip }));
const complaintsWith = (description: string) => db.complaint.findMany({ where: { description }, include: { attachments: true } });
const withKey = async (description: string, key: string | null, photos: File[] = []) => {
  const form = await complaintForm({ description }, photos);
  if (key !== null) form.append("idempotencyKey", key);
  return form;
};

describe("the complaint form with an idempotency key", () => {
  it("files once when the same key is posted twice, and both posts get the same tracking page", async () => {
    const description = "Idempoten satu: KTP-el saya belum diserahkan sejak Januari, petugas minta datang lagi.";
    const key = newKey();
    const photo = await jpeg(800, 600);
    const first = await fileComplaint(await withKey(description, key, [file(photo)]), "10.15.1.1");
    const second = await fileComplaint(await withKey(description, key, [file(photo)]), "10.15.1.1");
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(first.headers.get("Location")).toMatch(/^\/track\//);
    expect(second.headers.get("Location")).toBe(first.headers.get("Location"));
    // The repeat also brings the "keep this code" cookie, as the first answer did.
    expect(second.headers.get("Set-Cookie")).toBeTruthy();
    const filed = await complaintsWith(description);
    expect(filed).toHaveLength(1);
    expect(filed[0]!.attachments).toHaveLength(1);
    const code = first.headers.get("Location")!.split("/").pop()!.replaceAll("-", "");
    expect(filed[0]!.trackingHash).toBe(sha256(code));
  });

  it("files two complaints for two different keys, and two without any key (a browser without JavaScript)", async () => {
    const description = "Idempoten dua: antrean loket pelayanan KK lebih dari empat jam tanpa nomor antrean.";
    const a = await fileComplaint(await withKey(description, newKey()), "10.15.2.1");
    const b = await fileComplaint(await withKey(description, newKey()), "10.15.2.1");
    expect(a.headers.get("Location")).not.toBe(b.headers.get("Location"));
    expect(await complaintsWith(description)).toHaveLength(2);
    const described = "Idempoten tiga: petugas loket meminta uang tambahan untuk mempercepat akta kelahiran.";
    await fileComplaint(await withKey(described, null), "10.15.2.2");
    await fileComplaint(await withKey(described, null), "10.15.2.2");
    expect(await complaintsWith(described)).toHaveLength(2);
  });

  it("files once when two tries with the same key arrive at the same moment", async () => {
    const description = "Idempoten empat: dua kiriman sekaligus dari ponsel yang sinyalnya putus-sambung.";
    const key = newKey();
    const [a, b] = await Promise.all([fileComplaint(await withKey(description, key), "10.15.3.1"), fileComplaint(await withKey(description, key), "10.15.3.1")]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(a.headers.get("Location")).toBe(b.headers.get("Location"));
    expect(await complaintsWith(description)).toHaveLength(1);
  });

  it("keeps no tracking code readable in the database", async () => {
    const description = "Idempoten lima: kursi ruang tunggu rusak dan tidak ada air minum untuk warga lansia.";
    const res = await fileComplaint(await withKey(description, newKey()), "10.15.4.1");
    const code = res.headers.get("Location")!.split("/").pop()!;
    const rows = await db.idempotencyKey.findMany();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.answer).not.toContain(code);
      expect(row.answer).not.toContain(code.replaceAll("-", ""));
      expect(row.answer).not.toContain("/track/");
    }
  });

  it("refuses a malformed key with a 400 and the form back, filing nothing", async () => {
    const description = "Idempoten enam: kunci yang rusak tidak boleh membuat pengaduan tersimpan diam-diam.";
    for (const bad of ["pendek", "a".repeat(129), "kunci dengan spasi dan <tanda>!"]) {
      const res = await fileComplaint(await withKey(description, bad), "10.15.5.1");
      expect(res.status, bad).toBe(400);
      const body = await res.json();
      expect(body.formError).toBe("offline.error.idempotencyKey");
      expect(body.values.description).toBe(description);
    }
    const twoKeys = await withKey(description, newKey());
    twoKeys.append("idempotencyKey", newKey());
    expect((await fileComplaint(twoKeys, "10.15.5.1")).status).toBe(400);
    expect(await complaintsWith(description)).toHaveLength(0);
  });
});

describe("sidak forms with an idempotency key", () => {
  let inspector: string;
  beforeAll(async () => {
    inspector = await cookieFor(DEMO.inspector);
  });

  it("records a finding once, answers a checklist item once, and submits once, each repeat answered like the first", async () => {
    const unit = await unitByName(SU2);
    const id = await startSidak(inspector, unit.id);
    const [item] = await itemsOf(id);

    const answerKey = newKey();
    const answerForm = { intent: "answer", itemId: String(item!.id), result: "FAIL", number: "", note: "Kardus di gudang", idempotencyKey: answerKey };
    const a1 = await postSidak(inspector, id, answerForm);
    const a2 = await postSidak(inspector, id, answerForm);
    expect(a1.status).toBe(200);
    expect(await a2.json()).toEqual(await a1.json());
    // A late repeat of that first try, after the inspector changed the answer, does not undo the change.
    await postSidak(inspector, id, { ...answerForm, result: "PASS", note: "", idempotencyKey: newKey() });
    expect((await postSidak(inspector, id, answerForm)).status).toBe(200);
    expect(await db.checklistAnswer.findFirst({ where: { inspectionId: id, itemId: item!.id }, select: { result: true } })).toEqual({ result: "PASS" });

    const findingKey = newKey();
    const f1 = await postSidak(inspector, id, { ...validFinding, description: "Temuan idempoten: 300 KTP-el di kardus.", idempotencyKey: findingKey });
    const f2 = await postSidak(inspector, id, { ...validFinding, description: "Temuan idempoten: 300 KTP-el di kardus.", idempotencyKey: findingKey });
    expect(f1.status).toBe(303);
    expect(f2.status).toBe(303);
    expect(f2.headers.get("Location")).toBe(f1.headers.get("Location"));
    expect(await db.finding.count({ where: { inspectionId: id } })).toBe(1);
    // A new key is a new finding.
    await postSidak(inspector, id, { ...validFinding, description: "Temuan kedua dengan kunci lain.", idempotencyKey: newKey() });
    expect(await db.finding.count({ where: { inspectionId: id } })).toBe(2);

    const submitKey = newKey();
    const s1 = await postSidak(inspector, id, { intent: "submit", idempotencyKey: submitKey });
    const s2 = await postSidak(inspector, id, { intent: "submit", idempotencyKey: submitKey });
    expect(s1.status).toBe(303);
    expect(s2.status).toBe(303);
    expect(s2.headers.get("Location")).toBe(s1.headers.get("Location"));
    expect(await db.auditEvent.count({ where: { action: "inspection.submit", entityId: String(id) } })).toBe(1);
    // Without the key the same second submit is refused as today (already submitted).
    expect((await postSidak(inspector, id, { intent: "submit" })).status).toBeGreaterThanOrEqual(400);
  });

  it("scopes a key to its sidak: the same key on another sidak records that sidak's finding", async () => {
    const unit = await unitByName(SU2);
    const [one, two] = [await startSidak(inspector, unit.id), await startSidak(inspector, unit.id)];
    const key = newKey();
    const r1 = await postSidak(inspector, one, { ...validFinding, idempotencyKey: key });
    const r2 = await postSidak(inspector, two, { ...validFinding, idempotencyKey: key });
    expect(r1.headers.get("Location")).toBe(`/inspections/${one}#findings`);
    expect(r2.headers.get("Location")).toBe(`/inspections/${two}#findings`);
    expect(await db.finding.count({ where: { inspectionId: { in: [one, two] } } })).toBe(2);
  });
});

describe("a unit head's answer and extension request with an idempotency key", () => {
  const postFollowUp = (id: number, cookie: string, form: Record<string, string>) => run(followUpRoute.action, makeRequest(`/follow-ups/${id}`, { cookie, form }), { id: String(id) });

  it("stores one answer and one extension request, however often each is sent", async () => {
    const users = await demoUsers();
    const head = await cookieFor(DEMO.headSu2);
    const forExtension = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const extension = { intent: "extension", reason: "Blangko dari pusat belum datang.", proposedDate: "2099-01-05", idempotencyKey: newKey() };
    const e1 = await postFollowUp(forExtension.id, head, extension);
    const e2 = await postFollowUp(forExtension.id, head, extension);
    expect(e1.status).toBe(303);
    expect(e2.headers.get("Location")).toBe(e1.headers.get("Location"));
    expect(await db.extensionRequest.count({ where: { followUpId: forExtension.id } })).toBe(1);

    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const answer = { intent: "answer", body: "Sudah diserahkan semua kepada warga.", idempotencyKey: newKey() };
    const r1 = await postFollowUp(fu.id, head, answer);
    const r2 = await postFollowUp(fu.id, head, answer);
    expect(r1.status).toBe(303);
    expect(r2.status).toBe(303);
    expect(r2.headers.get("Location")).toBe(r1.headers.get("Location"));
    expect(await db.response.count({ where: { followUpId: fu.id } })).toBe(1);
  });

  it("does not answer another person's key: an inspector posting a unit head's key gets no replay", async () => {
    const users = await demoUsers();
    const head = await cookieFor(DEMO.headSu2);
    const otherHead = await cookieFor(DEMO.headAal);
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const key = newKey();
    expect((await postFollowUp(fu.id, head, { intent: "extension", reason: "Alasan asli.", proposedDate: "2099-02-01", idempotencyKey: key })).status).toBe(303);
    // Another unit's head with the same key is processed as their own post: the follow-up is not theirs, 404.
    const stranger = await postFollowUp(fu.id, otherHead, { intent: "extension", reason: "Alasan lain.", proposedDate: "2099-02-01", idempotencyKey: key });
    expect(stranger.status).toBe(404);
    expect(stranger.headers.get("Location")).toBeNull();
  });
});
