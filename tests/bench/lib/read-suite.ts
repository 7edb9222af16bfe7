import { fastestRound, measure, type LoadResult } from "./load";
import { login, startFloor, startTindak, waitUntilIdle, type Running } from "./server";
import { readTargets, type Target } from "./targets";
import { fmt, table } from "./results";
import { copyDb, removeDb } from "./data";

// Runs the read benchmarks against Tindak (and, when asked, the floor) on one bench database.

export type ReadRow = {
  key: string;
  label: string;
  /** "ok", or why it was not measured ("route missing", "login failed", …) */
  status: string;
  tindak: LoadResult | null;
  floor: LoadResult | null;
  /** Tindak requests/s ÷ floor requests/s */
  ratio: number | null;
  budget: Target["budget"] | null;
  budgetMet: boolean | null;
  budgetNote: string | null;
};

export type ReadSuiteOptions = {
  connections: number;
  duration: number;
  warmup: number;
  withFloor: boolean;
  /**
   * Before measuring a URL, send it a few requests at once (so every worker process has answered it)
   * and wait until the server's CPU is quiet: the growth benchmark compares a read's steady cost at each
   * size, not the one-off work a size's first request starts (the map's layer build in the worker thread
   * of each process, about 5 s of CPU each at 1M complaints). How long that took is logged.
   */
  settleFirst?: boolean;
  /** Tindak and the floor take turns this many times on each URL, each keeping its fastest round (Config.rounds); 1 if unset */
  rounds?: number;
  /** the server's environment on top of the bench defaults: DATABASE_URL of a PostgreSQL copy (tests/bench/postgres.ts) */
  env?: Record<string, string>;
  log?: (s: string) => void;
};

async function probe(url: string, headers: Record<string, string>): Promise<string> {
  try {
    const res = await fetch(url, { headers, redirect: "manual" });
    await res.arrayBuffer();
    if (res.status === 200) return "ok";
    if (res.status === 404) return "route missing (404)";
    if (res.status === 302 || res.status === 303) return `redirected to ${res.headers.get("location")} (not signed in?)`;
    return `probe answered ${res.status}`;
  } catch (error) {
    return `probe failed: ${(error as Error).message}`;
  }
}

function judge(t: Target, tindak: LoadResult | null, ratio: number | null): { met: boolean | null; note: string | null } {
  if (!t.budget || !tindak) return { met: null, note: null };
  if (!tindak.requests) return { met: false, note: "no request completed within the run" };
  const misses: string[] = [];
  if (t.budget.maxP99 !== undefined && tindak.p99 >= t.budget.maxP99) misses.push(`p99 ${tindak.p99} ms ≥ ${t.budget.maxP99} ms`);
  if (t.budget.minFloorRatio !== undefined && ratio !== null && ratio < t.budget.minFloorRatio)
    misses.push(`${fmt.pct(ratio)} of the floor < ${fmt.pct(t.budget.minFloorRatio)}`);
  if (tindak.errors || tindak.non2xx) misses.push(`${tindak.errors} errors, ${tindak.non2xx} non-2xx`);
  return { met: misses.length === 0, note: misses.join("; ") || null };
}

