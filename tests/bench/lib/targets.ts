import Database from "better-sqlite3";
import { PALEMBANG_BBOX } from "../../../app/lib/codes";

// The read benchmarks: each URL on Tindak and the floor's URL for the same query.

export const UNIT_HEAD = "kepala.dukcapil-su2@demo.tindak.id";
export const INSPECTOR = "inspektur@demo.tindak.id";

export type Budget = { minFloorRatio?: number; maxP99?: number };

export type Target = {
  key: string;
  label: string;
  path: string;
  /** The floor server's URL for the same query; none where the floor has no such page (no ratio then). */
  floorPath?: string;
  /** sign in as this account first */
  as?: string;
  /** bypass the per-session response cache, so every request is rendered (the miss path) */
  rendered?: boolean;
  budget?: Budget;
};

/** Degrees of longitude per pixel of a 256-px-tile web map at `zoom`. */
const degPerPx = (zoom: number) => 360 / (256 * 2 ** zoom);

export function readTargets(dbFile: string): Target[] {
  const sqlite = new Database(dbFile, { readonly: true });
  try {
    // One fixed public service code, so the growth benchmark compares the same query at every size.
    const code = process.env.BENCH_SERVICE_CODE ?? "WAITING_TIME";
    // The kecamatan with the most complaints, and the centre of its complaints.
    const kec = sqlite
      .prepare(
        `SELECT u.kecamatanCode AS code, avg(c.lat) AS lat, avg(c.lng) AS lng FROM "Complaint" c JOIN "Unit" u ON u.id = c.unitId
         WHERE c.lat IS NOT NULL GROUP BY u.kecamatanCode ORDER BY count(*) DESC LIMIT 1`,
      )
      .get() as { code: string; lat: number; lng: number } | undefined;
    const city = `${PALEMBANG_BBOX.minLng},${PALEMBANG_BBOX.minLat},${PALEMBANG_BBOX.maxLng},${PALEMBANG_BBOX.maxLat}`;
    // A 1280 × 900 desktop viewport at zoom 15 around the kecamatan's centre.
    const halfW = (1280 / 2) * degPerPx(15);
    const halfH = (900 / 2) * degPerPx(15);
    const k = kec ?? { code: "16.71.01", lat: -2.99, lng: 104.76 };
    const kbox = [k.lng - halfW, k.lat - halfH, k.lng + halfW, k.lat + halfH].map((n) => n.toFixed(5)).join(",");
    const json = { minFloorRatio: 0.6, maxP99: 50 };
    const html = { maxP99: 100 };
    return [
      {
        key: "open311",
        label: `GET /open311/v2/requests.json?status=open&service_code=${code}`,
        path: `/open311/v2/requests.json?status=open&service_code=${code}`,
        floorPath: `/open311/v2/requests.json?status=open&service_code=${code}`,
        budget: json,
      },
      {
        key: "mapCity",
        label: "GET /map/data.json whole city, zoom 11",
        path: `/map/data.json?bbox=${city}&zoom=11&layer=complaints`,
        floorPath: `/map/data.json?bbox=${city}&zoom=11&layer=complaints`,
        budget: json,
      },
      {
        key: "mapKecamatan",
        label: `GET /map/data.json kecamatan ${k.code}, zoom 15`,
        path: `/map/data.json?bbox=${kbox}&zoom=15&layer=complaints&kecamatan=${k.code}`,
        floorPath: `/map/data.json?bbox=${kbox}&zoom=15&layer=complaints&kecamatan=${k.code}`,
        budget: json,
      },
      {
        key: "followUps",
        label: "GET /follow-ups (unit head, HTML), per-session cache",
        path: "/follow-ups",
        floorPath: `/follow-ups?as=${encodeURIComponent(UNIT_HEAD)}`,
        as: UNIT_HEAD,
        budget: html,
      },
      // The inspector's signed-in lists, 25 rows a page (issue 17): p99 under 100 ms at 32 connections.
      {
        key: "followUpsInspector",
        label: "GET /follow-ups (inspector, all units, HTML), per-session cache",
        path: "/follow-ups",
        floorPath: `/follow-ups?as=${encodeURIComponent(INSPECTOR)}`,
        as: INSPECTOR,
        budget: html,
      },
      { key: "triage", label: "GET /triage (inspector, HTML), per-session cache", path: "/triage", as: INSPECTOR, budget: html },
      { key: "inspections", label: "GET /inspections (inspector, HTML), per-session cache", path: "/inspections", as: INSPECTOR, budget: html },
      { key: "escalations", label: "GET /escalations (inspector, HTML), per-session cache", path: "/escalations", as: INSPECTOR, budget: html },
      // The same pages with the per-session cache bypassed: what each request costs after a write.
      ...[
        { key: "followUpsRendered", label: "GET /follow-ups (unit head, HTML), rendered each time", path: "/follow-ups", floorPath: `/follow-ups?as=${encodeURIComponent(UNIT_HEAD)}`, as: UNIT_HEAD },
        { key: "followUpsInspectorRendered", label: "GET /follow-ups (inspector, all units, HTML), rendered each time", path: "/follow-ups", floorPath: `/follow-ups?as=${encodeURIComponent(INSPECTOR)}`, as: INSPECTOR },
        { key: "inspectionsRendered", label: "GET /inspections (inspector, HTML), rendered each time", path: "/inspections", as: INSPECTOR },
      ].map((t) => ({ ...t, rendered: true, budget: html })),
      { key: "dashboard", label: "GET /dashboard (HTML)", path: "/dashboard", floorPath: "/dashboard", budget: html },
      { key: "complaints1", label: "GET /complaints page 1 (HTML)", path: "/complaints", floorPath: "/complaints" },
      { key: "complaints200", label: "GET /complaints?page=200 (HTML)", path: "/complaints?page=200", floorPath: "/complaints?page=200" },
    ];
  } finally {
    sqlite.close();
  }
}
