import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { createApiKey } from "~/models/api-key.server";
import { markDuplicate, rejectComplaint, verifyComplaint } from "~/models/complaint/triage.server";
import * as root from "~/routes/open311.v2.$file";
import * as one from "~/routes/open311.v2.requests.$file";
import * as tokens from "~/routes/open311.v2.tokens.$file";
import { call, DEMO_KEY, ensureDemoKey, expectErrors, get, parseXml, postForm, validRequest } from "./open311-support";

// Issue 14: what FixMyStreet's Open311 client and other existing clients need, item by item. Each
// test posts and reads the way those clients do (form-encoded POST, XML or JSON answers).

const post = (fields: Record<string, string>, format = "json", query = "", headers: Record<string, string> = {}) => {
  const request = postForm(`/open311/v2/requests.${format}${query}`, fields);
  for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
  return call(root.action, request, `requests.${format}`);
};
const getWith = (url: string, headers: Record<string, string> = {}) => {
  const request = get(url);
  for (const [k, v] of Object.entries(headers)) request.headers.set(k, v);
  return request;
};

let inspector: { id: number; role: "INSPECTOR"; unitId: null; name: string };

beforeAll(async () => {
  await ensureDemoKey();
  const user = await db.user.findFirstOrThrow({ where: { role: "INSPECTOR" } });
  inspector = { id: user.id, role: "INSPECTOR", unitId: null, name: user.name };
});

describe("control characters (issue 14 item 1)", () => {
  it("strips C0 controls from a posted description but keeps tab and line breaks", async () => {
    const res = await post(validRequest({ "attribute[privacy]": "public", description: "Antrean\u0001 macet\u000b total\u000c di loket\u001b rekam KTP.\tBaris dua\r\nbaris tiga" }));
    expect(res.status).toBe(200);
    const [created] = await res.json();
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: created.service_request_id } });
    expect(stored.description).toBe("Antrean macet total di loket rekam KTP.\tBaris dua\r\nbaris tiga");
  });

  it("writes a parseable requests.xml even when a stored text holds a control character", async () => {
    const res = await post(validRequest({ "attribute[privacy]": "public" }));
    const [created] = await res.json();
    // As an older row could hold: written behind the sanitizer's back.
    await sqlEngine.writeTransaction((tx) =>
      tx.run({ sql: `UPDATE "Complaint" SET description = @text WHERE ref = @ref`, params: { text: "Rusak\u0001 parah\u001b di\u0008 loket \uFFFE antrean.", ref: created.service_request_id } }),
    );
    const xml = await call(root.loader, get("/open311/v2/requests.xml"), "requests.xml");
    const body = await xml.clone().text();
    expect(body).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);
    const doc = await parseXml(xml);
    const mine = doc.service_requests.request.find((r: { service_request_id: string }) => r.service_request_id === created.service_request_id);
    expect(mine.description).toBe("Rusak parah di loket  antrean.");
  });

  it("the migration cleans rows stored before the sanitizer", async () => {
    const [migration] = fs.readdirSync("prisma/migrations").filter((d) => d.endsWith("_open311_clients"));
    const sql = fs.readFileSync(path.join("prisma/migrations", migration!, "migration.sql"), "utf8");
    const updates = sql.split("\n").filter((line) => line.startsWith("UPDATE "));
    expect(updates.length).toBeGreaterThan(5);
    const res = await post(validRequest({ "attribute[privacy]": "public" }));
    const [created] = await res.json();
    await sqlEngine.writeTransaction((tx) =>
      tx.run({
        sql: `UPDATE "Complaint" SET description = @text, reporterName = @name WHERE ref = @ref`,
        params: { text: "Teks\u0001 lama\u000b dengan\ttab\nbaris", name: "Nama\u001b", ref: created.service_request_id },
      }),
    );
    await sqlEngine.writeTransaction(async (tx) => {
      for (const statement of updates) await tx.run({ sql: statement, params: {} });
    });
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: created.service_request_id } });
    expect(stored.description).toBe("Teks lama dengan\ttab\nbaris");
    expect(stored.reporterName).toBe("Nama");
  });
});

