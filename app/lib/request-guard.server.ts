import type { NextFunction, Request, Response } from "express";
import {
  createReadableStreamFromReadable,
  createRequestHandler as createRemixRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";
import { BodyCounter, BodyTooLargeError, bodyLimitFor, multipartBoundary, type BodyLimit } from "./body-limit.server";
import { publicUrl } from "./env.server";
import { answeredLastFigures, databaseWasUnavailable, RETRY_AFTER_SECONDS, UNAVAILABLE_TEXT, watchDatabaseFaults } from "./database-unavailable.server";

// Everything a request goes through before Remix sees it (issue 13): one normalised path that the
// origin check, the rate limits and the router all see; only the methods a route answers; request
// bodies counted as they stream; and the Remix request built on PUBLIC_URL, never on the Host header.

/** The normalised path in lower case: what the origin check and the rate limits compare against. */
export function routeKeyOf(req: Request): string {
  return (req.res?.locals.routeKey as string | undefined) ?? req.path.toLowerCase();
}

/**
 * One canonical spelling of a path: percent-encoding decoded and re-encoded the same way, dot
 * segments resolved, empty segments and the trailing slash dropped. `%2F` stays a part of its
 * segment. Returns null for a path that cannot be decoded (answered 400).
 */
export function normalisePath(rawPath: string): string | null {
  // The WHATWG URL parser resolves "." and ".." (also spelled %2e) exactly as Remix's router will.
  let resolved: string;
  try {
    resolved = new URL(rawPath.startsWith("/") ? rawPath : `/${rawPath}`, "http://x").pathname;
  } catch {
    return null;
  }
  const segments: string[] = [];
  for (const segment of resolved.split("/")) {
    if (segment === "") continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (/[\u0000-\u001f\u007f]/.test(decoded)) return null;
    if (decoded === "." || decoded === "..") return null;
    segments.push(encodeURIComponent(decoded).replace(/%40/g, "@").replace(/%3A/gi, ":"));
  }
  return `/${segments.join("/")}`;
}

type RouteNode = Parameters<typeof matchRoutes>[0][number] & { id: string };

function routeTree(build: ServerBuild, parentId?: string): RouteNode[] {
  return Object.values(build.routes)
    .filter((r) => r.parentId === parentId)
    .map((r) => {
      const children = routeTree(build, r.id);
      // An index route may not carry a children array, even an empty one.
      return (r.index ? { id: r.id, path: r.path, index: true } : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: children.length ? children : undefined }) as RouteNode;
    });
}

/** The methods a path answers: GET and HEAD wherever a route matches, POST only where it has an action. */
export function allowedMethods(build: ServerBuild): (path: string) => string[] | null {
  const tree = routeTree(build);
  // Matching the route table was about 5 % of the CPU of every request (issue 14): the answer for a
  // path never changes while the build runs, so it is worked out once per path. Paths come from
  // clients, so the memo is bounded: when full it starts again (the popular paths return at once).
  const known = new Map<string, string[] | null>();
  return (path) => {
    const remembered = known.get(path);
    if (remembered !== undefined) return remembered;
    const matches = matchRoutes(tree, path);
    const leaf = matches?.[matches.length - 1]?.route;
    const module = leaf?.id ? (build.routes[leaf.id]?.module as { action?: unknown } | undefined) : undefined;
    const methods = !leaf?.id ? null : module?.action ? ["GET", "HEAD", "POST"] : ["GET", "HEAD"];
    if (known.size >= 10_000) known.clear();
    known.set(path, methods);
    return methods;
  };
}

function plain(res: Response, status: number, text: string) {
  res.status(status).type("text/plain; charset=utf-8").send(text);
}

/**
 * Express middleware, before the origin check and the rate limits: rewrites `req.url` to the
 * normalised path (so everything after, Remix included, sees the same one), answers 405 with `Allow`
 * for methods the route does not take, and 413 at once for a declared Content-Length over the limit.
 */
