import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { countComplaints, formBody, queryOne, rawRequest, seededUnitId, signIn } from "../support/http";
import { fill, routeTable, SAMPLE_PARAMS } from "../support/routes";
import { complaintBody } from "../support/complaints";
import { DEMO } from "../support/requests";

// Issue 13, items 2, 7 and 8, through the real production server: every spelling of a path (case,
// trailing slash, percent-encoding, dot segments) meets the same origin check and the same rate limit;
// methods other than GET/HEAD/POST answer 405 with `Allow` on every route and store nothing; odd intents
// and page numbers answer 4xx (or the last page), never 500.

const ATTEMPTS_PER_MINUTE = 3;
let server: TestServer;
let unitId = 0;
beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "1", COMPLAINT_LIMIT_PER_MINUTE: String(ATTEMPTS_PER_MINUTE) });
  unitId = seededUnitId(server);
});
afterAll(async () => stopAndClean(server));

const SPELLINGS = ["/complaints/new/", "/COMPLAINTS/NEW", "/complaints/%6eew", "/complaints/./new", "/open311/../complaints/new", "/complaints//new"];

const complaint = (n: number) => complaintBody(server, { description: `Uji ejaan alamat nomor ${n}: antrean panjang dan petugas tidak ada di loket.` });

describe("one path, however it is spelled (items 2 and 8)", () => {
  it("counts every spelling of /complaints/new against the same per-minute limit", async () => {
    const ip = "203.0.113.10";
    const before = countComplaints(server);
    for (let n = 0; n < ATTEMPTS_PER_MINUTE; n++) {
      const { body, contentType } = await complaint(n);
      const res = await rawRequest(server, "POST", SPELLINGS[n]!, { ip, body, contentType });
      expect(res.status, SPELLINGS[n]).toBe(303);
    }
    expect(countComplaints(server)).toBe(before + ATTEMPTS_PER_MINUTE);
    for (const spelling of ["/complaints/new", ...SPELLINGS]) {
      const { body, contentType } = await complaint(99);
      const res = await rawRequest(server, "POST", spelling, { ip, body, contentType });
      expect(res.status, spelling).toBe(429);
    }
    expect(countComplaints(server)).toBe(before + ATTEMPTS_PER_MINUTE);
    // Another address is not affected.
    const { body, contentType } = await complaint(100);
    expect((await rawRequest(server, "POST", "/COMPLAINTS/NEW/", { ip: "203.0.113.11", body, contentType })).status).toBe(303);
  });

  it("refuses a cross-site post on every spelling, dot segments included", async () => {
    const before = countComplaints(server);
    const evil = "https://tindak-palembang.evil.example";
    for (const spelling of ["/complaints/new", ...SPELLINGS]) {
      const { body, contentType } = await complaint(200);
      const res = await rawRequest(server, "POST", spelling, { ip: "203.0.113.20", origin: evil, body, contentType });
      expect(res.status, spelling).toBe(403);
    }
    for (const spelling of ["/notifications", "/open311/../notifications", "/OPEN311/%2e%2e/Notifications/", "/open311/v2/%2e%2e/%2e%2e/notifications"]) {
      const res = await rawRequest(server, "POST", spelling, { ip: "203.0.113.20", origin: evil, body: formBody({ intent: "read-all" }) });
      expect(res.status, spelling).toBe(403);
    }
    expect(countComplaints(server)).toBe(before);
  });

  it("answers PUT, PATCH and DELETE with 405 and Allow on every route, and stores nothing", async () => {
    const before = countComplaints(server);
    const { body, contentType } = await complaint(300);
    const routes = routeTable();
    expect(routes.length).toBeGreaterThan(30);
    for (const route of routes) {
      const urlPath = fill(route.pattern, SAMPLE_PARAMS);
      // Open311 answers in its own format, with OPTIONS (CORS preflight) among its methods.
      const allow = urlPath.startsWith("/open311/") ? /^GET, (POST, )?OPTIONS$/ : route.hasAction ? /^GET, HEAD, POST$/ : /^GET, HEAD$/;
      for (const method of ["PUT", "PATCH", "DELETE"]) {
        const res = await rawRequest(server, method, urlPath, { ip: "203.0.113.30", body, contentType });
        expect(res.status, `${method} ${urlPath}`).toBe(405);
        expect(res.headers.allow, `${method} ${urlPath}`).toMatch(allow);
      }
    }
    for (const spelling of SPELLINGS) {
      const res = await rawRequest(server, "PUT", spelling, { ip: "203.0.113.30", body, contentType });
      expect(res.status, spelling).toBe(405);
      expect(res.headers.allow).toBe("GET, HEAD, POST");
    }
    expect(countComplaints(server)).toBe(before);
  });
});

