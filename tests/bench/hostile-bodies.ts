import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureProductionBuild, startTindak, type Running } from "./lib/server";
import { filler, MB, MILLION_PARTS_BYTES, millionParts, rssKb, streamChunkedPost, type StreamOutcome } from "../support/hostile-bodies";

// Issue 13, item 1, measured on a production build: the server's resident set before and after oversized
// chunked bodies, the time to the 413, /healthz latency meanwhile, and a form of a million parts.
// Run: `npx tsx tests/bench/hostile-bodies.ts` (prints the figures; docs/benchmarks.md keeps them dated).

const rssMb = (pid: number) => rssKb(pid) / 1024;
const sentMb = (o: StreamOutcome) => (o.sentBeforeAnswer / MB).toFixed(1);

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
    const login = streamChunkedPost(server, "/login", 200 * MB, "application/x-www-form-urlencoded", filler);
    const loginHealth = await healthzWhile(server, login);
    const l = await login;
    line(`POST /login 200 MB chunked url-encoded: ${l.status} after ${l.ms.toFixed(0)} ms (${sentMb(l)} MB sent); RSS ${before.toFixed(0)} → ${rssMb(pid).toFixed(0)} MB; /healthz max ${Math.max(...loginHealth).toFixed(0)} ms over ${loginHealth.length} calls`);

    before = rssMb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
    const three = Promise.all([0, 1, 2].map(() => streamChunkedPost(server, "/complaints/new", 400 * MB, "multipart/form-data; boundary=xyz", filler)));
    const threeHealth = await healthzWhile(server, three);
    clearInterval(sampler);
    const t = await three;
    line(`3 × POST /complaints/new 400 MB chunked multipart in parallel: ${t.map((o) => `${o.status} after ${o.ms.toFixed(0)} ms (${sentMb(o)} MB sent)`).join("; ")}; RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} → ${rssMb(pid).toFixed(0)} MB; /healthz max ${Math.max(...threeHealth).toFixed(0)} ms over ${threeHealth.length} calls`);

    const total = MILLION_PARTS_BYTES;
    const parts = await streamChunkedPost(server, "/complaints/new", total, "multipart/form-data; boundary=xyz", millionParts());
    line(`1,000,000-part form (${(total / MB).toFixed(0)} MB) to /complaints/new: ${parts.status} after ${parts.ms.toFixed(0)} ms (${(parts.sentBeforeAnswer / MB).toFixed(2)} MB sent)`);
  } finally {
    await server.stop();
    for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`, `${dbFile}.lock`]) fs.rmSync(f, { force: true });
  }
}

await main();
