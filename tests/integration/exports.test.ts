import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import { complaintsCsvStream, parseExportFilters } from "~/models/open-data.server";
import * as csvRoute from "~/routes/exports.complaints[.]csv";
import * as geoRoute from "~/routes/exports.complaints[.]geojson";
import { makeRequest, run } from "../support/requests";

// Open data exports: public content only (no identity, no confidential or EXTORTION record, moderated
// text), the map's filters, 400 on unknown filters, CSV with a BOM, streamed in keyset batches.

let publicCount = 0;
let needles: string[] = [];
let hidden: Array<{ ref: string }> = [];
let formulaRef = "";

beforeAll(async () => {
  publicCount = await db.complaint.count({ where: { privacy: { not: "confidential" }, category: { not: "EXTORTION" } } });
  const withIdentity = await db.complaint.findMany({
    where: { OR: [{ reporterName: { not: null } }, { reporterEmail: { not: null } }, { reporterPhone: { not: null } }, { reporterIpHash: { not: null } }] },
    select: { reporterName: true, reporterEmail: true, reporterPhone: true, reporterIpHash: true, reporterUserAgent: true },
  });
  const set = new Set<string>();
  for (const c of withIdentity) for (const v of [c.reporterName, c.reporterEmail, c.reporterPhone, c.reporterIpHash, c.reporterUserAgent]) if (v && v.length > 5) set.add(v);
  needles = [...set];
  // A confidential complaint with a text found nowhere else (the seed's texts repeat across privacy levels).
  const unit = await db.unit.findFirstOrThrow({ where: { active: true } });
  await db.complaint.create({
    data: { ref: "ADU-2026-999999", trackingHash: "exports-test-secret", unitId: unit.id, category: "WAITING_TIME", privacy: "confidential", description: "TEKS-RAHASIA-UNIK-UJI tentang antrean." },
  });
  publicCount = await db.complaint.count({ where: { privacy: { not: "confidential" }, category: { not: "EXTORTION" } } });
  hidden = await db.complaint.findMany({ where: { OR: [{ privacy: "confidential" }, { category: "EXTORTION" }] }, select: { ref: true } });
  // A moderated complaint: only its public text may appear.
  const target = await db.complaint.findFirstOrThrow({ where: { privacy: "public", category: { not: "EXTORTION" } }, orderBy: { id: "asc" } });
  await db.complaint.update({
    where: { id: target.id },
    data: { description: "Teks asli dengan nomor HP 0811-RAHASIA-99 yang dihapus moderator.", publicDescription: "Teks yang sudah dimoderasi." },
  });
  // A text that a spreadsheet would run as a formula.
  const formula = await db.complaint.findFirstOrThrow({ where: { privacy: "anonymous", category: { not: "EXTORTION" } }, orderBy: { id: "asc" } });
  formulaRef = formula.ref;
  await db.complaint.update({ where: { id: formula.id }, data: { publicDescription: '=HYPERLINK("http://evil.example","klik")' } });
  // An internal note that must never leave the building.
  await db.complaintEvent.create({ data: { complaintId: target.id, kind: "NOTE", body: "CATATAN-INTERNAL-UJI", visibility: "INTERNAL" } });
});

