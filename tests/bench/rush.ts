import os from "node:os";
import { type Config, runWhenMain } from "./lib/config";
import { copyDb, ensureBenchDb, liftApiKeyQuotas, removeDb } from "./lib/data";
import { measure, type LoadResult } from "./lib/load";
import { cacheAnswersText, fmt, saveSection, table } from "./lib/results";
import { ensureProductionBuild, startTindak, waitUntilIdle, type Running } from "./lib/server";
import { activeUnitIds, open311Filing } from "./write";

// Reads during a rush of filings (issue 17): a news story sends residents to /dashboard and /complaints
// while others file. Every complaint filed is a new data version, so the cached pages are rebuilt after
// each one, and what the rebuild costs falls on every request of the process. Each page is measured at
// the largest growth size, first with no writes (the floor of this benchmark: the same server, the
// same page), then while complaints are filed through Open311 at RUSH_WRITES_PER_SECOND (default 1), or
// by clients filing back to back (a flood: as fast as the server answers them, its workers taking turns
// at SQLite's write lock). `npx tsx tests/bench/rush.ts [--smoke]`.

export type RushRow = { key: string; label: string; quiet: LoadResult; rush: LoadResult; filed: number; refused: number };
export type RushResult = { complaints: number; status: string; writesPerSecond: number; rows: RushRow[] };

/**
 * `alongside`: a page four other visitors read in a loop meanwhile (its rebuilds must not hold up this one).
 * `flood`: that many clients file back to back instead of the steady rate.
 */
const PAGES: { key: string; label: string; path: string; alongside?: string; flood?: number }[] = [
  { key: "dashboard", label: "GET /dashboard (HTML)", path: "/dashboard" },
  { key: "complaints", label: "GET /complaints (HTML), 4 visitors reading /dashboard meanwhile", path: "/complaints", alongside: "/dashboard" },
  { key: "complaints-flood", label: "GET /complaints (HTML), 16 clients filing back to back meanwhile", path: "/complaints", flood: 16 },
];

/** Four visitors reading `url` one request after another until stopped. */
function startVisitors(url: string, headers: Record<string, string>) {
  let stop = false;
  const visitor = async () => {
    // A failed read is the measured run's finding, not this visitor's: it reads on.
    while (!stop) await fetch(url, { headers }).then((res) => res.arrayBuffer()).catch(() => undefined);
  };
  const running = Promise.all([visitor(), visitor(), visitor(), visitor()]);
  return async () => {
    stop = true;
    await running;
  };
}

/** Numbers each complaint of the run: the same text filed twice is taken as a duplicate, not a new complaint. */
let filingNumber = 0;

/**
 * Files complaints through Open311 until stopped, at `perSecond` or, with `flood`, from that many clients
 * each filing again as soon as answered; counts what was acknowledged and refused.
 */
function startFiling(base: string, units: number[], perSecond: number, flood?: number) {
  let filed = 0;
  let refused = 0;
  const inFlight = new Set<Promise<void>>();
  const fileOne = async () => {
    const res = await fetch(`${base}/open311/v2/requests.json`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: open311Filing(units, filingNumber++),
    });
    await res.arrayBuffer();
    if (res.status < 300) filed++;
    else refused++;
  };
  const tick = () => {
    const p = fileOne().catch(() => void refused++);
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  let stop = false;
  const client = async () => {
    while (!stop) await fileOne().catch(() => void refused++);
  };
  const clients = flood ? Array.from({ length: flood }, client) : [];
  if (!flood) tick();
  const timer = flood ? undefined : setInterval(tick, 1000 / perSecond);
  return async () => {
    stop = true;
    clearInterval(timer);
    await Promise.all([...inFlight, ...clients]);
    return { filed, refused };
  };
}

export async function runRush(config: Config): Promise<RushResult> {
  const load = os.loadavg();
  const complaints = Math.max(...config.growthSizes);
  const writesPerSecond = Number(process.env.RUSH_WRITES_PER_SECOND ?? 1);
  console.log(`\n== Reads during a rush of filings (${complaints.toLocaleString("en-US")} complaints, ${config.connections} connections, ${config.duration} s each; ${writesPerSecond} complaint/s through Open311, or a flood) ==`);
  const data = ensureBenchDb(complaints);
  if (!data.ok) {
    console.log(`  skipped: ${data.reason}`);
    const result: RushResult = { complaints, status: data.reason, writesPerSecond, rows: [] };
    saveSection(config, "rush", "npm run bench (tests/bench/rush.ts)", result, load);
    return result;
  }
  const buildDir = ensureProductionBuild();
  const copy = copyDb(data.file, "rush");
  liftApiKeyQuotas(copy);
  const units = activeUnitIds(copy);
  let server: Running | null = null;
  const rows: RushRow[] = [];
  try {
    server = await startTindak(copy, buildDir);
    await waitUntilIdle(server.process.pid!);
    const headers = { "Accept-Encoding": "gzip" };
    for (const page of PAGES) {
      const url = `${server.url}${page.path}`;
      // The first request builds what the page shows; it is not what is compared.
      await (await fetch(url, { headers })).arrayBuffer();
      await waitUntilIdle(server.process.pid!);
      const run = async (filing: boolean) => {
        const stopVisitors = page.alongside ? startVisitors(`${server!.url}${page.alongside}`, headers) : async () => {};
        const stopFiling = filing ? startFiling(server!.url, units, writesPerSecond, page.flood) : async () => ({ filed: 0, refused: 0 });
        const result = await measure({ url, connections: config.connections, duration: config.duration, warmup: 0, headers, countCacheAnswers: true });
        const counts = await stopFiling();
        await stopVisitors();
        await waitUntilIdle(server!.process.pid!);
        return { result, ...counts };
      };
      const { result: quiet } = await run(false);
      const { result: rush, filed, refused } = await run(true);
      rows.push({ key: page.key, label: page.label, quiet, rush, filed, refused });
      console.log(
        `  ${page.label}: no writes ${fmt.n(quiet.rps)} req/s p50 ${quiet.p50} ms p99 ${quiet.p99} ms | ` +
          `filing ${fmt.n(rush.rps)} req/s p50 ${rush.p50} ms p99 ${rush.p99} ms (non-2xx ${rush.non2xx}, errors ${rush.errors}); filed ${filed}, refused ${refused}; ` +
          `answers ${cacheAnswersText(rush.cacheAnswers)}`,
      );
    }
  } finally {
    await server?.stop();
    removeDb(copy);
  }
  console.log(
    "\n" +
      table(
        ["page", "req/s quiet", "p99 quiet", "req/s filing", "p99 filing", "filed"],
        rows.map((r) => [r.label, fmt.n(r.quiet.rps), `${r.quiet.p99} ms`, fmt.n(r.rush.rps), `${r.rush.p99} ms`, r.filed]),
      ),
  );
  const result: RushResult = { complaints, status: "ok", writesPerSecond, rows };
  saveSection(config, "rush", "npm run bench (tests/bench/rush.ts)", result, load);
  return result;
}

runWhenMain(import.meta.url, runRush);
