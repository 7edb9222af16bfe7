import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import { sha256 } from "~/lib/crypto.server";
import { isoWib } from "~/lib/time";
import { createApiKey, revokeApiKey } from "~/models/api-key.server";
import * as root from "~/routes/open311.v2.$file";
import * as one from "~/routes/open311.v2.requests.$file";
import * as tokens from "~/routes/open311.v2.tokens.$file";
import { call, DEMO_KEY, ensureDemoKey, expectErrors, get, parseXml, postForm, validRequest } from "./open311-support";

// Conformance of POST requests, GET requests, GET requests/<id> and GET tokens/<token>, with every
// "Bad input" line of issue 7.

const post = (fields: Record<string, string>, format = "json") =>
  call(root.action, postForm(`/open311/v2/requests.${format}`, fields), `requests.${format}`);
const list = (query: string, format = "json") => call(root.loader, get(`/open311/v2/requests.${format}?${query}`), `requests.${format}`);

const REQUEST_FIELDS = [
  "service_request_id",
  "status",
  "status_notes",
  "service_name",
  "service_code",
  "description",
  "agency_responsible",
  "service_notice",
  "requested_datetime",
  "updated_datetime",
  "expected_datetime",
  "address",
  "address_id",
  "zipcode",
  "lat",
  "long",
  "media_url",
].sort();

beforeAll(async () => {
  await ensureDemoKey();
});

