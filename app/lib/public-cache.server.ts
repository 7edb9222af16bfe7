import crypto from "node:crypto";
import { parse as parseCookies } from "cookie";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { sqlEngine } from "./sql/index.server";
import { normalisePath } from "./request-guard.server";
import { getSessionUser, sessionCookieName } from "./session.server";

// The public response cache (issue 17, docs/decisions/0030). Anonymous GETs of the public pages and
// APIs are answered from memory while the data version (a counter row that triggers bump in the same
// transaction as every write that can change a public page) and the language stay the same: no
// loader, no rendering, no compression. Each entry holds the exact bytes and headers that went out,
// compressed as they were, with their CSP nonce; its ETag is a hash of those bytes, so a browser
// holding them gets a 304. A request carrying any cookie but the language one (a session above all)
// never reads or fills the public entries. After a write, the pages of figures (`/`, `/dashboard`, a
// unit's page) are answered from the last ones rendered while one request renders the new ones
// (docs/decisions/0035); every other page waits for that render.
//
// A signed-in person's own list pages (the unit head's inbox, the inspector's lists) are kept the same
// way, but per session: the key starts with a hash of the session cookie, so an entry is only ever
// served to the session whose request rendered it, and only while that session is live (checked on
// every hit, as the page itself would). Nothing signed-in is shared between sessions.

/** The public reads that are cached: listed, so that a new route is never cached by surprise. */
const CACHEABLE_PATHS = [
  /^\/$/,
  /^\/complaints$/,
  /^\/complaints\/(?!new$)[^/]+$/,
  /^\/dashboard$/,
  /^\/units\/[^/]+$/,
  /^\/map\/data\.json$/,
  /^\/open311\/v2\/(?!tokens\/)[^/]+(\/[^/]+)?$/,
];

/**
 * Signed-in pages kept per session. Their output depends on the data (the version), the clock (the
 * TTL) and the user (the session; a change of role, unit or language is a write to User, so a new
 * version). Not in the version: the unread-notification count in the header, which may lag up to the TTL.
 */
const PER_SESSION_PATHS = [/^\/follow-ups$/, /^\/triage$/, /^\/inspections$/, /^\/escalations$/];

/**
 * Public pages of aggregate figures (docs/decisions/0035). After a write, while one visitor's request
 * computes the new figures (about half a second of SQL at a million complaints), the others get the figures
 * computed last, with their own "computed at" time, instead of waiting. Lists and a complaint's own page
 * are not among them: whoever has just filed must find their complaint there.
 */
const FIGURE_PATHS = [/^\/$/, /^\/dashboard$/, /^\/units\/[^/]+$/];
/** How many pages of figures are kept for that: `/`, `/dashboard` and the units' pages, per language and encoding. */
const MAX_LAST_FIGURES = 400;

/** The language switch's cookie (locale.server.ts): the only cookie an anonymous page depends on. */
const LANGUAGE_COOKIE = "tindak_lang";

/**
 * Entries older than this are rendered afresh even without a write: some figures depend on the clock
 * (overdue counts, "n hari lalu"), not only on the data.
 */
export const ENTRY_TTL_MS = 30_000;
const MAX_ENTRIES = 500;
/**
 * How long a request that misses waits for another request already rendering the same entry, before
 * rendering it itself (a render that hangs must not hold its followers).
 */
const COLLAPSE_WAIT_MS = 10_000;
/** A render begun before a write, then one begun after the follower came: after that it renders itself. */
const MAX_COLLAPSE_WAITS = 2;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/** A GET the cache may answer: public or per-session, and whether its cookies allow it (only those listed). */
type Classified = { kind: "public" | "session"; figures: boolean; path: string; query: string; cookies: Record<string, string | undefined>; cookiesAllowed: boolean };

/**
 * `wire`: the headers as `writeHead` takes them, one flat list of names and values, with `X-Cache` as
 * it is answered. Handed to `writeHead` whole, they skip `setHeader`'s per-header bookkeeping: a hit
 * costs about a tenth less CPU (docs/benchmarks.md, 2026-12-03).
 */
type Entry = { status: number; headers: Record<string, string | string[]>; wire: Record<"HIT" | "STALE", string[]>; body: Buffer; etag: string; storedAt: number };
/** A render under way: the data version it began at, and its bytes when it ends (null: not to be reused). */
type Rendering = { version: number; result: Promise<Entry | null> };