export function normaliseRequest(build: ServerBuild) {
  const methodsOf = allowedMethods(build);
  return (req: Request, res: Response, next: NextFunction) => {
    const [rawPath = "/", ...rest] = req.url.split("?");
    const path = normalisePath(rawPath);
    if (path === null) {
      res.setHeader("Connection", "close");
      return plain(res, 400, "Alamat tidak valid / Invalid path");
    }
    if (hasBody(req)) closeIfAnsweredEarly(req, res);
    const query = rest.length ? `?${rest.join("?")}` : "";
    if (path !== rawPath) req.url = path + query;
    res.locals.routeKey = path.toLowerCase();

    const allowed = methodsOf(path);
    // Open311 answers its other methods itself, in its own format (open311Methods, next in server.ts).
    if (res.locals.routeKey.startsWith("/open311/") && !["GET", "HEAD", "POST"].includes(req.method)) return next();
    if (req.method === "OPTIONS") {
      res.setHeader("Allow", (allowed ?? ["GET", "HEAD"]).join(", "));
      return res.status(204).end();
    }
    // A POST to a route without an action passes on: the origin check answers 403 first, else Remix 405.
    if (!["GET", "HEAD", "POST"].includes(req.method)) {
      res.setHeader("Allow", (allowed ?? ["GET", "HEAD"]).join(", "));
      if (hasBody(req)) res.setHeader("Connection", "close");
      return plain(res, 405, "Metode tidak diizinkan / Method not allowed");
    }
    if (req.method === "POST") {
      const limit = bodyLimitFor(res.locals.routeKey as string, req.get("content-type"));
      res.locals.bodyLimit = limit;
      const declared = Number(req.get("content-length") ?? "0");
      if (Number.isFinite(declared) && declared > limit.maxBytes) return refuseTooLarge(req, res, limit);
    }
    next();
  };
}

/** An Open311 key the query string named, already found active by open311KeyFirst (load context `open311ApiKey`). */
export type CheckedApiKey = { key: string; found: NonNullable<Awaited<ReturnType<typeof import("../models/api-key.server").findActiveApiKey>>> };

/**
 * Open311 POST with `api_key` in the query string: the key is checked before a byte of the body is
 * read, so a client without a valid key cannot make the server read (even 64 KB of) its upload.
 * A key in the body is checked by the Open311 model after the capped read.
 */
export function open311KeyFirst(req: Request, res: Response, next: NextFunction) {
  const match = /^\/open311\/v2\/requests\.(json|xml)$/.exec(routeKeyOf(req));
  const key = req.query.api_key;
  if (req.method !== "POST" || !match || key === undefined) return next();
  req.pause(); // nothing of the body is read while the key is looked up
  import("../models/api-key.server")
    .then(({ findActiveApiKey }) => findActiveApiKey(typeof key === "string" ? key : null))
    .then((found) => {
      if (found) {
        // The action uses it when the body names no other key, rather than looking it up again.
        res.locals.open311ApiKey = { key: String(key).trim(), found } satisfies CheckedApiKey;
        return next();
      }
      const description = "api_key tidak ada, tidak dikenal atau sudah dicabut / Missing, invalid or revoked api_key";
      if (hasBody(req)) res.setHeader("Connection", "close");
      res.setHeader("Cache-Control", "no-store");
      if (match[1] === "xml") {
        res.status(403).type("text/xml; charset=utf-8").send(`<?xml version="1.0" encoding="utf-8"?>\n<errors><error><code>403</code><description>${description}</description></error></errors>`);
      } else {
        res.status(403).json([{ code: 403, description }]);
      }
    })
    .catch(next);
}

/**
 * Any answer given before the request body has been read (a 403, 405, 413, or an action that
 * stopped early) closes the connection: the rest of the body is never read, neither by the app nor
 * by Node draining it to keep the connection alive. The socket goes a second after the answer, so
 * the client has time to read it.
 */
function closeIfAnsweredEarly(req: Request, res: Response) {
  const writeHead = res.writeHead;
  res.writeHead = function (this: Response, ...args: Parameters<Response["writeHead"]>) {
    if (!req.complete) {
      this.setHeader("Connection", "close");
      req.unpipe();
      req.pause();
      lingerBeforeClosing(req);
    }
    return writeHead.apply(this, args);
  } as Response["writeHead"];
}

/**
 * Node closes a `Connection: close` socket right after the answer; with unread bytes still coming,
 * that close is a reset, and a client still uploading may lose the answer it had not read yet. So the
 * server only half-closes (its answer, then FIN), stops reading (the client's writes block), and
 * drops the socket a second later.
 */