describe("confidential requests and retries (items 2 and 3)", () => {
  it("answers three identical FixMyStreet posts with one complaint and one answer", async () => {
    const fields = validRequest({ service_code: "EXTORTION", jurisdiction_id: "palembang.go.id", description: "Petugas loket meminta Rp50.000 agar KK selesai hari ini juga." });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await post(fields, "xml");
      expect(res.status).toBe(200);
      answers.push((await parseXml(res)).service_requests.request[0]);
    }
    expect(answers[0].token).toMatch(/^t311-/);
    expect(answers[1].token).toBe(answers[0].token);
    expect(answers[2].token).toBe(answers[0].token);
    const submissions = await db.open311Submission.findMany({ where: { token: answers[0].token } });
    expect(submissions).toHaveLength(1);
    const count = await db.complaint.count({ where: { description: fields.description } });
    expect(count).toBe(1);
    // FixMyStreet's get_service_request_id_from_token: tokens/<token>.xml → request[0].service_request_id.
    const resolved = await parseXml(await call(tokens.loader, get(`/open311/v2/tokens/${answers[0].token}.xml?jurisdiction_id=palembang.go.id`), `${answers[0].token}.xml`));
    const id = resolved.service_requests.request[0].service_request_id;
    const complaint = await db.complaint.findUniqueOrThrow({ where: { id: submissions[0]!.complaintId } });
    expect(id).toBe(complaint.ref);
    expect(complaint.privacy).toBe("confidential");
    await expectErrors(await call(one.loader, get(`/open311/v2/requests/${id}.xml`), `${id}.xml`), 404, "xml");
  });

  it("a public request posted twice gets the first service_request_id back; a different text is a new complaint", async () => {
    const fields = validRequest({ "attribute[privacy]": "public" });
    const first = (await (await post(fields)).json())[0];
    const again = (await (await post(fields)).json())[0];
    expect(again.service_request_id).toBe(first.service_request_id);
    const other = (await (await post({ ...fields, description: `${fields.description} Ditambah keterangan.` })).json())[0];
    expect(other.service_request_id).not.toBe(first.service_request_id);
  });

  it("a repeat after 24 hours is a new complaint", async () => {
    const fields = validRequest({ "attribute[privacy]": "public" });
    const first = (await (await post(fields)).json())[0];
    const complaint = await db.complaint.findUniqueOrThrow({ where: { ref: first.service_request_id } });
    const old = Date.now() - 25 * 60 * 60 * 1000;
    await sqlEngine.writeTransaction((tx) => tx.run({ sql: `UPDATE "Open311Submission" SET createdAt = @old WHERE complaintId = @id`, params: { old, id: complaint.id } }));
    const later = (await (await post(fields)).json())[0];
    expect(later.service_request_id).not.toBe(first.service_request_id);
  });
});

describe("keys and quotas (item 3)", () => {
  it("accepts api_key in the query string", async () => {
    const { api_key: key, ...fields } = validRequest({ "attribute[privacy]": "public" });
    const res = await post(fields, "json", `?api_key=${encodeURIComponent(key!)}`);
    expect(res.status).toBe(200);
    expect((await res.json())[0].service_request_id).toMatch(/^ADU-/);
  });

  it("counts only created requests against the key's per-minute quota, and answers 429 with CORS and Retry-After", async () => {
    const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" } });
    const { id, key } = await createApiKey({ name: "Bot kelurahan uji", createdById: admin.id });
    await db.apiKey.update({ where: { id }, data: { perMinuteLimit: 2 } });
    // Refused requests do not count.
    for (let i = 0; i < 3; i++) await expectErrors(await post(validRequest({ api_key: key, lat: "200" })), 400);
    expect((await post(validRequest({ api_key: key }))).status).toBe(200);
    expect((await post(validRequest({ api_key: key }))).status).toBe(200);
    const refused = await post(validRequest({ api_key: key }), "xml");
    const errors = await expectErrors(refused, 429, "xml");
    expect(errors[0]!.description).toMatch(/2 pengaduan per menit/);
    expect(refused.headers.get("access-control-allow-origin")).toBe("*");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await db.complaint.count({ where: { apiKeyId: id } })).toBe(2);
    // Another key is not affected.
    expect((await post(validRequest())).status).toBe(200);
  });

  it("new keys get 600 a minute and 20,000 a day", async () => {
    const { id } = await createApiKey({ name: "Default", createdById: null });
    const row = await db.apiKey.findUniqueOrThrow({ where: { id } });
    expect(row.perMinuteLimit).toBe(600);
    expect(row.perDayLimit).toBe(20_000);
  });
});

