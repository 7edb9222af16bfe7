import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { loader as dataLoader } from "~/routes/map.data[.]json";
import { loader as pageLoader } from "~/routes/map";
import type { MapData, MapFeature, PointProperties } from "~/models/map.server";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";

// GET /map/data.json through its real loader against the seeded copy, plus a few records of our own
// (a confidential complaint, an extortion complaint and finding, an overdue follow-up) placed apart
// from the demo data at the north-west edge of the city, so each can be found by its id.

const WORLD = "-180,-90,180,90";
const SPOT = { lat: -2.8123, lng: 104.6123 };
const NEAR = `${SPOT.lng - 0.001},${SPOT.lat - 0.001},${SPOT.lng + 0.001},${SPOT.lat + 0.001}`;

let inspector: string;
let headSu2: string;
let admin: string;
const ids = { publicComplaint: 0, confidential: 0, extortion: 0, extortionFinding: 0, plainFinding: 0, draftFinding: 0, unitId: 0 };

async function getData(query: string, cookie?: string): Promise<{ status: number; body: MapData & { error?: string; issues?: unknown[] } }> {
  const res = await run(dataLoader as never, makeRequest(`/map/data.json?${query}`, { cookie }));
  return { status: res.status, body: await res.json() };
}

function points(data: MapData, layer?: string): PointProperties[] {
  return data.features
    .map((f: MapFeature) => f.properties)
    .filter((p): p is PointProperties => !p.cluster && (!layer || p.layer === layer));
}

/** Clusters' point_count plus single points, per layer: what the map claims to show. */
function shown(data: MapData, layer: string): number {
  let n = 0;
  for (const f of data.features) {
    if (f.properties.layer !== layer) continue;
    n += f.properties.cluster ? f.properties.point_count : 1;
  }
  return n;
}

async function sqlCount(query: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>(query);
  return Number(rows[0]!.n);
}

const PUBLIC_COMPLAINTS = `SELECT COUNT(*) AS n FROM "Complaint" WHERE lat IS NOT NULL AND lng IS NOT NULL AND privacy <> 'confidential' AND category <> 'EXTORTION'`;
const ALL_COMPLAINTS = `SELECT COUNT(*) AS n FROM "Complaint" WHERE lat IS NOT NULL AND lng IS NOT NULL`;
const FINDINGS = (extra = "") => `SELECT COUNT(*) AS n FROM "Finding" f JOIN "Inspection" i ON i.id = f.inspectionId JOIN "Unit" u ON u.id = f.unitId
  WHERE f.deletedAt IS NULL AND i.status = 'SUBMITTED' AND COALESCE(f.lat, u.lat) IS NOT NULL AND COALESCE(f.lng, u.lng) IS NOT NULL ${extra}`;
const UNITS = `SELECT COUNT(*) AS n FROM "Unit" WHERE active = 1 AND lat IS NOT NULL AND lng IS NOT NULL`;

beforeAll(async () => {
  [inspector, headSu2, admin] = await Promise.all([cookieFor(DEMO.inspector), cookieFor(DEMO.headSu2), cookieFor(DEMO.admin)]);
  const unit = await db.unit.findFirstOrThrow({ where: { name: "UPT Dukcapil Seberang Ulu Dua" } });
  ids.unitId = unit.id;
  const inspectorUser = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });
  const base = { unitId: unit.id, description: "Uji peta: pengaduan di titik uji.", lat: SPOT.lat, lng: SPOT.lng, status: "SENT" };
  const mk = (ref: string, category: string, privacy: string) =>
    db.complaint.create({ data: { ...base, ref, trackingHash: `map-test-${ref}`, category, privacy }, select: { id: true } });
  ids.publicComplaint = (await mk("ADU-2026-990001", "FACILITY", "public")).id;
  ids.confidential = (await mk("ADU-2026-990002", "SERVICE_QUALITY", "confidential")).id;
  ids.extortion = (await mk("ADU-2026-990003", "EXTORTION", "confidential")).id;
  // An overdue follow-up on the public complaint: still OPEN, deadline yesterday.
  const past = new Date(Date.now() - 24 * 3600_000);
  await db.followUp.create({
    data: {
      sourceType: "COMPLAINT",
      complaintId: ids.publicComplaint,
      unitId: unit.id,
      instruction: "Perbaiki fasilitas",
      category: "FACILITY",
      state: "OPEN",
      ackDueAt: past,
      dueAt: past,
      originalDueAt: past,
      createdById: inspectorUser.id,
    },
  });
  const inspection = await db.inspection.create({
    data: { unitId: unit.id, inspectorId: inspectorUser.id, startedAt: new Date(), status: "SUBMITTED", submittedAt: new Date() },
  });
  const draft = await db.inspection.create({ data: { unitId: unit.id, inspectorId: inspectorUser.id, startedAt: new Date(), status: "DRAFT" } });
  const finding = (inspectionId: number, category: string) =>
    db.finding.create({
      data: { inspectionId, unitId: unit.id, category, severity: "HIGH", description: "Uji peta", lat: SPOT.lat, lng: SPOT.lng },
      select: { id: true },
    });
  ids.extortionFinding = (await finding(inspection.id, "EXTORTION")).id;
  ids.plainFinding = (await finding(inspection.id, "STAFF_ABSENCE")).id;
  ids.draftFinding = (await finding(draft.id, "FACILITY")).id;
});

