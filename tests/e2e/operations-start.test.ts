import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { runPaths } from "../setup/paths";

// `npm start` as a process manager runs it (issue 23): the compiled server is the process npm started,
// so SIGTERM to what was started drains and closes the port; one server per database; a clear line for a
// port in use; a build made from other sources is rebuilt, saying so; a production start without an
// admin says how to make one.

const { runDir } = runPaths(inject("runDir"));
const id = crypto.randomBytes(4).toString("hex");
const buildDir = path.join(runDir, `ops-build-${id}`); // its own build: the first start must make it
// In a folder that does not exist yet, as `data/` on a fresh clone: the first start must make it.
const dbDir = path.join(runDir, `ops-data-${id}`);
const dbFile = path.join(dbDir, "tindak.db");
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.rmSync(dbDir, { recursive: true, force: true });
});

type Started = { child: ChildProcess; out: () => string; exited: Promise<number | null> };

function npmStart(env: Record<string, string> = {}): Started {
  const child = spawn("npm", ["start"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: "ops-session-secret-0123456789abcdef",
      SEED_DEMO: "0",
      PORT: "0",
      PUBLIC_URL: "https://tindak.example.id",
      DATABASE_URL: `file:${dbFile}`,
      TINDAK_BUILD_DIR: buildDir,
      TINDAK_QUIET: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, out: () => out, exited };
}

function listening(started: Started): Promise<number> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = started.out().match(/listening on http:\/\/localhost:(\d+)/);
      if (m) resolve(Number(m[1]));
    };
    started.child.stdout!.on("data", check);
    started.exited.then((code) => reject(new Error(`npm start exited with ${code}:\n${started.out()}`)));
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

function childrenOf(pid: number): number[] {
  const text = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
  return text ? text.split(/\s+/).map(Number) : [];
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("npm start", () => {
  it("builds when there is no build, runs the compiled server as npm's own child, and stops on SIGTERM to npm", async () => {
    const first = npmStart();
    const port = await listening(first);
    expect(first.out()).toContain("[start] no build found: building before serving");
    expect(first.out()).toContain("no administrator account yet: create one with `npm run admin:create");

    // What npm started is node running the compiled server, not a shell or a TypeScript loader.
    const [server] = childrenOf(first.child.pid!);
    const cmdline = fs.readFileSync(`/proc/${server}/cmdline`, "utf8").split("\0").filter(Boolean);
    expect(cmdline).toEqual(["node", path.join(buildDir, "server.js")]);
    expect(fs.existsSync(`${dbFile}.lock`)).toBe(true);

    const health = await fetch(`http://localhost:${port}/healthz`);
    expect(health.status).toBe(200);

    // A second server on the same database stops with one line, and so does one on a port in use.
    const second = npmStart();
    expect(await second.exited).not.toBe(0);
    expect(second.out()).toMatch(/\[boot\] Tindak could not start: .*ops-.*\.db is already served by another Tindak process \(pid \d+/);
    const otherDb = path.join(runDir, `ops-${id}-other.db`);
    const third = npmStart({ PORT: String(port), DATABASE_URL: `file:${otherDb}` });
    expect(await third.exited).not.toBe(0);
    expect(third.out()).toContain(`[boot] Tindak could not start: port ${port} is already in use: stop the program using it or set PORT.`);
    expect(third.out()).not.toMatch(/^\s+at /m); // no stack trace
    for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(otherDb + suffix, { force: true });

    // The process manager's SIGTERM goes to the process it started: npm.
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.out()).toContain("[boot] stopped");
    expect(await portOpen(port)).toBe(false);
    expect(processExists(server!)).toBe(false);
    expect(fs.existsSync(`${dbFile}.lock`)).toBe(false);
  }, 240_000);

  it("rebuilds, saying so, when the build was made from other sources", async () => {
    const infoFile = path.join(buildDir, "build-info.json");
    const info = JSON.parse(fs.readFileSync(infoFile, "utf8")) as { sourceHash: string; builtAt: string };
    fs.writeFileSync(infoFile, JSON.stringify({ ...info, sourceHash: "0".repeat(64) }));
    const started = npmStart();
    await listening(started);
    expect(started.out()).toContain(`[start] the source changed since the build of ${info.builtAt}: building before serving`);
    expect(JSON.parse(fs.readFileSync(infoFile, "utf8")).sourceHash).toBe(info.sourceHash);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);

    // And serves an up-to-date build without building again.
    const again = npmStart();
    await listening(again);
    expect(again.out()).not.toContain("building");
    again.child.kill("SIGTERM");
    expect(await again.exited).toBe(0);
  }, 240_000);
});