export type PublicCacheOptions = { ttlMs?: number; maxEntries?: number; maxTotalBytes?: number };

function wireHeaders(headers: Entry["headers"]): Entry["wire"] {
  const flat: string[] = [];
  for (const [name, value] of Object.entries(headers)) {
    // The miss's own "X-Cache: MISS" is among them: the answer says what it is.
    if (name === "x-cache") continue;
    for (const one of Array.isArray(value) ? value : [value]) flat.push(name, one);
  }
  return { HIT: [...flat, "X-Cache", "HIT"], STALE: [...flat, "X-Cache", "STALE"] };
}

function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = etag.replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => {
    const t = tag.trim();
    return t === "*" || t.replace(/^W\//, "") === bare;
  });
}

/**
 * The cache has two doors. `middleware` (Express; mount it before the CSP nonce, the security headers and
 * compression) fills it on a miss and answers per-session hits. `answerPublicHit` answers an anonymous
 * hit straight from the node:http server, before Express (server.ts, boot.server.ts `listen`): a hit
 * needs none of Express's request and response decoration, and on a 2-core machine that decoration was
 * half the cost of a hit.
 */
export type ResponseCache = { middleware: RequestHandler; answerPublicHit: (req: IncomingMessage, res: ServerResponse) => boolean };

