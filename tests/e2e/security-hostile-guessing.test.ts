import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { formBody, rawRequest } from "../support/http";
import { postComplaint } from "../support/complaints";

// Issue 13, item 6, through the real production server: tracking codes and Open311 tokens cannot be
// guessed at speed. Each address has 20 misses per 10 minutes (GUESS_LIMIT_MISSES), then 429 on every
// lookup; a right code never counts, and a resident elsewhere is never affected.

const MISSES = 20;
let server: TestServer;
let trackPath = "";
beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "1", GUESS_LIMIT_MISSES: String(MISSES) });
  const filed = await postComplaint(server, "198.51.100.1");
  expect(filed.status).toBe(303);
  trackPath = filed.headers.location!;
});
afterAll(async () => stopAndClean(server));

/** One wrong guess of each kind, in turn: a tracking page, the tracking form, an Open311 token. */
function guess(ip: string, n: number) {
  const wrong = `SALAH-${String(n).padStart(4, "0")}-XYZ`;
  switch (n % 3) {
    case 0:
      return rawRequest(server, "GET", `/track/${wrong}`, { ip });
    case 1:
      return rawRequest(server, "POST", "/track", { ip, body: formBody({ code: wrong }) });
    default:
      return rawRequest(server, "GET", `/open311/v2/tokens/${wrong}.json`, { ip });
  }
}

describe("guessing limits on tracking codes and tokens", () => {
  it("lets 20 wrong guesses through from one address, then answers 429 to every kind of lookup", async () => {
    const ip = "198.51.100.66";
    const statuses: number[] = [];
    for (let n = 0; n < MISSES; n++) statuses.push((await guess(ip, n)).status);
    expect(statuses.every((s) => s === 404)).toBe(true);

    let letThrough = MISSES;
    for (let n = MISSES; n < MISSES + 30; n++) {
      const res = await guess(ip, n);
      if (res.status !== 429) letThrough++;
      expect(res.status, `guess ${n}`).toBe(429);
    }
    console.log(`[figures] wrong tracking codes/tokens let through from one address in 10 minutes: ${letThrough} of ${MISSES + 30}`);

    // The form comes back in Indonesian with the code as typed; the page and Open311 say 429 their own way.
    const form = await rawRequest(server, "POST", "/track", { ip, body: formBody({ code: "KODE-YANG-SAYA-KETIK" }) });
    expect(form.status).toBe(429);
    expect(form.text).toContain("Terlalu banyak kode yang salah");
    expect(form.text).toContain("KODE-YANG-SAYA-KETIK");
    const page = await rawRequest(server, "GET", "/track/SALAH-9999-XYZ", { ip, headers: { "accept-language": "en" } });
    expect(page.status).toBe(429);
    const token = await rawRequest(server, "GET", "/open311/v2/tokens/SALAH-9999-XYZ.json", { ip });
    expect(token.status).toBe(429);
    expect(JSON.parse(token.text)).toEqual([{ code: 429, description: expect.stringMatching(/token/i) }]);
  });

  it("never slows a resident with the right code: hits do not count, and other addresses are not affected", async () => {
    // The guesser above is blocked; a resident at another address opens the page at once.
    expect((await rawRequest(server, "GET", trackPath, { ip: "198.51.100.2" })).status).toBe(200);
    // A resident who opens the right page many times is never counted as guessing.
    const ip = "198.51.100.3";
    for (let n = 0; n < MISSES * 2; n++) {
      const res = await rawRequest(server, "GET", trackPath, { ip });
      expect(res.status).toBe(200);
    }
    const code = decodeURIComponent(trackPath.split("/").pop()!);
    const posted = await rawRequest(server, "POST", "/track", { ip, body: formBody({ code }) });
    expect(posted.status).toBe(303);
    // … and a typo after all that is an ordinary 404, not a 429.
    expect((await rawRequest(server, "GET", "/track/SALAH-0000-ABC", { ip })).status).toBe(404);
  });
});
