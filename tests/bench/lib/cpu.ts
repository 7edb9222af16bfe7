import fs from "node:fs";
import { benchDbFile, copyDb, removeDb } from "./data";
import { measure, type LoadOptions, type LoadResult } from "./load";
import { ensureProductionBuild, startTindak, treeCpuSeconds, waitUntilIdle, type Running } from "./server";

// The A/B probes of CPU per request on one worker (tests/bench/cpu-per-page.ts, cpu-per-filing.ts):
// latency at 32 connections on two shared cores moves by a third between runs; the server's CPU time per
// request counts work, not waiting, though it still moves by up to a fifth here: compare pairs run in the
// same minutes, several times.

/** `--name=value` of the command line. */
export const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

type Rounds = {
  /** what the header line calls the probe ("CPU per page", …) and what one round measures */
  title: string;
  rounds: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
  /** changes each fresh copy of the bench database before the server starts on it */
  prepareCopy?: (file: string) => void;
};

/**
 * Runs `round` `rounds` times, each on a fresh copy of the 100,000-complaint bench database with the
 * production server on one worker (WEB_CONCURRENCY=1, `--build=<dir>` or a fresh build), idle at the start.
 */
export async function onOneWorker(options: Rounds, round: (tindak: Running, copy: string, n: number) => Promise<void>) {
  const build = arg("build") ?? ensureProductionBuild();
  const db = benchDbFile(100_000);
  if (!fs.existsSync(db)) throw new Error(`${db} is missing: npx tsx tests/bench/data.ts`);
  console.log(`${options.title} (build ${build}, ${options.rounds} rounds)`);
  for (let n = 1; n <= options.rounds; n++) {
    const copy = copyDb(db, "cpu");
    options.prepareCopy?.(copy);
    const tindak = await startTindak(copy, build, { WEB_CONCURRENCY: "1", ...options.env }, options.nodeArgs);
    try {
      await waitUntilIdle(tindak.process.pid!);
      await round(tindak, copy, n);
    } finally {
      await tindak.stop();
      removeDb(copy);
    }
  }
}

/**
 * A warm-up of `warmupRequests` requests (500 unless given), a wait until the server is idle, then `requests`
 * more: their figures and the server's CPU time (user + system, every thread and process, from /proc) per
 * request, in microseconds.
 */
export async function cpuPerRequest(
  tindak: Running,
  options: Omit<LoadOptions, "amount">,
  requests: number,
  /** runs after the warm-up, before the measured requests (e.g. to count rows) */
  beforeMeasured?: () => void,
  warmupRequests = 500,
): Promise<{ run: LoadResult; micros: number }> {
  await measure({ ...options, amount: warmupRequests });
  await waitUntilIdle(tindak.process.pid!);
  beforeMeasured?.();
  const before = treeCpuSeconds(tindak.process.pid!);
  const run = await measure({ ...options, amount: requests });
  return { run, micros: ((treeCpuSeconds(tindak.process.pid!) - before) * 1e6) / run.requests };
}

/** Runs a probe's main and exits (the load generator's sockets would keep the process alive). */
export function runProbe(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
