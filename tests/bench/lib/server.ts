import fs from "node:fs";
import path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { DATA_DIR } from "./config";
import { pickFreePort } from "../../support/free-port";
import { serverBundle } from "../../setup/paths";
import { DEMO_PASSWORD } from "../../../prisma/seed/demo-password";

// The production build of Tindak in its own folder, its server, and the bare floor server.

export const BENCH_SESSION_SECRET = "bench-session-secret-0123456789abcdef";

let builtDir: string | null = null;

/**
 * Builds the app for production into its own folder (once per process), as `npm run build` does: the
 * Remix build and server.ts compiled into `server.js` (scripts/build.mjs), which startTindak runs with
 * plain node, as `npm start` does. BENCH_BUILD_DIR reuses a build made elsewhere (the smoke test passes
 * the test run's build, made the same way by tests/setup/build-setup.ts).
 */
export function ensureProductionBuild(log: (s: string) => void = console.log): string {
  if (process.env.BENCH_BUILD_DIR) return path.resolve(process.env.BENCH_BUILD_DIR);
  if (builtDir) return builtDir;
  const dir = path.join(DATA_DIR, "build");
  fs.rmSync(dir, { recursive: true, force: true });
  log("[bench] building for production (remix build and the server bundle, into tests/bench/.data/build)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "build"], {
    env: { ...process.env, NODE_ENV: "production", TINDAK_BUILD_DIR: dir },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`remix build failed:\n${result.stdout}\n${result.stderr}`);
  // scripts/build.mjs's bundleServer is asynchronous (esbuild with a plugin): run in a node of its own.
  const bundle = spawnSync(process.execPath, ["--input-type=module", "-e", `(await import("./scripts/build.mjs")).bundleServer(process.argv[1])`, serverBundle(dir)], { encoding: "utf8" });
  if (bundle.status !== 0) throw new Error(`the server bundle failed:\n${bundle.stdout}\n${bundle.stderr}`);
  log(`[bench] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  builtDir = dir;
  return dir;
}

export type Running = { url: string; port: number; process: ChildProcess; output: () => string; stop: () => Promise<void> };

function waitForListening(child: ChildProcess, what: string, timeoutMs = 90_000): Promise<{ port: number; output: () => string }> {
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs / 1000} s:\n${out}`)), timeoutMs);
    const check = () => {
      const m = out.match(/listening on http:\/\/localhost:(\d+)/);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve({ port: Number(m[1]), output: () => out });
      }
    };
    child.stdout!.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited with ${code}:\n${out}`));
    });
  });
}

function stopper(child: ChildProcess) {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill("SIGKILL"), 10_000);
      child.once("exit", () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill("SIGTERM");
    });
}

/** Tindak's production server (server.ts) on a free port, against `dbFile`. */
export async function startTindak(dbFile: string, buildDir: string, env: Record<string, string> = {}, nodeArgs: string[] = []): Promise<Running> {
  // Production needs PUBLIC_URL, the origin of its links: the port is chosen first so it can say it.
  const freePort = await pickFreePort();
  // The compiled server, as `npm start` runs it (no TypeScript loader, ADR 0014).
  const child = spawn(process.execPath, [...nodeArgs, serverBundle(buildDir)], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PUBLIC_URL: `http://localhost:${freePort}`,
      ALLOW_DEMO: "1",
      SESSION_SECRET: BENCH_SESSION_SECRET,
      SEED_DEMO: "0",
      PORT: String(freePort),
      DATABASE_URL: `file:${dbFile}`,
      UPLOAD_DIR: path.join(DATA_DIR, "uploads"),
      TINDAK_BUILD_DIR: buildDir,
      TINDAK_QUIET: "1",
      // Slow-query warnings would flood the console under load; the benchmark reports latency itself.
      SLOW_QUERY_MS: "100000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { port, output } = await waitForListening(child, "Tindak");
  // A server that dies under load is a finding: say so with its last words, not just ECONNREFUSED.
  child.once("exit", (code, signal) => {
    if (!stopping) console.log(`  [bench] Tindak exited during the run (code ${code}, signal ${signal}):\n${output().split("\n").slice(-25).join("\n")}`);
  });
  let stopping = false;
  const stop = stopper(child);
  return {
    url: `http://localhost:${port}`,
    port,
    process: child,
    output,
    stop: () => {
      stopping = true;
      return stop();
    },
  };
}

