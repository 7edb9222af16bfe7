import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { inject } from "vitest";
import { runPaths, serverBundle, serverEntry } from "../setup/paths";
import { pickFreePort } from "./free-port";
import { launchBrowser, type TestBrowser } from "./browser";

export { pickFreePort };

export type TestServer = {
  url: string;
  port: number;
  dbFile: string;
  uploadDir: string;
  process: ChildProcess;
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
};

/**
 * Starts the real production server (server.ts, the e2e build) on a free port with its own copy of
 * the seeded base database. `env` overrides or adds variables (e.g. SMTP_URL, TILE_URL).
 */
export async function startServer(env: Record<string, string> = {}, options: { freshDb?: boolean; dbFile?: string; uploadDir?: string } = {}): Promise<TestServer> {
  const { runDir, baseDb, buildDir } = runPaths(inject("runDir"));
  // Without a build the server would make one inside its start window below, which a busy machine misses.
  if (!fs.existsSync(serverEntry(buildDir)) || !fs.existsSync(serverBundle(buildDir))) {
    throw new Error(`No test build at ${buildDir}: add tests/setup/build-setup.ts to this Vitest project's globalSetup.`);
  }
  const id = crypto.randomBytes(4).toString("hex");
  const dbFile = options.dbFile ?? path.join(runDir, `e2e-${id}.db`);
  if (!options.dbFile) {
    if (options.freshDb) fs.rmSync(dbFile, { force: true });
    else fs.copyFileSync(baseDb, dbFile);
  }
  const uploadDir = options.uploadDir ?? path.join(runDir, `e2e-uploads-${id}`);
  // Production needs PUBLIC_URL, the origin of its links: the port is chosen first so it can say it.
  const freePort = await pickFreePort();
  const child = spawn(process.execPath, [serverBundle(buildDir)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      ALLOW_DEMO: "1",
      SESSION_SECRET: "e2e-session-secret-0123456789abcdef",
      SEED_DEMO: "0",
      PORT: String(freePort),
      PUBLIC_URL: `http://localhost:${freePort}`,
      DATABASE_URL: `file:${dbFile}`,
      UPLOAD_DIR: uploadDir,
      TINDAK_BUILD_DIR: buildDir,
      TINDAK_QUIET: "1",
      // Tests post many complaints from one address.
      COMPLAINT_LIMIT_PER_MINUTE: "1000",
      COMPLAINT_LIMIT_PER_DAY: "10000",
      // … and look up many wrong tracking codes on purpose (the guessing test sets its own figure).
      GUESS_LIMIT_MISSES: "100000",
      // One process, as the limits above assume; the workers test asks for more.
      WEB_CONCURRENCY: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${out}`)), 60_000);
    const check = () => {
      const m = out.match(/listening on http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout!.on("data", check);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const stop = (signal: NodeJS.Signals = "SIGTERM") =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once("exit", (code) => resolve(code));
      child.kill(signal);
    });
  return { url: `http://localhost:${port}`, port, dbFile, uploadDir, process: child, output: () => out, stop };
}

export async function stopAndClean(server: TestServer | undefined) {
  if (!server) return;
  await server.stop();
  for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(server.dbFile + suffix, { force: true });
  fs.rmSync(server.uploadDir, { recursive: true, force: true });
}

/**
 * The real server (as `startServer`) and a headless Chromium, started side by side: a browser test
 * file's beforeAll. If either fails to start, the one that did is stopped before the error is thrown.
 */
export async function startServerAndBrowser(env: Record<string, string> = {}, options: Parameters<typeof startServer>[1] = {}): Promise<{ server: TestServer; browser: TestBrowser }> {
  const [server, browser] = await Promise.allSettled([startServer(env, options), launchBrowser()]);
  if (server.status === "fulfilled" && browser.status === "fulfilled") return { server: server.value, browser: browser.value };
  await stopServerAndBrowser(server.status === "fulfilled" ? server.value : undefined, browser.status === "fulfilled" ? browser.value : undefined);
  throw server.status === "rejected" ? server.reason : (browser as PromiseRejectedResult).reason;
}

/** Closes the browser, then stops the server and removes its files; either may be missing (a failed start). */
export async function stopServerAndBrowser(server: TestServer | undefined, browser: TestBrowser | undefined) {
  await browser?.cleanup();
  await stopAndClean(server);
}
