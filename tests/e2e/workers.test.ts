import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { multipartBody, queryOne, rawRequest } from "../support/http";
import { complaintForm } from "../support/complaints";

// Issue 17, "every core at work": with WEB_CONCURRENCY=2 the production server runs two worker
// processes on one SQLite file. What a person notices: a complaint filed through one worker is on the
// public pages every worker serves at once (their caches key on the database's data version, not on
// their own writes), a crashed worker is replaced without the site going down, the background jobs
// run once, and SIGTERM stops everything cleanly.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ WEB_CONCURRENCY: "2", TRUST_PROXY: "1" });
  // Both workers print their line; the test server resolves on the first.
  const deadline = Date.now() + 60_000;
  while ((server.output().match(/listening on http/g) ?? []).length < 2) {
    if (Date.now() > deadline) throw new Error(`the second worker did not start:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
});
afterAll(async () => stopAndClean(server));

/** The pids of the server's worker processes (children of the primary running the server), from /proc. */
function workerPids(): number[] {
  const primary = server.process.pid!;
  return fs
    .readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const [ppid, state] = [Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3)];
        // The primary's other children (tsx's esbuild service) are not workers.
        const command = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
        return ppid === primary && state !== "Z" && /server\.(ts|js)/.test(command);
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** `n` reads of `path`, each on its own connection, so the primary hands them to the workers in turn. */
async function readsOnFreshConnections(path: string, n: number): Promise<string[]> {
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const reply = await rawRequest(server, "GET", path, { headers: { connection: "close" } });
    expect(reply.status).toBe(200);
    texts.push(reply.text);
  }
  return texts;
}

describe("WEB_CONCURRENCY=2", () => {
  it("serves from two worker processes, and only one of them runs the background jobs", () => {
    expect(workerPids()).toHaveLength(2);
    expect(server.output().match(/background jobs/g) ?? []).toHaveLength(1);
  });

  it("shows a complaint filed through one worker, and the new total, on the public list every worker serves", async () => {
    // Both workers render the list (and cache it, and its total) before the complaint exists.
    const totals = (pages: string[]) => pages.map((page) => Number(/([\d.]+) pengaduan/.exec(page)![1]!.replace(/\./g, "")));
    const before = totals(await readsOnFreshConnections("/complaints", 4));
    expect(new Set(before).size).toBe(1);
    const unitId = queryOne<{ id: number }>(server, `SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).id;
    const description = `Loket tutup sebelum jam pelayanan berakhir, nomor uji ${Date.now()}.`;
    const { body, contentType } = await multipartBody(await complaintForm({ unitId: String(unitId), description, privacy: "public" }));
    const filed = await rawRequest(server, "POST", "/complaints/new", { ip: "198.51.100.7", body, contentType, headers: { connection: "close" } });
    expect(filed.status).toBe(303);
    // The rows are always read afresh: every page, from either worker, lists the new complaint.
    const after = await readsOnFreshConnections("/complaints", 6);
    for (const page of after) expect(page).toContain(description);
    // The total is counted again after the write. A page that finds that count still running after 10 ms
    // is sent with the last total (ADR 0035), which on a loaded machine happened (124 of 125); once counted,
    // every worker shows the new one.
    for (const total of totals(after)) expect([before[0]!, before[0]! + 1]).toContain(total);
    await expect.poll(async () => totals(await readsOnFreshConnections("/complaints", 6)), { timeout: 20_000 }).toEqual(Array(6).fill(before[0]! + 1));
  });

  it("replaces a worker that crashes, and keeps answering meanwhile", async () => {
    const [victim, survivor] = workerPids();
    process.kill(victim!, "SIGKILL");
    // Once the primary has seen the crash (a connection handed over in the same instant is lost, as
    // with any crash), every request goes to the surviving worker until the new one listens.
    await expect.poll(() => server.output(), { timeout: 20_000 }).toMatch(new RegExp(`worker ${victim} ended \\(SIGKILL\\): starting another`));
    for (let i = 0; i < 3; i++) expect((await rawRequest(server, "GET", "/healthz", { headers: { connection: "close" } })).status).toBe(200);
    await expect.poll(() => workerPids().filter((pid) => pid !== victim), { timeout: 30_000 }).toHaveLength(2);
    expect(workerPids()).toContain(survivor);
  });

  it("stops every worker and exits 0 on SIGTERM", async () => {
    const pids = workerPids();
    expect(await server.stop("SIGTERM")).toBe(0);
    for (const pid of pids) expect(fs.existsSync(`/proc/${pid}`) && !fs.readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ")).toBe(false);
  });
});
