import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, describe, expect, inject, test } from "vitest";
import { runPaths } from "../setup/paths";

// The benchmark scripts (tests/bench/, `npm run bench`) run end to end in their smoke mode: tiny data
// from seed:bench, 1-second runs, 2 connections, this run's production build, Chromium unthrottled.
// This only proves the scripts work and print every figure; it asserts no timing (issue 8).

function runBench(only: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return runScript(["tests/bench/all.ts", "--smoke", `--only=${only}`], env);
}

function runScript(args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      env: { ...process.env, NODE_ENV: "production", PUBLIC_URL: "http://localhost:3000", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

// One test per benchmark (`--only=<name>`), so no single test runs for minutes: Vitest 3.2 reports a
// "Timeout calling onTaskUpdate" error for a test past about 60 s and exits 1 after a green run (issue 22).
// The data and results files are shared, so the later steps reuse the data the first one generated.
const STEPS: Array<[string, RegExp[]]> = [
  [
    "read",
    [
      /== Read path/,
      // Tindak next to the floor, with the ratio, for the routes that exist.
      /GET \/open311\/v2\/requests\.json\?status=open&service_code=\w+: Tindak [\d,]+ req\/s p50 \d+ ms p99 \d+ ms \| floor [\d,]+ req\/s .* ratio [\d.]+%/,
      /GET \/map\/data\.json whole city, zoom 11: Tindak [\d,]+ req\/s/,
    ],
  ],
  // Cached public reads next to the same bytes from memory; each URL must have been a cache hit. Each
  // server's CPU time per answer beside the ratio.
  ["cache", [/== Cached public reads/, /GET \/complaints \(HTML\) \([\d.]+ KB gzip, X-Cache HIT\): Tindak [\d,]+ req\/s .* memory floor [\d,]+ req\/s .* ratio [\d.]+% \| CPU per answer \d+ µs \/ \d+ µs/]],
  // Write path: rows added are checked against acknowledged answers.
  [
    "write",
    [
      /floor \(one INSERT per request, WAL, synchronous=FULL\): [\d,]+ complaints\/s, .*acknowledged \d+, rows added \d+/,
      /POST \/open311\/v2\/requests\.json \(api_key, no photos\): [\d,]+ complaints\/s \([\d.]+% of the floor\), .*acknowledged \d+, rows added \d+/,
    ],
  ],
  // Prisma cost; times below 0.1 ms print in microseconds.
  ["prisma", [/findServiceRequests: model [\d.]+ (ms|µs), raw [\d.]+ (ms|µs), [\d.]+x/]],
  ["weight", [/\/complaints\/new: [\d.]+ KB gzipped JS on first load/]],
  // The mean latency ratio between sizes, with the p50 ratio beside it.
  ["growth", [/mean latency ratio \(p50 ratio\)\s+300\/100/, /\d+\.\d\dx \(\d+\.\d\dx\)/]],
  // Each page with no writes and while complaints are filed; the filings must have been acknowledged, and the
  // answers while filing are counted by their X-Cache header.
  ["rush", [/== Reads during a rush of filings/, /GET \/dashboard \(HTML\): no writes [\d,]+ req\/s .* \| filing [\d,]+ req\/s .*; filed [1-9]\d*, refused 0; answers (HIT|MISS|STALE) [\d,]+/]],
];

describe("benchmark scripts (smoke run)", () => {
  const { runDir, buildDir } = runPaths(inject("runDir"));
  const dataDir = path.join(runDir, "bench-data");
  const results = path.join(runDir, "bench-smoke.json");
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  // The data of every size first, in its own test, so no benchmark step also pays for generating it.
  test("the bench data of every size is generated once (tests/bench/data.ts --smoke)", { timeout: 300_000 }, async () => {
    const { code, out } = await runScript(["tests/bench/data.ts", "--smoke"], { BENCH_DATA_DIR: dataDir });
    expect(code, out).toBe(0);
    expect(out).toMatch(/^\s+[\d,]+ complaints: .+\{.*\}$/m);
  });

  test.each(STEPS)("npm run bench:smoke -- --only=%s runs and prints its figures", { timeout: 300_000 }, async (name, patterns) => {
    const { code, out } = await runBench(name, { BENCH_BUILD_DIR: buildDir, BENCH_DATA_DIR: dataDir, BENCH_RESULTS: results });
    expect(code, out).toBe(0);
    for (const pattern of patterns) expect(out).toMatch(pattern);
  });

  test("the results file has a section from every benchmark, with the machine and commit", () => {
    const json = JSON.parse(fs.readFileSync(results, "utf8"));
    expect(Object.keys(json).sort()).toEqual(["cache", "growth", "prismaCost", "read", "rush", "weight", "write"]);
    expect(json.read.machine.commit).toBeTruthy();
  });
});