describe("Open311 POST requests", () => {
  it("creates a complaint through the web form's model and answers the public ref (JSON)", async () => {
    const res = await post(validRequest({ "attribute[privacy]": "public" }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toHaveLength(1);
    expect(body[0].service_request_id).toMatch(/^ADU-\d{4}-\d{6}$/);
    expect(body[0]).not.toHaveProperty("token");
    expect(body[0].account_id).toBeNull();
    expect(body[0].service_notice).toMatch(/\/track\/[A-Za-z0-9_-]{22,}/);
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: body[0].service_request_id } });
    const key = await db.apiKey.findUniqueOrThrow({ where: { keyHash: sha256(DEMO_KEY) } });
    expect(stored).toMatchObject({
      source: "OPEN311",
      apiKeyId: key.id,
      category: "WAITING_TIME",
      privacy: "public",
      reporterName: "Rina Open311Uji",
      reporterEmail: "rina.open311uji@example.org",
      lat: -2.9761,
      lng: 104.7754,
      status: "NEW",
    });
    // No unit was named: the nearest active unit with a location was taken.
    const unit = await db.unit.findUniqueOrThrow({ where: { id: stored.unitId } });
    expect(unit.active).toBe(true);
    expect(key.lastUsedAt).not.toBeNull();
  });

  it("answers in the spec's XML shape and defaults privacy to anonymous", async () => {
    const res = await post(validRequest(), "xml");
    expect(res.status).toBe(200);
    const doc = await parseXml(res);
    const request = doc.service_requests.request[0];
    expect(request.service_request_id).toMatch(/^ADU-/);
    expect(request.account_id).toBe("");
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: request.service_request_id } });
    expect(stored.privacy).toBe("anonymous");
  });

  it("keeps the unit named in attribute[unitId] and the document count in the text", async () => {
    const unit = await db.unit.findFirstOrThrow({ where: { active: true, type: "DUKCAPIL" }, orderBy: { id: "desc" } });
    const res = await post(
      validRequest({ service_code: "UNDISTRIBUTED_DOCUMENT", "attribute[unitId]": String(unit.id), "attribute[document_count]": "12" }),
    );
    expect(res.status).toBe(200);
    const [created] = await res.json();
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: created.service_request_id } });
    expect(stored.unitId).toBe(unit.id);
    expect(stored.description).toContain("Jumlah dokumen belum diserahkan: 12");
  });

  it("makes an EXTORTION request confidential whatever was asked; its token resolves to its own reference, which answers 404", async () => {
    const res = await post(validRequest({ service_code: "EXTORTION", "attribute[privacy]": "public", description: "Petugas meminta uang Rp100.000 agar KTP cepat selesai dicetak." }));
    expect(res.status).toBe(200);
    const [created] = await res.json();
    expect(created).not.toHaveProperty("service_request_id");
    expect(created.token).toMatch(/^t311-[A-Za-z0-9_-]{20,}$/);
    const submission = await db.open311Submission.findUniqueOrThrow({ where: { token: created.token }, include: { complaint: true } });
    const stored = submission.complaint;
    expect(stored.privacy).toBe("confidential");
    // The token resolves (FixMyStreet stops polling and retrying), to a reference that is a 404 in
    // every read of the API: nothing of it is published.
    const byToken = await call(tokens.loader, get(`/open311/v2/tokens/${created.token}.json`), `${created.token}.json`);
    expect(await byToken.json()).toEqual([{ service_request_id: stored.ref, token: created.token }]);
    await expectErrors(await call(one.loader, get(`/open311/v2/requests/${stored.ref}.json`), `${stored.ref}.json`), 404);
    await expectErrors(await call(one.loader, get(`/open311/v2/requests/${stored.ref}.xml`), `${stored.ref}.xml`), 404, "xml");
    const listed = await (await list(`service_request_id=${stored.ref}`)).json();
    expect(listed).toEqual([]);
  });

  describe("bad input → the errors body with the right status", () => {
    it("missing api_key → 403", async () => {
      const { api_key: _omit, ...fields } = validRequest();
      await expectErrors(await post(fields), 403);
      await expectErrors(await post(fields, "xml"), 403, "xml");
    });

    it("unknown api_key → 403", async () => {
      await expectErrors(await post(validRequest({ api_key: "not-a-key" })), 403);
    });

    it("revoked key → 403, and nothing is stored", async () => {
      const admin = await db.user.findFirstOrThrow({ where: { role: "ADMIN" } });
      const { id, key } = await createApiKey({ name: "Aplikasi uji", createdById: admin.id });
      expect((await post(validRequest({ api_key: key }))).status).toBe(200);
      await revokeApiKey(id, admin.id);
      const before = await db.complaint.count();
      const errors = await expectErrors(await post(validRequest({ api_key: key }), "xml"), 403, "xml");
      expect(errors[0]!.code).toBe(403);
      expect(await db.complaint.count()).toBe(before);
    });

    it("unknown service_code → 404; missing service_code → 400", async () => {
      await expectErrors(await post(validRequest({ service_code: "POTHOLE" })), 404);
      await expectErrors(await post(validRequest({ service_code: "POTHOLE" }), "xml"), 404, "xml");
      await expectErrors(await post(validRequest({ service_code: "" })), 400);
    });

    it("missing location → 400", async () => {
      const { lat: _a, long: _b, ...fields } = validRequest();
      const errors = await expectErrors(await post(fields), 400);
      expect(errors[0]!.description).toMatch(/lat/);
      await expectErrors(await post(fields, "xml"), 400, "xml");
    });

    it("lat of 200 → 400", async () => {
      const errors = await expectErrors(await post(validRequest({ lat: "200" })), 400);
      expect(errors.map((e) => e.description).join(" ")).toMatch(/^lat|lat:/);
      await expectErrors(await post(validRequest({ lat: "200" }), "xml"), 400, "xml");
    });

    it("a description over 4,000 characters → 400", async () => {
      const before = await db.complaint.count();
      await expectErrors(await post(validRequest({ description: "a".repeat(4001) })), 400);
      await expectErrors(await post(validRequest({ description: "a".repeat(4001) }), "xml"), 400, "xml");
      expect(await db.complaint.count()).toBe(before);
    });

    it("a bad privacy or document count → 400", async () => {
      await expectErrors(await post(validRequest({ "attribute[privacy]": "secret" })), 400);
      await expectErrors(await post(validRequest({ service_code: "UNDISTRIBUTED_DOCUMENT", "attribute[document_count]": "-3" })), 400);
    });

    it("an unknown format extension → 404 with the errors body", async () => {
      const res = await call(root.action, postForm("/open311/v2/requests.html", validRequest()), "requests.html");
      await expectErrors(res, 404);
    });
  });
});

