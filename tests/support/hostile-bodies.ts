import fs from "node:fs";
import http from "node:http";

// The hostile request bodies of issue 13, item 1 (oversized chunked bodies, an endless photo, a form of
// a million parts) and the client that streams them, shared by the test that guards the limits
// (tests/e2e/security-hostile-bodies.test.ts) and the benchmark that measures them
// (tests/bench/hostile-bodies.ts). The benchmark runs outside Vitest, so this file imports nothing from it.

export const MB = 1024 * 1024;

/** The resident set of process `pid` in KB, from /proc (Linux). */
export function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

/** 64 KB of plain text, the body of an oversized form that has no parts or fields worth parsing. */
export const filler = (): Buffer => Buffer.alloc(64 * 1024, "a");

/** The first chunk of a multipart photo (boundary `xyz`) whose bytes never end: 64 KB of 0xff after the header. */
export function endlessPhoto(): (sent: number) => Buffer {
  const head = Buffer.from(`--xyz\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
  return (sent) => (sent === 0 ? head : Buffer.alloc(64 * 1024, 0xff));
}

const part = (i: number) => `--xyz\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`;

/** The size in bytes of a multipart form (boundary `xyz`) of a million one-letter fields. */
export const MILLION_PARTS_BYTES = 1_000_000 * part(0).length;

/** The chunks of that form, 200 parts at a time (a fresh generator for each request). */
export function millionParts(): () => Buffer {
  let i = 0;
  return () => {
    const batch: string[] = [];
    for (let n = 0; n < 200; n++) batch.push(part(i++));
    return Buffer.from(batch.join(""));
  };
}

export type StreamOutcome = {
  status: number | null;
  connection: string | null;
  body: string;
  /** Bytes written before the answer came: what the server had to read at most (all written when none came). */
  sentBeforeAnswer: number;
  /** Milliseconds from the start to the answer's headers (the whole run when there was none). */
  ms: number;
  /** Growth of the server's resident set over the run, in KB (0 unless `pid` was given). */
  peakGrowthKb: number;
  error: string | null;
};

/**
 * Streams up to `total` bytes to `urlPath` as a chunked body (no Content-Length), same origin, and stops
 * writing as soon as the server answers; resolves once the answer has been read. With `pid`, samples
 * that process's resident set while it runs.
 */
export function streamChunkedPost(
  server: { port: number; url: string },
  urlPath: string,
  total: number,
  contentType: string,
  makeChunk: (sent: number) => Buffer = filler,
  options: { pid?: number } = {},
): Promise<StreamOutcome> {
  const started = performance.now();
  const { pid } = options;
  const before = pid ? rssKb(pid) : 0;
  let peak = before;
  const sampler = pid ? setInterval(() => (peak = Math.max(peak, rssKb(pid))), 10) : undefined;
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const outcome: StreamOutcome = { status: null, connection: null, body: "", sentBeforeAnswer: 0, ms: 0, peakGrowthKb: 0, error: null };
    const finish = () => {
      clearInterval(sampler);
      if (!answered) Object.assign(outcome, { ms: performance.now() - started, sentBeforeAnswer: sent });
      if (pid) outcome.peakGrowthKb = Math.max(peak, rssKb(pid)) - before;
      resolve(outcome);
    };
    const req = http.request({
      host: "127.0.0.1",
      port: server.port,
      path: urlPath,
      method: "POST",
      setHost: false,
      headers: { host: `localhost:${server.port}`, origin: server.url, "content-type": contentType, "transfer-encoding": "chunked" },
    });
    req.on("response", (res) => {
      answered = true;
      outcome.ms = performance.now() - started;
      outcome.status = res.statusCode ?? null;
      outcome.connection = res.headers.connection ?? null;
      outcome.sentBeforeAnswer = sent;
      res.setEncoding("utf8");
      res.on("data", (d: string) => (outcome.body += d));
      res.on("end", finish);
      res.on("error", finish);
    });
    req.on("error", (error) => {
      outcome.error = (error as NodeJS.ErrnoException).code ?? error.message;
      // The server closes after its answer; a write after that fails. Wait for the answer if it came.
      if (!answered) finish();
    });
    const write = () => {
      while (!answered && sent < total) {
        const chunk = makeChunk(sent);
        sent += chunk.byteLength;
        if (!req.write(chunk)) return void req.once("drain", write);
      }
      if (!answered) req.end();
    };
    write();
  });
}
