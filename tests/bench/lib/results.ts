import fs from "node:fs";
import path from "node:path";
import { machine, type Config, type Machine } from "./config";

// Every benchmark merges its own section into one JSON file (tests/bench/results/latest.json), with the
// date, commit and machine of that section, so `tests/bench/report.ts` can regenerate the tables of
// docs/benchmarks.md from whatever was measured last, on whichever machine.

export type Section<T = unknown> = {
  machine: Machine;
  command: string;
  /** true when other work shared the CPU while this was measured (BENCH_CONTENDED=1, or a load above half the cores when it began) */
  contended: boolean;
  settings: Record<string, unknown>;
  data: T;
};

export type Results = Record<string, Section>;

export function readResults(file: string): Results {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8")) as Results;
  } catch {
    return {};
  }
}

/** Set by all.ts: the 1-minute, 5-minute and 15-minute load averages when the whole run began. */
export const RUN_LOAD_ENV = "BENCH_RUN_LOAD";

export function saveSection<T>(config: Config, name: string, command: string, data: T, startedLoad?: number[]) {
  const m = machine();
  const load = startedLoad ?? m.load;
  // Within a whole `npm run bench` a section's own starting load is mostly the sections before it (a trailing
  // average of the bench's own work): other work is judged by the load when the run began (all.ts).
  const runLoad = process.env[RUN_LOAD_ENV]?.split(" ").map(Number);
  const contended = process.env.BENCH_CONTENDED === "1" || ((runLoad ?? load)[0] ?? 0) > m.cpus * 0.5;
  const results = readResults(config.resultsFile);
  results[name] = {
    machine: m,
    command,
    contended,
    settings: {
      connections: config.connections,
      duration: config.duration,
      warmup: config.warmup,
      complaints: config.complaints,
      loadAtStart: load,
      ...(runLoad ? { runLoadAtStart: runLoad } : {}),
    },
    data,
  };
  fs.mkdirSync(path.dirname(config.resultsFile), { recursive: true });
  fs.writeFileSync(config.resultsFile, JSON.stringify(results, null, 2) + "\n");
}

/** Formatting shared by the printed tables and the doc. */
export const fmt = {
  n: (x: number | null | undefined, digits = 0) =>
    x === null || x === undefined || Number.isNaN(x) ? "–" : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits }),
  ms: (x: number | null | undefined) =>
    x === null || x === undefined || Number.isNaN(x) ? "–" : x < 0.1 ? `${(x * 1000).toFixed(1)} µs` : `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`,
  ratio: (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : `${x.toFixed(2)}x`),
  // A tenth of a percent below 100%, where the budgets' thresholds are: a ratio of 0.495 read "50% of the floor < 50%".
  pct: (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x < 1 ? `${(x * 100).toFixed(1)}%` : `${Math.round(x * 100)}%`),
  us: (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : `${Math.round(x)} µs`),
  kb: (bytes: number | null | undefined) => (bytes === null || bytes === undefined ? "–" : `${(bytes / 1024).toFixed(1)} KB`),
};

/** "HIT 9,120 · MISS 22 · STALE 3,480": how a run's answers were made (ADR 0030, 0035), or "–" if not tallied. */
export function cacheAnswersText(counts: Record<string, number> | undefined): string {
  return ["HIT", "MISS", "STALE", "none"].filter((k) => counts?.[k]).map((k) => `${k} ${fmt.n(counts![k])}`).join(" · ") || "–";
}

/** A plain text table for the console. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}