function lingerBeforeClosing(req: Request) {
  const socket = req.socket as typeof req.socket & { destroySoon?: () => void };
  socket.destroySoon = () => {
    socket.end();
    setTimeout(() => socket.destroy(), 1000).unref();
  };
}

function hasBody(req: Request) {
  return req.get("transfer-encoding") !== undefined || Number(req.get("content-length") ?? "0") > 0;
}

/**
 * 413 as soon as the limit is crossed. The rest of the body is not read: the connection closes after
 * the answer (`Connection: close`), so a client still sending gets its answer and then a closed socket.
 */
function refuseTooLarge(req: Request, res: Response, limit: BodyLimit, reason: "bytes" | "parts" = "bytes") {
  req.unpipe();
  req.pause();
  // The route answered first (e.g. 400 for too many fields): that answer closes the connection.
  if (res.headersSent) return;
  const figure = reason === "parts" ? `${limit.maxParts} bagian / parts` : `${Math.round(limit.maxBytes / 1024)} KB`;
  res.setHeader("Connection", "close");
  plain(res, 413, `Isi permintaan terlalu besar (batas ${figure}) / Request body too large (limit ${figure})`);
}

/**
 * The Remix request handler, in place of @remix-run/express's: the same bridge, except that the body
 * goes through a BodyCounter, and the request's URL is PUBLIC_URL + the normalised path, so a forged
 * Host header can never reach a link. An answer that comes while the body is still unread closes the
 * connection rather than reading the rest.
 */
/** 503 with Retry-After: the database could not be reached for this request (issue 18). */
export function answerDatabaseUnavailable(res: Response) {
  res.status(503).set("Retry-After", String(RETRY_AFTER_SECONDS)).set("Cache-Control", "no-store").type("text/plain").send(UNAVAILABLE_TEXT);
}

/**
 * Runs a request's handling with a place for its notes (database-unavailable.server.ts), before its
 * answer is written: a page that showed a figure from before the last write is marked so, and the
 * response cache sends it without keeping it as this version's page (public-cache.server.ts).
 */
export async function withRequestNotes<T>(res: Response, handle: () => Promise<T>): Promise<{ value: T; databaseUnavailable: boolean }> {
  const { value, databaseUnavailable, lastFigures } = await watchDatabaseFaults(async () => {
    const value = await handle();
    return { value, databaseUnavailable: databaseWasUnavailable(), lastFigures: answeredLastFigures() };
  });
  if (lastFigures) res.locals.lastFigures = true;
  return { value, databaseUnavailable };
}

export function remixHandler(options: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const handle = createRemixRequestHandler(options.build, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: headersOf(req), signal: controller.signal };
      if (req.method !== "GET" && req.method !== "HEAD") {
        const limit = (res.locals.bodyLimit as BodyLimit | undefined) ?? bodyLimitFor(routeKeyOf(req), req.get("content-type"));
        const counter = new BodyCounter(limit, multipartBoundary(req.get("content-type")));
        counter.on("error", (error) => {
          if (error instanceof BodyTooLargeError) refuseTooLarge(req, res, limit, error.reason);
        });
        req.on("error", (error) => counter.destroy(error));
        req.pipe(counter);
        init.body = createReadableStreamFromReadable(counter);
        init.duplex = "half";
      }
      const request = new Request(new URL(req.url, publicUrl()).href, init);
      const { value: response, databaseUnavailable } = await withRequestNotes(res, () => handle(request, options.getLoadContext(req, res)));
      if (databaseUnavailable && response.status >= 500 && !res.headersSent) {
        await response.body?.cancel().catch(() => undefined);
        answerDatabaseUnavailable(res);
        return;
      }
      if (res.headersSent) {
        // The body limit answered already.
        await response.body?.cancel().catch(() => undefined);
        return;
      }
      if (req.method !== "GET" && req.method !== "HEAD" && !req.complete) res.setHeader("Connection", "close");
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      if (res.headersSent) return;
      next(error);
    }
  };
}

function headersOf(req: Request): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    if (Array.isArray(values)) for (const value of values) headers.append(key, value);
    else headers.set(key, values);
  }
  return headers;
}
