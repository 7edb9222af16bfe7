import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { DATA_DIR, type Config, runWhenMain } from "./lib/config";
import { copyDb, ensureBenchDb, removeDb } from "./lib/data";
import { fastestRound, measure, type LoadResult } from "./lib/load";
import { fmt, saveSection, table } from "./lib/results";
import { ensureProductionBuild, startTindak, treeCpuSeconds, waitUntilIdle, type Running } from "./lib/server";
import { PALEMBANG_BBOX } from "../../app/lib/codes";

// Cached public reads (issue 17, ADR 0030): anonymous GETs answered by the response cache, next to a
// bare node:http server returning the same bytes from memory (tests/bench/memory-floor-server.ts), same
// run, same request headers (gzip accepted, as browsers do). `npx tsx tests/bench/cache.ts [--smoke]`.

/**
 * `cpuUsPerAnswer`: each server's CPU time (all its processes) per answer in the round kept, in µs. On
 * cached reads the load generator, sharing the two cores, is often the bottleneck (about a whole core):
 * then req/s say more about it than about the server, and this figure is the server's own cost.
 */
export type CacheRow = { label: string; path: string; bytes: number; cache: string | null; tindak: LoadResult; floor: LoadResult; ratio: number | null; cpuUsPerAnswer?: { tindak: number | null; floor: number | null }; budgetMet: boolean; budgetNote: string | null };
export type CacheResult = { database: { complaints: number } | null; rows: CacheRow[]; note?: string };

/** Issue 17's budget for cached public reads. */
export const CACHE_BUDGET = { minFloorRatio: 0.5, maxP99: 50 };
const HEADERS = { "accept-encoding": "gzip" };

function targets(): Array<{ label: string; path: string }> {
  const city = `${PALEMBANG_BBOX.minLng},${PALEMBANG_BBOX.minLat},${PALEMBANG_BBOX.maxLng},${PALEMBANG_BBOX.maxLat}`;
  return [
    { label: "GET / (HTML)", path: "/" },
    { label: "GET /complaints (HTML)", path: "/complaints" },
    { label: "GET /dashboard (HTML)", path: "/dashboard" },
    { label: "GET /map/data.json whole city, zoom 11", path: `/map/data.json?bbox=${city}&zoom=11&layer=complaints` },
    { label: "GET /open311/v2/requests.json", path: "/open311/v2/requests.json" },
  ];
}

/** One GET as the wire carries it: status, headers and the raw (compressed) bytes. */
function rawGet(url: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: HEADERS }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      })
      .on("error", reject);
  });
}

function startMemoryFloor(snapshotFile: string): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("tests/bench/memory-floor-server.ts")], {
    env: { ...process.env, NODE_ENV: "production", FLOOR_SNAPSHOT: snapshotFile, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      const m = out.match(/listening on http:\/\/localhost:(\d+)/);
      if (m)
        resolve({
          url: `http://localhost:${m[1]}`,
          port: Number(m[1]),
          process: child,
          output: () => out,
          stop: () => new Promise<void>((done) => (child.exitCode !== null ? done() : (child.once("exit", () => done()), child.kill("SIGTERM")))),
        });
    });
    child.once("exit", (code) => reject(new Error(`memory floor exited with ${code}:\n${out}`)));
  });
}