describe("GET /map/data.json", () => {
  it("is a GeoJSON FeatureCollection whose clusters and points add up to the matching records, at every zoom", async () => {
    const expected = {
      public: { complaints: await sqlCount(PUBLIC_COMPLAINTS), findings: await sqlCount(FINDINGS(`AND f.category <> 'EXTORTION'`)), units: await sqlCount(UNITS) },
      staff: { complaints: await sqlCount(ALL_COMPLAINTS), findings: await sqlCount(FINDINGS()), units: await sqlCount(UNITS) },
    };
    expect(expected.public.complaints).toBeGreaterThan(10);
    expect(expected.staff.complaints).toBeGreaterThan(expected.public.complaints);
    for (const [who, cookie] of [["public", undefined], ["staff", inspector]] as const) {
      for (const zoom of [0, 8, 11, 13, 15, 18]) {
        const { status, body } = await getData(`bbox=${WORLD}&zoom=${zoom}`, cookie);
        expect(status).toBe(200);
        expect(body.type).toBe("FeatureCollection");
        for (const layer of ["complaints", "findings", "units"] as const) {
          expect(shown(body, layer), `${who} ${layer} at zoom ${zoom}`).toBe(expected[who][layer]);
          expect(body.totals[layer]).toBe(expected[who][layer]);
        }
        if (zoom <= 11) expect(body.features.some((f) => f.properties.cluster)).toBe(true);
      }
    }
  });

  it("clusters carry cluster=true, point_count and a zoom that splits them", async () => {
    const { body } = await getData(`bbox=${WORLD}&zoom=10&layer=complaints`);
    const clusters = body.features.filter((f) => f.properties.cluster);
    expect(clusters.length).toBeGreaterThan(0);
    for (const c of clusters) {
      if (!c.properties.cluster) continue;
      expect(c.properties.point_count).toBeGreaterThan(1);
      expect(c.properties.expansion_zoom).toBeGreaterThan(10);
      expect(c.geometry.type).toBe("Point");
    }
  });

  it("returns only what lies in the bbox", async () => {
    // Above the clustering zoom every record is its own point, so the bbox count is exact.
    const { body } = await getData(`bbox=${NEAR}&zoom=18&layer=complaints`, inspector);
    const got = points(body, "complaints");
    const expected = await sqlCount(
      `${ALL_COMPLAINTS} AND lat BETWEEN ${SPOT.lat - 0.001} AND ${SPOT.lat + 0.001} AND lng BETWEEN ${SPOT.lng - 0.001} AND ${SPOT.lng + 0.001}`,
    );
    expect(got.length).toBe(expected);
    expect(got.map((p) => p.id)).toContain(ids.publicComplaint);
    for (const f of body.features) {
      const [lng, lat] = f.geometry.coordinates as [number, number];
      expect(Math.abs(lat - SPOT.lat)).toBeLessThanOrEqual(0.001);
      expect(Math.abs(lng - SPOT.lng)).toBeLessThanOrEqual(0.001);
    }
    // A bbox elsewhere in the city does not contain our spot.
    const far = await getData(`bbox=104.75,-3.0,104.80,-2.95&zoom=18&layer=complaints`, inspector);
    expect(points(far.body).map((p) => p.id)).not.toContain(ids.publicComplaint);
  });

  it("never gives confidential complaints or extortion findings to the public or a unit head; inspectors and admins get them", async () => {
    for (const cookie of [undefined, headSu2]) {
      const { body } = await getData(`bbox=${NEAR}&zoom=20`, cookie);
      const complaintIds = points(body, "complaints").map((p) => p.id);
      const findingIds = points(body, "findings").map((p) => p.id);
      expect(complaintIds).toContain(ids.publicComplaint);
      expect(complaintIds).not.toContain(ids.confidential);
      expect(complaintIds).not.toContain(ids.extortion);
      expect(findingIds).toContain(ids.plainFinding);
      expect(findingIds).not.toContain(ids.extortionFinding);
      expect(JSON.stringify(body)).not.toContain("EXTORTION");
      expect(JSON.stringify(body)).not.toContain("ADU-2026-990002");
      // Asking for the category by name does not open it either.
      const asked = await getData(`bbox=${WORLD}&zoom=0&category=EXTORTION`, cookie);
      expect(asked.body.totals.complaints).toBe(0);
      expect(asked.body.totals.findings).toBe(0);
    }
    for (const cookie of [inspector, admin]) {
      const { body } = await getData(`bbox=${NEAR}&zoom=20`, cookie);
      const complaintIds = points(body, "complaints").map((p) => p.id);
      expect(complaintIds).toEqual(expect.arrayContaining([ids.publicComplaint, ids.confidential, ids.extortion]));
      expect(points(body, "findings").map((p) => p.id)).toContain(ids.extortionFinding);
      // Staff follow the link to the triage view, which opens confidential complaints too.
      expect(points(body, "complaints").find((p) => p.id === ids.confidential)!.href).toBe(`/triage/${ids.confidential}`);
    }
  });

  it("shows findings of submitted inspections only, with a link the viewer may open", async () => {
    const pub = await getData(`bbox=${NEAR}&zoom=20&layer=findings`);
    const findingIds = points(pub.body).map((p) => p.id);
    expect(findingIds).not.toContain(ids.draftFinding);
    expect(points(pub.body).find((p) => p.id === ids.plainFinding)!.href).toBe(`/units/${ids.unitId}`);
    const staff = await getData(`bbox=${NEAR}&zoom=20&layer=findings`, inspector);
    expect(points(staff.body).find((p) => p.id === ids.plainFinding)!.href).toMatch(/^\/inspections\/\d+$/);
  });

  it("applies the filters", async () => {
    const cat = await getData(`bbox=${WORLD}&zoom=18&layer=complaints&category=FACILITY`);
    expect(points(cat.body).length).toBeGreaterThan(0);
    expect(points(cat.body).every((p) => p.category === "FACILITY")).toBe(true);
    expect(cat.body.totals.complaints).toBe(await sqlCount(`${PUBLIC_COMPLAINTS} AND category = 'FACILITY'`));

    const overdue = await getData(`bbox=${WORLD}&zoom=18&layer=complaints&overdue=1`);
    expect(points(overdue.body).every((p) => p.state === "overdue")).toBe(true);
    expect(points(overdue.body).map((p) => p.id)).toContain(ids.publicComplaint);
    const byState = await getData(`bbox=${WORLD}&zoom=18&layer=complaints&status=OVERDUE`);
    expect(byState.body.totals.complaints).toBe(overdue.body.totals.complaints);

    const closed = await getData(`bbox=${WORLD}&zoom=18&layer=complaints&status=CLOSED`);
    expect(points(closed.body).every((p) => p.detail === "CLOSED" && p.state === "done")).toBe(true);
    expect(closed.body.totals.complaints).toBe(await sqlCount(`${PUBLIC_COMPLAINTS} AND status = 'CLOSED'`));

    const unit = await getData(`bbox=${WORLD}&zoom=18&unitId=${ids.unitId}`);
    expect(points(unit.body).every((p) => p.unitId === ids.unitId)).toBe(true);
    expect(points(unit.body, "units").map((p) => p.id)).toEqual([ids.unitId]);

    const kec = (await db.unit.findUniqueOrThrow({ where: { id: ids.unitId } })).kecamatanCode;
    const inKec = await getData(`bbox=${WORLD}&zoom=18&layer=complaints&kecamatan=${kec}`);
    expect(inKec.body.totals.complaints).toBe(
      await sqlCount(`${PUBLIC_COMPLAINTS} AND unitId IN (SELECT id FROM "Unit" WHERE kecamatanCode = '${kec}')`),
    );

    // Our records were made today: a range that ends last year leaves them out.
    const old = await getData(`bbox=${NEAR}&zoom=20&layer=complaints&from=2020-01-01&to=2020-12-31`);
    expect(points(old.body).map((p) => p.id)).not.toContain(ids.publicComplaint);
    const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
    const recent = await getData(`bbox=${NEAR}&zoom=20&layer=complaints&from=${today}&to=${today}`);
    expect(points(recent.body).map((p) => p.id)).toContain(ids.publicComplaint);

    const layers = await getData(`bbox=${WORLD}&zoom=5&layer=units`);
    expect(Object.keys(layers.body.totals)).toEqual(["units"]);
    expect(layers.body.features.every((f) => f.properties.layer === "units")).toBe(true);
  });

  it("sees a new record at once: a write invalidates the cached index", async () => {
    const before = (await getData(`bbox=${WORLD}&zoom=3&layer=complaints`)).body.totals.complaints!;
    await db.complaint.create({
      data: {
        ref: "ADU-2026-990009",
        trackingHash: "map-test-new",
        unitId: ids.unitId,
        category: "OTHER",
        privacy: "anonymous",
        description: "Uji peta: pengaduan baru.",
        lat: SPOT.lat,
        lng: SPOT.lng,
      },
    });
    const after = (await getData(`bbox=${WORLD}&zoom=3&layer=complaints`)).body.totals.complaints!;
    expect(after).toBe(before + 1);
  });

  it.each([
    ["bbox with three numbers", "bbox=104.6,-3.1,104.9", "bbox"],
    ["bbox with five numbers", "bbox=1,2,3,4,5", "bbox"],
    ["latitude above 90", "bbox=104.6,-3.1,104.9,91", "bbox"],
    ["latitude below -90", "bbox=104.6,-95,104.9,-2.8", "bbox"],
    ["longitude beyond 180", "bbox=-190,-3,104.9,-2.8", "bbox"],
    ["min above max", "bbox=104.9,-3.1,104.6,-2.8", "bbox"],
    ["bbox as text", "bbox=a,b,c,d", "bbox"],
    ["zoom 40", "zoom=40", "zoom"],
    ["zoom as text", "zoom=abc", "zoom"],
    ["zoom as a fraction", "zoom=11.5", "zoom"],
    ["an unknown category", "category=NOPE", "category"],
    ["an unknown state", "status=LOST", "status"],
    ["an unknown layer", "layer=units,roads", "layer"],
    ["a unit id as text", "unitId=abc", "unitId"],
    ["a bad date", "from=2026-02-30", "from"],
    ["from after to", "from=2026-05-01&to=2026-04-01", "from"],
  ])("answers 400 with an error body for %s", async (_name, query, param) => {
    const res = await run(dataLoader as never, makeRequest(`/map/data.json?${query}`));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: { param: string; message: string }[] };
    expect(body.error).toBeTruthy();
    expect(body.issues.map((i) => i.param)).toContain(param);
  });
});

