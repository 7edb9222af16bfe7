// SQLite's long reads (docs/decisions/0034), started by app/lib/sql/sqlite/engine.server.ts: the
// dashboard's aggregates and trend (about half a second of SQL at a million complaints) and the public
// list's total. better-sqlite3 runs a statement on the thread that calls it; on the event loop that half
// second stalled every request of the process after each write. Here they run on this thread's own
// read-only connection to the same file, which sees the last committed state as the main thread's does (WAL).
// Plain JavaScript at a fixed path under app/, for the reasons in app/lib/map-cluster-worker.mjs.
import { parentPort } from "node:worker_threads";
import { workerConnections } from "./sqlite-worker-connections.mjs";

const connections = workerConnections(4);

parentPort.on("message", (msg) => {
  // Tests only: an uncaught error, to check the main thread recovers.
  if (msg.type === "crash") throw new Error("SQLite read worker crashed on request");
  try {
    const statement = connections.statement(msg.file, msg.sql);
    const result = msg.type === "get" ? statement.get(msg.params) : statement.all(msg.params);
    parentPort.postMessage({ id: msg.id, ok: true, result });
  } catch (error) {
    parentPort.postMessage({ id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