export async function runReadSuite(dbFile: string, buildDir: string, opts: ReadSuiteOptions): Promise<ReadRow[]> {
  const log = opts.log ?? console.log;
  // Its own copy: sign-ins and the background jobs write, and the generated file stays pristine.
  const copy = copyDb(dbFile, "read");
  const targets = readTargets(copy);
  let tindak: Running | null = null;
  let floor: Running | null = null;
  const rows: ReadRow[] = [];
  try {
    tindak = await startTindak(copy, buildDir, opts.env);
    if (opts.withFloor) floor = await startFloor(copy);
    const settled = await waitUntilIdle(tindak.process.pid!);
    log(`  (server idle ${(settled / 1000).toFixed(0)} s after it listened: boot jobs done)`);
    const cookies = new Map<string, string | null>();
    for (const t of targets) {
      const headers: Record<string, string> = {};
      let status = "ok";
      if (t.as) {
        if (!cookies.has(t.as)) cookies.set(t.as, await login(tindak.url, t.as));
        const cookie = cookies.get(t.as);
        // A cookie the response cache does not know makes every request render (app/lib/public-cache.server.ts).
        if (cookie) headers.Cookie = t.rendered ? `${cookie}; tindak_bench_render=1` : cookie;
        else status = `login failed for ${t.as} (no such demo account in the bench database, or /login refused)`;
      }
      if (status === "ok") status = await probe(tindak.url + t.path, headers);
      if (status === "ok" && opts.settleFirst) {
        await Promise.all(Array.from({ length: 8 }, () => probe(tindak!.url + t.path, headers)));
        const settled = await waitUntilIdle(tindak.process.pid!);
        if (settled > 4_000) log(`  (${t.label}: the server's CPU was busy ${(settled / 1000).toFixed(0)} s after its first requests)`);
      }
      if (status !== "ok") {
        log(`  ${t.label}: ${status}`);
        // A server error is a finding: show what the server said about it.
        if (/answered 5\d\d/.test(status)) log(tindak.output().split("\n").filter((line) => line.trim()).slice(-12).map((line) => `      | ${line}`).join("\n"));
        rows.push({ key: t.key, label: t.label, status, tindak: null, floor: null, ratio: null, budget: t.budget ?? null, budgetMet: null, budgetNote: null });
        continue;
      }
      const common = { connections: opts.connections, duration: opts.duration, warmup: opts.warmup };
      const tindakRounds: LoadResult[] = [];
      const floorRounds: LoadResult[] = [];
      for (let round = 0; round < (opts.rounds ?? 1); round++) {
        tindakRounds.push(await measure({ ...common, url: tindak.url + t.path, headers }));
        if (floor && t.floorPath) floorRounds.push(await measure({ ...common, url: floor.url + t.floorPath }));
      }
      const a = fastestRound(tindakRounds, (r) => r).result;
      const b = floorRounds.length ? fastestRound(floorRounds, (r) => r).result : null;
      // A floor that completed nothing in the run (an uncached query slower than the run) gives no ratio.
      // Nor does a floor that answered errors: its rate would be the rate of its error page.
      if (b && (b.non2xx || b.errors)) log(`  warning: the floor answered ${t.floorPath} with ${b.non2xx} non-2xx and ${b.errors} errors: no ratio`);
      const ratio = b && b.requests > 0 && !b.non2xx && !b.errors && a.requests > 0 ? a.rps / b.rps : null;
      const { met, note } = judge(t, a, ratio);
      rows.push({ key: t.key, label: t.label, status, tindak: a, floor: b, ratio, budget: t.budget ?? null, budgetMet: met, budgetNote: note });
      log(
        `  ${t.label}: Tindak ${fmt.n(a.rps)} req/s p50 ${a.p50} ms p99 ${a.p99} ms` +
          (b ? ` | floor ${fmt.n(b.rps)} req/s p50 ${b.p50} ms p99 ${b.p99} ms | ratio ${fmt.pct(ratio)}` : "") +
          (a.non2xx || a.errors ? ` | ${a.errors} errors, ${a.non2xx} non-2xx` : ""),
      );
    }
  } finally {
    await tindak?.stop();
    await floor?.stop();
    removeDb(copy);
  }
  return rows;
}

export function printReadTable(rows: ReadRow[], withFloor: boolean): string {
  const headers = withFloor
    ? ["benchmark", "Tindak req/s", "p50", "p99", "floor req/s", "p50", "p99", "Tindak/floor", "budget"]
    : ["benchmark", "req/s", "p50", "p99"];
  return table(
    headers,
    rows.map((r) => {
      if (!r.tindak) return [r.label, r.status, "", "", ...(withFloor ? ["", "", "", "", ""] : [])];
      if (!r.tindak.requests) return [r.label, "no request completed", "", "", ...(withFloor ? ["", "", "", "", ""] : [])];
      const base = [r.label, fmt.n(r.tindak.rps), `${r.tindak.p50} ms`, `${r.tindak.p99} ms`];
      if (!withFloor) return base;
      return [
        ...base,
        r.floor ? fmt.n(r.floor.rps) : "–",
        r.floor ? `${r.floor.p50} ms` : "–",
        r.floor ? `${r.floor.p99} ms` : "–",
        fmt.pct(r.ratio),
        r.budgetMet === null ? "–" : r.budgetMet ? "met" : `NOT met`,
      ];
    }),
  );
}
