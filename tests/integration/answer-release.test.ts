import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { trackingCodeFromBytes } from "~/lib/tracking-code";
import { pushStatusChanges } from "~/lib/channels/status-push.server";
import { statusReply } from "~/lib/channels/complaints.server";
import { findAttachmentForViewer } from "~/models/attachment.server";
import * as followUpPage from "~/routes/follow-ups.$id";
import * as trackPage from "~/routes/track.$code";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { readReply } from "../support/form-reply";
import { demoUsers, makeComplaint, makeFollowUp, REPORTER } from "../support/followups";

// Issue 12, item 2: the unit's answer to a confidential or pungli complaint reaches the reporter (the
// /track page and its payload, the answer's photos, e-mail, WhatsApp/SMS pushes and the STATUS reply)
// only once an inspector accepts it, in the words the inspector released; the release and the edit are
// in the audit trail. Public and anonymous complaints keep the direct flow.

let users: Awaited<ReturnType<typeof demoUsers>>;
let headCookie: string;
let inspectorCookie: string;

beforeAll(async () => {
  users = await demoUsers();
  headCookie = await cookieFor(DEMO.headSu2);
  inspectorCookie = await cookieFor(DEMO.inspector);
});

const newCode = () => trackingCodeFromBytes(crypto.randomBytes(26));

async function post(id: number, cookie: string, form: Record<string, string>) {
  return run(followUpPage.action, makeRequest(`/follow-ups/${id}`, { cookie, form }), { id: String(id) });
}

/** The reporter's /track payload (`?_data=routes/track.$code`), as raw JSON text. */
async function trackPayload(code: string) {
  const res = await run(trackPage.loader, makeRequest(`/track/${code}?_data=routes/track.$code`), { code });
  expect(res.status).toBe(200);
  return res.text();
}

/** Everything queued for the reporter: e-mail to their address, WhatsApp/SMS to their number. */
async function messagesToReporter(complaintId: number, phone: string) {
  await pushStatusChanges();
  const rows = await db.notification.findMany({ where: { OR: [{ toEmail: REPORTER.email }, { toAddress: phone }] }, select: { body: true, toAddress: true } });
  return rows.map((r) => r.body).join("\n---\n") + `\n(complaint ${complaintId})`;
}

/** A complaint at the head's unit, sent to it as a follow-up, also followed on WhatsApp. */
async function filed(options: { privacy: "public" | "anonymous" | "confidential"; category?: string }) {
  const code = newCode();
  const { complaint } = await makeComplaint({ unitId: users.headSu2.unitId!, privacy: options.privacy, category: options.category, trackingCode: code });
  const phone = `62812${crypto.randomInt(10_000_000, 99_999_999)}`;
  await db.channelComplaint.create({ data: { complaintId: complaint.id, channel: "WHATSAPP", address: phone, lastEventId: 0 } });
  const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, complaintId: complaint.id, category: complaint.category });
  return { code, complaint, fu, phone };
}

