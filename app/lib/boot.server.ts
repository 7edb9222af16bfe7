import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { getEnv, sqlitePath } from "./env.server";
import { applyMigrations } from "./migrate.server";

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

export function migrateDatabase(log = console.log) {
  const file = sqlitePath(getEnv().DATABASE_URL);
  const result = applyMigrations(file);
  if (result.applied.length) log(`[boot] ${file}: applied ${result.applied.join(", ")}`);
  return result;
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
