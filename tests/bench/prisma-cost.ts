import os from "node:os";
import Database from "better-sqlite3";
import { PALEMBANG_BBOX } from "../../app/lib/codes";
import { type Config, runWhenMain } from "./lib/config";
import { copyDb, ensureBenchDb, removeDb } from "./lib/data";
import { floorQueries } from "./lib/floor-queries";
import { fmt, saveSection, table } from "./lib/results";
import { BENCH_SESSION_SECRET } from "./lib/server";
import { readTargets, UNIT_HEAD } from "./lib/targets";

// Prisma cost: for each hot read, the time per call of the model function the route calls (Prisma,
// with its result mapping) next to the same rows fetched by one prepared better-sqlite3 statement (the
// floor's SQL). Sequential calls, in this process, on a copy of the bench database. Where the model
// costs more than 3x the raw statement on a hot path, it should use a typed raw query (ADR 0006).
// `npx tsx tests/bench/prisma-cost.ts [--smoke]`.

export type CostRow = {
  key: string;
  label: string;
  status: string;
  prismaMs: number | null;
  rawMs: number | null;
  ratio: number | null;
  rows: { prisma: number | null; raw: number | null };
  over3x: boolean | null;
};

async function timePerCall(fn: () => unknown | Promise<unknown>, iterations: number, budgetMs: number): Promise<number> {
  for (let i = 0; i < Math.min(5, iterations); i++) await fn();
  const started = performance.now();
  let n = 0;
  while (n < iterations && (n < 3 || performance.now() - started < budgetMs)) {
    await fn();
    n++;
  }
  return (performance.now() - started) / n;
}

function count(result: unknown): number | null {
  if (Array.isArray(result)) return result.length;
  if (result && typeof result === "object") {
    const r = result as Record<string, unknown>;
    for (const key of ["items", "complaints", "features", "rows", "units"]) if (Array.isArray(r[key])) return (r[key] as unknown[]).length;
  }
  return null;
}