export async function runCache(config: Config): Promise<CacheResult> {
  const load = os.loadavg();
  console.log(`\n== Cached public reads (${config.connections} connections, ${config.duration} s after ${config.warmup} s warm-up; Tindak next to the same bytes from memory) ==`);
  const data = ensureBenchDb(config.complaints);
  if (!data.ok) {
    console.log(`  skipped: ${data.reason}`);
    const result = { database: null, rows: [], note: data.reason };
    saveSection(config, "cache", "npm run bench (tests/bench/cache.ts)", result, load);
    return result;
  }
  const buildDir = ensureProductionBuild();
  const copy = copyDb(data.file, "cache");
  const snapshotFile = path.join(DATA_DIR, `cache-snapshot-${process.pid}.json`);
  let tindak: Running | null = null;
  let floor: Running | null = null;
  const rows: CacheRow[] = [];
  try {
    tindak = await startTindak(copy, buildDir);
    await waitUntilIdle(tindak.process.pid!);
    // Fill the cache, then take the bytes a hit sends as the floor's answers.
    const snapshot: Record<string, { status: number; headers: Record<string, string>; body: string }> = {};
    const seen: Record<string, string | null> = {};
    for (const t of targets()) {
      await rawGet(tindak.url + t.path);
      const hit = await rawGet(tindak.url + t.path);
      seen[t.path] = (hit.headers["x-cache"] as string | undefined) ?? null;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(hit.headers)) {
        if (value === undefined || ["date", "connection", "keep-alive", "transfer-encoding"].includes(name)) continue;
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      snapshot[t.path] = { status: hit.status, headers, body: hit.body.toString("base64") };
    }
    fs.mkdirSync(path.dirname(snapshotFile), { recursive: true });
    fs.writeFileSync(snapshotFile, JSON.stringify(snapshot));
    floor = await startMemoryFloor(snapshotFile);
    const common = { connections: config.connections, duration: config.duration, warmup: config.warmup, headers: HEADERS };
    for (const t of targets()) {
      const tindakRounds: Round[] = [];
      const floorRounds: Round[] = [];
      for (let round = 0; round < config.rounds; round++) {
        tindakRounds.push(await measureRound(tindak, { ...common, url: tindak.url + t.path }));
        floorRounds.push(await measureRound(floor, { ...common, url: floor.url + t.path }));
      }
      const tindakKept = fastestRound(tindakRounds, (r) => r.result);
      const floorKept = fastestRound(floorRounds, (r) => r.result);
      const [a, b] = [tindakKept.result, floorKept.result];
      const [tindakCpu, floorCpu] = [tindakKept.round.cpuUsPerAnswer, floorKept.round.cpuUsPerAnswer];
      const ratio = a.requests > 0 && b.requests > 0 ? a.rps / b.rps : null;
      const misses: string[] = [];
      if (seen[t.path] !== "HIT") misses.push(`not served from the cache (X-Cache: ${seen[t.path]})`);
      if (ratio === null || ratio < CACHE_BUDGET.minFloorRatio) misses.push(`${fmt.pct(ratio)} of the floor < ${fmt.pct(CACHE_BUDGET.minFloorRatio)}`);
      // A floor that misses the p99 too sends the same bytes from memory with nothing else to do: then the
      // bound is the load generator sharing the two cores with the server, and the note says so.
      if (a.p99 >= CACHE_BUDGET.maxP99)
        misses.push(`p99 ${a.p99} ms ≥ ${CACHE_BUDGET.maxP99} ms` + (b.p99 >= CACHE_BUDGET.maxP99 ? `, the memory floor's own p99 ${b.p99} ms` : ""));
      if (a.errors || a.non2xx) misses.push(`${a.errors} errors, ${a.non2xx} non-2xx`);
      const bytes = Buffer.from(snapshot[t.path]!.body, "base64").length;
      rows.push({ label: t.label, path: t.path, bytes, cache: seen[t.path]!, tindak: a, floor: b, ratio, cpuUsPerAnswer: { tindak: tindakCpu, floor: floorCpu }, budgetMet: misses.length === 0, budgetNote: misses.join("; ") || null });
      console.log(
        `  ${t.label} (${fmt.kb(bytes)} ${snapshot[t.path]!.headers["content-encoding"] ?? "identity"}, X-Cache ${seen[t.path]}): ` +
          `Tindak ${fmt.n(a.rps)} req/s p50 ${a.p50} ms p99 ${a.p99} ms | memory floor ${fmt.n(b.rps)} req/s p50 ${b.p50} ms p99 ${b.p99} ms | ratio ${fmt.pct(ratio)}` +
          ` | CPU per answer ${fmt.us(tindakCpu)} / ${fmt.us(floorCpu)}` +
          (a.non2xx || a.errors ? ` | ${a.errors} errors, ${a.non2xx} non-2xx` : ""),
      );
    }
  } finally {
    await tindak?.stop();
    await floor?.stop();
    removeDb(copy);
    fs.rmSync(snapshotFile, { force: true });
  }
  console.log(
    "\n" +
      table(
        ["benchmark", "Tindak req/s", "p50", "p99", "floor req/s", "p50", "p99", "Tindak/floor", "budget"],
        rows.map((r) => [r.label, fmt.n(r.tindak.rps), `${r.tindak.p50} ms`, `${r.tindak.p99} ms`, fmt.n(r.floor.rps), `${r.floor.p50} ms`, `${r.floor.p99} ms`, fmt.pct(r.ratio), r.budgetMet ? "met" : `NOT met (${r.budgetNote})`]),
      ),
  );
  const result = { database: { complaints: config.complaints }, rows };
  saveSection(config, "cache", "npm run bench (tests/bench/cache.ts)", result, load);
  return result;
}

type Round = { result: LoadResult; cpuUsPerAnswer: number | null };

/** One measured run of `server`, with the CPU time its processes spent per answer of it (from after the warm-up). */
async function measureRound(server: Running, options: Parameters<typeof measure>[0]): Promise<Round> {
  let before = 0;
  const result = await measure({ ...options, afterWarmup: () => void (before = treeCpuSeconds(server.process.pid!)) });
  // The measured run's answers and the one request that checks the server has drained after it.
  const answers = result.requests + 1;
  return { result, cpuUsPerAnswer: result.requests > 0 ? ((treeCpuSeconds(server.process.pid!) - before) * 1e6) / answers : null };
}

runWhenMain(import.meta.url, runCache);
