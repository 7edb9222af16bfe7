import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { rateLimit } from "express-rate-limit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DatabaseRateLimitStore, rateLimitCounting } from "~/lib/rate-limit-store.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { countRateLimitHit } from "~/lib/sql/writes/rate-limit.server";
import { postgresPrisma } from "../support/postgres";

// Issue 18, rate limits with several app servers (docs/decisions/0028): on PostgreSQL the counters
// live in the database, so two app servers (here two Express apps, each with its own Prisma client and
// pool on one database) count one client together: a limit of 5 is 5 in all, not 5 on each.

const pg = vi.hoisted(() => ({ url: "" }));

vi.mock("~/lib/sql/index.server", async (importOriginal) => {
  const { postgresSqlModule } = await import("../support/postgres");
  const { url, module } = await postgresSqlModule(await importOriginal<object>(), "rate_limit_store");
  pg.url = url;
  return module;
});

type Client = Awaited<ReturnType<typeof postgresPrisma>>;
const clients: Client[] = [];
const servers: http.Server[] = [];

/** An app server whose POST /post is limited to `limit` a minute per client address, counted in the database. */
async function appServer(name: string, limit: number): Promise<string> {
  const client = await postgresPrisma(pg.url);
  clients.push(client);
  const app = express();
  app.use(rateLimit({ windowMs: 60_000, limit, store: new DatabaseRateLimitStore(`${name}:`, client), standardHeaders: "draft-7", legacyHeaders: false }));
  app.post("/post", (_req, res) => void res.status(200).send("ok"));
  const server = http.createServer(app);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/post`;
}

beforeAll(() => expect(sqlEngine.dialect.name).toBe("postgresql"));
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  for (const client of clients) await client.$disconnect();
  sqlEngine.close();
});

const post = async (url: string) => (await fetch(url, { method: "POST" })).status;

describe("rate-limit counters shared by two app servers", () => {
  it("a limit of 5: five posts through either server pass, the sixth is refused on both", async () => {
    const [a, b] = [await appServer("limit-5", 5), await appServer("limit-5", 5)];
    expect([await post(a), await post(b), await post(a), await post(b), await post(a)]).toEqual([200, 200, 200, 200, 200]);
    expect(await post(b)).toBe(429);
    expect(await post(a)).toBe(429);
  });

  it("twenty posts at once through both servers: exactly the limit of them pass", async () => {
    const [a, b] = [await appServer("burst", 7), await appServer("burst", 7)];
    const statuses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(i % 2 ? a : b)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(13);
  });

  it("a window that has ended starts again at one hit", async () => {
    const sql = sqlEngine.onPrisma(clients[0]!);
    const start = new Date("2026-12-01T03:00:00Z");
    const hit = async (at: Date) => Number((await sql.get<{ hits: number }>(countRateLimitHit("window:198.51.100.7", at, 60_000)))!.hits);
    expect([await hit(start), await hit(new Date(start.getTime() + 30_000)), await hit(new Date(start.getTime() + 59_999))]).toEqual([1, 2, 3]);
    expect(await hit(new Date(start.getTime() + 60_000))).toBe(1);
    expect(await hit(new Date(start.getTime() + 61_000))).toBe(2);
  });

  it("on PostgreSQL the app's limits count in the database, the whole limit in one place", () => {
    const counting = rateLimitCounting("complaint-post", 20);
    expect(counting.limit).toBe(20);
    expect("store" in counting && counting.store).toBeInstanceOf(DatabaseRateLimitStore);
  });
});
