import os from "node:os";
import { getConfig, machine } from "./lib/config";
import { ensureBenchDb } from "./lib/data";
import { RUN_LOAD_ENV } from "./lib/results";
import { ensureProductionBuild } from "./lib/server";
import { runRead } from "./read";
import { runCache } from "./cache";
import { runWrite } from "./write";
import { runGrowth } from "./growth";
import { runRush } from "./rush";
import { runPostgres } from "./postgres";
import { spawn } from "node:child_process";
import { runWeight } from "./weight";
import { writeReport } from "./report";

// `npm run bench`: every benchmark in turn (read, write, Prisma cost, page weight and first paint,
// growth, reads during a rush of filings), results merged into tests/bench/results/latest.json and the figures tables of
// docs/benchmarks.md regenerated from it. `npm run bench:smoke`: the same scripts in seconds, on tiny data.
// `--only=read,cache,write,prisma,weight,growth,rush` runs a subset. `npm run bench -- --db postgres` runs the
// read and write paths on PostgreSQL next to SQLite (tests/bench/postgres.ts; `--only=postgres` is the same).

const config = getConfig();
const only =
  process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length).split(",") ??
  (config.db === "postgres" ? ["postgres"] : undefined);
const wanted = (name: string) => !only || only.includes(name);

async function main() {
  const started = Date.now();
  const m = machine();
  console.log(
    `Tindak benchmarks${config.smoke ? " (SMOKE: tiny data, 1 s runs, 2 connections; figures mean nothing)" : ""}\n` +
      `  ${m.date} · commit ${m.commit} · ${m.cpus} CPUs (${m.cpuModel}) · ${m.memoryGb} GB · Node ${m.node} · load ${m.load.join(" ")}`,
  );
  process.env[RUN_LOAD_ENV] = m.load.join(" ");
  if (!config.smoke && (m.load[0] ?? 0) > m.cpus * 0.5) {
    console.log(`  note: the 1-minute load average (${m.load[0]}) shows other work on this machine; figures are measured under contention.`);
  }
  // Generate the data and build first, so the timed parts are not interleaved with those.
  for (const n of new Set([config.complaints, ...(wanted("growth") ? config.growthSizes : []), ...(wanted("weight") ? [config.mapComplaints] : [])])) {
    const d = ensureBenchDb(n);
    if (!d.ok) console.log(`  data for ${n.toLocaleString("en-US")} complaints: ${d.reason}`);
  }
  ensureProductionBuild();
  const failures: string[] = [];
  const step = async (name: string, fn: () => Promise<unknown>) => {
    if (!wanted(name)) return;
    try {
      await fn();
    } catch (error) {
      failures.push(name);
      console.error(`\n[bench] ${name} failed:`, error);
    }
  };
  await step("read", () => runRead(config));
  await step("cache", () => runCache(config));
  await step("write", () => runWrite(config));
  // In its own process: it imports the app's models, whose background timers (the map cache re-warm)
  // would otherwise keep running here against a database copy that is gone, through the later steps.
  await step("prisma", () => runChild("tests/bench/prisma-cost.ts"));
  await step("weight", () => runWeight(config));
  await step("growth", () => runGrowth(config));
  await step("rush", () => runRush(config));
  // Only on request: it needs the machine's PostgreSQL server and adds about ten minutes.
  if (only?.includes("postgres")) await step("postgres", () => runPostgres(config));
  // A results file of its own (BENCH_RESULTS) may hold one subset only: docs/benchmarks.md is regenerated
  // from latest.json, or on request (BENCH_REPORT=1), never from a partial file by accident.
  if (process.env.BENCH_REPORT === "1" || (!config.smoke && !process.env.BENCH_RESULTS)) writeReport(config.resultsFile);
  else if (!config.smoke) console.log(`[bench] docs/benchmarks.md left as it is (BENCH_RESULTS; regenerate with BENCH_REPORT=1 or npx tsx tests/bench/report.ts ${config.resultsFile})`);
  console.log(`\n[bench] done in ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${config.resultsFile}; load now ${os.loadavg().map((n) => n.toFixed(2)).join(" ")}`);
  if (failures.length) {
    console.log(`[bench] failed: ${failures.join(", ")}`);
    process.exit(1);
  }
  process.exit(0);
}

function runChild(script: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...process.argv.slice(2)], { stdio: "inherit", env: process.env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`))));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
