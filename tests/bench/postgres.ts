import os from "node:os";
import { spawnSync } from "node:child_process";
import pg from "pg";
import { type Config, runWhenMain } from "./lib/config";
import { copyDb, ensureBenchDb, LIFT_API_KEY_QUOTAS, liftApiKeyQuotas, removeDb } from "./lib/data";
import { fmt, saveSection, table } from "./lib/results";
import { runReadSuite, type ReadRow } from "./lib/read-suite";
import { ensureProductionBuild, startTindak, waitUntilIdle, type Running } from "./lib/server";
import { activeUnitIds, complaintCount, filingSuites, measureSuite, type CountComplaints, type WriteRow } from "./write";
import { startPostgres, type ThrowawayPostgres } from "../support/postgres";

// `npm run bench -- --db postgres` (issue 18): the read and write paths of Tindak on PostgreSQL next to
// Tindak on SQLite, same data (the bench database copied with `npm run db:copy`), same build, same run.
// PostgreSQL is a throwaway cluster of the machine's server (Debian's `postgresql`) with its durable
// defaults (fsync on, synchronous_commit on), so an acknowledged complaint is on disk on both engines.
// There is no floor here: the question is what the second engine costs, not how far Tindak is from bare SQL.

export type EngineRuns = { sqlite: ReadRow[]; postgres: ReadRow[] };
export type PostgresResult = {
  status: string;
  postgresVersion: string | null;
  copy: { rows: number; ms: number } | null;
  read: EngineRuns;
  write: { sqlite: WriteRow[]; postgres: WriteRow[] };
};

const COMMAND = "npm run bench -- --db postgres (tests/bench/postgres.ts)";

/** Copies the bench database into PostgreSQL the way an operator would (README "Moving to PostgreSQL"). */
function dbCopy(file: string, url: string): { rows: number; ms: number } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/db-copy.ts", "--from", `file:${file}`, "--to", url], {
    env: { ...process.env, NODE_ENV: "production", TINDAK_QUIET: "1" },
    encoding: "utf8",
    timeout: 30 * 60_000,
  });
  const out = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  const done = out.match(/done: (\d+) rows in \d+ tables, (\d+) ms/);
  if (result.status !== 0 || !done) throw new Error(`npm run db:copy failed (exit ${result.status}):\n${out.trim().split("\n").slice(-15).join("\n")}`);
  return { rows: Number(done[1]), ms: Number(done[2]) };
}

