import http from "node:http";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";

// Issue 13, item 4, through the real production server: a forged Host header never reaches a link.
// Every absolute link (the e-mailed tracking link, Open311's service_notice and discovery, the open
// data exports) is built on PUBLIC_URL, which the test server sets to its own http://localhost:<port>.

const EVIL = "tindak-palembang.evil.example";
let server: TestServer;
let unitId = 0;
beforeAll(async () => {
  server = await startServer();
  const db = new Database(server.dbFile, { readonly: true });
  unitId = (db.prepare(`SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).get() as { id: number }).id;
  db.close();
});
afterAll(async () => stopAndClean(server));

/** A request with the Host header an attacker chose (fetch cannot set Host). */
function forged(method: string, urlPath: string, body?: { type: string; data: string }): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: server.port,
        path: urlPath,
        method,
        setHost: false,
        headers: { host: EVIL, "x-forwarded-host": EVIL, ...(body ? { "content-type": body.type, origin: `http://${EVIL}` } : {}) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end(body?.data);
  });
}

describe("links are built on PUBLIC_URL, never on the Host header", () => {
  it("the tracking link e-mailed to a reporter", async () => {
    const form = new URLSearchParams({
      unitId: String(unitId),
      category: "WAITING_TIME",
      description: "Antrean sangat panjang sejak pagi dan loket hanya satu yang buka, mohon ditindaklanjuti.",
      privacy: "anonymous",
      reporterEmail: "warga.host@example.org",
      intent: "submit",
    });
    const res = await forged("POST", "/complaints/new", { type: "application/x-www-form-urlencoded", data: form.toString() });
    expect(res.status).toBe(303);
    const db = new Database(server.dbFile, { readonly: true });
    const mail = db.prepare(`SELECT body, link FROM Notification WHERE toEmail = 'warga.host@example.org'`).get() as { body: string; link: string };
    db.close();
    expect(mail.link).toMatch(new RegExp(`^${server.url}/track/[A-Za-z0-9_-]+$`));
    expect(mail.body).toContain(`${server.url}/track/`);
    expect(mail.body + mail.link).not.toContain(EVIL);
  });

  it("Open311 discovery and the service_notice of a new request", async () => {
    const discovery = await forged("GET", "/open311/v2/discovery.json");
    expect(discovery.status).toBe(200);
    expect(JSON.parse(discovery.text).endpoints[0].url).toBe(`${server.url}/open311/v2`);
    expect(discovery.text).not.toContain(EVIL);

    const created = await forged("POST", "/open311/v2/requests.json", {
      type: "application/x-www-form-urlencoded",
      data: new URLSearchParams({
        api_key: "demo-open311-key",
        service_code: "WAITING_TIME",
        lat: "-2.9761",
        long: "104.7754",
        description: "Antrean di loket pelayanan sangat panjang, sudah menunggu lebih dari tiga jam tanpa kepastian.",
        email: "host.open311@example.org",
      }).toString(),
    });
    expect(created.status).toBe(200);
    expect(created.text).toContain(`${server.url}/track/`);
    expect(created.text).not.toContain(EVIL);
  });

  it("the url column of the CSV and GeoJSON exports", async () => {
    const csv = await forged("GET", "/exports/complaints.csv");
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`${server.url}/complaints/`);
    expect(csv.text).not.toContain(EVIL);
    const geojson = await forged("GET", "/exports/complaints.geojson");
    expect(geojson.status).toBe(200);
    expect(geojson.text).toContain(`${server.url}/complaints/`);
    expect(geojson.text).not.toContain(EVIL);
  });
});
