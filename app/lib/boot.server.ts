import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Express } from "express";
import Database from "better-sqlite3";
import { databaseEngineOf, getEnv, redactDatabaseUrl, sqlitePath } from "./env.server";
import { applyMigrations, pendingMigrations } from "./migrate.server";
import { applyPostgresMigrations } from "./migrate-pg.server";
import { acquireInstanceLock } from "./instance-lock.server";

// What `npm start` does before it serves: check the environment, migrate, build when needed, seed.

export const DEMO_EMAIL_DOMAIN = "@demo.tindak.id";

export function buildDir(): string {
  return path.resolve(process.env.TINDAK_BUILD_DIR ?? ".");
}

export function serverBuildPath(): string {
  return process.env.TINDAK_BUILD_DIR
    ? path.join(buildDir(), "server", "index.js")
    : path.resolve("build", "index.js");
}

export function assetsDir(): string {
  return process.env.TINDAK_BUILD_DIR ? path.join(buildDir(), "public", "build") : path.resolve("public", "build");
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "generated") newest = Math.max(newest, newestMtime(full));
    } else newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds when no build exists, and outside production also when app/ changed since the last build. */
export function ensureBuild(log = console.log) {
  const file = serverBuildPath();
  const exists = fs.existsSync(file);
  const production = getEnv().NODE_ENV === "production";
  const stale = exists && !production && fs.existsSync("app") && newestMtime("app") > fs.statSync(file).mtimeMs;
  if (exists && !stale) return false;
  log(exists ? "[boot] app/ changed since the last build: building…" : "[boot] no build found: building…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    stdio: "inherit",
    env: process.env,
  });
  if (result.status !== 0) throw new Error("remix build failed");
  log(`[boot] built in ${Date.now() - started} ms`);
  return true;
}

/**
 * Takes the database's lock file, so a second server on the same SQLite file stops with one clear line.
 * PostgreSQL takes several app servers on purpose (issue 18): nothing to lock there.
 */
export function lockDatabase(): () => void {
  const url = getEnv().DATABASE_URL;
  if (databaseEngineOf(url) === "postgresql") return () => undefined;
  return acquireInstanceLock(sqlitePath(url));
}

/**
 * Applies pending migrations. A SQLite database that already holds data is first copied (VACUUM INTO, a
 * consistent snapshot) to data/backups/pre-migrate-<time>.db, so an upgrade can always be undone. On
 * PostgreSQL each migration is one transaction, and the operator's pg_dump is the way back
 * (docs/deploy.md); N servers starting at once apply each migration once (an advisory lock).
 */
export async function migrateDatabase(log = console.log): Promise<{ applied: string[]; total: number }> {
  const url = getEnv().DATABASE_URL;
  if (databaseEngineOf(url) === "postgresql") {
    const result = await applyPostgresMigrations(url).catch((error: unknown) => {
      throw new Error(postgresBootError(url, error));
    });
    if (result.applied.length) log(`[boot] ${redactDatabaseUrl(url)}: applied ${result.applied.join(", ")}`);
    return result;
  }
  const file = sqlitePath(url);
  const pending = pendingMigrations(file);
  if (pending.applied > 0 && pending.names.length > 0) {
    const backup = backupBeforeMigrating(file);
    log(`[boot] ${pending.names.length} migration(s) to apply: backed up ${file} to ${backup} first`);
  }
  const result = applyMigrations(file);
  if (result.applied.length) log(`[boot] ${file}: applied ${result.applied.join(", ")}`);
  return result;
}

/** One line a person can act on when PostgreSQL cannot be reached at boot (the password left out). */
export function postgresBootError(url: string, error: unknown): string {
  const e = error as { message?: string; code?: string; errors?: { message?: string }[] };
  // A refused connection to a name with two addresses (::1 and 127.0.0.1) is an AggregateError with an
  // empty message: its parts say what happened.
  const detail = e.message || e.errors?.map((part) => part.message).join("; ") || e.code || String(error);
  if (detail.startsWith("Cannot migrate")) return detail;
  return `cannot reach PostgreSQL at ${redactDatabaseUrl(url)} (${detail}): is the server running, and is DATABASE_URL right?`;
}

export function backupBeforeMigrating(file: string): string {
  const dir = path.join(path.dirname(file), "backups");
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const destination = path.join(dir, `pre-migrate-${stamp}.db`);
  const sqlite = new Database(file, { fileMustExist: true, timeout: 10_000 });
  try {
    sqlite.prepare("VACUUM INTO ?").run(destination);
  } finally {
    sqlite.close();
  }
  return destination;
}

/**
 * Serves `app` on `port`, or fails with one line a person can act on (the port is taken, or not
 * allowed). `front`, when given, sees every request first and answers it alone when it
 * returns true (the response cache's anonymous hits); everything else goes to Express.
 */
export function listen(app: Express, port: number, front?: (req: IncomingMessage, res: ServerResponse) => boolean): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      if (!front?.(req, res)) app(req, res);
    });
    server.listen(port);
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE") reject(new Error(`port ${port} is already in use: stop the program using it or set PORT.`));
      else if (error.code === "EACCES") reject(new Error(`port ${port} needs privileges this process lacks: choose PORT above 1023.`));
      else reject(error);
    };
    server.once("error", onError);
    server.once("listening", () => {
      server.off("error", onError);
      resolve(server);
    });
  });
}

/** A production database without an active admin cannot be administered: say how to make one. */
export async function firstAdminHint(countAdmins: () => Promise<number>, log = console.log) {
  if (getEnv().NODE_ENV !== "production") return false;
  if ((await countAdmins()) > 0) return false;
  log(
    '[boot] no administrator account yet: create one with `npm run admin:create -- --email you@example.go.id --name "Your Name"` (see README, "Going to production").',
  );
  return true;
}

/** In production a demo account is a known password on the internet: refuse to serve. */
export async function assertNoDemoAccountsInProduction(countDemoUsers: () => Promise<number>) {
  const env = getEnv();
  if (env.NODE_ENV !== "production" || env.ALLOW_DEMO === "1") return;
  const n = await countDemoUsers();
  if (n > 0) {
    throw new Error(
      `Refusing to start: ${n} demo account(s) (${DEMO_EMAIL_DOMAIN}) exist in a production database. ` +
        "Disable or delete them, or set ALLOW_DEMO=1 for a public demonstration.",
    );
  }
}