export async function runPostgres(config: Config): Promise<PostgresResult> {
  const load = os.loadavg();
  console.log(`\n== PostgreSQL next to SQLite (${config.connections} connections, ${config.duration} s after ${config.warmup} s warm-up; same data, same build) ==`);
  const empty: PostgresResult = { status: "", postgresVersion: null, copy: null, read: { sqlite: [], postgres: [] }, write: { sqlite: [], postgres: [] } };
  const data = ensureBenchDb(config.complaints);
  if (!data.ok) {
    console.log(`  skipped: ${data.reason}`);
    const result = { ...empty, status: data.reason };
    saveSection(config, "postgres", COMMAND, result, load);
    return result;
  }
  const buildDir = ensureProductionBuild();
  let cluster: ThrowawayPostgres | null = null;
  let client: pg.Client | null = null;
  const result: PostgresResult = { ...empty, status: "ok" };
  try {
    cluster = await startPostgres("tindak_bench", { durable: true });
    client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    const db = client;
    result.postgresVersion = (await db.query<{ server_version: string }>("SHOW server_version")).rows[0]!.server_version;
    result.copy = dbCopy(data.file, cluster.url);
    console.log(`  PostgreSQL ${result.postgresVersion}: npm run db:copy copied ${fmt.n(result.copy.rows)} rows in ${(result.copy.ms / 1000).toFixed(1)} s`);
    await db.query(LIFT_API_KEY_QUOTAS);
    const pgEnv = { DATABASE_URL: cluster.url };
    const common = { connections: config.connections, duration: config.duration, warmup: config.warmup, withFloor: false };

    console.log("  reads, Tindak on SQLite:");
    result.read.sqlite = await runReadSuite(data.file, buildDir, common);
    console.log("  reads, Tindak on PostgreSQL:");
    result.read.postgres = await runReadSuite(data.file, buildDir, { ...common, env: pgEnv });

    const units = activeUnitIds(data.file);
    const fileWith = async (engine: "sqlite" | "postgres", count: CountComplaints, server: Running) => {
      await waitUntilIdle(server.process.pid!);
      console.log(`  filing, Tindak on ${engine === "sqlite" ? "SQLite" : "PostgreSQL"}:`);
      for (const s of filingSuites(server.url, units)) result.write[engine].push(await measureSuite(config, s, count, null, 1_000_000_000 + result.write[engine].length));
    };
    const copy = copyDb(data.file, "write-sqlite");
    liftApiKeyQuotas(copy);
    let server: Running | null = null;
    try {
      server = await startTindak(copy, buildDir, { TRUST_PROXY: "1" });
      await fileWith("sqlite", () => complaintCount(copy), server);
      await server.stop();
      server = await startTindak(copy, buildDir, { TRUST_PROXY: "1", ...pgEnv });
      await fileWith("postgres", async () => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM "Complaint"`)).rows[0]!.n), server);
    } finally {
      await server?.stop();
      removeDb(copy);
    }
  } catch (error) {
    result.status = `failed: ${(error as Error).message}`;
    console.log(`  ${result.status}`);
  } finally {
    await client?.end().catch(() => undefined);
    cluster?.stop();
  }
  console.log("\n" + comparisonTable(result));
  saveSection(config, "postgres", COMMAND, result, load);
  if (result.status !== "ok") throw new Error(result.status);
  return result;
}

/** Each read and write on both engines, and PostgreSQL's rate as a share of SQLite's. */
export function comparisonRows(r: PostgresResult): string[][] {
  const reads = r.read.sqlite.map((s) => {
    const p = r.read.postgres.find((x) => x.key === s.key);
    const cell = (row: ReadRow | undefined) => (row?.tindak?.requests ? [fmt.n(row.tindak.rps), `${row.tindak.p50} ms`, `${row.tindak.p99} ms`] : [row?.status ?? "–", "", ""]);
    const ratio = s.tindak?.rps && p?.tindak?.requests ? p.tindak.rps / s.tindak.rps : null;
    const errors = (row: ReadRow | undefined) => (row?.tindak ? row.tindak.errors + row.tindak.non2xx : 0);
    return [s.label, ...cell(s), ...cell(p), fmt.pct(ratio), errors(s) + errors(p) ? `${errors(s)} / ${errors(p)} errors or non-2xx` : ""];
  });
  const writes = r.write.sqlite.map((s) => {
    const p = r.write.postgres.find((x) => x.key === s.key);
    const cell = (row: WriteRow | undefined) => (row?.result ? [fmt.n(row.result.rps), `${row.result.p50} ms`, `${row.result.p99} ms`] : [row?.status ?? "–", "", ""]);
    const ratio = s.result?.rps && p?.result?.rps ? p.result.rps / s.result.rps : null;
    const lost = (row: WriteRow | undefined) => (row?.result ? `${row.acknowledged} acknowledged, ${row.rowsAdded} stored` : "–");
    return [s.label, ...cell(s), ...cell(p), fmt.pct(ratio), `SQLite ${lost(s)}; PostgreSQL ${lost(p)}`];
  });
  return [...reads, ...writes];
}

export const COMPARISON_HEADERS = ["benchmark", "SQLite req/s", "p50", "p99", "PostgreSQL req/s", "p50", "p99", "PostgreSQL/SQLite", ""];

function comparisonTable(r: PostgresResult): string {
  if (!r.read.sqlite.length && !r.write.sqlite.length) return `PostgreSQL: ${r.status}`;
  return table(COMPARISON_HEADERS, comparisonRows(r));
}

runWhenMain(import.meta.url, runPostgres);
