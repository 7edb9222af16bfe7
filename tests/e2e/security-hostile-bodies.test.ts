import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";

// Issue 13, item 1, through the real production server: request bodies are counted as they stream,
// chunked or not. An oversized body gets 413 with `Connection: close` soon after it crosses its limit,
// is never held in memory, leaves no file behind, and Open311 checks a query-string key before it reads.
// The figures (memory growth, bytes read before the 413) are printed for the closing note.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => stopAndClean(server));

function rssKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))![1]);
}

type Outcome = { status: number | null; connection: string | null; body: string; sentBeforeAnswer: number; peakGrowthKb: number; error: string | null };

/**
 * Streams `total` bytes as a chunked body (no Content-Length) and stops as soon as the server answers.
 * Samples the server's resident set while it runs.
 */
function streamPost(urlPath: string, total: number, contentType: string, makeChunk: (sent: number) => Buffer = () => Buffer.alloc(64 * 1024, "a")): Promise<Outcome> {
  const pid = server.process.pid!;
  const before = rssKb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 10);
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const outcome: Outcome = { status: null, connection: null, body: "", sentBeforeAnswer: 0, peakGrowthKb: 0, error: null };
    const finish = () => {
      clearInterval(sampler);
      outcome.peakGrowthKb = Math.max(peak, rssKb(pid)) - before;
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

const MB = 1024 * 1024;

describe("body limits counted as the body streams", () => {
  it("answers a 200 MB chunked url-encoded sign-in with 413 and Connection: close, and the server's memory barely moves", async () => {
    const result = await streamPost("/login", 200 * MB, "application/x-www-form-urlencoded");
    console.log(`[figures] POST /login 200 MB chunked: ${result.status}, read ≤ ${(result.sentBeforeAnswer / MB).toFixed(1)} MB before the answer, RSS peak growth ${(result.peakGrowthKb / 1024).toFixed(1)} MB`);
    expect(result.status).toBe(413);
    expect(result.connection).toBe("close");
    expect(result.body).toMatch(/terlalu besar/);
    expect(result.sentBeforeAnswer).toBeLessThan(200 * MB);
    expect(result.peakGrowthKb).toBeLessThan(50 * 1024);
  });

  it("refuses a JSON body over 64 KB the same way on a route that never expects one", async () => {
    const result = await streamPost("/track", 10 * MB, "application/json");
    expect(result.status).toBe(413);
    expect(result.connection).toBe("close");
  });

  it("caps a multipart body to a photo form at the photo limits, whatever the parts hold", async () => {
    const result = await streamPost("/complaints/new", 200 * MB, "multipart/form-data; boundary=xyz");
    console.log(`[figures] POST /complaints/new 200 MB chunked multipart without parts: ${result.status}, sent ${(result.sentBeforeAnswer / MB).toFixed(1)} MB before the answer, RSS peak growth ${(result.peakGrowthKb / 1024).toFixed(1)} MB`);
    expect(result.status).toBe(413);
    expect(result.connection).toBe("close");
    expect(result.sentBeforeAnswer).toBeLessThan(200 * MB);
    expect(result.peakGrowthKb).toBeLessThan(50 * 1024);
  });

  it("refuses a photo that never ends as soon as it passes 10 MB", async () => {
    const head = Buffer.from(`--xyz\r\nContent-Disposition: form-data; name="photos"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`);
    const result = await streamPost("/complaints/new", 200 * MB, "multipart/form-data; boundary=xyz", (sent) => (sent === 0 ? head : Buffer.alloc(64 * 1024, 0xff)));
    console.log(`[figures] POST /complaints/new one endless photo: ${result.status}, sent ${(result.sentBeforeAnswer / MB).toFixed(1)} MB before the answer, RSS peak growth ${(result.peakGrowthKb / 1024).toFixed(1)} MB`);
    expect(result.status).toBe(413);
    expect(result.sentBeforeAnswer).toBeLessThan(200 * MB);
    // The photo itself (up to 10 MB) is held until it is checked, plus the multipart parser's copies.
    expect(result.peakGrowthKb).toBeLessThan(80 * 1024);
  });

  it("refuses a form of a million parts after a few dozen", async () => {
    const part = (i: number) => `--xyz\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\nx\r\n`;
    const millionParts = () => {
      let i = 0;
      return () => {
        const batch: string[] = [];
        for (let n = 0; n < 200; n++) batch.push(part(i++));
        return Buffer.from(batch.join(""));
      };
    };
    const total = 1_000_000 * part(0).length;
    // A form without photos: the part counter decides, well inside the 64 KB.
    const login = await streamPost("/login", total, "multipart/form-data; boundary=xyz", millionParts());
    expect(login.status).toBe(413);
    expect(login.body).toMatch(/60 bagian/);
    expect(login.sentBeforeAnswer).toBeLessThan(total);
    // The complaint form: refused (400 for too many fields, or 413 for too many parts), long before the end.
    const complaint = await streamPost("/complaints/new", total, "multipart/form-data; boundary=xyz", millionParts());
    expect([400, 413]).toContain(complaint.status);
    expect(complaint.connection).toBe("close");
    expect(complaint.sentBeforeAnswer).toBeLessThan(total);
  });

  it("answers 413 at once to a declared Content-Length over the limit", async () => {
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: "email=" + "a".repeat(70 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.headers.get("connection")).toBe("close");
  });

  it("checks an Open311 api_key in the query string before reading the body, and caps Open311 bodies at 64 KB", async () => {
    const badKey = await streamPost("/open311/v2/requests.json?api_key=wrong", 400 * MB, "multipart/form-data; boundary=xyz");
    expect(badKey.status).toBe(403);
    expect(JSON.parse(badKey.body)).toEqual([{ code: 403, description: expect.stringMatching(/api_key/) }]);
    expect(badKey.sentBeforeAnswer).toBeLessThan(400 * MB);

    const noKey = await streamPost("/open311/v2/requests.json", 400 * MB, "multipart/form-data; boundary=xyz");
    expect(noKey.status).toBe(413);
    expect(noKey.sentBeforeAnswer).toBeLessThan(400 * MB);
  });

  it("leaves no file behind after the refusals, and still answers a normal form", async () => {
    const files = fs.existsSync(server.uploadDir) ? fs.readdirSync(server.uploadDir, { recursive: true }).filter((f) => fs.statSync(path.join(server.uploadDir, String(f))).isFile()) : [];
    expect(files).toEqual([]);
    const res = await fetch(`${server.url}/login`, {
      method: "POST",
      redirect: "manual",
      headers: { origin: server.url, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email: "nobody@example.id", password: "x" }),
    });
    expect(res.status).toBe(401);
  });
});
