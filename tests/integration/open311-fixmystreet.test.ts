import http from "node:http";
import type { AddressInfo } from "node:net";
import { XMLParser } from "fast-xml-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { markDuplicate, rejectComplaint, verifyComplaint } from "~/models/complaint/triage.server";
import { jpeg } from "../support/complaints";
import { startServer, type TestServer } from "../support/server";
import { DEMO_KEY, ensureDemoKey } from "./open311-support";

// Issue 14, "Done when": Tindak's GeoReport v2 API spoken to over HTTP, against the real production
// server, the way FixMyStreet's Open311 client (mysociety/fixmystreet perllib/Open311.pm) speaks:
// - POST requests.xml, form-encoded, with jurisdiction_id and api_key in the body, service_code,
//   description (its "extended description": title, detail, report URL), first_name/last_name, email,
//   phone, lat/long cut to 6 decimals, media_url (the report's photo URL) and attribute[...] (the
//   category's extra fields, plus fields of its own that Tindak does not know, such as the id field);
// - replies parsed as XML::Simple does with FixMyStreet's options (ForceArray on the group tags,
//   GroupTags, KeyAttr {}, SuppressEmpty undef), reading $obj->{request}->[0]->{service_request_id},
//   else ->{token}, then GET tokens/<token>.xml until it has an id;
// - GET servicerequestupdates.xml?jurisdiction_id&api_key&start_date&end_date (W3CDTF dates, the last
//   two hours, as Open311::GetServiceRequestUpdates asks), mapping `status` with its map_state.
// And the way a JSON client does (api_key in the query string, CORS, preflight, JSON errors).
// The server runs on this test file's own database, so staff actions are taken here, in-process.

const JURISDICTION = "palembang.go.id";

/** XML::Simple->new(ForceArray => [group tags], KeyAttr => {}, GroupTags => {...}, SuppressEmpty => undef). */
const GROUP_TAGS: Record<string, string> = {
  services: "service",
  attributes: "attribute",
  values: "value",
  service_requests: "request",
  errors: "error",
  service_request_updates: "request_update",
  groups: "group",
};
const xmlSimpleParser = new XMLParser({
  ignoreDeclaration: true,
  ignoreAttributes: true,
  parseTagValue: false,
  isArray: (name) => Object.values(GROUP_TAGS).includes(name),
});
function suppressAndGroup(value: unknown): any {
  if (value === "") return undefined; // SuppressEmpty => undef
  if (Array.isArray(value)) return value.map(suppressAndGroup);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      let simplified = suppressAndGroup(child);
      const inner = GROUP_TAGS[key];
      if (inner && simplified && typeof simplified === "object" && !Array.isArray(simplified) && Object.keys(simplified).length === 1 && inner in simplified) {
        simplified = (simplified as Record<string, unknown>)[inner];
      }
      out[key] = simplified;
    }
    return out;
  }
  return value;
}
/** XMLin: the root element is dropped (KeepRoot 0); undefined when the text is not XML (eval fails). */
function xmlIn(xml: string): any {
  const doc = xmlSimpleParser.parse(xml, true) as Record<string, unknown>;
  const roots = Object.values(doc);
  expect(roots).toHaveLength(1);
  return suppressAndGroup(roots[0]) ?? {};
}

/** Open311.pm's map_state without extended statuses: how FixMyStreet reads a fetched update's status. */
function mapState(incoming: string): string {
  const state = incoming.toLowerCase().replace(/_/g, " ");
  const map: Record<string, string> = {
    fixed: "fixed - council",
    "not councils responsibility": "not responsible",
    "no further action": "unable to fix",
    open: "confirmed",
    closed: "fixed - council",
  };
  return map[state] ?? state;
}

/** DateTime::Format::W3CDTF of a UTC DateTime. */
const w3cdtf = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

let server: TestServer;
let photoServer: http.Server;
let photoBase: string;
let inspector: { id: number; role: "INSPECTOR"; unitId: null; name: string };
let reportNumber = 0;

