import fs from "node:fs";
import { benchDbFile, copyDb, liftApiKeyQuotas, removeDb } from "./lib/data";
import { measure } from "./lib/load";
import { ensureProductionBuild, startTindak, treeCpuSeconds, waitUntilIdle } from "./lib/server";
import { activeUnitIds, complaintCount, filingSuites } from "./write";

// The server's CPU time per complaint filed, on one worker: the figure to compare two builds by (A/B), as
// tests/bench/cpu-per-page.ts is for pages. Filing at 16 connections is bound by CPU, not the disk (group
// commit, ADR 0010), so CPU per filing decides how close it comes to the single-INSERT floor.
//
//   npx tsx tests/bench/cpu-per-filing.ts [--build=<dir>] [--requests=3000] [--rounds=2] [--only=form|open311]
//     [--cpu-prof=<dir>]   (the server writes a V8 CPU profile there when it stops, for where the time goes)
//
// Each round starts the production server (WEB_CONCURRENCY=1, TRUST_PROXY=1 as in tests/bench/write.ts) on a
// copy of the 100,000-complaint bench database, files a warm-up, waits until the server is idle, then files
// `requests` more with 16 connections and reads the server's CPU time (user + system, every thread and
// process) from /proc around them. Rows added are checked against the answers.

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const requests = Number(arg("requests") ?? 3000);
const rounds = Number(arg("rounds") ?? 2);
const only = arg("only");
const cpuProfDir = arg("cpu-prof");

async function main() {
  const build = arg("build") ?? ensureProductionBuild();
  const db = benchDbFile(100_000);
  if (!fs.existsSync(db)) throw new Error(`${db} is missing: npx tsx tests/bench/data.ts`);
  console.log(`CPU per filing (build ${build}, ${requests} filings per way and round, ${rounds} rounds)`);
  const units = activeUnitIds(db);
  for (let round = 1; round <= rounds; round++) {
    const copy = copyDb(db, "cpu-filing");
    liftApiKeyQuotas(copy); // as tests/bench/write.ts: the demo key's hourly quota would refuse the run
    const tindak = await startTindak(copy, build, {
      WEB_CONCURRENCY: "1",
      TRUST_PROXY: "1",
    }, cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []);
    try {
      await waitUntilIdle(tindak.process.pid!);
      for (const suite of filingSuites(tindak.url, units).filter((s) => !only || s.key === only)) {
        const options = { url: suite.url, method: "POST" as const, headers: suite.headers, body: suite.body, requestHeaders: suite.requestHeaders, connections: 16, warmup: 0, duration: 1 };
        await measure({ ...options, amount: 500 });
        await waitUntilIdle(tindak.process.pid!);
        const rowsBefore = complaintCount(copy);
        const cpuBefore = treeCpuSeconds(tindak.process.pid!);
        const run = await measure({ ...options, amount: requests });
        const perFiling = ((treeCpuSeconds(tindak.process.pid!) - cpuBefore) * 1e6) / run.requests;
        const acknowledged = suite.acknowledged(run.statusCodes);
        const added = complaintCount(copy) - rowsBefore;
        const note = acknowledged !== run.requests || added !== acknowledged ? ` (answers ${JSON.stringify(run.statusCodes)}, rows added ${added})` : "";
        console.log(`  round ${round} ${suite.key.padEnd(8)} ${Math.round(perFiling).toLocaleString("en-US").padStart(6)} µs CPU per filing, ${Math.round(run.rps)}/s${note}`);
      }
    } finally {
      await tindak.stop();
      removeDb(copy);
    }
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