describe("GET /map without JavaScript", () => {
  it("lists the same filtered records, paginated, with links", async () => {
    const res = await run(pageLoader as never, makeRequest(`/map?layer=complaints&category=FACILITY`));
    expect(res.status).toBe(200);
    const data = (await res.json()) as { list: { items: PointProperties[]; total: number; pages: number } };
    expect(data.list.total).toBe(await sqlCount(`${PUBLIC_COMPLAINTS} AND category = 'FACILITY'`));
    expect(data.list.items.length).toBe(Math.min(50, data.list.total));
    expect(data.list.items.every((p) => p.category === "FACILITY" && p.href.startsWith("/complaints/"))).toBe(true);
    if (data.list.pages > 1) {
      const page2 = (await (await run(pageLoader as never, makeRequest(`/map?layer=complaints&category=FACILITY&page=2`))).json()) as typeof data;
      expect(page2.list.items[0]!.id).not.toBe(data.list.items[0]!.id);
    }
    // The list follows the same access rule as the map.
    for (const [cookie, sees] of [[undefined, false], [headSu2, false], [inspector, true]] as const) {
      const near = (await (await run(pageLoader as never, makeRequest(`/map?bbox=${NEAR}`, { cookie }))).json()) as typeof data;
      const listed = near.list.items.map((p) => `${p.layer}:${p.id}`);
      expect(listed).toContain(`complaints:${ids.publicComplaint}`);
      expect(listed.includes(`complaints:${ids.confidential}`)).toBe(sees);
      expect(listed.includes(`complaints:${ids.extortion}`)).toBe(sees);
      expect(listed.includes(`findings:${ids.extortionFinding}`)).toBe(sees);
    }
    const bad = await run(pageLoader as never, makeRequest(`/map?zoom=40`));
    expect(bad.status).toBe(400);
  });
});
