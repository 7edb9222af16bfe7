import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { action as newAction, loader as newLoader } from "~/routes/complaints.new";
import { loader as listLoader } from "~/routes/complaints._index";
import { loader as publicLoader } from "~/routes/complaints.$ref";
import { action as trackAction, loader as trackLoader } from "~/routes/track.$code";
import { action as trackIndexAction } from "~/routes/track._index";
import { action as triageAction, loader as triageLoader } from "~/routes/triage.$id";
import { loader as queueLoader } from "~/routes/triage._index";
import { loader as attachmentLoader } from "~/routes/attachments.$id";
import { createComplaint } from "~/models/complaint/filing.server";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { file, GOOD_DESCRIPTION, jpeg, unitIdBySlugPart } from "../support/complaints";

let su2: number;
let inspector: string;
let admin: string;
let head: string;

async function file311(overrides: Record<string, unknown> = {}, photos: File[] = []) {
  const result = await createComplaint(
    { unitId: su2, category: "WAITING_TIME", description: GOOD_DESCRIPTION, privacy: "anonymous", ...overrides },
    { ip: "10.1.1.1", userAgent: "test", photos: await Promise.all(photos.map(async (p) => ({ name: p.name, type: p.type, bytes: new Uint8Array(await p.arrayBuffer()) }))) },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

beforeAll(async () => {
  su2 = await unitIdBySlugPart("Seberang Ulu Dua");
  [inspector, admin, head] = await Promise.all([cookieFor(DEMO.inspector), cookieFor(DEMO.admin), cookieFor(DEMO.headSu2)]);
});

describe("the resident's tracking page", () => {
  it("shows the code once after filing, then only the ref", async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries({ unitId: String(su2), category: "FACILITY", description: GOOD_DESCRIPTION, privacy: "public" })) form.append(k, v);
    const res = await run(newAction, makeRequest("/complaints/new", { form }));
    const location = res.headers.get("Location")!;
    const code = location.split("/").pop()!;
    const cookie = res.headers.get("Set-Cookie")!.split(";")[0]!;
    const first = await run(trackLoader, makeRequest(location, { cookie }), { code });
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    const firstData = await first.json();
    expect(firstData.code).toBe(code);
    expect(firstData.complaint.ref).toMatch(/^ADU-/);
    const again = await (await run(trackLoader, makeRequest(location), { code })).json();
    expect(again.code).toBeNull();
  });

  it("answers 404 for an unknown or malformed code", async () => {
    expect((await run(trackLoader, makeRequest("/track/x"), { code: "x" })).status).toBe(404);
    const fake = "A".repeat(22);
    expect((await run(trackLoader, makeRequest(`/track/${fake}`), { code: fake })).status).toBe(404);
  });

  it("POST /track redirects to /track/<code> (no query string)", async () => {
    const { trackingCode } = await file311();
    const res = await run(trackIndexAction, makeRequest("/track", { form: { code: ` ${trackingCode} ` } }));
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/track/${trackingCode}`);
    expect((await run(trackIndexAction, makeRequest("/track", { form: { code: "nope" } }))).status).toBe(404);
  });

  it("lets the reporter add information and a photo, confirm it is fixed, and reopen within 30 days", async () => {
    const { trackingCode: code, complaint } = await file311();
    const form = new FormData();
    form.append("intent", "info");
    form.append("info", "Tadi saya datang lagi, masih belum ada.");
    form.append("photos", file(await jpeg(200, 200)));
    const info = await run(trackAction, makeRequest(`/track/${code}`, { form }), { code });
    expect(info.status).toBe(303);
    const data = await (await run(trackLoader, makeRequest(`/track/${code}`), { code })).json();
    const infoEvent = data.complaint.events.find((e: { kind: string }) => e.kind === "INFO");
    expect(infoEvent.body).toContain("masih belum ada");
    expect(infoEvent.attachments).toHaveLength(1);
    // The reporter's later photo is theirs, not public.
    expect((await run(attachmentLoader, makeRequest(`/attachments/${infoEvent.attachments[0].id}`), { id: String(infoEvent.attachments[0].id) })).status).toBe(404);

    // Not yet sent to the unit: nothing to confirm.
    expect((await run(trackAction, makeRequest(`/track/${code}`, { form: { intent: "confirm" } }), { code })).status).toBe(409);
    await run(triageAction, makeRequest(`/triage/${complaint.id}`, { cookie: inspector, form: { intent: "send", instruction: "Mohon perbaiki antrean loket 2.", severity: "MEDIUM" } }), { id: String(complaint.id) });
    expect((await run(trackAction, makeRequest(`/track/${code}`, { form: { intent: "confirm" } }), { code })).status).toBe(303);
    let row = await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect(row.status).toBe("CLOSED");
    expect(row.closedAt).not.toBeNull();

    expect((await run(trackAction, makeRequest(`/track/${code}`, { form: { intent: "reopen", reason: "Terulang lagi" } }), { code })).status).toBe(303);
    row = await db.complaint.findUniqueOrThrow({ where: { id: complaint.id } });
    expect(row.status).toBe("NEW");

    // Closed 31 days ago: too late to reopen.
    await db.complaint.update({ where: { id: complaint.id }, data: { status: "CLOSED", closedAt: new Date(Date.now() - 31 * 86400_000) } });
    const late = await run(trackAction, makeRequest(`/track/${code}`, { form: { intent: "reopen", reason: "lagi" } }), { code });
    expect(late.status).toBe(409);
    const audit = await db.auditEvent.findMany({ where: { entityType: "Complaint", entityId: String(complaint.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["complaint.create", "complaint.add_info", "complaint.send", "complaint.confirm_fixed", "complaint.reopen"]);
  });
});

describe("me too", () => {
  it("lists open similar complaints and counts a 'saya juga mengalami'", async () => {
    const { complaint } = await file311({ category: "SERVICE_QUALITY" });
    await file311({ category: "EXTORTION" });
    const lookup = await (await run(newLoader, makeRequest(`/complaints/new?unitId=${su2}&category=SERVICE_QUALITY`))).json();
    expect(lookup.similar.map((s: { ref: string }) => s.ref)).toContain(complaint.ref);
    const ext = await (await run(newLoader, makeRequest(`/complaints/new?unitId=${su2}&category=EXTORTION`))).json();
    expect(ext.similar).toEqual([]);

    const res = await run(newAction, makeRequest("/complaints/new", { form: { intent: "meToo", ref: complaint.ref } }));
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).toBe(`/complaints/${complaint.ref}?metoo=counted`);
    const row = await db.complaint.findUniqueOrThrow({ where: { id: complaint.id }, include: { events: true } });
    expect(row.meTooCount).toBe(1);
    expect(row.events.some((e) => e.kind === "ME_TOO")).toBe(true);
  });

  it("the no-JavaScript check step shows similar complaints and stores nothing", async () => {
    const { complaint } = await file311({ category: "WAITING_TIME" });
    const before = await db.complaint.count();
    const form = new FormData();
    for (const [k, v] of Object.entries({ intent: "check", unitId: String(su2), category: "WAITING_TIME", description: "x", privacy: "anonymous" })) form.append(k, v);
    const res = await run(newAction, makeRequest("/complaints/new", { form }));
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.extra.similar.map((s: { ref: string }) => s.ref)).toContain(complaint.ref);
    expect(await db.complaint.count()).toBe(before);
  });
});

describe("public pages", () => {
  it("never list or show a confidential complaint, and hide anonymous reporters' names", async () => {
    const conf = await file311({ privacy: "confidential", reporterName: "Rahasia Sekali" });
    const anon = await file311({ privacy: "anonymous", reporterName: "Anonim Sekali" });
    const pub = await file311({ privacy: "public", reporterName: "Publik Sekali" });
    const list = await (await run(listLoader, makeRequest(`/complaints?unitId=${su2}`))).json();
    const refs = list.list.complaints.map((c: { ref: string }) => c.ref);
    expect(refs).toContain(anon.complaint.ref);
    expect(refs).not.toContain(conf.complaint.ref);
    const body = JSON.stringify(list);
    expect(body).not.toContain("Anonim Sekali");
    expect(body).toContain("Publik Sekali");
    expect((await run(publicLoader, makeRequest(`/complaints/${conf.complaint.ref}`), { ref: conf.complaint.ref })).status).toBe(404);
    const anonPage = await run(publicLoader, makeRequest(`/complaints/${anon.complaint.ref}`), { ref: anon.complaint.ref });
    expect(anonPage.status).toBe(200);
    expect(await anonPage.text()).not.toContain("Anonim Sekali");
    const pubPage = await (await run(publicLoader, makeRequest(`/complaints/${pub.complaint.ref}`), { ref: pub.complaint.ref })).text();
    expect(pubPage).toContain("Publik Sekali");
    expect(pubPage).not.toContain("trackingHash");
  });

  it("filters by category and status and pages through results", async () => {
    const data = await (await run(listLoader, makeRequest("/complaints?category=FACILITY&status=NEW"))).json();
    expect(data.list.complaints.length).toBeGreaterThan(0);
    for (const c of data.list.complaints) {
      expect(c.category).toBe("FACILITY");
      expect(c.status).toBe("NEW");
    }
    const all = await (await run(listLoader, makeRequest("/complaints"))).json();
    expect(all.list.complaints.length).toBe(20);
    // The demo data fills several pages, so paging is really exercised.
    expect(all.list.pages).toBeGreaterThan(1);
    const page2 = await (await run(listLoader, makeRequest("/complaints?page=2"))).json();
    expect(page2.list.complaints.length).toBeGreaterThan(0);
    const firstPage = new Set(all.list.complaints.map((c: { ref: string }) => c.ref));
    for (const c of page2.list.complaints) expect(firstPage.has(c.ref), c.ref).toBe(false);
  });
});

describe("triage", () => {
  it("is for inspectors and admins: a unit head is refused", async () => {
    const { complaint } = await file311();
    expect((await run(queueLoader, makeRequest("/triage", { cookie: head }))).status).toBe(403);
    expect((await run(triageLoader, makeRequest(`/triage/${complaint.id}`, { cookie: head }), { id: String(complaint.id) })).status).toBe(403);
    expect((await run(triageLoader, makeRequest(`/triage/${complaint.id}`), { id: String(complaint.id) })).status).toBe(302);
    const queue = await (await run(queueLoader, makeRequest("/triage", { cookie: inspector }))).json();
    expect(queue.queue.total).toBeGreaterThan(0);
  });

  it("verifies, rejects with a reason, marks duplicates, and sends EXTORTION with only the inspector's words", async () => {
    const a = await file311();
    const b = await file311();
    const c = await file311({ category: "EXTORTION", reporterName: "Pelapor Pungli", description: "Petugas loket 3 minta uang Rp50.000 untuk mempercepat KTP saya." });
    const act = (id: number, form: Record<string, string>, cookie = inspector) => run(triageAction, makeRequest(`/triage/${id}`, { cookie, form }), { id: String(id) });

    expect((await act(a.complaint.id, { intent: "verify" })).status).toBe(303);
    expect((await act(a.complaint.id, { intent: "reject", reason: "" })).status).toBe(400);
    expect((await act(a.complaint.id, { intent: "reject", reason: "Bukan layanan Pemkot." })).status).toBe(303);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: a.complaint.id } })).statusReason).toBe("Bukan layanan Pemkot.");
    // The reporter sees the reason.
    const tracked = await (await run(trackLoader, makeRequest(`/track/${a.trackingCode}`), { code: a.trackingCode })).json();
    expect(JSON.stringify(tracked)).toContain("Bukan layanan Pemkot.");

    expect((await act(b.complaint.id, { intent: "duplicate", duplicateOf: "ADU-1999-000001" })).status).toBe(400);
    expect((await act(b.complaint.id, { intent: "duplicate", duplicateOf: a.complaint.ref })).status).toBe(303);
    expect((await db.complaint.findUniqueOrThrow({ where: { id: b.complaint.id } })).duplicateOfId).toBe(a.complaint.id);

    // Admins moderate but do not triage.
    expect((await act(c.complaint.id, { intent: "verify" }, admin)).status).toBe(403);
    const instruction = "Periksa praktik pungutan di loket pelayanan KTP dan laporkan hasilnya.";
    expect((await act(c.complaint.id, { intent: "send", instruction, severity: "HIGH" })).status).toBe(303);
    const row = await db.complaint.findUniqueOrThrow({ where: { id: c.complaint.id }, include: { followUps: true } });
    expect(row.status).toBe("SENT");
    expect(row.followUps).toHaveLength(1);
    expect(row.followUps[0]!.instruction).toBe(instruction);
    expect(row.followUps[0]!.unitId).toBe(su2);
    expect(row.followUps[0]!.sourceType).toBe("COMPLAINT");
  });

  it("moderation redacts public text and hides a photo with a reason; staff keep the originals", async () => {
    const { complaint } = await file311({ description: "Petugas bernama Pak Joko, NIK saya 1671010101010001, tidak mau melayani." }, [file(await jpeg(100, 100))]);
    const photo = await db.attachment.findFirstOrThrow({ where: { complaintId: complaint.id } });
    const act = (form: Record<string, string>) => run(triageAction, makeRequest(`/triage/${complaint.id}`, { cookie: admin, form }), { id: String(complaint.id) });
    expect((await act({ intent: "redact", publicDescription: "Petugas tidak mau melayani. [disunting]", moderationReason: "" })).status).toBe(400);
    expect((await act({ intent: "redact", publicDescription: "Petugas tidak mau melayani. [disunting]", moderationReason: "Menghapus NIK dan nama" })).status).toBe(303);
    const page = await (await run(publicLoader, makeRequest(`/complaints/${complaint.ref}`), { ref: complaint.ref })).text();
    expect(page).toContain("[disunting]");
    expect(page).not.toContain("1671010101010001");
    const staff = await (await run(triageLoader, makeRequest(`/triage/${complaint.id}`, { cookie: admin }), { id: String(complaint.id) })).text();
    expect(staff).toContain("1671010101010001");

    const get = (cookie?: string) => run(attachmentLoader, makeRequest(`/attachments/${photo.id}`, { cookie }), { id: String(photo.id) });
    expect((await get()).status).toBe(200);
    expect((await act({ intent: "hidePhoto", attachmentId: String(photo.id), hideReason: "Wajah petugas terlihat" })).status).toBe(303);
    expect((await get()).status).toBe(404);
    expect((await get(admin)).status).toBe(200);
    expect((await get(inspector)).status).toBe(200);
    const audit = await db.auditEvent.findMany({ where: { action: { in: ["complaint.redact", "attachment.hide"] } } });
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).toContain("Wajah petugas terlihat");
  });
});