export function responseCache(options: PublicCacheOptions = {}): ResponseCache {
  const ttlMs = options.ttlMs ?? ENTRY_TTL_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const maxTotalBytes = options.maxTotalBytes ?? MAX_TOTAL_BYTES;
  const entries = new Map<string, Entry>();
  /**
   * Entries being rendered: after a write every entry is stale, and a rush of visitors would otherwise
   * render the same page once each (32 connections, 32 renders of /dashboard per write). The first
   * renders; the others wait for it and get its bytes (request collapsing), or, on a page of figures, the
   * last page rendered (FIGURE_PATHS). One render of a key at a time: visitors who come after a write while
   * a render begun before it is still going wait for that one to end, then share one render of the newest
   * version. A render per version instead let them pile up during a rush (ADR 0035).
   */
  const rendering = new Map<string, Rendering>();
  /**
   * The last page of figures rendered for each key, whatever its version (FIGURE_PATHS): answered while the
   * current version's page is being rendered. Least recently kept out first.
   */
  const lastFigures = new Map<string, Entry & { version: number }>();
  let lastFiguresBytes = 0;
  let totalBytes = 0;
  let entriesVersion: number | null = null;

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    totalBytes -= entry.body.length;
  };
  const store = (key: string, entry: Entry) => {
    if (entry.body.length > maxTotalBytes / 4) return;
    drop(key);
    entries.set(key, entry);
    totalBytes += entry.body.length;
    // Least recently used first: a hit moves its entry to the end.
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries && totalBytes <= maxTotalBytes) break;
      drop(oldest);
    }
  };

  /** What a GET of this URL is, as far as the cache is concerned. */
  function classify(req: IncomingMessage): Classified | null {
    if (req.method !== "GET") return null;
    const [rawPath = "/", ...rest] = (req.url ?? "/").split("?");
    const path = normalisePath(rawPath);
    if (path === null) return null;
    const lower = path.toLowerCase();
    const perSession = PER_SESSION_PATHS.some((pattern) => pattern.test(lower));
    if (!perSession && !CACHEABLE_PATHS.some((pattern) => pattern.test(lower))) return null;
    // Parsed as the app's own cookie readers (Remix's createCookie) parse them, with the same package: a
    // cookie this finds nothing in is one no loader can read either.
    const cookies = parseCookies(req.headers.cookie ?? "");
    const allowed = perSession ? [LANGUAGE_COOKIE, sessionCookieName()] : [LANGUAGE_COOKIE];
    const cookiesAllowed = Object.keys(cookies).every((name) => allowed.includes(name));
    const figures = !perSession && FIGURE_PATHS.some((pattern) => pattern.test(lower));
    return { kind: perSession ? "session" : "public", figures, path, query: rest.length ? `?${rest.join("?")}` : "", cookies, cookiesAllowed };
  }

  const middleware: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const what = classify(req);
    if (!what) return next();
    // Whatever the answer, it depends on the cookies: a shared cache downstream must not mix them up.
    res.vary("Cookie");
    if (!what.cookiesAllowed) return next();
    if (what.kind === "session") void cachedForSession(req, res, next, what);
    else answer(req, res, next, what, "public");
  };

  const answerPublicHit = (req: IncomingMessage, res: ServerResponse): boolean => {
    const what = classify(req);
    if (!what || what.kind !== "public" || !what.cookiesAllowed) return false;
    const key = keyFor(req, what, "public");
    return key !== null && (sendHit(req, res, key) || sendLastFigures(req, res, what, key));
  };

  return { middleware, answerPublicHit };

  /** Per-session pages: only for a live session (the page would send anyone else to the login). */
  async function cachedForSession(req: Request, res: Response, next: NextFunction, what: Classified) {
    const sessionValue = what.cookies[sessionCookieName()];
    if (!sessionValue) return next();
    let live = false;
    try {
      live = (await getSessionUser(new globalThis.Request("http://cache.invalid/", { headers: { cookie: req.headers.cookie ?? "" } }))) !== null;
    } catch {
      live = false;
    }
    if (!live) return next();
    answer(req, res, next, what, `session ${crypto.createHash("sha256").update(sessionValue).digest("base64url")}`);
  }

  /** The entry key of this request under the current data version; null when the version is unreadable. */
  function keyFor(req: IncomingMessage, what: Classified, scope: string): string | null {
    const version = sqlEngine.dataVersion();
    if (version === null) return null;
    if (version !== entriesVersion) {
      // Every entry belongs to an older version: free them at once rather than waiting for eviction.
      entries.clear();
      totalBytes = 0;
      entriesVersion = version;
    }
    const header = (name: string) => String(req.headers[name] ?? "").slice(0, 100);
    const language = what.cookies[LANGUAGE_COOKIE] ?? "";
    // Open311 error texts follow Accept-Language; the pages follow the language cookie only.
    const acceptLanguage = what.path.startsWith("/open311/") ? header("accept-language") : "";
    return [scope, what.path, what.query, language, acceptLanguage, header("accept-encoding")].join("\n");
  }

  /** Sends the entry under `key` if it is fresh (a 304 when the browser holds its bytes); false if none. */
  function sendHit(req: IncomingMessage, res: ServerResponse, key: string): boolean {
    const hit = entries.get(key);
    if (!hit) return false;
    if (Date.now() - hit.storedAt > ttlMs) {
      drop(key);
      return false;
    }
    entries.delete(key);
    entries.set(key, hit);
    send(req, res, hit, "HIT");
    return true;
  }

  /**
   * While this version's page of figures is being rendered by another request, sends the last one rendered
   * (`X-Cache: STALE`), if it is not older than an entry may be. False otherwise: the request renders or waits.
   */
  function sendLastFigures(req: IncomingMessage, res: ServerResponse, what: Classified, key: string): boolean {
    if (!what.figures || !rendering.has(key)) return false;
    const last = lastFigures.get(key);
    if (!last || Date.now() - last.storedAt > ttlMs) return false;
    send(req, res, last, "STALE");
    return true;
  }

  function keepLastFigures(key: string, entry: Entry, version: number) {
    const held = lastFigures.get(key);
    // Renders of two versions can finish in either order: the newer figures stay.
    if (held && held.version > version) return;
    if (held) lastFiguresBytes -= held.body.length;
    lastFigures.delete(key);
    lastFigures.set(key, { ...entry, version });
    lastFiguresBytes += entry.body.length;
    // Bounded like the entries (a page's body is often the same Buffer as its entry's: counted twice).
    for (const [oldest, page] of lastFigures) {
      if (lastFigures.size <= MAX_LAST_FIGURES && lastFiguresBytes <= maxTotalBytes / 4) break;
      lastFigures.delete(oldest);
      lastFiguresBytes -= page.body.length;
    }
  }

  function send(req: IncomingMessage, res: ServerResponse, entry: Entry, how: "HIT" | "STALE") {
    if (matchesEtag(req.headers["if-none-match"], entry.etag)) {
      res.setHeader("ETag", entry.etag);
      res.setHeader("X-Cache", how);
      for (const name of ["cache-control", "vary"]) if (entry.headers[name] !== undefined) res.setHeader(name, entry.headers[name]!);
      res.statusCode = 304;
      res.end();
      return;
    }
    res.writeHead(entry.status, entry.wire[how]);
    res.end(entry.body);
  }

  function answer(req: Request, res: Response, next: NextFunction, what: Classified, scope: string, waits = 0) {
    const key = keyFor(req, what, scope);
    if (key === null) return next();
    if (sendHit(req, res, key)) return;
    const version = entriesVersion!;
    const pending = rendering.get(key);
    if (pending && waits < MAX_COLLAPSE_WAITS) {
      if (sendLastFigures(req, res, what, key)) return;
      // Another request is rendering this entry: take its bytes when it ends, if it began at this
      // request's version or later (a write that lands during it only makes it newer than needed). A
      // render begun before a write is not for this request: after it, the key is read again, and one of
      // the requests that waited renders the newest version for all. A page that could not be kept (an
      // error, a cookie) or a render still running after COLLAPSE_WAIT_MS is rendered here.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waitedOut = new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), COLLAPSE_WAIT_MS);
        timer.unref?.();
      });
      void Promise.race([pending.result, waitedOut]).then((entry) => {
        clearTimeout(timer);
        if (entry && pending.version >= version) send(req, res, entry, "HIT");
        else answer(req, res, next, what, scope, waits + 1);
      });
      return;
    }

    // This request renders the entry; others that miss meanwhile wait for it.
    let release!: (entry: Entry | null) => void;
    const rendered: Rendering = { version, result: new Promise<Entry | null>((resolve) => (release = resolve)) };
    if (!pending) rendering.set(key, rendered);
    const finished = (entry: Entry | null) => {
      if (rendering.get(key) === rendered) rendering.delete(key);
      release(entry);
    };
    res.once("close", () => finished(null));

    // A miss: the response is held until it is complete, then sent with its ETag (and kept if it is a
    // plain 200 without cookies). Compression runs after this middleware, so what is held is what
    // goes on the wire.
    res.setHeader("X-Cache", "MISS");
    const writeHead = res.writeHead;
    const write = res.write;
    const end = res.end;
    const chunks: Buffer[] = [];
    const hold = (chunk: unknown, encodingArg: unknown) => {
      if (chunk === undefined || chunk === null || typeof chunk === "function") return;
      chunks.push(Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, (typeof encodingArg === "string" ? encodingArg : "utf8") as BufferEncoding) : Buffer.from(chunk as Uint8Array));
    };
    const callbackOf = (...args: unknown[]) => args.find((a): a is () => void => typeof a === "function");
    res.writeHead = function (this: Response, statusCode: number, ...args: unknown[]) {
      this.statusCode = statusCode;
      const headers = args.find((a) => a && typeof a === "object") as Record<string, string> | undefined;
      if (headers) for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
      return this;
    } as Response["writeHead"];
    res.write = function (this: Response, chunk: unknown, ...args: unknown[]) {
      hold(chunk, args[0]);
      callbackOf(...args)?.();
      return true;
    } as Response["write"];
    res.end = function (this: Response, chunk?: unknown, ...args: unknown[]) {
      hold(chunk, args[0]);
      res.writeHead = writeHead;
      res.write = write;
      res.end = end;
      const body = Buffer.concat(chunks);
      const etag = `W/"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
      res.setHeader("ETag", etag);
      res.removeHeader("Transfer-Encoding");
      res.setHeader("Content-Length", String(body.length));
      const cacheable = res.statusCode === 200 && res.getHeader("set-cookie") === undefined;
      let forFollowers: Entry | null = null;
      if (cacheable) {
        const headers: Entry["headers"] = {};
        for (const [name, value] of Object.entries(res.getHeaders())) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(String) : String(value);
        }
        const entry: Entry = { status: 200, headers, wire: wireHeaders(headers), body, etag, storedAt: Date.now() };
        // Kept for its version only if no write landed while it was rendered: its loader may have read
        // the data before that write, and the next visitor must not be answered from it.
        // Nor if it shows a figure computed before this version (a list's total while it is counted again).
        if (sqlEngine.dataVersion() === version && !res.locals.lastFigures) store(key, entry);
        if (what.figures) keepLastFigures(key, entry, version);
        forFollowers = entry;
      }
      finished(forFollowers);
      const done = callbackOf(chunk, ...args);
      return done ? end.call(res, body, "binary", done) : end.call(res, body, "binary");
    } as Response["end"];
    next();
  }
}
