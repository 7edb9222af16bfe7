import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { responseCache } from "~/lib/public-cache.server";
import { noteLastFigures } from "~/lib/database-unavailable.server";
import { withRequestNotes } from "~/lib/request-guard.server";
import { sqlEngine } from "~/lib/sql/index.server";

// The response cache (ADR 0030, 0035) around writes that land while a page is being rendered, made
// deterministic: the page is a stand-in whose render waits on a gate the test opens, behind the real cache
// (both of its doors) on the real database's data version.
// - A page whose render began before a write is never kept for after it, nor handed to a visitor who
//   arrived after the write; those visitors share one render of the new version once it ends.
// - A page of figures (/dashboard) is answered from the last one rendered while the new version's is being
//   rendered, marked STALE and never kept; a list (/complaints) waits for the render instead. The last
//   pages kept for that are bounded in bytes.

type Gate = { opened: Promise<void>; open: () => void };
function closedGate(): Gate {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

let gate: Gate | null = null;
let renders = 0;
let received = 0;
let server: http.Server;
let base = "";

/** Small enough for the bound on the last pages of figures to be reached by two padded pages (a quarter: 10,000 bytes). */
const MAX_TOTAL_BYTES = 40_000;

beforeAll(async () => {
  const cache = responseCache({ maxTotalBytes: MAX_TOTAL_BYTES });
  const app = express();
  app.use(cache.middleware);
  app.get(["/dashboard", "/complaints"], async (req, res) => {
    // The request handler's bridge (request-guard.server.ts): the page is rendered, then written.
    const { value: body } = await withRequestNotes(res, async () => {
      renders++;
      // What a loader does: read the data (here, its version) first, then take time to render.
      const page = `${req.path} of version ${sqlEngine.dataVersion()}` + " ".repeat(Number(req.query.pad ?? 0));
      // What the list's total does when it answers the last count (ADR 0035, app/lib/version-cache.server.ts).
      if (req.query.lastTotal) noteLastFigures();
      if (gate) await gate.opened;
      return page;
    });
    res.type("text/html").send(body);
  });
  server = http.createServer((req, res) => {
    received++;
    if (!cache.answerPublicHit(req, res)) app(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
// A test that fails with its gate closed must not hold the next one's renders.
afterEach(() => {
  gate?.open();
  gate = null;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(base + path, { headers });
  return { status: res.status, text: await res.text(), cache: res.headers.get("x-cache"), etag: res.headers.get("etag") };
}

/** A write that moves the data version, and the moment this process sees it (PostgreSQL: by LISTEN, later). */
async function write(): Promise<number> {
  const unit = await db.unit.findFirstOrThrow({ orderBy: { id: "asc" } });
  await db.unit.update({ where: { id: unit.id }, data: { phone: `0711-${Math.floor(Math.random() * 1e6)}` } });
  const [row] = await db.$queryRawUnsafe<Array<{ version: number | bigint }>>(`SELECT "version" FROM "DataVersion" WHERE "id" = 1`);
  const written = Number(row!.version);
  await until(() => sqlEngine.dataVersion() === written);
  return written;
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(condition()).toBe(true);
}

/** Starts a render of `path` and holds it at the gate until `release`. */
async function heldRender(path: string) {
  gate = closedGate();
  renders = 0;
  const answer = get(path);
  await until(() => renders === 1);
  const release = () => {
    gate?.open();
    gate = null;
  };
  return { answer, release };
}

/** Sends `count` GETs of `path` and waits until the server has them (they may still be waiting for answers). */
async function arriving(path: string, count: number) {
  const receivedBefore = received;
  const answers = Array.from({ length: count }, () => get(path));
  await until(() => received === receivedBefore + count);
  return { answers: Promise.all(answers) };
}

describe("response cache across writes", () => {
  it("a page whose render began before a write is not kept for after it", async () => {
    const before = await write();
    const early = await heldRender("/complaints");
    const after = await write();
    // Any visitor after the write moves the cache to the new version (here one of a page with no route).
    expect((await get("/")).status).toBe(404);
    early.release();
    expect(await early.answer).toMatchObject({ cache: "MISS", text: `/complaints of version ${before}` });
    expect(await get("/complaints")).toMatchObject({ cache: "MISS", text: `/complaints of version ${after}` });
  });

  it("visitors who arrive after a write wait for the render begun before it, then share one render of the new version", async () => {
    const before = await write();
    const early = await heldRender("/complaints");
    const after = await write();
    const late = await arriving("/complaints", 3);
    // No second render while the first is still going: during a rush, renders of successive versions
    // would otherwise pile up behind one another.
    await new Promise((r) => setTimeout(r, 50));
    expect(renders).toBe(1);
    early.release();
    expect((await early.answer).text).toBe(`/complaints of version ${before}`);
    for (const answer of await late.answers) expect(answer.text).toBe(`/complaints of version ${after}`);
    expect(renders).toBe(2);
    expect(await get("/complaints")).toMatchObject({ cache: "HIT", text: `/complaints of version ${after}` });
  });

  it("a list whose total was counted before the last write is sent but not kept: the next visitor renders again", async () => {
    await write();
    const lagging = await get("/complaints?lastTotal=1");
    expect(lagging.status).toBe(200);
    expect(lagging.cache).toBe("MISS");
    expect((await get("/complaints?lastTotal=1")).cache).toBe("MISS");
    const before = renders;
    expect((await get("/complaints?lastTotal=")).cache).toBe("MISS");
    expect((await get("/complaints?lastTotal=")).cache).toBe("HIT");
    expect(renders).toBe(before + 1);
  });

  it("a visitor who came before a write gets the render it waited for, though the write landed during it; the page is not kept", async () => {
    const before = await write();
    const first = await heldRender("/complaints");
    const follower = await arriving("/complaints", 1);
    const after = await write();
    first.release();
    expect(await first.answer).toMatchObject({ cache: "MISS", text: `/complaints of version ${before}` });
    expect((await follower.answers)[0]).toMatchObject({ cache: "HIT", text: `/complaints of version ${before}` });
    expect(renders).toBe(1);
    expect(await get("/complaints")).toMatchObject({ cache: "MISS", text: `/complaints of version ${after}` });
  });

  it("while a page of figures is rendered for a new version, others get the last one, marked STALE and not kept; a list waits", async () => {
    const first = await write();
    const kept = await get("/dashboard");
    expect(kept).toMatchObject({ status: 200, cache: "MISS", text: `/dashboard of version ${first}` });
    await get("/complaints");
    const second = await write();

    const renderer = await heldRender("/dashboard");
    // Answered while the render is still held at its gate.
    const stale = await get("/dashboard");
    expect(stale).toMatchObject({ status: 200, cache: "STALE", text: `/dashboard of version ${first}`, etag: kept.etag });
    const revalidated = await get("/dashboard", { "if-none-match": kept.etag! });
    expect(revalidated).toMatchObject({ status: 304, cache: "STALE", text: "" });

    // A list is not answered from before the write: its visitor waits for the render under way.
    const listRenderer = get("/complaints");
    await until(() => renders === 2);
    let listAnswered = false;
    const listFollower = get("/complaints").then((r) => ((listAnswered = true), r));
    await new Promise((r) => setTimeout(r, 100));
    expect(listAnswered).toBe(false);

    renderer.release();
    expect(await renderer.answer).toMatchObject({ cache: "MISS", text: `/dashboard of version ${second}` });
    expect(await listRenderer).toMatchObject({ cache: "MISS", text: `/complaints of version ${second}` });
    expect(await listFollower).toMatchObject({ cache: "HIT", text: `/complaints of version ${second}` });
    expect(renders).toBe(2);
    // The stale answer was not kept: the next visitor gets the new figures.
    expect(await get("/dashboard")).toMatchObject({ cache: "HIT", text: `/dashboard of version ${second}` });
  });

  it("with no render under way, the first visitor after a write waits for the new figures", async () => {
    await get("/dashboard");
    const version = await write();
    expect(await get("/dashboard")).toMatchObject({ cache: "MISS", text: `/dashboard of version ${version}` });
  });

  it("the last pages of figures are bounded in bytes: the oldest is let go, and its visitors wait for the render", async () => {
    const padded = (n: number) => `/dashboard?pad=6000&n=${n}`;
    await get(padded(1));
    await get(padded(2)); // 12,000 bytes of last pages: over the bound, so page 1 is let go
    await write();

    const second = await heldRender(padded(2));
    expect((await get(padded(2))).cache).toBe("STALE");
    second.release();
    await second.answer;

    const first = await heldRender(padded(1));
    const follower = await arriving(padded(1), 1);
    first.release();
    expect((await follower.answers)[0]!.cache).toBe("HIT");
    expect((await first.answer).cache).toBe("MISS");
  });
});