describe("location and phone (items 4)", () => {
  it("files a request with address_string alone at the unit it names, and answers the posted address", async () => {
    const unit = await db.unit.findFirstOrThrow({ where: { name: "UPT Dukcapil Seberang Ulu Dua" } });
    const { lat: _a, long: _b, ...fields } = validRequest({ "attribute[privacy]": "public", address_string: "Dukcapil Seberang Ulu Dua, dekat jembatan" });
    const res = await post({ ...fields, address_string: "UPT Dukcapil Seberang Ulu Dua" });
    expect(res.status).toBe(200);
    const [created] = await res.json();
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: created.service_request_id } });
    expect(stored.unitId).toBe(unit.id);
    expect(stored.description).not.toMatch(/Lokasi:/);
    const [read] = await (await call(one.loader, get(`/open311/v2/requests/${created.service_request_id}.json`), `${created.service_request_id}.json`)).json();
    expect(read.address).toBe("UPT Dukcapil Seberang Ulu Dua");
  });

  it("matches a kelurahan name in address_string to a unit of that area", async () => {
    const unit = await db.unit.findFirstOrThrow({ where: { active: true, kelurahanCode: { not: null } } });
    const { findKelurahan } = await import("~/lib/regions.server");
    const kelurahan = await findKelurahan(unit.kecamatanCode, unit.kelurahanCode!);
    const { lat: _a, long: _b, ...fields } = validRequest({ "attribute[privacy]": "public" });
    const res = await post({ ...fields, address_string: `Jl. Tanpa Nama No. 3, Kelurahan ${kelurahan!.name}` });
    expect(res.status).toBe(200);
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: (await res.json())[0].service_request_id } });
    const chosen = await db.unit.findUniqueOrThrow({ where: { id: stored.unitId } });
    expect(chosen.kecamatanCode).toBe(unit.kecamatanCode);
  });

  it("refuses an address_string that matches nothing with a clear 400, and stores nothing", async () => {
    const before = await db.complaint.count();
    const { lat: _a, long: _b, ...fields } = validRequest();
    const errors = await expectErrors(await post({ ...fields, address_string: "Zzyzx Road, Kalifornia" }), 400);
    expect(errors[0]!.description).toMatch(/address_string tidak cocok/);
    expect(await db.complaint.count()).toBe(before);
  });

  it("address_id names a unit (id or slug)", async () => {
    const unit = await db.unit.findFirstOrThrow({ where: { name: "Puskesmas Nagaswidak" } });
    const { lat: _a, long: _b, ...fields } = validRequest({ "attribute[privacy]": "public" });
    for (const addressId of [String(unit.id), unit.slug]) {
      const res = await post({ ...fields, description: `${fields.description} ${addressId}`, address_id: addressId });
      expect(res.status).toBe(200);
      const stored = await db.complaint.findUniqueOrThrow({ where: { ref: (await res.json())[0].service_request_id } });
      expect(stored.unitId).toBe(unit.id);
    }
    await expectErrors(await post({ ...fields, address_id: "tidak-ada" }), 400);
  });

  it("accepts a landline and a foreign number; an Indonesian mobile is normalised", async () => {
    const cases: Array<[string, string]> = [
      ["(0711) 352005", "0711352005"],
      ["+44 20 7946 0958", "+44 20 7946 0958"],
      ["0812-3456-7890", "081234567890"],
    ];
    for (const [given, stored] of cases) {
      const res = await post(validRequest({ phone: given }));
      expect(res.status).toBe(200);
      const created = (await res.json())[0];
      const row = await db.complaint.findUniqueOrThrow({ where: { ref: created.service_request_id } });
      expect(row.reporterPhone).toBe(stored);
    }
  });

  it("lat=200 gives the coordinate's error only, not an unrelated attribute[unitId] error", async () => {
    const errors = await expectErrors(await post(validRequest({ lat: "200" })), 400);
    expect(errors.map((e) => e.description).join(" ")).toMatch(/^lat/);
    expect(errors.some((e) => e.description.includes("unitId"))).toBe(false);
  });
});