beforeAll(async () => {
  await ensureDemoKey();
  const user = await db.user.findFirstOrThrow({ where: { role: "INSPECTOR" } });
  inspector = { id: user.id, role: "INSPECTOR", unitId: null, name: user.name };
  const photo = await jpeg(800, 600, { gps: true });
  photoServer = http.createServer((req, res) => {
    if (req.url?.startsWith("/photo/")) return void res.writeHead(200, { "Content-Type": "image/jpeg" }).end(photo);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
  photoBase = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}`;
  const dbFile = process.env.DATABASE_URL!.replace(/^file:/, "");
  server = await startServer({ OPEN311_MEDIA_ALLOW_HOSTS: "127.0.0.1" }, { dbFile, uploadDir: process.env.UPLOAD_DIR! });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  await new Promise<void>((resolve) => photoServer?.close(() => resolve()));
});

const endpoint = () => `${server.url}/open311/v2/`;

/** Open311.pm _request(GET): jurisdiction_id added to the query. */
async function fmsGet(path: string, params: Record<string, string> = {}) {
  const url = new URL(path, endpoint());
  for (const [k, v] of Object.entries({ ...params, jurisdiction_id: JURISDICTION })) url.searchParams.set(k, v);
  return fetch(url);
}

/** Open311.pm _request(POST): a form-encoded body with jurisdiction_id and api_key. */
async function fmsPost(path: string, params: Record<string, string>) {
  return fetch(new URL(path, endpoint()), {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", "User-Agent": "libwww-perl/6.77" },
    body: new URLSearchParams({ jurisdiction_id: JURISDICTION, api_key: DEMO_KEY, ...params }),
  });
}

/** _populate_service_request_params of a report made on the map, with extended_description. */
function fixMyStreetReport(overrides: Record<string, string> = {}): Record<string, string> {
  reportNumber += 1;
  const title = `Antrean rekam KTP tidak bergerak (${reportNumber})`;
  const detail = "Sejak pukul 08.00 nomor antrean tidak dipanggil, petugas loket dua tidak ada di tempat.";
  return {
    description: `${title}\n\n${detail}\n\nhttps://fixmystreet.example.org/report/${4000 + reportNumber}\n`,
    service_code: "WAITING_TIME",
    first_name: "Siti",
    last_name: "Aminah Lubis",
    email: "siti.aminah@example.org",
    phone: "(0711) 352005",
    lat: (-2.976123456).toFixed(6),
    long: (104.775412345).toFixed(6),
    "attribute[privacy]": "public",
    // The contact's id_field: FixMyStreet's own report id. Tindak does not define it.
    "attribute[fixmystreet_id]": String(4000 + reportNumber),
    ...overrides,
  };
}

/** send_service_request: the id, or the token resolved by polling tokens/<token>.xml; 0 on failure. */
async function sendServiceRequest(params: Record<string, string>): Promise<{ id: string | 0; token?: string; raw: string }> {
  const res = await fmsPost("requests.xml", params);
  const raw = await res.text();
  if (!res.ok) return { id: 0, raw };
  const obj = xmlIn(raw);
  const requestId = obj.request?.[0]?.service_request_id;
  if (requestId && typeof requestId === "string") return { id: requestId, raw };
  const token = obj.request?.[0]?.token;
  if (!token) return { id: 0, raw };
  for (let attempt = 0; attempt < 5; attempt++) {
    const resolved = xmlIn(await (await fmsGet(`tokens/${token}.xml`)).text());
    const id = resolved.request?.[0]?.service_request_id;
    if (id) return { id, token, raw };
  }
  return { id: 0, token, raw };
}

describe("FixMyStreet's Open311 client, over HTTP", () => {
  it("reads the service list and a service's attributes as XML::Simple does", async () => {
    const services = xmlIn(await (await fmsGet("services.xml")).text());
    expect(Array.isArray(services.service)).toBe(true);
    const codes = services.service.map((s: { service_code: string }) => s.service_code);
    expect(codes).toContain("WAITING_TIME");
    expect(codes).toContain("EXTORTION");
    const meta = xmlIn(await (await fmsGet("services/WAITING_TIME.xml")).text());
    expect(meta.service_code).toBe("WAITING_TIME");
    const names = meta.attributes.map((a: { code: string }) => a.code);
    expect(names).toEqual(expect.arrayContaining(["unitId", "privacy"]));
    const privacy = meta.attributes.find((a: { code: string }) => a.code === "privacy");
    expect(privacy.values.map((v: { key: string }) => v.key)).toEqual(expect.arrayContaining(["public", "anonymous", "confidential"]));
  });

  it("sends a report with its photo: the reply gives a service_request_id, the photo arrives re-encoded", async () => {
    const params = fixMyStreetReport({ media_url: `${photoBase}/photo/4001.jpeg` });
    const sent = await sendServiceRequest(params);
    expect(sent.id, sent.raw).toMatch(/^ADU-\d{4}-\d+$/);
    const stored = await db.complaint.findUniqueOrThrow({ where: { ref: String(sent.id) }, include: { attachments: true } });
    expect(stored.description).toBe(params.description!.trim());
    expect(stored.reporterName).toBe("Siti Aminah Lubis");
    expect(stored.reporterEmail).toBe("siti.aminah@example.org");
    expect(stored.reporterPhone).toBe("0711352005");
    expect(stored.lat).toBeCloseTo(-2.976123, 6);
    expect(stored.attachments).toHaveLength(1);
    // get_service_requests: requests.xml?service_request_id=<id>, and the photo it links is served to another site.
    const read = xmlIn(await (await fmsGet("requests.xml", { service_request_id: String(sent.id) })).text());
    expect(read.request).toHaveLength(1);
    expect(read.request[0]).toMatchObject({ service_request_id: sent.id, status: "open", service_code: "WAITING_TIME" });
    const photo = await fetch(read.request[0].media_url);
    expect(photo.status).toBe(200);
    expect(photo.headers.get("content-type")).toBe("image/jpeg");
    expect(photo.headers.get("cross-origin-resource-policy")).toBe("cross-origin");
  });

  it("a send retried after a timeout gets the same id back and files nothing new", async () => {
    const params = fixMyStreetReport();
    const first = await sendServiceRequest(params);
    const retry = await sendServiceRequest(params);
    expect(first.id).toMatch(/^ADU-/);
    expect(retry.id).toBe(first.id);
    expect(await db.complaint.count({ where: { description: params.description!.trim() } })).toBe(1);
  });

  it("a pungli report gets a token that resolves; its record answers 404 and nothing of it is published", async () => {
    const params = fixMyStreetReport({ service_code: "EXTORTION", "attribute[privacy]": "public", description: "Petugas loket meminta Rp75.000 supaya akta kelahiran selesai hari ini.\n\nhttps://fixmystreet.example.org/report/9001\n" });
    const sent = await sendServiceRequest(params);
    expect(sent.token).toMatch(/^t311-/);
    // Its own reference, in the confidential series.
    expect(sent.id).toMatch(/^RHS-\d{4}-\d+$/);
    const again = await sendServiceRequest(params);
    expect(again.token).toBe(sent.token);
    expect(await db.complaint.count({ where: { description: params.description!.trim() } })).toBe(1);
    const record = await fmsGet(`requests/${sent.id}.xml`);
    expect(record.status).toBe(404);
    const errors = xmlIn(await record.text());
    expect(errors.error[0].code).toBe("404");
    const list = await (await fmsGet("requests.xml")).text();
    expect(list).not.toContain(String(sent.id));
    expect(list).not.toContain("Rp75.000");
  });

  it("a refused send is an XML errors body that _process_error can read", async () => {
    const res = await fmsPost("requests.xml", fixMyStreetReport({ service_code: "POTHOLE" }));
    expect(res.status).toBe(404);
    const obj = xmlIn(await res.text());
    expect(obj.error[0].code).toBe("404");
    expect(obj.error[0].description).toMatch(/service_code tidak dikenal: POTHOLE/);
    const bad = await fmsPost("requests.xml", { ...fixMyStreetReport(), api_key: "bukan-kunci" });
    expect(bad.status).toBe(403);
    expect(xmlIn(await bad.text()).error[0].code).toBe("403");
  });

  it("polls servicerequestupdates.xml for the last two hours and maps each status as FixMyStreet does", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const sent = await sendServiceRequest(fixMyStreetReport());
      expect(sent.id).toMatch(/^ADU-/);
      ids.push(String(sent.id));
    }
    const rows = await db.complaint.findMany({ where: { ref: { in: ids } }, select: { id: true, ref: true } });
    const idOf = (ref: string) => rows.find((r) => r.ref === ref)!.id;
    expect((await verifyComplaint(inspector, idOf(ids[0]!))).ok).toBe(true);
    expect((await rejectComplaint(inspector, idOf(ids[1]!), "Bukan kewenangan Pemerintah Kota")).ok).toBe(true);
    expect((await markDuplicate(inspector, idOf(ids[2]!), ids[0]!)).ok).toBe(true);

    const now = new Date();
    const res = await fmsGet("servicerequestupdates.xml", { api_key: DEMO_KEY, start_date: w3cdtf(new Date(now.getTime() - 2 * 3600_000)), end_date: w3cdtf(new Date(now.getTime() + 60_000)) });
    expect(res.status).toBe(200);
    const updates: Array<Record<string, string | undefined>> = xmlIn(await res.text()).request_update;
    expect(Array.isArray(updates)).toBe(true);
    const of = (ref: string) => updates.filter((u) => u.service_request_id === ref);
    // process_requests skips an update without update_id; each one has its own.
    for (const u of updates) expect(u.update_id).toMatch(/^\d+$/);
    expect(new Set(updates.map((u) => u.update_id)).size).toBe(updates.length);
    expect(of(ids[0]!).map((u) => mapState(u.status!))).toEqual(["investigating"]);
    const rejected = of(ids[1]!)[0]!;
    expect(mapState(rejected.status!)).toBe("unable to fix");
    expect(rejected.description).toMatch(/Ditolak/);
    const duplicate = of(ids[2]!)[0]!;
    expect(mapState(duplicate.status!)).toBe("duplicate");
    expect(duplicate.description).toContain(ids[0]!);
    for (const u of [rejected, duplicate]) expect(Date.parse(u.updated_datetime!)).toBeGreaterThan(now.getTime() - 2 * 3600_000);

    // post_service_request_update: Tindak takes no updates from other systems; FixMyStreet reads the 405 as a failed send.
    const posted = await fmsPost("servicerequestupdates.xml", { service_request_id: ids[0]!, update_id_ext: "77", status: "OPEN", description: "Masih antre", updated_datetime: w3cdtf(now) });
    expect(posted.status).toBe(405);
    expect(xmlIn(await posted.text()).error[0].code).toBe("405");
    expect(await db.complaintEvent.count({ where: { complaintId: idOf(ids[0]!), body: "Masih antre" } })).toBe(0);

    // A window that ends before the changes lists none of them.
    const earlier = xmlIn(await (await fmsGet("servicerequestupdates.xml", { api_key: DEMO_KEY, start_date: w3cdtf(new Date(now.getTime() - 4 * 3600_000)), end_date: w3cdtf(new Date(now.getTime() - 3 * 3600_000)) })).text());
    const listedEarlier = ([] as Array<{ service_request_id: string }>).concat(earlier.request_update ?? []);
    expect(listedEarlier.some((u) => ids.includes(u.service_request_id))).toBe(false);
  });
});