describe("Open311 GET requests", () => {
  it("lists public requests of the last 90 days with every spec field filled from the records (JSON)", async () => {
    const res = await list("");
    expect(res.status).toBe(200);
    const rows = (await res.json()) as Array<Record<string, any>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(1000);
    for (const r of rows) {
      expect(Object.keys(r).sort()).toEqual(REQUEST_FIELDS);
      expect(r.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
      expect(r.updated_datetime).toMatch(/\+07:00$/);
      expect(["open", "closed"]).toContain(r.status);
      expect(r.service_code).not.toBe("EXTORTION");
      expect(typeof r.agency_responsible).toBe("string");
    }
    // Compare one with its record.
    const sample = rows.find((r) => r.expected_datetime) ?? rows[0]!;
    const c = await db.complaint.findUniqueOrThrow({
      where: { ref: sample.service_request_id },
      include: { unit: true, followUps: { orderBy: { createdAt: "desc" }, take: 1 } },
    });
    expect(c.privacy).not.toBe("confidential");
    expect(sample.agency_responsible).toBe(c.unit.name);
    expect(sample.requested_datetime).toBe(isoWib(c.createdAt));
    expect(sample.description).toBe(c.publicDescription ?? c.description);
    expect(sample.lat).toBe(c.lat);
    expect(sample.long).toBe(c.lng);
    if (c.followUps[0]) expect(sample.expected_datetime).toBe(isoWib(c.followUps[0].dueAt));
    const since = Date.now() - 90 * 86_400_000 - 60_000;
    for (const r of rows) expect(Date.parse(r.requested_datetime)).toBeGreaterThanOrEqual(since);
  });

  it("never lists confidential or EXTORTION complaints", async () => {
    const hidden = await db.complaint.findMany({
      where: { OR: [{ privacy: "confidential" }, { category: "EXTORTION" }] },
      select: { ref: true },
    });
    expect(hidden.length).toBeGreaterThan(0);
    const rows = (await (await list("")).json()) as Array<{ service_request_id: string }>;
    const refs = new Set(rows.map((r) => r.service_request_id));
    for (const h of hidden) expect(refs.has(h.ref)).toBe(false);
    const byId = (await (await list(`service_request_id=${hidden.slice(0, 20).map((h) => h.ref).join(",")}`)).json()) as unknown[];
    expect(byId).toEqual([]);
    await expectErrors(await call(one.loader, get(`/open311/v2/requests/${hidden[0]!.ref}.xml`), `${hidden[0]!.ref}.xml`), 404, "xml");
  });

  it("filters by service_code, status and service_request_id (comma lists)", async () => {
    const docs = (await (await list("service_code=UNDISTRIBUTED_DOCUMENT,FACILITY")).json()) as Array<Record<string, string>>;
    expect(docs.length).toBeGreaterThan(0);
    for (const r of docs) expect(["UNDISTRIBUTED_DOCUMENT", "FACILITY"]).toContain(r.service_code);
    const closed = (await (await list("status=closed")).json()) as Array<Record<string, string>>;
    for (const r of closed) expect(r.status).toBe("closed");
    const open = (await (await list("status=open")).json()) as Array<Record<string, string>>;
    for (const r of open) expect(r.status).toBe("open");
    const pick = [...closed.slice(0, 1), ...open.slice(0, 2)].map((r) => r.service_request_id);
    const byId = (await (await list(`service_request_id=${pick.join(",")}&status=open`)).json()) as Array<Record<string, string>>;
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([...pick].sort());
  });

  it("honours start_date and end_date", async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 10 * 86_400_000);
    const rows = (await (await list(`start_date=${encodeURIComponent(start.toISOString())}&end_date=${encodeURIComponent(isoWib(end))}`)).json()) as Array<{ requested_datetime: string }>;
    for (const r of rows) {
      const t = Date.parse(r.requested_datetime);
      expect(t).toBeGreaterThanOrEqual(start.getTime() - 1000);
      expect(t).toBeLessThanOrEqual(end.getTime() + 1000);
    }
  });

  it("has the spec's XML shape: <service_requests><request>…", async () => {
    const res = await list("status=open", "xml");
    const doc = await parseXml(res);
    const rows = doc.service_requests.request as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(Object.keys(rows[0]!).sort()).toEqual(REQUEST_FIELDS);
    expect(rows[0]!.status).toBe("open");
  });

  describe("bad input → 400 with the errors body", () => {
    it("a date range over 90 days", async () => {
      await expectErrors(await list("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z"), 400);
      await expectErrors(await list("start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z", "xml"), 400, "xml");
    });
    it("end before start", async () => {
      const errors = await expectErrors(await list("start_date=2026-03-01T00:00:00%2B07:00&end_date=2026-02-01T00:00:00%2B07:00"), 400);
      expect(errors[0]!.description).toMatch(/end_date/);
    });
    it("a date that is not W3C", async () => {
      await expectErrors(await list("start_date=01/02/2026"), 400);
    });
    it("a day or an hour that does not exist, not rolled over to the next one", async () => {
      // Date would read each of these as a later moment (2 March, 1 May, the next day, the next hour).
      for (const query of ["start_date=2026-02-30", "end_date=2026-02-30T10:00:00Z", "start_date=2026-04-31T00:00:00%2B07:00", "end_date=2026-01-01T24:00:00Z", "start_date=2026-01-01T23:60:00Z", "end_date=2026-02-29"]) {
        const errors = await expectErrors(await list(query), 400);
        expect(errors[0]!.description, query).toMatch(/start_date|end_date/);
      }
      await expectErrors(await list("start_date=2026-13-01", "xml"), 400, "xml");
      // A leap day is a day.
      expect((await list("start_date=2028-02-29&end_date=2028-03-01")).status).toBe(200);
    });
    it("an unknown status or service_code", async () => {
      await expectErrors(await list("status=pending"), 400);
      await expectErrors(await list("service_code=POTHOLE", "xml"), 400, "xml");
    });
    it("an unknown format extension", async () => {
      await expectErrors(await call(root.loader, get("/open311/v2/requests.txt"), "requests.txt"), 404);
    });
  });
});