export async function runPrismaCost(config: Config): Promise<{ rows: CostRow[]; note?: string }> {
  const load = os.loadavg();
  console.log(`\n== Prisma cost (time per call, sequential, model function vs one prepared statement) ==`);
  const data = ensureBenchDb(config.complaints);
  if (!data.ok) {
    console.log(`  skipped: ${data.reason}`);
    saveSection(config, "prismaCost", "npm run bench (tests/bench/prisma-cost.ts)", { rows: [], note: data.reason }, load);
    return { rows: [], note: data.reason };
  }
  const copy = copyDb(data.file, "prisma");
  // The app's modules read their environment when first imported.
  Object.assign(process.env, { NODE_ENV: "production", PUBLIC_URL: "http://localhost", DATABASE_URL: `file:${copy}`, SESSION_SECRET: BENCH_SESSION_SECRET, TINDAK_QUIET: "1", SLOW_QUERY_MS: "100000" });
  const sqlite = new Database(copy, { readonly: true });
  const raw = floorQueries(sqlite);
  const targets = Object.fromEntries(readTargets(copy).map((t) => [t.key, t]));
  const code = new URLSearchParams(targets.open311!.path.split("?")[1]).get("service_code")!;
  const kecParams = new URLSearchParams(targets.mapKecamatan!.path.split("?")[1]);
  const kecBbox = kecParams.get("bbox")!.split(",").map(Number) as [number, number, number, number];
  const city: [number, number, number, number] = [PALEMBANG_BBOX.minLng, PALEMBANG_BBOX.minLat, PALEMBANG_BBOX.maxLng, PALEMBANG_BBOX.maxLat];
  const rows: CostRow[] = [];
  const budgetMs = config.smoke ? 200 : 3000;
  try {
    const { db } = await import("../../app/lib/db.server");
    const head = await db.user.findUnique({ where: { email: UNIT_HEAD }, select: { id: true, role: true, unitId: true } });
    type Case = { key: string; label: string; prisma: () => Promise<unknown>; raw: () => unknown };
    const cases: Case[] = [];
    const add = async (key: string, label: string, make: () => Promise<Omit<Case, "key" | "label">>) => {
      try {
        cases.push({ key, label, ...(await make()) });
      } catch (error) {
        rows.push({ key, label, status: `model missing (${(error as Error).message.split("\n")[0]})`, prismaMs: null, rawMs: null, ratio: null, rows: { prisma: null, raw: null }, over3x: null });
      }
    };
    await add("open311", `Open311 requests, open, ${code}: findServiceRequests`, async () => {
      const m = await import("../../app/models/open311.server");
      const params = new URLSearchParams({ status: "open", service_code: code });
      return { prisma: () => m.findServiceRequests(params, "http://localhost"), raw: () => raw.open311(code) };
    });
    await add("mapCity", "Map, whole city zoom 11 (cache cleared each call): getMapData", async () => {
      const m = await import("../../app/models/map.server");
      const parsed = m.parseMapQuery(new URLSearchParams(targets.mapCity!.path.split("?")[1]));
      if (!parsed.ok) throw new Error("map query did not parse");
      return {
        prisma: () => {
          m.clearMapCache();
          return m.getMapData(parsed.query, null);
        },
        raw: () => raw.map(city, 11),
      };
    });
    await add("mapKecamatan", "Map, one kecamatan zoom 15 (cache cleared each call): getMapData", async () => {
      const m = await import("../../app/models/map.server");
      const parsed = m.parseMapQuery(kecParams);
      if (!parsed.ok) throw new Error("map query did not parse");
      return {
        prisma: () => {
          m.clearMapCache();
          return m.getMapData(parsed.query, null);
        },
        raw: () => raw.map(kecBbox, 15, kecParams.get("kecamatan")),
      };
    });
    await add("followUps", "Unit head inbox: listFollowUps", async () => {
      if (!head) throw new Error(`${UNIT_HEAD} is not in the bench database`);
      const m = await import("../../app/models/follow-up/inbox.server");
      return { prisma: () => m.listFollowUps(head as never, {}), raw: () => raw.inbox(head.unitId ?? 0) };
    });
    await add("session", "Session lookup per signed-in request: getSessionUser", async () => {
      if (!head) throw new Error(`${UNIT_HEAD} is not in the bench database`);
      const s = await import("../../app/lib/session.server");
      const setCookie = await s.createSession(head.id, new Request("http://localhost/"));
      const cookie = setCookie.split(";")[0]!;
      const lookup = sqlite.prepare(
        `SELECT u.id, u.email, u.name, u.role, u.unitId, u.locale FROM "Session" s JOIN "User" u ON u.id = s.userId WHERE s.id = ? AND s.expiresAt > ? AND u.disabledAt IS NULL`,
      );
      // The stored id (a hash of the cookie's secret) of the session just made.
      const id = (sqlite.prepare(`SELECT id FROM "Session" WHERE userId = ? ORDER BY createdAt DESC LIMIT 1`).get(head.id) as { id: string }).id;
      return { prisma: () => s.getSessionUser(new Request("http://localhost/", { headers: { Cookie: cookie } })), raw: () => lookup.get(id, Date.now()) };
    });
    await add("complaints1", "Public complaint list page 1: listPublicComplaints", async () => {
      const m = await import("../../app/models/complaint/public-list.server");
      return { prisma: () => m.listPublicComplaints({ page: 1 }), raw: () => raw.list(1) };
    });
    await add("complaints200", "Public complaint list page 200: listPublicComplaints", async () => {
      const m = await import("../../app/models/complaint/public-list.server");
      return { prisma: () => m.listPublicComplaints({ page: 200 }), raw: () => raw.list(200) };
    });
    for (const c of cases) {
      try {
        const sampleP = await c.prisma();
        const sampleR = c.raw();
        const prismaMs = await timePerCall(c.prisma, config.prismaIterations, budgetMs);
        const rawMs = await timePerCall(c.raw, config.prismaIterations, budgetMs);
        const ratio = rawMs > 0 ? prismaMs / rawMs : null;
        const rawCount = sampleR && typeof sampleR === "object" && "rows" in (sampleR as object) ? count((sampleR as { rows: unknown }).rows) : count(sampleR);
        rows.push({ key: c.key, label: c.label, status: "ok", prismaMs, rawMs, ratio, rows: { prisma: count(sampleP), raw: rawCount }, over3x: ratio !== null ? ratio > 3 : null });
        console.log(`  ${c.label}: model ${fmt.ms(prismaMs)}, raw ${fmt.ms(rawMs)}, ${fmt.ratio(ratio)}`);
      } catch (error) {
        rows.push({ key: c.key, label: c.label, status: `failed: ${(error as Error).message.split("\n")[0]}`, prismaMs: null, rawMs: null, ratio: null, rows: { prisma: null, raw: null }, over3x: null });
        console.log(`  ${c.label}: failed: ${(error as Error).message.split("\n")[0]}`);
      }
    }
    await db.$disconnect();
  } finally {
    sqlite.close();
    removeDb(copy);
  }
  console.log(
    "\n" +
      table(
        ["query", "model (Prisma)", "raw prepared", "ratio", "rows", "> 3x"],
        rows.map((r) => [r.label, r.status === "ok" ? fmt.ms(r.prismaMs) : r.status, fmt.ms(r.rawMs), fmt.ratio(r.ratio), `${r.rows.prisma ?? "–"} / ${r.rows.raw ?? "–"}`, r.over3x === null ? "–" : r.over3x ? "YES" : "no"]),
      ),
  );
  saveSection(config, "prismaCost", "npm run bench (tests/bench/prisma-cost.ts)", { rows }, load);
  return { rows };
}

runWhenMain(import.meta.url, runPrismaCost);
