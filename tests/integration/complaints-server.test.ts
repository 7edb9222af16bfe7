import { sessionCookie } from "../support/http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { DEMO } from "../support/requests";
import { GOOD_DESCRIPTION, jpeg, unitIdBySlugPart } from "../support/complaints";

// Against the real production server: the privacy walk of issue 3 (a unit head walks every page and
// loader payload reachable from their home and never meets the identity of an anonymous reporter or
// anything of an extortion report), and the per-IP submission limit.

const ANON = { name: "Wulandari Anonimsari", phone: "0813 9876 5432", phoneStored: "081398765432", email: "wulan.anon@contoh.id" };
const EXT = { name: "Bambang Pungliwan", phone: "+62 857 1111 2222", phoneStored: "+6285711112222", email: "bambang.pungli@contoh.id", marker: "KODEPUNGLI77" };
const NEEDLES = [ANON.name, ANON.phone, ANON.phoneStored, ANON.email, EXT.name, EXT.phone, EXT.phoneStored, EXT.email, EXT.marker];

async function fileComplaint(server: TestServer, fields: Record<string, string>, photo?: Buffer) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (photo) form.append("photos", new File([new Uint8Array(photo)], "bukti.jpg", { type: "image/jpeg" }));
  const res = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url } });
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get("location")!;
  const data = await (await fetch(`${server.url}${location}?_data=${encodeURIComponent("routes/track.$code")}`)).json();
  return { location, id: data.complaint.id as number, ref: data.complaint.ref as string };
}

function matchedRouteIds(html: string): string[] {
  const m = html.match(/window\.__remixContext = (\{[\s\S]*?\});(?:__remixContext|<\/script>)/);
  if (!m) return [];
  try {
    return Object.keys(JSON.parse(m[1]!).state.loaderData ?? {});
  } catch {
    return [];
  }
}

