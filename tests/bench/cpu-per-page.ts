import fs from "node:fs";
import { benchDbFile, copyDb, removeDb } from "./lib/data";
import { measure } from "./lib/load";
import { ensureProductionBuild, login, startTindak, treeCpuSeconds, waitUntilIdle } from "./lib/server";
import { INSPECTOR, UNIT_HEAD } from "./lib/targets";

// The server's CPU time per signed-in page rendered each time, on one worker: the figure to compare two
// builds by (A/B). Latency at 32 connections on two shared cores moves by a third between runs; CPU per
// page counts work, not waiting, though it still moves by up to a fifth here: compare pairs run in the same
// minutes, several times.
//
//   npx tsx tests/bench/cpu-per-page.ts [--build=<dir>] [--requests=4000] [--rounds=2]
//
// Each round starts the production server (WEB_CONCURRENCY=1) on a copy of the 100,000-complaint bench
// database, sends each page a warm-up, waits until the server is idle, then sends `requests` more with 4
// connections and reads the server's CPU time (user + system, every thread and process) from /proc around them.

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const requests = Number(arg("requests") ?? 4000);
const rounds = Number(arg("rounds") ?? 2);

const PAGES = [
  { label: "/follow-ups, unit head", path: "/follow-ups", as: UNIT_HEAD },
  { label: "/follow-ups, inspector", path: "/follow-ups", as: INSPECTOR },
  { label: "/inspections, inspector", path: "/inspections", as: INSPECTOR },
];

async function main() {
  const build = arg("build") ?? ensureProductionBuild();
  const db = benchDbFile(100_000);
  if (!fs.existsSync(db)) throw new Error(`${db} is missing: npx tsx tests/bench/data.ts`);
  console.log(`CPU per page (build ${build}, ${requests} requests per page and round, ${rounds} rounds)`);
  for (let round = 1; round <= rounds; round++) {
    const copy = copyDb(db, "cpu");
    const tindak = await startTindak(copy, build, { WEB_CONCURRENCY: "1" });
    try {
      await waitUntilIdle(tindak.process.pid!);
      for (const page of PAGES) {
        const cookie = await login(tindak.url, page.as);
        if (!cookie) throw new Error(`login failed for ${page.as}`);
        // A cookie the response cache does not know makes every request render (app/lib/public-cache.server.ts).
        const options = { url: tindak.url + page.path, connections: 4, warmup: 0, duration: 1, headers: { Cookie: `${cookie}; tindak_bench_render=1` } };
        await measure({ ...options, amount: 500 });
        await waitUntilIdle(tindak.process.pid!);
        const before = treeCpuSeconds(tindak.process.pid!);
        const run = await measure({ ...options, amount: requests });
        const perPage = ((treeCpuSeconds(tindak.process.pid!) - before) * 1e6) / run.requests;
        const bad = run.errors + run.non2xx;
        console.log(`  round ${round} ${page.label.padEnd(26)} ${Math.round(perPage).toLocaleString("en-US").padStart(6)} µs CPU per page${bad ? ` (${bad} errors or non-2xx)` : ""}`);
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
