import path from "node:path";
import { Worker } from "node:worker_threads";

// One worker thread of this process, asked questions by message: the map's cluster worker (ADR 0031)
// and SQLite's long reads (ADR 0034). Started by the first request, replaced when it dies or does not
// answer in time, so no request hangs and the next one starts afresh. Idle, it never keeps the process
// (or a test run) alive: it is ref'ed only while a request waits.
//
// The worker is a plain JavaScript file under app/, resolved from the working directory: the
// production build bundles the TypeScript server code into build/, where no file sits next to the
// module that starts the worker (see app/lib/map-cluster-worker.mjs).

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> };
type Reply = { id: number; ok: boolean; result?: unknown; error?: string };

/** What the thread answered as a failure of the work itself (as opposed to the thread dying or stalling). */
export class WorkerAnswerError extends Error {}

/** One started thread and the requests it has not answered. */
export type WorkerSession = { readonly worker: Worker; readonly pending: Map<number, Pending>; alive: boolean };

export class WorkerThread {
  private current: WorkerSession | undefined;
  private nextId = 1;

  /**
   * @param file the worker's file, relative to the working directory
   * @param name how errors and logs name it ("map cluster worker")
   * @param timeoutMs a request unanswered after this long rejects and the worker is replaced
   */
  constructor(
    private readonly file: string,
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {}

  /** The running thread, started if there is none. */
  session(): WorkerSession {
    if (this.current?.alive) return this.current;
    // execArgv: [] — the worker is plain JavaScript; it needs neither tsx nor vitest's loaders.
    const worker = new Worker(path.resolve(this.file), { execArgv: [] });
    const session: WorkerSession = { worker, pending: new Map(), alive: true };
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const p = session.pending.get(reply.id);
      if (!p) return;
      session.pending.delete(reply.id);
      clearTimeout(p.timer);
      if (session.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new WorkerAnswerError(`${this.name}: ${reply.error}`));
    });
    worker.on("error", (error) => {
      console.warn(`[worker] ${this.name} failed: ${error.message}`);
      this.fail(session, new Error(`${this.name} failed: ${error.message}`));
    });
    worker.on("exit", (code) => this.fail(session, new Error(`${this.name} exited (code ${code})`)));
    this.current = session;
    return session;
  }

  /** Sends `message` (with an id added) to the session's thread and resolves with its answer. */
  request<T>(session: WorkerSession, message: Record<string, unknown>): Promise<T> {
    if (!session.alive) return Promise.reject(new Error(`${this.name} was replaced: what it held is gone`));
    return new Promise<T>((resolve, reject) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        // A worker this late is taken as stuck: stop it, so its other requests fail now and the next one starts afresh.
        this.fail(session, new Error(`${this.name} did not answer within ${this.timeoutMs / 1000} s`));
        void session.worker.terminate();
      }, this.timeoutMs);
      timer.unref();
      session.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
      if (session.pending.size === 1) session.worker.ref();
      session.worker.postMessage({ ...message, id });
    });
  }

  /** Stops the thread, if one runs; its waiting requests fail. */
  stop() {
    const session = this.current;
    if (!session) return;
    this.fail(session, new Error(`${this.name} was stopped`));
    void session.worker.terminate();
  }

  /** Tests only: makes the thread throw an uncaught error, as a crash would. */
  crashForTests() {
    this.current?.worker.postMessage({ type: "crash" });
  }

  private fail(session: WorkerSession, error: Error) {
    session.alive = false;
    if (this.current === session) this.current = undefined;
    for (const p of session.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    session.pending.clear();
  }
}
