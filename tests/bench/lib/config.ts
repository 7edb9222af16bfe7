import os from "node:os";
import path from "node:path";
import { execSync } from "node:child_process";

// Settings shared by every benchmark script. `--smoke` (or BENCH_SMOKE=1) shrinks everything to a
// seconds-long run on tiny data: it only proves the scripts work and print their figures.

export const BENCH_DIR = path.resolve("tests/bench");
export const DATA_DIR = path.resolve(process.env.BENCH_DATA_DIR ?? path.join(BENCH_DIR, ".data"));

export type Config = {
  smoke: boolean;
  /** `--db postgres`: measure Tindak on PostgreSQL next to SQLite (tests/bench/postgres.ts) */
  db: "sqlite" | "postgres";
  /** autocannon connections */
  connections: number;
  /** seconds measured per target */
  duration: number;
  /** seconds of warm-up per target, not measured */
  warmup: number;
  /**
   * Reads are measured this many times and each keeps its fastest round: in read and cache, Tindak and its
   * floor take turns (A-B-A-B); in growth (no floor), each round is a pass over the sizes, alternating their
   * order. Everything else on the machine only slows a round down, and on this 2-core machine one round of a
   * URL measured up to twice another of the same commit; with one round, verdicts flipped between whole runs.
   */
  rounds: number;
  /** complaints in the main bench database */
  complaints: number;
  /** database sizes for the growth benchmark, smallest first; the main size must be one of them */
  growthSizes: number[];
  /** seconds measured per target and size in the growth benchmark */
  growthDuration: number;
  /** complaints on the map for the clusters-visible measurement */
  mapComplaints: number;
  /** where results are merged (JSON) */
  resultsFile: string;
  /** Chromium throttling; off in the smoke run so it stays short */
  throttle: boolean;
  /** iterations per query in the Prisma cost benchmark */
  prismaIterations: number;
};

export function isSmoke(argv = process.argv): boolean {
  return argv.includes("--smoke") || process.env.BENCH_SMOKE === "1";
}

/** `--db postgres` or `--db=postgres`; anything else is SQLite, the default engine. */
function dbArg(argv: string[]): Config["db"] {
  const i = argv.indexOf("--db");
  const value = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith("--db="))?.slice("--db=".length);
  if (value === undefined || value === "sqlite") return "sqlite";
  if (value === "postgres" || value === "postgresql") return "postgres";
  throw new Error(`--db ${value}: the bench knows sqlite (the default) and postgres`);
}

export function getConfig(argv = process.argv): Config {
  const smoke = isSmoke(argv);
  const db = dbArg(argv);
  const num = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
  if (smoke) {
    return {
      smoke,
      db,
      connections: num("BENCH_CONNECTIONS", 2),
      duration: num("BENCH_DURATION", 1),
      warmup: num("BENCH_WARMUP", 0.3),
      rounds: num("BENCH_ROUNDS", 1),
      complaints: num("BENCH_COMPLAINTS", 300),
      growthSizes: [100, 300],
      growthDuration: 1,
      mapComplaints: 300,
      resultsFile: path.resolve(process.env.BENCH_RESULTS ?? path.join(BENCH_DIR, "results", "smoke.json")),
      throttle: false,
      prismaIterations: 20,
    };
  }
  return {
    smoke,
    db,
    connections: num("BENCH_CONNECTIONS", 32),
    duration: num("BENCH_DURATION", 10),
    warmup: num("BENCH_WARMUP", 2),
    rounds: num("BENCH_ROUNDS", 2),
    complaints: num("BENCH_COMPLAINTS", 100_000),
    growthSizes: (process.env.BENCH_GROWTH_SIZES ?? "10000,100000,1000000").split(",").map(Number),
    growthDuration: num("BENCH_GROWTH_DURATION", 5),
    mapComplaints: num("BENCH_MAP_COMPLAINTS", 10_000),
    resultsFile: path.resolve(process.env.BENCH_RESULTS ?? path.join(BENCH_DIR, "results", "latest.json")),
    throttle: true,
    prismaIterations: num("BENCH_PRISMA_ITERATIONS", 300),
  };
}

export type Machine = { date: string; commit: string; cpus: number; cpuModel: string; memoryGb: number; node: string; load: number[] };

export function machine(): Machine {
  let commit = "unknown";
  try {
    commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    // The run's own output (the results file its earlier sections wrote, the regenerated figures) is no
    // change to what is measured: every section after the first printed "uncommitted changes" for it.
    const dirty = execSync("git status --porcelain --untracked-files=no -- . ':!tests/bench/results' ':!docs/benchmarks.md'", { encoding: "utf8" }).trim();
    if (dirty) commit += " (+ uncommitted changes in the tree)";
  } catch {
    /* not a git checkout */
  }
  return {
    date: new Date().toISOString(),
    commit,
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    load: os.loadavg().map((n) => Math.round(n * 100) / 100),
  };
}

/** True when this file is the script node was started with (so each benchmark also runs on its own). */
export function isMain(metaUrl: string): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  const file = new URL(metaUrl).pathname;
  return path.resolve(entry) === file || path.resolve(entry) === file.replace(/\.ts$/, "");
}

/**
 * Runs a benchmark with this process's config when its file is the script run (`npx tsx tests/bench/x.ts`),
 * and exits 0, or 1 with the error: its server children and timers must not keep the process alive.
 */
export function runWhenMain(metaUrl: string, run: (config: Config) => Promise<unknown>) {
  if (!isMain(metaUrl)) return;
  run(getConfig()).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
