import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { ensureProductionBuild, startTindak, type Running } from "./lib/server";

// Issue 13, item 1, measured on a production build: the server's resident set before and after oversized
// chunked bodies, the time to the 413, /healthz latency meanwhile, and a form of a million parts.
// Run: `npx tsx tests/bench/hostile-bodies.ts` (prints the figures; docs/benchmarks.md keeps them dated).

const MB = 1024 * 1024;
const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]) / 1024;

type Outcome = { status: number | null; ms: number; sentMb: number };

/** Streams up to `total` bytes chunked and stops at the answer: status, time to it, bytes sent by then. */
function streamPost(server: Running, urlPath: string, total: number, contentType: string, chunk: (sent: number) => Buffer): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    let done = false;
    const finish = (status: number | null) => {
      if (done) return;
      done = true;
      resolve({ status, ms: performance.now() - started, sentMb: sent / MB });
    };
    const req = http.request({ host: "127.0.0.1", port: server.port, path: urlPath, method: "POST", setHost: false, headers: { host: `localhost:${server.port}`, origin: server.url, "content-type": contentType, "transfer-encoding": "chunked" } });
    req.on("response", (res) => {
      finish(res.statusCode ?? null);
      res.resume();
    });
    req.on("error", () => finish(null));
    const write = () => {
      while (!done && sent < total) {
        const c = chunk(sent);
        sent += c.byteLength;
        if (!req.write(c)) return void req.once("drain", write);
      }
      if (!done) req.end();
    };
    write();
  });
}

/** /healthz latencies (ms) sampled one after another until `until` settles. */
async function healthzWhile(server: Running, until: Promise<unknown>): Promise<number[]> {
  let settled = false;
  void until.finally(() => (settled = true));
  const times: number[] = [];
  while (!settled) {
    const t = performance.now();
    await fetch(`${server.url}/healthz`).then((r) => r.arrayBuffer());
    times.push(performance.now() - t);
  }
  return times;
}

const filler = () => Buffer.alloc(64 * 1024, "a");
const part = (i: number) => `--xyz\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`;
function millionParts() {
  let i = 0;
  return () => Buffer.from(Array.from({ length: 200 }, () => part(i++)).join(""));
}

async function main() {
  const buildDir = ensureProductionBuild();
  const dbFile = path.join(os.tmpdir(), `tindak-hostile-bench-${process.pid}.db`);
  const server = await startTindak(dbFile, buildDir);
  const pid = server.process.pid!;
  try {
    await fetch(`${server.url}/healthz`);
    const line = (s: string) => console.log(`[hostile-bodies] ${s}`);
    line(`node ${process.version}, ${os.cpus().length} cores, production build`);

    let before = rssMb(pid);
    const login = streamPost(server, "/login", 200 * MB, "application/x-www-form-urlencoded", filler);
    const loginHealth = await healthzWhile(server, login);
    const l = await login;
    line(`POST /login 200 MB chunked url-encoded: ${l.status} after ${l.ms.toFixed(0)} ms (${l.sentMb.toFixed(1)} MB sent); RSS ${before.toFixed(0)} → ${rssMb(pid).toFixed(0)} MB; /healthz max ${Math.max(...loginHealth).toFixed(0)} ms over ${loginHealth.length} calls`);

    before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const three = Promise.all([0, 1, 2].map(() => streamPost(server, "/complaints/new", 400 * MB, "multipart/form-data; boundary=xyz", filler)));
    const threeHealth = await healthzWhile(server, three);
    clearInterval(sampler);
    const t = await three;
    line(`3 × POST /complaints/new 400 MB chunked multipart in parallel: ${t.map((o) => `${o.status} after ${o.ms.toFixed(0)} ms (${o.sentMb.toFixed(1)} MB sent)`).join("; ")}; RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} → ${rssMb(pid).toFixed(0)} MB; /healthz max ${Math.max(...threeHealth).toFixed(0)} ms over ${threeHealth.length} calls`);

    const total = 1_000_000 * part(0).length;
    const parts = await streamPost(server, "/complaints/new", total, "multipart/form-data; boundary=xyz", millionParts());
    line(`1,000,000-part form (${(total / MB).toFixed(0)} MB) to /complaints/new: ${parts.status} after ${parts.ms.toFixed(0)} ms (${parts.sentMb.toFixed(2)} MB sent)`);
  } finally {
    await server.stop();
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}.lock`]) fs.rmSync(f, { force: true });
  }
}

await main();
