import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, inject, test } from "vitest";
import { runPaths } from "../setup/paths";
import { runScript } from "../support/cli";
import type { PostgresResult } from "../bench/postgres";
import { renderFigures } from "../bench/report";

// Issue 18: `npm run bench -- --db postgres` measures the read and write paths of Tindak on PostgreSQL next
// to SQLite. Here in its smoke mode (tiny data, 1-second runs, 2 connections, this run's build): the
// command copies the bench database into its own PostgreSQL cluster, answers every read on both engines,
// stores every acknowledged filing on both, and docs/benchmarks.md gets the comparison. No timing is asserted.

const { runDir, buildDir } = runPaths(inject("runDir"));
const dataDir = path.join(runDir, "bench-postgres-data");
const results = path.join(runDir, "bench-postgres.json");
const env = { NODE_ENV: "production", PUBLIC_URL: "http://localhost:3000", BENCH_BUILD_DIR: buildDir, BENCH_DATA_DIR: dataDir, BENCH_RESULTS: results };

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm run bench -- --db postgres (smoke run)", () => {
  // The data first, in its own test, so the run itself does not also pay for generating it.
  test("the bench data is generated (tests/bench/data.ts --smoke)", { timeout: 300_000 }, async () => {
    const run = await runScript("tests/bench/data.ts", ["--smoke"], { env });
    expect(run.code, run.out).toBe(0);
  });

  test("measures every read and filing on SQLite and on PostgreSQL, every acknowledged complaint stored", { timeout: 300_000 }, async () => {
    const run = await runScript("tests/bench/all.ts", ["--smoke", "--db", "postgres"], { env });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/PostgreSQL \d+\.\d+.*: npm run db:copy copied [\d,]+ rows/);
    expect(run.out).toMatch(/reads, Tindak on PostgreSQL:[^]*?\n\s+GET \/open311\/v2\/requests\.json\?status=open&service_code=\w+: Tindak [\d,]+ req\/s/);
    // Only the PostgreSQL comparison ran: `--db postgres` is its own step.
    expect(run.out).not.toMatch(/== Read path|== Write path/);

    const section = JSON.parse(fs.readFileSync(results, "utf8")).postgres;
    const data = section.data as PostgresResult;
    expect(data.status).toBe("ok");
    expect(data.read.postgres.map((r) => [r.key, r.status])).toEqual(data.read.sqlite.map((r) => [r.key, "ok"]));
    expect(data.read.postgres.length).toBeGreaterThan(10);
    for (const r of [...data.read.sqlite, ...data.read.postgres]) expect({ key: r.key, requests: r.tindak!.requests > 0, bad: r.tindak!.errors + r.tindak!.non2xx }).toEqual({ key: r.key, requests: true, bad: 0 });
    for (const engine of ["sqlite", "postgres"] as const) {
      expect(data.write[engine].map((r) => r.key)).toEqual(["form", "open311"]);
      for (const r of data.write[engine]) {
        expect(r.acknowledged, `${engine} ${r.key}`).toBeGreaterThan(0);
        expect(r.rowsAdded, `${engine} ${r.key}`).toBe(r.acknowledged);
      }
    }

    // docs/benchmarks.md's section, as tests/bench/report.ts renders it.
    const figures = renderFigures({ postgres: section });
    expect(figures).toMatch(/### PostgreSQL next to SQLite/);
    expect(figures).toMatch(/\| POST \/open311\/v2\/requests\.json \(api_key, no photos\) \| [\d,]+ \| \d+ ms \| \d+ ms \| [\d,]+ \| \d+ ms \| \d+ ms \| [\d.]+% \|/);
  });
});
