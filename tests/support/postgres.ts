import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import pg from "pg";
import type * as SqliteClientModule from "~/generated/prisma/client";
import { pickFreePort } from "./free-port";

// A throwaway PostgreSQL cluster for `npm run test:pg`, from the machine's PostgreSQL server binaries
// (Debian's `postgresql` package). initdb refuses to run as root, so when the tests run as root the
// cluster runs as the `postgres` system user, in a temporary folder it owns; it listens on 127.0.0.1 only,
// on a free port, and stop() removes the folder.

export type ThrowawayPostgres = {
  /** postgresql://… of the database made for the tests. */
  url: string;
  port: number;
  dir: string;
  stop: () => void;
  /** Stops the server and keeps its data (a PostgreSQL that went down); `resume` starts it again. */
  halt: () => void;
  resume: () => void;
};

/** The newest installed server's bin folder (or PG_BIN), or a message saying how to install one. */
export function postgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) throw new Error("No PostgreSQL server binaries in /usr/lib/postgresql/*/bin: apt-get install postgresql (or set PG_BIN).");
  return path.join(root, versions[0], "bin");
}

const runningAsRoot = () => process.getuid?.() === 0;

/** Runs a server binary as the cluster's owner: `postgres` when we are root, ourselves otherwise. */
function runAsOwner(bin: string, command: string, args: string[]) {
  const exe = path.join(bin, command);
  const [file, argv] = runningAsRoot() ? ["runuser", ["-u", "postgres", "--", exe, ...args]] : [exe, args];
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], cwd: "/" });
}

/**
 * A new cluster; `database` is made in it unless it is the built-in `postgres` one. The tests' cluster
 * does not fsync (a throwaway one need not survive the machine); `durable` keeps PostgreSQL's defaults, so a
 * benchmark's commits wait for the disk as SQLite's do with synchronous=FULL.
 */
export async function startPostgres(database = "postgres", { durable = false } = {}): Promise<ThrowawayPostgres> {
  const bin = postgresBin();
  // /tmp itself: the postgres user must be able to reach the folder (a test's cwd under /root is not).
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-pg-"));
  if (runningAsRoot()) execFileSync("chown", ["postgres:", dir]);
  const data = path.join(dir, "data");
  const port = await pickFreePort();
  let started = false;
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}` + (durable ? "" : " -c fsync=off -c full_page_writes=off");
  const stop = () => {
    if (started) {
      try {
        runAsOwner(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {
        // already gone: removing the folder is all that is left
      }
      started = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    // trust on loopback only: a throwaway cluster for one test run, never reachable from elsewhere.
    runAsOwner(bin, "initdb", ["-D", data, "-U", "tindak", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    runAsOwner(bin, "pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
    started = true;
    if (database !== "postgres") runAsOwner(bin, "createdb", ["-h", "127.0.0.1", "-p", String(port), "-U", "tindak", database]);
  } catch (e) {
    const log = path.join(dir, "server.log");
    const detail = fs.existsSync(log) ? `\n${fs.readFileSync(log, "utf8").slice(-2000)}` : "";
    const stderr = (e as { stderr?: string }).stderr ?? "";
    stop();
    throw new Error(`Could not start a throwaway PostgreSQL: ${(e as Error).message}\n${stderr}${detail}`);
  }
  const halt = () => {
    runAsOwner(bin, "pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    started = false;
  };
  const resume = () => {
    runAsOwner(bin, "pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "server.log"), "-w", "-t", "60", "start"]);
    started = true;
  };
  return { url: `postgresql://tindak@127.0.0.1:${port}/${database}`, port, dir, stop, halt, resume };
}

/** A new empty database in the cluster of `adminUrl` (one per test file), and its URL. */
export async function createDatabase(adminUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8'`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on its own short connection: for a test's checks on a database it did not make the client for. */
export async function queryPostgres<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/**
 * A Prisma client on PostgreSQL through @prisma/adapter-pg, from the generated PostgreSQL client
 * (tests/setup/pg-setup.ts makes it). Both generated clients have the same model API, so it is typed as
 * the SQLite one: the way the app is to pick its client from DATABASE_URL (docs/decisions/0022). The
 * import is by a computed path because app/generated/prisma-pg exists only once generated, and the
 * typecheck of a fresh clone must not depend on it.
 */
export async function postgresPrisma(
  connectionString: string,
  options: { transactionOptions?: { maxWait?: number; timeout?: number } } = {},
): Promise<SqliteClientModule.PrismaClient> {
  const { PrismaPg } = await import("@prisma/adapter-pg");
  const generated = path.resolve("app/generated/prisma-pg/client.ts");
  const { PrismaClient } = (await import(/* @vite-ignore */ generated)) as typeof SqliteClientModule;
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }), ...options });
}

/**
 * For `vi.mock("~/lib/sql/index.server", …)`: the raw-SQL module with the PostgreSQL engine of a new,
 * migrated database `name` as the process's engine, and that database's URL.
 */
export async function postgresSqlModule<M extends object>(actual: M, name: string) {
  const { inject } = await import("vitest");
  const { applyPostgresMigrations } = await import("~/lib/migrate-pg.server");
  const { createPostgresEngine } = await import("~/lib/sql/postgres/engine.server");
  const url = await createDatabase(inject("pgAdminUrl"), name);
  await applyPostgresMigrations(url);
  const engine = createPostgresEngine(url);
  return { url, module: { ...actual, sqlEngine: engine, dialect: engine.dialect } };
}
