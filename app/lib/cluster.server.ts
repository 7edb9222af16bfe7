import cluster, { type Worker } from "node:cluster";
import os from "node:os";

// Every core at work (issue 17, docs/decisions/0020). With WEB_CONCURRENCY above 1 the first process
// (the primary) takes the database lock, migrates and seeds, then forks that many workers, which
// share the listening port and the SQLite file (WAL mode lets them read while one writes). The primary
// serves nothing itself: it restarts a worker that dies and passes SIGTERM on. Exactly one worker,
// the "jobs worker", runs the background jobs (escalation, outboxes, channels); if it dies, the worker
// started in its place takes the role over.

const ROLE_VARIABLE = "TINDAK_WORKER_ROLE";
const COUNT_VARIABLE = "TINDAK_WORKER_COUNT";

/** How many server processes to run: WEB_CONCURRENCY, else every core in production and 1 otherwise. */
export function workerCount(setting: number | undefined, production: boolean): number {
  return setting ?? (production ? os.availableParallelism() : 1);
}

export type WorkerRole = {
  /** This process was forked by a primary (false for a single-process server). */
  forked: boolean;
  /** How many processes share the per-address limits kept in memory. */
  count: number;
  /** Whether this process runs the background jobs. */
  runsJobs: boolean;
};

/** This process's part: a single-process server does everything. */
export function workerRole(): WorkerRole {
  if (!cluster.isWorker) return { forked: false, count: 1, runsJobs: true };
  const count = Number(process.env[COUNT_VARIABLE] ?? 1);
  return { forked: true, count: Number.isSafeInteger(count) && count > 0 ? count : 1, runsJobs: process.env[ROLE_VARIABLE] === "jobs" };
}

/**
 * A per-address limit kept in one process's memory, as each worker should apply it. The primary hands
 * connections to workers in turn, so one address's requests spread over all of them (and a keep-alive
 * connection stays on one): dividing keeps the limit from growing with the workers, at the price of
 * refusing a little early when one worker gets more than its share. Rounded up, never below 1.
 */
export function perWorkerLimit(limit: number): number {
  return Math.max(1, Math.ceil(limit / workerRole().count));
}

/**
 * Runs the primary: forks `count` workers and keeps that many alive until SIGTERM/SIGINT, which it
 * passes on, exiting once every worker has finished its requests in flight. `onStopped` runs last
 * (the database lock is released there).
 */
export function runPrimary(count: number, onStopped: () => void): void {
  let stopping = false;
  let jobsWorker: Worker | undefined;
  const fork = (runsJobs: boolean) => {
    const worker = cluster.fork({ [ROLE_VARIABLE]: runsJobs ? "jobs" : "web", [COUNT_VARIABLE]: String(count) });
    if (runsJobs) jobsWorker = worker;
    return worker;
  };
  for (let i = 0; i < count; i++) fork(i === 0);

  const listening = new Set<Worker>();
  cluster.on("listening", (worker) => listening.add(worker));
  cluster.on("exit", (worker, code, signal) => {
    const wasJobs = worker === jobsWorker;
    if (!stopping && !listening.has(worker)) {
      // It died before it could serve (it has printed why): starting another would loop.
      console.error(`[boot] a worker could not start (${signal ?? `exit code ${code}`}): stopping`);
      stop("SIGTERM", 1);
      return;
    }
    listening.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        onStopped();
        console.log("[boot] stopped");
        process.exit(exitCode);
      }
      return;
    }
    console.error(`[boot] worker ${worker.process.pid} ended (${signal ?? `exit code ${code}`}): starting another`);
    fork(wasJobs);
  });

  let exitCode = 0;
  function stop(signal: NodeJS.Signals, code = 0) {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    console.log(`[boot] ${signal}: stopping ${count} workers…`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    if (workers.length === 0) {
      onStopped();
      process.exit(exitCode);
    }
    for (const worker of workers) worker.process.kill("SIGTERM");
    // A worker gives its requests 15 s; after that the primary leaves too.
    setTimeout(() => {
      onStopped();
      process.exit(exitCode);
    }, 20_000).unref();
  }
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
