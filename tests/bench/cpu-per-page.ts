import { arg, cpuPerRequest, onOneWorker, runProbe } from "./lib/cpu";
import { login } from "./lib/server";
import { INSPECTOR, UNIT_HEAD } from "./lib/targets";

// The server's CPU time per signed-in page rendered each time, on one worker: the figure to compare two
// builds by (A/B; tests/bench/lib/cpu.ts says why and how).
//
//   npx tsx tests/bench/cpu-per-page.ts [--build=<dir>] [--requests=4000] [--rounds=2]
//     [--cpu-prof=<dir>]   (the server writes a V8 CPU profile there when it stops, for where the time goes)
//     [--node-args="--max-semi-space-size=64"]   (Node flags for the server, to compare runtime settings)
//
// Each round starts the production server (WEB_CONCURRENCY=1) on a copy of the 100,000-complaint bench
// database, sends each page a warm-up, waits until the server is idle, then sends `requests` more with 4
// connections and reads the server's CPU time around them.

const requests = Number(arg("requests") ?? 4000);
const cpuProfDir = arg("cpu-prof");

const PAGES = [
  { label: "/follow-ups, unit head", path: "/follow-ups", as: UNIT_HEAD },
  { label: "/follow-ups, inspector", path: "/follow-ups", as: INSPECTOR },
  { label: "/inspections, inspector", path: "/inspections", as: INSPECTOR },
];

runProbe(() =>
  onOneWorker(
    {
      title: `CPU per page, ${requests} requests per page and round`,
      rounds: Number(arg("rounds") ?? 2),
      nodeArgs: [...(cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : []), ...(arg("node-args")?.split(" ").filter(Boolean) ?? [])],
    },
    async (tindak, _copy, round) => {
      for (const page of PAGES) {
        const cookie = await login(tindak.url, page.as);
        if (!cookie) throw new Error(`login failed for ${page.as}`);
        // A cookie the response cache does not know makes every request render (app/lib/public-cache.server.ts).
        const headers = { Cookie: `${cookie}; tindak_bench_render=1` };
        const { run, micros } = await cpuPerRequest(tindak, { url: tindak.url + page.path, connections: 4, warmup: 0, duration: 1, headers }, requests);
        const bad = run.errors + run.non2xx;
        console.log(`  round ${round} ${page.label.padEnd(26)} ${Math.round(micros).toLocaleString("en-US").padStart(6)} µs CPU per page${bad ? ` (${bad} errors or non-2xx)` : ""}`);
      }
    },
  ),
);
