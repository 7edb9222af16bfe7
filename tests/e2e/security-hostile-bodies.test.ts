import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { endlessPhoto, MB, MILLION_PARTS_BYTES, millionParts, streamChunkedPost } from "../support/hostile-bodies";

// Issue 13, item 1, through the real production server: request bodies are counted as they stream,
// chunked or not. An oversized body gets 413 with `Connection: close` soon after it crosses its limit,
// is never held in memory, leaves no file behind, and Open311 checks a query-string key before it reads.
// The figures (memory growth, bytes read before the 413) are printed for the closing note.

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => stopAndClean(server));

/** Streams a hostile body to this file's server, sampling the server's memory meanwhile. */
const streamPost = (urlPath: string, total: number, contentType: string, makeChunk?: (sent: number) => Buffer) =>
  streamChunkedPost(server, urlPath, total, contentType, makeChunk, { pid: server.process.pid! });

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
    const result = await streamPost("/complaints/new", 200 * MB, "multipart/form-data; boundary=xyz", endlessPhoto());
    console.log(`[figures] POST /complaints/new one endless photo: ${result.status}, sent ${(result.sentBeforeAnswer / MB).toFixed(1)} MB before the answer, RSS peak growth ${(result.peakGrowthKb / 1024).toFixed(1)} MB`);
    expect(result.status).toBe(413);
    expect(result.sentBeforeAnswer).toBeLessThan(200 * MB);
    // The photo itself (up to 10 MB) is held until it is checked, plus the multipart parser's copies.
    expect(result.peakGrowthKb).toBeLessThan(80 * 1024);
  });

  it("refuses a form of a million parts after a few dozen", async () => {
    const total = MILLION_PARTS_BYTES;
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
