import { expect } from "vitest";
import http from "node:http";
import Database from "better-sqlite3";
import { DEMO_PASSWORD } from "./requests";
import type { TestServer } from "./server";

// Plain HTTP against a running test server, as a client at a chosen address: the server is started with
// TRUST_PROXY=1, so `X-Forwarded-For` is the address the app sees (what a reverse proxy would send).

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string };

/**
 * One request with the path sent exactly as written (fetch would normalise `..` and `%6e`), as the
 * client at `ip`, with a same-origin `Origin` unless `origin` says otherwise.
 */
export function rawRequest(
  server: TestServer,
  method: string,
  rawPath: string,
  options: { ip?: string; origin?: string | null; cookie?: string; body?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.ip) headers["x-forwarded-for"] = options.ip;
    if (options.origin !== null) headers.origin = options.origin ?? server.url;
    if (options.cookie) headers.cookie = options.cookie;
    if (options.body !== undefined) {
      headers["content-type"] = options.contentType ?? "application/x-www-form-urlencoded";
      headers["content-length"] = String(Buffer.byteLength(options.body));
    }
    const req = http.request({ host: "127.0.0.1", port: server.port, path: rawPath, method, headers: { host: `localhost:${server.port}`, ...headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (text += d));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on("error", reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** A url-encoded body. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Signs in with the demo password (or `password`) from `ip`; the session cookie, or null with the status. */
export async function signIn(server: TestServer, email: string, options: { ip?: string; password?: string } = {}): Promise<{ status: number; cookie: string | null; text: string }> {
  const res = await rawRequest(server, "POST", "/login", { ip: options.ip, body: formBody({ email, password: options.password ?? DEMO_PASSWORD, redirectTo: "/" }) });
  const setCookie = res.headers["set-cookie"]?.[0];
  return { status: res.status, cookie: res.status === 302 && setCookie ? setCookie.split(";")[0]! : null, text: res.text };
}

/** One value read from the test server's database file (read-only, so the server's writes go on). */
export function queryOne<T>(server: TestServer, sql: string, ...params: unknown[]): T {
  const db = new Database(server.dbFile, { readonly: true });
  try {
    return db.prepare(sql).get(...params) as T;
  } finally {
    db.close();
  }
}

/** Every row read from the test server's database file (read-only, waiting out the server's writes). */
export function queryAll<T>(server: TestServer, sql: string, ...params: unknown[]): T[] {
  const db = new Database(server.dbFile, { readonly: true });
  db.pragma("busy_timeout = 10000");
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** The id of the seeded unit the tests file complaints to (UPT Dukcapil Seberang Ulu Dua) in `server`'s database. */
export function seededUnitId(server: TestServer): number {
  return queryOne<{ id: number }>(server, `SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).id;
}

export function countComplaints(server: TestServer): number {
  return queryOne<{ n: number }>(server, "SELECT COUNT(*) AS n FROM Complaint").n;
}

/** A multipart body (what the complaint form sends), ready for rawRequest's `body` and `contentType`. */
export async function multipartBody(form: FormData): Promise<{ body: Buffer; contentType: string }> {
  const encoded = new Response(form);
  return { body: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get("content-type")! };
}

/** The session cookie (`name=value`) of `email` signed in through the real login form; fails the test otherwise. */
export async function sessionCookie(server: TestServer, email: string): Promise<string> {
  const reply = await signIn(server, email);
  expect(reply.status, reply.text.slice(0, 200)).toBe(302);
  return reply.cookie!;
}