describe("a JSON client, over HTTP", () => {
  it("discovers, posts with api_key in the query string, reads back, and sees CORS on every answer", async () => {
    const origin = { Origin: "https://bot.kelurahan.example" };
    const discovery = await fetch(`${server.url}/open311/v2/discovery.json`, { headers: origin });
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get("access-control-allow-origin")).toBe("*");
    const endpoints = (await discovery.json()).endpoints as Array<{ url: string; formats: string[] }>;
    expect(endpoints.some((e) => e.formats.includes("application/json"))).toBe(true);

    const preflight = await fetch(`${server.url}/open311/v2/requests.json?api_key=${DEMO_KEY}`, {
      method: "OPTIONS",
      headers: { ...origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type" },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(await preflight.text()).toBe("");

    const { api_key: _k, jurisdiction_id: _j, ...params } = { api_key: "", jurisdiction_id: "", ...fixMyStreetReport({ "attribute[privacy]": "anonymous" }) };
    const posted = await fetch(`${server.url}/open311/v2/requests.json?api_key=${DEMO_KEY}`, {
      method: "POST",
      headers: { ...origin, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(params),
    });
    expect(posted.status, await posted.clone().text()).toBe(200);
    expect(posted.headers.get("access-control-allow-origin")).toBe("*");
    const [created] = await posted.json();
    expect(created.service_request_id).toMatch(/^ADU-/);

    const [read] = await (await fetch(`${server.url}/open311/v2/requests/${created.service_request_id}.json`, { headers: origin })).json();
    expect(read).toMatchObject({ service_request_id: created.service_request_id, status: "open", service_code: "WAITING_TIME" });
    // Anonymous: the reporter's name is not in what anybody reads.
    expect(JSON.stringify(read)).not.toContain("Aminah");

    const updates = await fetch(`${server.url}/open311/v2/servicerequestupdates.json?api_key=${DEMO_KEY}`, { headers: origin });
    expect(updates.status).toBe(200);
    expect(Array.isArray(await updates.json())).toBe(true);
  });

  it("answers errors as JSON in the client's language, 405 with Allow for other methods", async () => {
    const english = await fetch(`${server.url}/open311/v2/requests.json?api_key=${DEMO_KEY}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: new URLSearchParams({ description: "Tanpa layanan" }),
    });
    expect(english.status).toBe(400);
    expect(await english.json()).toEqual([{ code: 400, description: "service_code is required" }]);
    // A key in the body wins over the query string's: a good key there does not let an unknown one pass.
    const bodyKey = await fetch(`${server.url}/open311/v2/requests.json?api_key=${DEMO_KEY}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: new URLSearchParams({ api_key: "not-a-key-of-this-city", service_code: "WAITING_TIME", description: "Antrean panjang sejak pagi di loket." }),
    });
    expect(bodyKey.status).toBe(403);
    expect(await bodyKey.json()).toEqual([{ code: 403, description: "Missing, invalid or revoked api_key" }]);
    const put = await fetch(`${server.url}/open311/v2/services.json`, { method: "PUT" });
    expect(put.status).toBe(405);
    expect(put.headers.get("allow")).toBe("GET, OPTIONS");
    expect(put.headers.get("access-control-allow-origin")).toBe("*");
    expect(await put.json()).toEqual([{ code: 405, description: "Metode PUT tidak didukung di sini; gunakan GET" }]);
    const del = await fetch(`${server.url}/open311/v2/requests.xml`, { method: "DELETE", headers: { "Accept-Language": "en-GB,en;q=0.8" } });
    expect(del.status).toBe(405);
    expect(del.headers.get("allow")).toBe("GET, POST, OPTIONS");
    expect(xmlIn(await del.text()).error[0]).toEqual({ code: "405", description: "Method DELETE is not allowed here; use GET or POST" });
  });
});

describe("unknown paths under /open311/v2 (issue 14 item 9)", () => {
  it("answer the spec's errors body with 404 in the requested format, never the HTML page", async () => {
    for (const path of ["foo/bar/baz.xml", "requests/ADU-2026-000001/extra.xml", "tokens/a/b.xml"]) {
      const res = await fetch(`${server.url}/open311/v2/${path}`);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^text\/xml/);
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      const obj = xmlIn(await res.text());
      expect(obj.error[0]).toMatchObject({ code: "404" });
      expect(obj.error[0].description).toContain(`/open311/v2/${path}`);
    }
    for (const path of ["foo/bar/baz.json", "foo/bar", "deep/er/still/"]) {
      const res = await fetch(`${server.url}/open311/v2/${path}`, { headers: { "Accept-Language": "en" } });
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/^application\/json/);
      const [error] = await res.json();
      expect(error.code).toBe(404);
      expect(error.description).toMatch(/^No Open311 resource at \/open311\/v2\//);
    }
    const post = await fmsPost("foo/bar/baz.xml", fixMyStreetReport());
    expect(post.status).toBe(404);
    expect(xmlIn(await post.text()).error[0].code).toBe("404");
  });
});
