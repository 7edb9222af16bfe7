import { createRequire } from "node:module";
import autocannon from "autocannon";

// autocannon through its programmatic API: a warm-up that is thrown away, then the measured run.
//
// autocannon 8 keeps every response body as a JS string (`req.body += data` in its pipelined-requests
// queue) for body checks no benchmark here asks for. Decoding a gzip body as UTF-8 was 55-76% of the
// load generator's CPU on the cached /dashboard (perf, 2026-12-03), and the generator shares the two
// cores with the servers: it, not the server, set the rate, and more so beside two workers than beside
// one process. The bytes are still counted (addByteCount); the body is no longer kept. Both sides of
// every comparison go through this same generator.
const queue = createRequire(import.meta.url)("autocannon/lib/pipelinedRequestsQueue.js") as { prototype: Record<string, unknown> };
if (typeof queue.prototype.addBody !== "function") throw new Error("autocannon's PipelinedRequestsQueue.addBody is gone: review tests/bench/lib/load.ts for this autocannon version");
queue.prototype.addBody = () => {};

export type LoadResult = {
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  /** The rate of each warm-up run, in order (more than one with `warmUntilSteady`). */
  warmupRps: number[];
  /** The answers of the measured run by their `X-Cache` header (HIT, MISS, STALE; "none" without one), when asked. */
  cacheAnswers?: Record<string, number>;
};

export type LoadOptions = {
  url: string;
  connections: number;
  duration: number;
  warmup: number;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  /** for writes: builds each request's body (so every complaint differs) */
  body?: (n: number) => string;
  /** for writes: headers of each request on top of `headers` (e.g. each filing from its own address) */
  requestHeaders?: (n: number) => Record<string, string>;
  /** a fixed number of requests instead of a duration (writes: so every request gets its answer) */
  amount?: number;
  /**
   * Warm up for longer: at least MIN_STEADY_WARMUPS warm-ups, then more while the last was 10% faster than
   * the one before (at most MAX_WARMUPS), so the measured run sees a server that has been up for a while,
   * as one is when a rush comes, not its first seconds while V8 still compiles the path. Filing: in a 2-s
   * warm-up each of two workers files a few hundred complaints, and the server filed 34% of the floor's
   * rate after it, 55–67% after 10 s (2026-12-03).
   */
  warmUntilSteady?: boolean;
  /** runs between the warm-up and the measured run (e.g. to count rows) */
  afterWarmup?: (warmupRps: number) => void | Promise<void>;
  /** measure as many requests as the warm-up's rate would make in `duration` (then every one is answered) */
  amountFromWarmup?: boolean;
  /** tally the measured run's answers by their `X-Cache` header (how many were the last figures, ADR 0035) */
  countCacheAnswers?: boolean;
};

// One counter for the whole process, so no two write requests (warm-up or measured) carry the same body.
let bodyCounter = 0;

/** Counts each answer's `X-Cache` value into `tally` (autocannon hands a client's raw headers: name, value, …). */
function tallyCacheHeader(tally: Record<string, number>) {
  return (client: autocannon.Client) => {
    client.on("headers", ({ headers }: { headers: string[] }) => {
      let value = "none";
      for (let i = 0; i + 1 < headers.length; i += 2) if (headers[i]!.toLowerCase() === "x-cache") value = headers[i + 1]!;
      tally[value] = (tally[value] ?? 0) + 1;
    });
  };
}

function once(opts: LoadOptions, duration: number, amount?: number, cacheTally?: Record<string, number>): Promise<autocannon.Result> {
  const instance = autocannon({
    ...(cacheTally ? { setupClient: tallyCacheHeader(cacheTally) } : {}),
    url: opts.url,
    connections: opts.connections,
    ...(amount ? { amount } : { duration }),
    method: opts.method ?? "GET",
    headers: opts.headers,
    timeout: 30,
    ...(opts.body
      ? {
          requests: [
            {
              method: opts.method ?? "POST",
              setupRequest: (req: Record<string, unknown>) => {
                const n = bodyCounter++;
                const headers = opts.requestHeaders ? { ...opts.headers, ...opts.requestHeaders(n) } : req.headers;
                return { ...req, headers, body: opts.body!(n) };
              },
            },
          ],
        }
      : {}),
  });
  return instance;
}

/**
 * Waits until the server has worked off what the last run left queued: autocannon stops sending when its
 * time is up, but a slow server is still computing the requests already accepted. The next run (or the
 * floor's) would otherwise pay for them.
 */
async function drain(opts: LoadOptions) {
  const url = opts.method === "POST" ? new URL("/healthz", opts.url).href : opts.url;
  try {
    const res = await fetch(url, { headers: opts.method === "POST" ? {} : opts.headers, signal: AbortSignal.timeout(120_000) });
    await res.arrayBuffer();
  } catch {
    /* the run's own figures show the failure */
  }
}

/** `warmUntilSteady`: the fewest and most warm-ups, and how much faster than the one before calls for another. */
export const MIN_STEADY_WARMUPS = 5;
const MAX_WARMUPS = 10;
export const STILL_WARMING = 1.1;

async function warmUp(opts: LoadOptions): Promise<number[]> {
  const rates: number[] = [];
  while (opts.warmup > 0 && rates.length < (opts.warmUntilSteady ? MAX_WARMUPS : 1)) {
    rates.push((await once(opts, opts.warmup)).requests.average);
    await drain(opts);
    const [before, last] = rates.slice(-2);
    if (rates.length >= MIN_STEADY_WARMUPS && last! < before! * STILL_WARMING) break;
  }
  return rates;
}

export async function measure(opts: LoadOptions): Promise<LoadResult> {
  const warmupRps = await warmUp(opts);
  const warmRps = warmupRps.at(-1) ?? 0;
  await opts.afterWarmup?.(warmRps);
  const cacheAnswers: Record<string, number> | undefined = opts.countCacheAnswers ? {} : undefined;
  const r = await once(opts, opts.duration, opts.amount ?? (opts.amountFromWarmup ? Math.max(opts.connections * 4, Math.round(warmRps * opts.duration)) : undefined), cacheAnswers);
  await drain(opts);
  const statusCodes: Record<string, number> = {};
  for (const [code, stats] of Object.entries(r.statusCodeStats ?? {})) {
    statusCodes[code] = stats.count;
  }
  return {
    // With a fixed amount the per-second samples include a partial last second: total ÷ time is exact.
    rps: r.duration > 0 ? r.requests.total / r.duration : r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    errors: r.errors,
    timeouts: r.timeouts,
    non2xx: r.non2xx,
    statusCodes,
    warmupRps,
    ...(cacheAnswers ? { cacheAnswers } : {}),
  };
}

/**
 * The round that answered the most requests a second (Config.rounds: Tindak and its floor alike keep their
 * fastest), with the errors, timeouts and non-2xx answers of every round: a faster round must not hide a
 * failure in a slower one.
 */
export function fastestRound<T>(rounds: T[], resultOf: (round: T) => LoadResult): { round: T; result: LoadResult } {
  if (!rounds.length) throw new Error("no round measured");
  const round = rounds.reduce((best, r) => (resultOf(r).rps > resultOf(best).rps ? r : best));
  const all = (failure: "errors" | "timeouts" | "non2xx") => rounds.reduce((n, r) => n + resultOf(r)[failure], 0);
  return { round, result: { ...resultOf(round), errors: all("errors"), timeouts: all("timeouts"), non2xx: all("non2xx") } };
}
