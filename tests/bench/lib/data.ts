import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import Database from "better-sqlite3";
import { applyMigrations } from "../../../app/lib/migrate.server";
import { DATA_DIR } from "./config";

// Bench databases come from `npm run seed:bench -- --complaints N` (prisma/seed-bench.ts, deterministic).
// Each size is generated once into tests/bench/.data/ and reused while its counts are right.

export type Counts = { units: number; complaints: number; inspections: number; findings: number; followUps: number; users: number; apiKeys: number };

export type BenchDb = { ok: true; file: string; counts: Counts; generatedMs: number | null } | { ok: false; reason: string };

export function countRows(file: string): Counts {
  const sqlite = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const count = (table: string) => {
      try {
        return (sqlite.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
      } catch {
        return 0;
      }
    };
    return {
      units: count("Unit"),
      complaints: count("Complaint"),
      inspections: count("Inspection"),
      findings: count("Finding"),
      followUps: count("FollowUp"),
      users: count("User"),
      apiKeys: count("ApiKey"),
    };
  } finally {
    sqlite.close();
  }
}

export function benchDbFile(complaints: number, dir = DATA_DIR): string {
  return path.join(dir, `bench-${complaints}.db`);
}

/** A database copy and what Tindak keeps beside it (its WAL, and the reference marks file of ADR 0016). */
export function removeDb(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal", ".refs.json"]) fs.rmSync(file + suffix, { force: true });
}

/** The bench database with `complaints` complaints, generated when missing or when its counts are wrong. */
export function ensureBenchDb(complaints: number, log: (s: string) => void = console.log): BenchDb {
  // BENCH_DB_FILE: measure an existing database as it is (e.g. a copy of a real one), whatever its size.
  if (process.env.BENCH_DB_FILE) {
    const file = path.resolve(process.env.BENCH_DB_FILE);
    return { ok: true, file, counts: countRows(file), generatedMs: null };
  }
  if (!fs.existsSync("prisma/seed-bench.ts")) return { ok: false, reason: "prisma/seed-bench.ts does not exist yet (seed missing)" };
  fs.mkdirSync(DATA_DIR, { recursive: true });
  const file = benchDbFile(complaints);
  if (fs.existsSync(file)) {
    const counts = countRows(file);
    if (counts.complaints === complaints && counts.units > 0) return { ok: true, file, counts, generatedMs: null };
    log(`[bench] ${path.basename(file)} has ${counts.complaints} complaints, expected ${complaints}: regenerating`);
  }
  removeDb(file);
  const tmp = `${file}.tmp-${process.pid}`;
  removeDb(tmp);
  applyMigrations(tmp);
  log(`[bench] generating ${complaints.toLocaleString("en-US")} complaints with npm run seed:bench (once; reused afterwards)…`);
  const started = Date.now();
  const result = spawnSync("npm", ["run", "--silent", "seed:bench", "--", "--db", tmp, "--complaints", String(complaints)], {
    // Production settings (no demo seeding of its own); PUBLIC_URL only because production requires one.
    env: { ...process.env, DATABASE_URL: `file:${tmp}`, NODE_ENV: "production", PUBLIC_URL: "http://localhost", TINDAK_QUIET: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: Number(process.env.BENCH_SEED_TIMEOUT_MS ?? 30 * 60_000),
  });
  const generatedMs = Date.now() - started;
  if (result.status !== 0) {
    removeDb(tmp);
    const output = `${result.stdout ?? ""}${result.stderr ?? ""}`.trim().split("\n").slice(-15).join("\n");
    return { ok: false, reason: `npm run seed:bench failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}` };
  }
  // One self-contained file: fold the WAL in, so copies of it are complete databases.
  const sqlite = new Database(tmp);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  // No ANALYZE here: the app's own database has only the statistics the app itself gathers.
  sqlite.close();
  removeDb(file);
  for (const suffix of ["", "-wal", "-shm"]) if (fs.existsSync(tmp + suffix)) fs.renameSync(tmp + suffix, file + suffix);
  const counts = countRows(file);
  log(`[bench] generated ${path.basename(file)} in ${(generatedMs / 1000).toFixed(1)} s: ${JSON.stringify(counts)}`);
  if (counts.complaints !== complaints) return { ok: false, reason: `seed:bench made ${counts.complaints} complaints, not ${complaints}` };
  return { ok: true, file, counts, generatedMs };
}

/**
 * A throw-away copy of a bench database (write benchmarks, sessions), removed by the caller, with its
 * escalations brought up to date (escalateOverdue).
 */
export function copyDb(file: string, suffix: string): string {
  const copy = file.replace(/\.db$/, `.${suffix}-${process.pid}.db`);
  removeDb(copy);
  const sqlite = new Database(file);
  sqlite.pragma("wal_checkpoint(TRUNCATE)");
  sqlite.close();
  fs.copyFileSync(file, copy);
  escalateOverdue(copy);
  return copy;
}

/**
 * Runs the escalation job once on `file` (`npm run escalate`), as a server that has been running would
 * have: its job escalates every 5 minutes. A generated file has every deadline passed since it was made
 * behind it, and the job's first run inside a measured server escalated them all at once, 5 minutes after
 * it started: 224 follow-ups at 100,000 complaints (1,148 at a million), one transaction and one new data
 * version each, over whatever URL was being measured then (`/inspections` rendered each time fell from
 * 1,416 to 838 pages a second, p99 49 → 179 ms, while it ran).
 */
export function escalateOverdue(file: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", path.resolve("scripts/escalate.ts")], {
    env: { ...process.env, NODE_ENV: "development", DATABASE_URL: `file:${file}` },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`npm run escalate failed on ${file}:\n${result.stdout}\n${result.stderr}`);
}

/** The statement of liftApiKeyQuotas, in a spelling both engines read (tests/bench/postgres.ts runs it on PostgreSQL). */
export const LIFT_API_KEY_QUOTAS = `UPDATE "ApiKey" SET "perMinuteLimit" = 100000000, "perDayLimit" = 100000000`;

/** The demo API key's quota (600 a minute) would answer 429 long before the server's limit shows. */
export function liftApiKeyQuotas(file: string) {
  const sqlite = new Database(file);
  try {
    sqlite.prepare(LIFT_API_KEY_QUOTAS).run();
  } finally {
    sqlite.close();
  }
}