/**
 * A floor: bare node:http + prepared better-sqlite3 statements on `dbFile` (tests/bench/floor-server.ts for
 * reads, tests/bench/insert-floor-server.ts for filing).
 */
export async function startFloor(dbFile: string, script = "tests/bench/floor-server.ts"): Promise<Running> {
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve(script)], {
    env: { ...process.env, NODE_ENV: "production", FLOOR_DB: dbFile, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const { port, output } = await waitForListening(child, "floor server");
  return { url: `http://localhost:${port}`, port, process: child, output, stop: stopper(child) };
}

/** Signs in through POST /login like a browser would, and returns the Cookie header value. */
export async function login(baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<string | null> {
  const body = new URLSearchParams({ email, password, redirectTo: "/follow-ups" });
  const res = await fetch(`${baseUrl}/login`, {
    method: "POST",
    body,
    redirect: "manual",
    headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
  });
  const setCookie = res.headers.get("set-cookie");
  if (res.status !== 302 && res.status !== 303) return null;
  return setCookie ? setCookie.split(";")[0]! : null;
}

/** CPU seconds used so far by a process and its children (Linux /proc; 0 where unreadable). */
export function treeCpuSeconds(pid: number): number {
  const ticks = (p: number) => {
    try {
      // utime and stime are fields 14 and 15; the command name (field 2) may contain spaces: skip past ")".
      const fields = fs.readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      return Number(fields[11]) + Number(fields[12]);
    } catch {
      return 0;
    }
  };
  let total = ticks(pid);
  try {
    for (const child of fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean)) total += treeCpuSeconds(Number(child)) * 100;
  } catch {
    /* no children file: count the process alone */
  }
  return total / 100;
}

/**
 * Waits until the server and its workers have gone quiet after boot (the first background job run,
 * cache warm-ups): less than 10% of one core over a second, twice in a row, at most `maxMs`. Otherwise the
 * first benchmark of a large database would measure the boot's jobs, not the requests.
 */
export function waitUntilIdle(pid: number, maxMs = 60_000): Promise<number> {
  return waitUntilQuiet(() => treeCpuSeconds(pid), 0.1, maxMs);
}

/**
 * Samples a CPU-seconds counter once a second until it grows by less than `busySeconds` in a second, twice
 * in a row, or `maxMs` have passed; returns how long it waited.
 */
async function waitUntilQuiet(cpuSeconds: () => number, busySeconds: number, maxMs: number): Promise<number> {
  const started = Date.now();
  let quiet = 0;
  let last = cpuSeconds();
  while (Date.now() - started < maxMs && quiet < 2) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = cpuSeconds();
    quiet = now - last < busySeconds ? quiet + 1 : 0;
    last = now;
  }
  return Date.now() - started;
}

/** The whole machine's busy CPU seconds so far, every core (Linux /proc/stat; 0 where unreadable). */
function machineBusySeconds(): number {
  try {
    // cpu  user nice system idle iowait irq softirq steal …: busy is all but idle and iowait.
    const [user, nice, system, , , irq, softirq, steal] = fs.readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
  } catch {
    return 0;
  }
}

/**
 * Waits until the whole machine is quiet (less than 20% of one core busy over a second, twice in a row),
 * at most `maxMs`; returns how long it waited. For figures measured on a phone's timeline (first paint),
 * where whatever the machine still does from an earlier section lands in the figure.
 */
export function waitForQuietMachine(maxMs = 60_000): Promise<number> {
  return waitUntilQuiet(machineBusySeconds, 0.2, maxMs);
}
