import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, pickFreePort, type TestServer } from "../support/server";
import { rawRequest, sessionCookie } from "../support/http";
import { submitComplaint } from "../support/load";
import { jpeg } from "../support/complaints";
import { runScript } from "../support/cli";
import { queryPostgres, startPostgres, type ThrowawayPostgres } from "../support/postgres";

// Issue 18: the whole app on PostgreSQL, chosen by DATABASE_URL alone. The real production server starts
// on an empty PostgreSQL database (migrations and the demo seed at boot), serves residents and staff,
// refuses to start with one line when PostgreSQL is down, answers 503 while it is down and recovers by
// itself, and answers 503 when no connection is free within DATABASE_POOL_TIMEOUT_MS.
// This file has its own cluster, because it stops it.

let cluster: ThrowawayPostgres;
let server: TestServer | undefined;

const query = <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => queryPostgres<T>(cluster.url, text, values);

beforeAll(async () => {
  cluster = await startPostgres("tindak");
  server = await startServer({ DATABASE_URL: cluster.url, SEED_DEMO: "1", DATABASE_POOL_TIMEOUT_MS: "1000" });
}, 120_000);

afterAll(async () => {
  await server?.stop();
  cluster?.stop();
});

describe("Tindak on PostgreSQL", () => {
  it("starts on an empty database: migrates, seeds the demo and serves the public, residents and staff", async () => {
    expect((await rawRequest(server!, "GET", "/healthz")).status).toBe(200);
    const [{ n: units }] = await query<{ n: string }>(`SELECT count(*) AS n FROM "Unit"`);
    expect(Number(units)).toBeGreaterThan(10);

    const list = await rawRequest(server!, "GET", "/complaints");
    expect(list.status).toBe(200);
    expect(list.text).toMatch(/ADU-\d{4}-\d{6}/);

    // A resident files a complaint with a photo; it gets the next reference of the seeded series.
    const [{ id: unitId }] = await query<{ id: number }>(`SELECT id FROM "Unit" WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`);
    const filed = await submitComplaint(server!.url, unitId, 1, await jpeg());
    expect(filed).toMatchObject({ ok: true, status: 303 });
    const track = await rawRequest(server!, "GET", `/track/${encodeURIComponent(filed.trackingCode!)}`);
    expect(track.status).toBe(200);
    const [stored] = await query<{ ref: string; photos: string }>(
      `SELECT c.ref, (SELECT count(*) FROM "Attachment" a WHERE a."complaintId" = c.id) AS photos FROM "Complaint" c ORDER BY c.id DESC LIMIT 1`,
    );
    expect(track.text).toContain(stored!.ref);
    expect(Number(stored!.photos)).toBe(1);
    const refs = await query<{ n: string; distinct_refs: string }>(`SELECT count(*) AS n, count(DISTINCT ref) AS distinct_refs FROM "Complaint"`);
    expect(refs[0]!.n).toBe(refs[0]!.distinct_refs);

    // Staff: an inspector signs in and opens the inbox and the map data.
    const cookie = await sessionCookie(server!, "inspektur@demo.tindak.id");
    expect((await rawRequest(server!, "GET", "/inspections", { cookie })).status).toBe(200);
    expect((await rawRequest(server!, "GET", "/follow-ups", { cookie })).status).toBe(200);

    // The audit trail written by the seed and the filing verifies on PostgreSQL.
    const verify = await runScript("scripts/audit-verify.ts", [], { env: { DATABASE_URL: cluster.url } });
    expect(verify.out).toMatch(/^ok/m);
    expect(verify.code).toBe(0);
  });

  it("answers 503 with Retry-After while no connection is free, and serves again when one is", async () => {
    // Another session holds a lock the public list needs: requests queue for the pool's connections
    // (DATABASE_POOL_MAX=5 by default) until they run out; the waiting ones are answered 503 after 1 s.
    // Each asks for another unit: requests for the same list share one count (VersionCache), and would
    // wait for it without taking a connection each.
    const holder = new pg.Client({ connectionString: cluster.url });
    await holder.connect();
    await holder.query("BEGIN");
    await holder.query(`LOCK TABLE "Complaint" IN ACCESS EXCLUSIVE MODE`);
    const replies = Promise.all(Array.from({ length: 12 }, (_, i) => rawRequest(server!, "GET", `/complaints?unitId=${i + 1}`)));
    const statuses = await Promise.race([
      replies.then((r) => r.map((x) => x.status)),
      // Release the lock once the pool must have timed the waiting requests out.
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 4000)),
    ]);
    await holder.query("ROLLBACK");
    await holder.end();
    const all = statuses ?? (await replies).map((x) => x.status);
    const answers = await replies;
    expect(all.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(all.every((s) => s === 200 || s === 503)).toBe(true);
    const refused = answers.find((r) => r.status === 503)!;
    expect(refused.headers["retry-after"]).toBe("5");
    expect(refused.text).toContain("coba lagi");
    expect((await rawRequest(server!, "GET", "/complaints")).status).toBe(200);
  });

  it("answers 503 while PostgreSQL is down, stores nothing, and recovers by itself when it returns", async () => {
    const [{ n: before }] = await query<{ n: string }>(`SELECT count(*) AS n FROM "Complaint"`);
    const [{ id: unitId }] = await query<{ id: number }>(`SELECT id FROM "Unit" WHERE active ORDER BY id LIMIT 1`);
    cluster.halt();
    try {
      const page = await rawRequest(server!, "GET", "/complaints");
      expect(page.status).toBe(503);
      expect(page.headers["retry-after"]).toBe("5");
      const filed = await submitComplaint(server!.url, unitId, 2);
      expect(filed.status).toBe(503);
      expect((await rawRequest(server!, "GET", "/healthz")).status).toBe(503);
    } finally {
      cluster.resume();
    }
    expect((await rawRequest(server!, "GET", "/complaints")).status).toBe(200);
    const [{ n: after }] = await query<{ n: string }>(`SELECT count(*) AS n FROM "Complaint"`);
    expect(after).toBe(before);
    const [{ id: unit2 }] = await query<{ id: number }>(`SELECT id FROM "Unit" WHERE active ORDER BY id LIMIT 1`);
    expect((await submitComplaint(server!.url, unit2, 3)).status).toBe(303);
  });
});

describe("PostgreSQL down at boot", () => {
  it("stops with one line naming the server, without its password, and a non-zero exit", async () => {
    const port = await pickFreePort();
    const started = startServer({ DATABASE_URL: `postgresql://tindak:s3cret-pass@127.0.0.1:${port}/tindak` });
    const error = await started.then(
      (s) => s.stop().then(() => new Error("the server started")),
      (e: Error) => e,
    );
    expect(error.message).toMatch(/server exited with 1/);
    const line = error.message.split("\n").find((l) => l.includes("could not start"));
    expect(line).toMatch(new RegExp(`cannot reach PostgreSQL at postgresql://tindak:\\*\\*\\*@127\\.0\\.0\\.1:${port}/tindak`));
    expect(error.message).not.toContain("s3cret-pass");
  });
});
