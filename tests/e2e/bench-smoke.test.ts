import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { inject } from "vitest";
import { runPaths } from "../setup/paths";

// The benchmark scripts (tests/bench/, `npm run bench`) run end to end in their smoke mode: tiny data
// from seed:bench, 1-second runs, 2 connections, this run's production build, Chromium unthrottled.
// This only proves the scripts work and print every figure; it asserts no timing (issue 8).

function runBench(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "tests/bench/all.ts", "--smoke"], {
      env: { ...process.env, NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("benchmark scripts (smoke run)", () => {
  test("npm run bench:smoke runs every benchmark and prints its figures", { timeout: 600_000 }, async () => {
    const { runDir, buildDir } = runPaths(inject("runDir"));
    const dataDir = path.join(runDir, "bench-data");
    const results = path.join(runDir, "bench-smoke.json");
    const { code, out } = await runBench({ BENCH_BUILD_DIR: buildDir, BENCH_DATA_DIR: dataDir, BENCH_RESULTS: results });
    expect(code, out).toBe(0);

    // Read path: Tindak next to the floor, with the ratio, for the routes that exist.
    expect(out).toMatch(/== Read path/);
    expect(out).toMatch(/GET \/open311\/v2\/requests\.json\?status=open&service_code=\w+: Tindak [\d,]+ req\/s p50 \d+ ms p99 \d+ ms \| floor [\d,]+ req\/s .* ratio \d+%/);
    expect(out).toMatch(/GET \/map\/data\.json whole city, zoom 11: Tindak [\d,]+ req\/s/);
    // Write path: rows added are checked against acknowledged answers.
    expect(out).toMatch(/POST \/open311\/v2\/requests\.json \(api_key, no photos\): [\d,]+ complaints\/s, .*acknowledged \d+, rows added \d+/);
    // Prisma cost, page weight, growth.
    // Times below 0.1 ms print in microseconds.
    expect(out).toMatch(/findServiceRequests: model [\d.]+ (ms|µs), raw [\d.]+ (ms|µs), [\d.]+x/);
    expect(out).toMatch(/\/complaints\/new: [\d.]+ KB gzipped JS on first load/);
    expect(out).toMatch(/p50 ratio\s+300\/100/);

    const json = JSON.parse(fs.readFileSync(results, "utf8"));
    expect(Object.keys(json).sort()).toEqual(["growth", "prismaCost", "read", "weight", "write"]);
    expect(json.read.machine.commit).toBeTruthy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