describe("Open311 GET requests/<id> and tokens/<token>", () => {
  it("returns one public request as a one-element list, in both formats", async () => {
    const c = await db.complaint.findFirstOrThrow({ where: { privacy: "public", category: { not: "EXTORTION" } }, orderBy: { id: "desc" } });
    const res = await call(one.loader, get(`/open311/v2/requests/${c.ref}.json`), `${c.ref}.json`);
    expect(res.status).toBe(200);
    const rows = await res.json();
    expect(rows).toHaveLength(1);
    expect(rows[0].service_request_id).toBe(c.ref);
    const xml = await parseXml(await call(one.loader, get(`/open311/v2/requests/${c.ref}.xml`), `${c.ref}.xml`));
    expect(xml.service_requests.request[0].service_request_id).toBe(c.ref);
  });

  it("gives media_url as an absolute /attachments/<id> URL of the first visible photo", async () => {
    const c = await db.complaint.findFirstOrThrow({ where: { privacy: "public", category: { not: "EXTORTION" }, attachments: { none: {} } } });
    const photo = (n: number, hidden: boolean) => ({
      storageKey: `test/open311-${c.id}-${n}.jpg`,
      backend: "local",
      mime: "image/jpeg",
      bytes: 1000,
      width: 10,
      height: 10,
      complaintId: c.id,
      hiddenAt: hidden ? new Date() : null,
    });
    const noPhoto = await (await call(one.loader, get(`/open311/v2/requests/${c.ref}.json`), `${c.ref}.json`)).json();
    expect(noPhoto[0].media_url).toBeNull();
    await db.attachment.create({ data: photo(1, true) });
    const visible = await db.attachment.create({ data: photo(2, false) });
    const [row] = await (await call(one.loader, get(`/open311/v2/requests/${c.ref}.json`), `${c.ref}.json`)).json();
    expect(row.media_url).toBe(`${publicUrl()}/attachments/${visible.id}`);
  });

  it("answers an unknown id with 404", async () => {
    await expectErrors(await call(one.loader, get("/open311/v2/requests/ADU-1999-000001.json"), "ADU-1999-000001.json"), 404);
  });

  it("resolves the token of a public request to its id, and an unknown token to 404", async () => {
    const res = await post(validRequest({ "attribute[privacy]": "anonymous" }));
    const [created] = await res.json();
    const code = String(created.service_notice).match(/\/track\/([A-Za-z0-9_-]+)/)![1]!;
    const ok = await call(tokens.loader, get(`/open311/v2/tokens/${code}.xml`), `${code}.xml`);
    const doc = await parseXml(ok);
    expect(doc.service_requests.request[0]).toEqual({ service_request_id: created.service_request_id, token: code });
    await expectErrors(await call(tokens.loader, get("/open311/v2/tokens/unknowntokenunknowntoken.json"), "unknowntokenunknowntoken.json"), 404);
  });
});