describe("odd input answers 4xx, never 500 (item 7)", () => {
  const ODD_INTENTS = ["constructor", "__proto__", "toString", "hasOwnProperty", "valueOf"];

  it("answers 400 to unknown intents on every action that takes one", async () => {
    const admin = (await signIn(server, DEMO.admin, { ip: "203.0.113.40" })).cookie!;
    const head = (await signIn(server, DEMO.headSu2, { ip: "203.0.113.40" })).cookie!;
    const inspector = (await signIn(server, DEMO.inspector, { ip: "203.0.113.40" })).cookie!;
    expect([admin, head, inspector].every(Boolean)).toBe(true);
    const followUpId = queryOne<{ id: number }>(server, `SELECT id FROM FollowUp WHERE unitId = ? ORDER BY id LIMIT 1`, unitId).id;
    const templateId = queryOne<{ id: number }>(server, `SELECT id FROM ChecklistTemplate ORDER BY id LIMIT 1`).id;
    const userId = queryOne<{ id: number }>(server, `SELECT id FROM User WHERE email = ?`, DEMO.headSu2).id;
    const startedAt = new Date(Date.now() + 7 * 3600_000 - 120_000).toISOString().slice(0, 16);
    const draft = await rawRequest(server, "POST", "/inspections/new", { ip: "203.0.113.40", cookie: inspector, body: formBody({ unitId: String(unitId), startedAt, team: "Tim", trigger: "ROUTINE" }) });
    expect(draft.status).toBe(303);
    const draftId = Number(draft.headers.location!.split("/").pop());
    const { body, contentType } = await complaint(400);
    const filed = await rawRequest(server, "POST", "/complaints/new", { ip: "203.0.113.40", body, contentType });
    expect(filed.status).toBe(303);
    const trackPath = filed.headers.location!;
    const complaintId = queryOne<{ id: number }>(server, `SELECT id FROM Complaint ORDER BY id DESC LIMIT 1`).id;

    // Every route whose source reads an intent field is listed here, so a new one fails this test.
    const actions: Array<{ path: string; cookie: string }> = [
      { path: "/admin/api-keys", cookie: admin },
      { path: `/admin/checklists/${templateId}`, cookie: admin },
      { path: "/admin/deadline-rules", cookie: admin },
      { path: "/admin/holidays", cookie: admin },
      { path: `/admin/units/${unitId}`, cookie: admin },
      { path: `/admin/users/${userId}`, cookie: admin },
      { path: "/complaints/new", cookie: "" },
      { path: `/follow-ups/${followUpId}`, cookie: head },
      { path: `/inspections/${draftId}`, cookie: inspector },
      { path: trackPath, cookie: "" },
      { path: `/triage/${complaintId}`, cookie: inspector },
    ];
    const withIntent = routeTable().filter((r) => r.hasAction && r.readsIntent).map((r) => r.pattern);
    expect(withIntent.sort()).toEqual(["/admin/api-keys", "/admin/checklists/:id", "/admin/deadline-rules", "/admin/holidays", "/admin/units/:id", "/admin/users/:id", "/complaints/new", "/follow-ups/:id", "/inspections/:id", "/track/:code", "/triage/:id"]);

    const before = countComplaints(server);
    for (const { path, cookie } of actions) {
      for (const intent of ODD_INTENTS) {
        const res = await rawRequest(server, "POST", path, { ip: `203.0.113.${41 + ODD_INTENTS.indexOf(intent)}`, cookie, body: formBody({ intent, description: "x".repeat(30) }) });
        expect(res.status, `${path} intent=${intent}`).toBe(400);
      }
    }
    expect(countComplaints(server)).toBe(before);
  });

  it("answers 400 to page numbers that are not a page (Infinity, 1e309, 22 digits, -1, abc) on every paged list", async () => {
    const admin = (await signIn(server, DEMO.admin, { ip: "203.0.113.50" })).cookie!;
    const head = (await signIn(server, DEMO.headSu2, { ip: "203.0.113.50" })).cookie!;
    const paged = routeTable().filter((r) => r.readsPage).map((r) => r.pattern);
    const lists: Record<string, string> = {
      "/admin/outbox": admin,
      "/admin/units": admin,
      "/admin/users": admin,
      "/complaints": "",
      "/escalations": admin,
      "/follow-ups": head,
      "/inspections": head,
      "/map": "",
      "/notifications": head,
      "/triage": admin,
    };
    expect(paged.sort()).toEqual(Object.keys(lists).sort());
    for (const [path, cookie] of Object.entries(lists)) {
      for (const page of ["Infinity", "1e309", "9999999999999999999999", "-1", "0", "abc", "1.5", "0x10", " 2"]) {
        const res = await rawRequest(server, "GET", `${path}?page=${encodeURIComponent(page)}`, { cookie });
        expect(res.status, `${path}?page=${page}`).toBe(400);
        expect(res.text, `${path}?page=${page}`).toMatch(/halaman tidak valid/);
      }
      for (const page of ["", "1", "2"]) {
        const res = await rawRequest(server, "GET", `${path}?page=${page}`, { cookie });
        expect(res.status, `${path}?page=${page}`).toBe(200);
      }
    }
  });
});