describe("status updates (item 6)", () => {
  it("servicerequestupdates.xml lists status changes as FixMyStreet reads them; REJECTED and DUPLICATE say so", async () => {
    const start = new Date(Date.now() - 60_000).toISOString();
    const refs: string[] = [];
    for (let i = 0; i < 3; i++) refs.push((await (await post(validRequest({ "attribute[privacy]": "public" }))).json())[0].service_request_id);
    const ids = await Promise.all(refs.map(async (ref) => (await db.complaint.findUniqueOrThrow({ where: { ref } })).id));
    expect((await verifyComplaint(inspector, ids[0]!)).ok).toBe(true);
    expect((await rejectComplaint(inspector, ids[1]!, "Bukan kewenangan Pemkot")).ok).toBe(true);
    expect((await markDuplicate(inspector, ids[2]!, refs[0]!)).ok).toBe(true);
    const end = new Date(Date.now() + 60_000).toISOString();
    const url = `/open311/v2/servicerequestupdates.xml?jurisdiction_id=palembang.go.id&api_key=${DEMO_KEY}&start_date=${encodeURIComponent(start)}&end_date=${encodeURIComponent(end)}`;
    const res = await call(root.loader, get(url), "servicerequestupdates.xml");
    expect(res.status).toBe(200);
    const text = await res.clone().text();
    expect(text).toMatch(/<service_request_updates>/);
    const doc = await parseXml(res);
    const updates = ([] as Array<Record<string, string>>).concat(doc.service_request_updates.request_update);
    const byRef = (ref: string) => updates.filter((u) => u.service_request_id === ref);
    expect(byRef(refs[0]!).map((u) => u.status)).toEqual(["INVESTIGATING"]);
    const rejected = byRef(refs[1]!)[0]!;
    expect(rejected.status).toBe("NO_FURTHER_ACTION");
    expect(rejected.description).toMatch(/Ditolak/);
    const duplicate = byRef(refs[2]!)[0]!;
    expect(duplicate.status).toBe("DUPLICATE");
    expect(duplicate.description).toContain(refs[0]!);
    for (const u of [rejected, duplicate]) {
      expect(u.update_id).toMatch(/^\d+$/);
      expect(u.updated_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
      expect(u).toHaveProperty("media_url");
    }
    // requests.json says so too, although the spec's status is only "closed".
    const listed = await (await call(root.loader, get(`/open311/v2/requests.json?service_request_id=${refs[1]},${refs[2]}`), "requests.json")).json();
    const notes = Object.fromEntries(listed.map((r: { service_request_id: string; status_notes: string }) => [r.service_request_id, r.status_notes]));
    expect(notes[refs[1]!]).toMatch(/^Ditolak/);
    expect(notes[refs[2]!]).toMatch(new RegExp(`^Duplikat dari ${refs[0]}`));
  });

  it("never lists updates of confidential requests; a bad api_key is 403 and a bad date 400 (JSON)", async () => {
    const res = await post(validRequest({ service_code: "EXTORTION", description: "Ada pungutan Rp25.000 untuk legalisir akta di loket tiga." }));
    const token = (await res.json())[0].token;
    const submission = await db.open311Submission.findUniqueOrThrow({ where: { token } });
    expect((await verifyComplaint(inspector, submission.complaintId)).ok).toBe(true);
    const complaint = await db.complaint.findUniqueOrThrow({ where: { id: submission.complaintId } });
    const updates = await (await call(root.loader, get(`/open311/v2/servicerequestupdates.json`), "servicerequestupdates.json")).json();
    expect(Array.isArray(updates)).toBe(true);
    expect(updates.some((u: { service_request_id: string }) => u.service_request_id === complaint.ref)).toBe(false);
    await expectErrors(await call(root.loader, get(`/open311/v2/servicerequestupdates.json?api_key=salah`), "servicerequestupdates.json"), 403);
    await expectErrors(await call(root.loader, get(`/open311/v2/servicerequestupdates.xml?start_date=kemarin`), "servicerequestupdates.xml"), 400, "xml");
    await expectErrors(await call(root.loader, get(`/open311/v2/servicerequestupdates.json?end_date=2026-02-30T00:00:00Z`), "servicerequestupdates.json"), 400);
  });
});

describe("errors, methods and language (item 7)", () => {
  it("answers other methods with 405 and Allow, in the requested format", async () => {
    const put = new Request("http://localhost/open311/v2/services.xml", { method: "PUT", headers: { "x-tindak-client-ip": "127.0.0.1" } });
    const res = await call(root.action, put, "services.xml");
    await expectErrors(res, 405, "xml");
    expect(res.headers.get("allow")).toBe("GET, OPTIONS");
    const del = new Request("http://localhost/open311/v2/requests/ADU-2026-000001.json", { method: "DELETE", headers: { "x-tindak-client-ip": "127.0.0.1" } });
    const res2 = await call(one.action, del, "ADU-2026-000001.json");
    await expectErrors(res2, 405);
    expect(res2.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("gives errors in English when Accept-Language asks for it, Indonesian otherwise", async () => {
    const { service_code: _s, ...fields } = validRequest();
    const en = await expectErrors(await post(fields, "json", "", { "accept-language": "en-GB,en;q=0.9" }), 400);
    expect(en[0]!.description).toBe("service_code is required");
    const id = await expectErrors(await post(fields, "json", "", { "accept-language": "id-ID,id;q=0.9,en;q=0.5" }), 400);
    expect(id[0]!.description).toBe("service_code wajib diisi");
    const fallback = await expectErrors(await post(fields), 400);
    expect(fallback[0]!.description).toBe("service_code wajib diisi");
    const lat = await expectErrors(await post(validRequest({ lat: "200" }), "json", "", { "accept-language": "en" }), 400);
    expect(lat[0]!.description).toMatch(/^lat: /);
    expect(lat[0]!.description).not.toMatch(/tidak/);
    const missing = await expectErrors(await call(root.loader, getWith("/open311/v2/nothing.json", { "accept-language": "en" }), "nothing.json"), 404);
    expect(missing[0]!.description).toBe("Unknown resource: nothing");
  });
});

describe("photos linked as media_url (item 7)", () => {
  it("a public complaint's photo may be shown by another site; a confidential one's may not", async () => {
    const { attachmentResponse } = await import("~/models/attachment.server");
    const { createComplaint } = await import("~/models/complaint/filing.server");
    const { jpeg } = await import("../support/complaints");
    const unit = await db.unit.findFirstOrThrow({ where: { active: true } });
    const photo = { name: "a.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg()) };
    const base = { unitId: String(unit.id), category: "FACILITY", description: "Kursi ruang tunggu patah semua, warga berdiri berjam-jam." };
    const shown = await createComplaint({ ...base, privacy: "public" }, { photos: [photo] });
    const hidden = await createComplaint({ ...base, privacy: "confidential" }, { photos: [photo] });
    if (!shown.ok || !hidden.ok) throw new Error("complaints not created");
    const publicPhoto = await db.attachment.findFirst({ where: { complaintId: shown.complaint.id } });
    const privatePhoto = await db.attachment.findFirst({ where: { complaintId: hidden.complaint.id } });
    expect(publicPhoto).not.toBeNull();
    const open = await attachmentResponse(publicPhoto!.id, { user: null });
    expect(open?.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
    const staff = await attachmentResponse(privatePhoto!.id, { user: { role: "INSPECTOR", unitId: null } });
    expect(staff?.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });
});
