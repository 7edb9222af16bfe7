import { arg, cpuPerRequest, onOneWorker, runProbe } from "./lib/cpu";
import { liftApiKeyQuotas } from "./lib/data";
import { activeUnitIds, complaintCount, filingSuites } from "./write";

// The server's CPU time per complaint filed, on one worker: the figure to compare two builds by (A/B), as
// tests/bench/cpu-per-page.ts is for pages. Filing at 16 connections is bound by CPU, not the disk (group
// commit, ADR 0023), so CPU per filing decides how close it comes to the single-INSERT floor.
//
//   npx tsx tests/bench/cpu-per-filing.ts [--build=<dir>] [--requests=3000] [--rounds=2] [--only=form|open311]
//     [--cpu-prof=<dir>]   (the server writes a V8 CPU profile there when it stops, for where the time goes)
//     [--workers=1]        (WEB_CONCURRENCY: the CPU of every worker and the primary is counted)
//     [--connections=16]
//     [--warm=5000]        (filings before the measured ones: V8 takes thousands to compile the filing path,
//                           each worker on its own share; after 500, one worker spent 1.3–1.5 times its
//                           steady CPU per filing and two workers up to twice, docs/benchmarks.md 2026-12-03)
//
// Each round starts the production server (WEB_CONCURRENCY=1 unless --workers, TRUST_PROXY=1 as in
// tests/bench/write.ts) on a copy of the 100,000-complaint bench database, files `warm` filings, waits until
// the server is idle, then files `requests` more (16 connections unless --connections) and reads the
// server's CPU time around them. Rows added are checked against the answers.

const requests = Number(arg("requests") ?? 3000);
const only = arg("only");
const cpuProfDir = arg("cpu-prof");
const workers = arg("workers") ?? "1";
const connections = Number(arg("connections") ?? 16);
const warm = Number(arg("warm") ?? 5000);

runProbe(() =>
  onOneWorker(
    {
      title: `CPU per filing, ${requests} filings per way and round`,
      rounds: Number(arg("rounds") ?? 2),
      env: { TRUST_PROXY: "1", WEB_CONCURRENCY: workers },
      nodeArgs: cpuProfDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`] : [],
      // As tests/bench/write.ts: the demo key's hourly quota would refuse the run.
      prepareCopy: liftApiKeyQuotas,
    },
    async (tindak, copy, round) => {
      for (const suite of filingSuites(tindak.url, activeUnitIds(copy)).filter((s) => !only || s.key === only)) {
        let rowsBefore = 0;
        const options = { url: suite.url, method: "POST" as const, headers: suite.headers, body: suite.body, requestHeaders: suite.requestHeaders, connections, warmup: 0, duration: 1 };
        const { run, micros } = await cpuPerRequest(tindak, options, requests, () => (rowsBefore = complaintCount(copy)), warm);
        const acknowledged = suite.acknowledged(run.statusCodes);
        const added = complaintCount(copy) - rowsBefore;
        const note = acknowledged !== run.requests || added !== acknowledged ? ` (answers ${JSON.stringify(run.statusCodes)}, rows added ${added})` : "";
        console.log(`  round ${round} ${suite.key.padEnd(8)} ${Math.round(micros).toLocaleString("en-US").padStart(6)} µs CPU per filing, ${Math.round(run.rps)}/s${note}`);
      }
    },
  ),
);