describe("against the real server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 120_000);
  afterAll(async () => stopAndClean(server));

  it("a unit head walks every page and ?_data= payload from their home: no reporter identity, nothing of the extortion report", async () => {
    const su2 = await unitIdBySlugPart("Seberang Ulu Dua");
    const photo = await jpeg(200, 150, { gps: true });
    const anon = await fileComplaint(server, {
      unitId: String(su2), category: "WAITING_TIME", privacy: "anonymous", description: GOOD_DESCRIPTION,
      reporterName: ANON.name, reporterPhone: ANON.phone, reporterEmail: ANON.email,
    }, photo);
    const ext = await fileComplaint(server, {
      unitId: String(su2), category: "EXTORTION", privacy: "public", description: `Petugas minta uang pelicin Rp100.000 untuk KTP. ${EXT.marker}`,
      reporterName: EXT.name, reporterPhone: EXT.phone, reporterEmail: EXT.email,
    }, photo);

    // The inspector sends both to the unit, so the unit head has follow-ups that point at them.
    const inspector = await sessionCookie(server, DEMO.inspector);
    for (const c of [anon, ext]) {
      const res = await fetch(`${server.url}/triage/${c.id}`, {
        method: "POST",
        redirect: "manual",
        headers: { cookie: inspector, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ intent: "send", instruction: "Mohon periksa pelayanan loket dan laporkan perbaikannya.", severity: "HIGH" }),
      });
      expect(res.status).toBe(303);
    }
    const staffView = await (await fetch(`${server.url}/triage/${ext.id}?_data=${encodeURIComponent("routes/triage.$id")}`, { headers: { cookie: inspector } })).json();
    expect(staffView.complaint.reporterName).toBe(EXT.name); // inspectors do see it
    const followUpIds: number[] = staffView.complaint.followUps.map((f: { id: number }) => f.id);
    const photoIds: number[] = staffView.complaint.attachments.map((a: { id: number }) => a.id);

    const head = await sessionCookie(server, DEMO.headSu2);
    const seeds = [
      "/",
      ...followUpIds.map((id) => `/follow-ups/${id}`),
      `/complaints/${anon.ref}`,
      `/complaints/${ext.ref}`,
      `/triage`,
      `/triage/${ext.id}`,
      `/triage/${anon.id}`,
      "/exports/complaints.csv",
      "/exports/complaints.geojson",
      "/map/data.json?layer=units,complaints,findings&bbox=104.6,-3.1,104.9,-2.8&zoom=18",
      ...photoIds.map((id) => `/attachments/${id}`),
    ];
    const queue = [...seeds];
    const seen = new Set<string>();
    const hits: string[] = [];
    let fetched = 0;
    let dataFetched = 0;
    while (queue.length && seen.size < 250) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      const res = await fetch(`${server.url}${path}`, { headers: { cookie: head }, redirect: "manual" });
      fetched++;
      const body = Buffer.from(await res.arrayBuffer()).toString("latin1");
      for (const needle of NEEDLES) if (body.includes(needle)) hits.push(`${path}: ${needle}`);
      if (!(res.headers.get("content-type") ?? "").includes("text/html")) continue;
      for (const routeId of matchedRouteIds(body)) {
        const sep = path.includes("?") ? "&" : "?";
        const dataPath = `${path}${sep}_data=${encodeURIComponent(routeId)}`;
        const data = await (await fetch(`${server.url}${dataPath}`, { headers: { cookie: head } })).text();
        fetched++;
        dataFetched++;
        for (const needle of NEEDLES) if (data.includes(needle)) hits.push(`${dataPath}: ${needle}`);
      }
      for (const m of body.matchAll(/(?:href|src)="(\/[^"#]*)"/g)) {
        const link = m[1]!.replaceAll("&amp;", "&");
        if (link.startsWith("//") || link.startsWith("/build/") || link === "/logout" || link.startsWith("/lang")) continue;
        if (!seen.has(link)) queue.push(link);
      }
    }
    expect(fetched).toBeGreaterThan(20);
    expect(dataFetched).toBeGreaterThan(10);
    expect([...seen]).toContain(`/follow-ups/${followUpIds[0]}`);
    expect(hits).toEqual([]);
  }, 240_000);

  it("serves the favicon and the icons the manifest names from public/, cached for an hour; other paths reach the app", async () => {
    for (const path of ["/favicon.svg", "/icons/tindak-192.png", "/icons/tindak-512.png", "/icons/tindak-maskable-512.png"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get("cache-control"), path).toBe("public, max-age=3600");
      expect((await res.arrayBuffer()).byteLength, path).toBeGreaterThan(100);
    }
    expect((await fetch(`${server.url}/icons/nope.png`)).status).toBe(404);
    const page = await fetch(`${server.url}/complaints`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
  });

  it("refuses a 15 MB photo with 413 and the form's message on the real server", async () => {
    const su2 = await unitIdBySlugPart("Seberang Ulu Dua");
    const big = Buffer.alloc(15 * 1024 * 1024, 9);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const form = new FormData();
    for (const [k, v] of Object.entries({ unitId: String(su2), category: "FACILITY", privacy: "anonymous", description: GOOD_DESCRIPTION })) form.append(k, v);
    form.append("photos", new File([new Uint8Array(big)], "besar.jpg", { type: "image/jpeg" }));
    const res = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, headers: { origin: server.url } });
    expect(res.status).toBe(413);
    expect(await res.text()).toContain("Foto terlalu besar");
  }, 60_000);
});

describe("submission limits", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ COMPLAINT_LIMIT_PER_MINUTE: "5" });
  }, 120_000);
  afterAll(async () => stopAndClean(server));

  it("answers the 6th POST /complaints/new in a minute from one address with 429 and a message", async () => {
    const statuses: number[] = [];
    let last = "";
    for (let i = 0; i < 6; i++) {
      const form = new FormData();
      form.append("description", "terlalu pendek");
      const res = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, headers: { origin: server.url } });
      statuses.push(res.status);
      last = await res.text();
    }
    expect(statuses.slice(0, 5)).toEqual([400, 400, 400, 400, 400]);
    expect(statuses[5]).toBe(429);
    expect(last).toContain("Terlalu banyak kiriman dari sambungan ini");
    // Reading the form is not limited.
    expect((await fetch(`${server.url}/complaints/new`)).status).toBe(200);
  }, 60_000);
});