function csvRows(text: string) {
  return parse(text.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
}

describe("GET /exports/complaints.csv", () => {
  it("starts with the UTF-8 BOM and holds one row per public complaint, with no identity and no confidential record", async () => {
    const res = await run(csvRoute.loader, makeRequest("/exports/complaints.csv"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.body).toBeInstanceOf(ReadableStream);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const rows = csvRows(text);
    expect(rows).toHaveLength(publicCount);
    expect(new Set(rows.map((r) => r.ref)).size).toBe(publicCount);
    expect(Object.keys(rows[0]!)).not.toEqual(expect.arrayContaining(["reporter_name"]));
    expect(needles.length).toBeGreaterThan(5);
    for (const n of needles) expect(text).not.toContain(n);
    for (const h of hidden) expect(text).not.toContain(h.ref);
    expect(text).not.toContain("TEKS-RAHASIA-UNIK-UJI");
    expect(text).toContain("Teks yang sudah dimoderasi.");
    expect(text).not.toContain("0811-RAHASIA-99");
    expect(text).not.toContain("CATATAN-INTERNAL-UJI");
    expect(rows.every((r) => r.category !== "EXTORTION")).toBe(true);
    expect(rows[0]!.created_at).toMatch(/\+07:00$/);
  });

  it("keeps residents' text from running as a spreadsheet formula", async () => {
    const rows = csvRows(await (await run(csvRoute.loader, makeRequest("/exports/complaints.csv"))).text());
    const row = rows.find((r) => r.ref === formulaRef)!;
    expect(row.description).toBe(`'=HYPERLINK("http://evil.example","klik")`);
    expect(rows.some((r) => r.lat.startsWith("-"))).toBe(true); // numbers are left alone
  });

  it("streams in keyset batches: small batches give the same rows as the route", async () => {
    const parsed = parseExportFilters(new URLSearchParams());
    if (!parsed.ok) throw new Error("filters");
    const small = await new Response(complaintsCsvStream(parsed.filters, publicUrl(), 7)).text();
    const full = await (await run(csvRoute.loader, makeRequest("/exports/complaints.csv"))).text();
    expect(small).toBe(full);
  });

  it("applies the map's filters", async () => {
    const unit = await db.complaint.groupBy({ by: ["unitId"], where: { privacy: { not: "confidential" } }, _count: true, orderBy: { _count: { unitId: "desc" } }, take: 1 });
    const unitId = unit[0]!.unitId;
    const expected = await db.complaint.count({ where: { unitId, category: "UNDISTRIBUTED_DOCUMENT", privacy: { not: "confidential" } } });
    const rows = csvRows(await (await run(csvRoute.loader, makeRequest(`/exports/complaints.csv?unitId=${unitId}&category=UNDISTRIBUTED_DOCUMENT`))).text());
    expect(expected).toBeGreaterThan(0);
    expect(rows).toHaveLength(expected);
    for (const r of rows) expect(r).toMatchObject({ unit_id: String(unitId), category: "UNDISTRIBUTED_DOCUMENT" });

    // Each filter leaves out something (a filter that kept everything would pass the loops below).
    const everything = csvRows(await (await run(csvRoute.loader, makeRequest("/exports/complaints.csv"))).text());
    const closed = csvRows(await (await run(csvRoute.loader, makeRequest("/exports/complaints.csv?status=CLOSED,REJECTED"))).text());
    expect(closed.length, "closed").toBeGreaterThan(0);
    expect(closed.length, "closed").toBeLessThan(everything.length);
    for (const r of closed) expect(["CLOSED", "REJECTED"]).toContain(r.status);

    const bbox = "104.74,-3.01,104.80,-2.97";
    const inBox = csvRows(await (await run(csvRoute.loader, makeRequest(`/exports/complaints.csv?bbox=${bbox}`))).text());
    expect(inBox.length, "inBox").toBeGreaterThan(0);
    expect(inBox.length, "inBox").toBeLessThan(everything.length);
    for (const r of inBox) {
      expect(Number(r.lng)).toBeGreaterThanOrEqual(104.74);
      expect(Number(r.lng)).toBeLessThanOrEqual(104.8);
      expect(Number(r.lat)).toBeGreaterThanOrEqual(-3.01);
      expect(Number(r.lat)).toBeLessThanOrEqual(-2.97);
    }
    // Last month (the demo data covers the year before today).
    const jakarta = new Date(Date.now() + 7 * 3_600_000);
    const first = new Date(Date.UTC(jakarta.getUTCFullYear(), jakarta.getUTCMonth() - 1, 1));
    const month = first.toISOString().slice(0, 7);
    const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const dated = csvRows(await (await run(csvRoute.loader, makeRequest(`/exports/complaints.csv?from=${month}-01&to=${last}`))).text());
    expect(dated.length, "dated").toBeGreaterThan(0);
    expect(dated.length, "dated").toBeLessThan(everything.length);
    for (const r of dated) expect(r.created_at.slice(0, 7)).toBe(month);
    const kec = csvRows(await (await run(csvRoute.loader, makeRequest("/exports/complaints.csv?kecamatan=16.71.03"))).text());
    expect(kec.length, "kec").toBeGreaterThan(0);
    expect(kec.length, "kec").toBeLessThan(everything.length);
    for (const r of kec) expect(r.kecamatan_code).toBe("16.71.03");
  });

  it("speaks the map's filter language: its colour states, overdue=1, case-insensitive codes, blanks as absent", async () => {
    const get = async (q: string) => csvRows(await (await run(csvRoute.loader, makeRequest(`/exports/complaints.csv?${q}`))).text());
    const done = await get("status=done");
    expect(done.length).toBeGreaterThan(0);
    for (const r of done) expect(["CLOSED", "REJECTED", "DUPLICATE"]).toContain(r.status);
    const overdue = await get("overdue=1");
    expect(overdue.length).toBeGreaterThan(0);
    const now = new Date();
    for (const r of overdue) {
      const c = await db.complaint.findUniqueOrThrow({ where: { ref: r.ref }, include: { followUps: true } });
      expect(c.followUps.some((f) => f.state === "OPEN" && f.dueAt < now)).toBe(true);
    }
    expect(await get("status=OVERDUE")).toEqual(overdue);
    expect((await get("category=&status=&unitId=")).length).toBe(publicCount);
    expect((await get("category=undistributed_document")).every((r) => r.category === "UNDISTRIBUTED_DOCUMENT")).toBe(true);
  });

  it("answers 400 to unknown filters and bad values", async () => {
    for (const query of ["reporterName=x", "zoom=3", "category=POTHOLE", "status=pending", "bbox=1,2,3", "unitId=abc", "from=2026-13-01", "to=2026-02-30", "from=2026-10-10&to=2026-10-01", "kecamatan=Plaju", "unitId=1&unitId=2"]) {
      const res = await run(csvRoute.loader, makeRequest(`/exports/complaints.csv?${query}`));
      expect(res.status, query).toBe(400);
    }
  });
});

describe("GET /exports/complaints.geojson", () => {
  it("is a FeatureCollection of the public complaints only, without identity", async () => {
    const res = await run(geoRoute.loader, makeRequest("/exports/complaints.geojson"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/geo+json; charset=utf-8");
    const text = await res.text();
    const doc = JSON.parse(text);
    expect(doc.type).toBe("FeatureCollection");
    expect(doc.features).toHaveLength(publicCount);
    const withPin = doc.features.find((f: { geometry: unknown }) => f.geometry);
    expect(withPin.geometry).toEqual({ type: "Point", coordinates: [withPin.properties.lng, withPin.properties.lat] });
    for (const n of needles) expect(text).not.toContain(n);
    for (const h of hidden) expect(text).not.toContain(h.ref);
    expect(text).not.toContain("TEKS-RAHASIA-UNIK-UJI");
    expect(text).not.toContain("CATATAN-INTERNAL-UJI");
  });

  it("answers 400 to unknown filters", async () => {
    expect((await run(geoRoute.loader, makeRequest("/exports/complaints.geojson?layer=units"))).status).toBe(400);
  });
});
