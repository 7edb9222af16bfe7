import { AsyncLocalStorage } from "node:async_hooks";

// A database that cannot be reached is not the request's fault and not a bug: the request is answered
// 503 with Retry-After, and the next one tries again (issue 18: PostgreSQL down or restarting, a lost
// connection, a pool with no free connection within DATABASE_POOL_TIMEOUT_MS). Remix turns a loader's
// error into a 500 page; app/entry.server.tsx's handleError notes here that the error was the database's,
// and the request handler (request-guard.server.ts) turns that request's 500 into a 503.

const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
// Prisma's codes for an unreachable server, a closed connection and a pool timeout.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
// The driver adapters' error kinds (@prisma/driver-adapter-utils) for the same.
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// PostgreSQL SQLSTATEs: class 08 (connection exception), shutdown and start-up, too many connections.
const SQLSTATE = /^(08...|57P0[123]|53300)$/;
const MESSAGES =
  /timeout exceeded when trying to connect|Connection terminated|connection error|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Can't reach database server/i;

/** Whether `error` (or an error it wraps) says the database could not be reached or had no connection free. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: unknown; errors?: unknown };
  const code = typeof e.code === "string" ? e.code : typeof e.originalCode === "string" ? e.originalCode : "";
  if (NODE_CODES.has(code) || PRISMA_CODES.has(code) || SQLSTATE.test(code)) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  const inner = [e.cause, e.meta, (e.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError];
  if (Array.isArray(e.errors)) inner.push(...e.errors);
  return inner.some((next) => isDatabaseUnavailable(next, depth + 1));
}

// On globalThis: server.ts and the Remix build each bundle their own copy of this module, and the
// request handler (server.ts's copy) must read what handleError (the build's copy) noted.
// `lastFigures`: the answer used a figure computed before the last write (app/lib/version-cache.server.ts),
// so the response cache must not keep it as the current version's page.
type RequestNotes = { databaseUnavailable: boolean; lastFigures: boolean };
const shared = globalThis as { __tindakRequestNotes?: AsyncLocalStorage<RequestNotes> };
const requestNotes = (shared.__tindakRequestNotes ??= new AsyncLocalStorage());

/** Runs one request's handling with a place to note a database fault (or a lagging figure) in. */
export function watchDatabaseFaults<T>(handle: () => Promise<T>): Promise<T> {
  return requestNotes.run({ databaseUnavailable: false, lastFigures: false }, handle);
}

/** Notes, for the request being handled, that it was answered with a figure from before the last write. */
export function noteLastFigures() {
  const store = requestNotes.getStore();
  if (store) store.lastFigures = true;
}

export function answeredLastFigures(): boolean {
  return requestNotes.getStore()?.lastFigures === true;
}

/** Notes, for the request being handled, that `error` was the database being unreachable. */
export function noteDatabaseFault(error: unknown): boolean {
  const unavailable = isDatabaseUnavailable(error);
  const store = requestNotes.getStore();
  if (unavailable && store) store.databaseUnavailable = true;
  return unavailable;
}

export function databaseWasUnavailable(): boolean {
  return requestNotes.getStore()?.databaseUnavailable === true;
}

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
export const UNAVAILABLE_TEXT =
  "Layanan sedang tidak dapat menjangkau basis data. Silakan coba lagi sebentar lagi.\n" +
  "The service cannot reach its database right now. Please try again shortly.\n";