describe("a confidential complaint: the answer waits for the inspector", () => {
  const direct = "Mohon konfirmasi identitas lewat WA 0812-5555-0199 zqxdirectline";
  const edited = "Petugas loket sudah diganti dan pungutan dihentikan. zqxreleased";

  it("before release the reporter reads nothing of it; after the inspector's edit, only the released text", async () => {
    const { code, complaint, fu, phone } = await filed({ privacy: "confidential" });
    // The answer carries a photo: it travels with the answer, so it is held too.
    const answered = await post(fu.id, headCookie, { intent: "answer", body: direct });
    expect(answered.status).toBe(303);
    const response = await db.response.findFirstOrThrow({ where: { followUpId: fu.id } });
    const photo = await db.attachment.create({ data: { responseId: response.id, storageKey: `test/${crypto.randomUUID()}.jpg`, backend: "local", mime: "image/jpeg", width: 10, height: 10, bytes: 10 } });

    // Held: not on /track, not in its payload, not in any message to the reporter, status unchanged.
    let raw = await trackPayload(code);
    expect(raw).not.toContain("zqxdirectline");
    expect(JSON.parse(raw).complaint.status).toBe("SENT");
    expect(await findAttachmentForViewer(photo.id, { user: null, trackingHash: complaint.trackingHash })).toBeNull();
    expect(await messagesToReporter(complaint.id, phone)).not.toContain("zqxdirectline");
    expect(await statusReply("id", code)).not.toMatch(/Dijawab/);

    // The unit head is told the answer goes through the inspector; the inspector gets the release form.
    const headView = JSON.parse(await (await run(followUpPage.loader, makeRequest(`/follow-ups/${fu.id}`, { cookie: headCookie }), { id: String(fu.id) })).text());
    expect(headView.followUp.answerNeedsRelease).toBe(true);
    const inspectorView = JSON.parse(await (await run(followUpPage.loader, makeRequest(`/follow-ups/${fu.id}`, { cookie: inspectorCookie }), { id: String(fu.id) })).text());
    expect(inspectorView.followUp.responses.at(-1)).toMatchObject({ body: direct, releasedAt: null });

    // The unit head cannot release it themselves.
    const self = await post(fu.id, headCookie, { intent: "verify", verdict: "accept", reporterText: direct });
    expect(self.status).toBe(403);
    raw = await trackPayload(code);
    expect(raw).not.toContain("zqxdirectline");

    // The inspector accepts with an edited text.
    const accepted = await post(fu.id, inspectorCookie, { intent: "verify", verdict: "accept", reporterText: edited });
    expect(accepted.status).toBe(303);

    raw = await trackPayload(code);
    expect(raw).toContain("zqxreleased");
    expect(raw).not.toContain("zqxdirectline");
    const track = JSON.parse(raw);
    expect(track.complaint.status).toBe("CLOSED");
    expect(track.complaint.followUps[0].responses.map((r: { body: string }) => r.body)).toEqual([edited]);
    expect(await findAttachmentForViewer(photo.id, { user: null, trackingHash: complaint.trackingHash })).not.toBeNull();
    const messages = await messagesToReporter(complaint.id, phone);
    expect(messages).toContain("zqxreleased");
    expect(messages).not.toContain("zqxdirectline");

    // The release and the edit are audited: who, the original and the released text.
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityType: "FollowUp", entityId: String(fu.id), action: "followup.answer.release" } });
    expect(audit.actorId).toBe(users.inspector.id);
    expect(JSON.parse(audit.before!)).toEqual({ body: direct });
    expect(JSON.parse(audit.after!)).toMatchObject({ responseId: response.id, edited: true, reporterBody: edited });
    // The original stays on record for staff.
    expect((await db.response.findUniqueOrThrow({ where: { id: response.id } })).body).toBe(direct);
  });

  it("a rejected answer never reaches the reporter; accepting without an edit releases the unit's text", async () => {
    const { code, complaint, fu, phone } = await filed({ privacy: "confidential" });
    expect((await post(fu.id, headCookie, { intent: "answer", body: `${direct} (1)` })).status).toBe(303);
    expect((await post(fu.id, inspectorCookie, { intent: "verify", verdict: "reject", reason: "Jangan minta kontak pelapor." })).status).toBe(303);
    expect(await trackPayload(code)).not.toContain("zqxdirectline");
    expect(await messagesToReporter(complaint.id, phone)).not.toContain("zqxdirectline");

    expect((await post(fu.id, headCookie, { intent: "answer", body: "Pungutan dihentikan. zqxplainanswer" })).status).toBe(303);
    expect(await trackPayload(code)).not.toContain("zqxplainanswer");
    expect((await post(fu.id, inspectorCookie, { intent: "verify", verdict: "accept" })).status).toBe(303);
    const raw = await trackPayload(code);
    expect(raw).toContain("zqxplainanswer");
    expect(raw).not.toContain("zqxdirectline");
    const audit = await db.auditEvent.findFirstOrThrow({ where: { entityId: String(fu.id), action: "followup.answer.release" } });
    expect(JSON.parse(audit.after!)).toMatchObject({ edited: false });
  });
});

describe("a pungli complaint stored with a wrong privacy is held all the same", () => {
  it("EXTORTION filed as public: the answer waits for the inspector", async () => {
    const { code, complaint, fu, phone } = await filed({ privacy: "public", category: "EXTORTION" });
    expect((await post(fu.id, headCookie, { intent: "answer", body: "Hubungi saya di 0813-2222-3333 zqxwrongprivacy" })).status).toBe(303);
    expect(await trackPayload(code)).not.toContain("zqxwrongprivacy");
    expect(await messagesToReporter(complaint.id, phone)).not.toContain("zqxwrongprivacy");
  });
});

describe("public and anonymous complaints keep the direct flow", () => {
  for (const privacy of ["public", "anonymous"] as const) {
    it(`${privacy}: the answer is on /track and e-mailed at once; there is no reporter text to release`, async () => {
      const { code, complaint, fu, phone } = await filed({ privacy });
      expect((await post(fu.id, headCookie, { intent: "answer", body: `KTP-el sudah diserahkan. zqxdirect${privacy}` })).status).toBe(303);
      const raw = await trackPayload(code);
      expect(raw).toContain(`zqxdirect${privacy}`);
      expect(JSON.parse(raw).complaint.status).toBe("ANSWERED");
      expect(await messagesToReporter(complaint.id, phone)).toContain(`zqxdirect${privacy}`);

      // A reporter text only applies to a held answer: a clear 400, nothing changed.
      const refused = await post(fu.id, inspectorCookie, { intent: "verify", verdict: "accept", reporterText: "lain" });
      expect(refused.status).toBe(400);
      expect((await readReply(refused)).text).toMatch(/pengaduan publik/);
      expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).state).toBe("ANSWERED");
    });
  }
});
