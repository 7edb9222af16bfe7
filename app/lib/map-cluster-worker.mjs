// The map's cluster worker (docs/decisions/0031), started by app/models/map-cluster.server.ts.
// Plain JavaScript, not TypeScript, and outside the *.server.ts naming on purpose: a worker thread is
// started from a file path, and this file must be loadable as it is by vitest, by `tsx server.ts` and by
// the production build (which bundles the TypeScript server code into build/, where no file sits next to
// the module that starts the worker). So it lives at a fixed path under app/, resolved from the working
// directory as app/fonts is, and needs no loader.
//
// It builds a large layer whole: reads its points (on SQLite with its own read-only connection to the
// same file, running the packed query the main thread built; on PostgreSQL the main thread sends the
// packed rows' JSON), parses them, makes the point table and the Supercluster index, keeps the index and
// transfers the table's buffers back. The main thread never parses, holds or walks a million points as
// objects. A leaf's only property is its index in that table.
import { parentPort } from "node:worker_threads";
import { buildIndex, clustersOf, tableBuffers, tableOfTuples } from "./map-cluster-index.mjs";
import { workerConnections } from "./sqlite-worker-connections.mjs";

/** key -> Supercluster index */
const indexes = new Map();

const connections = workerConnections(2);

/** The packed rows' JSON (one row, column `data`, as the dialect's packedRows makes it). */
function readPacked(file, sql, params) {
  return connections.statement(file, sql).get(params)?.data ?? "[]";
}

parentPort.on("message", (msg) => {
  // Tests only: an uncaught error, as a bug in supercluster would throw, to check the main thread recovers.
  if (msg.type === "crash") throw new Error("map cluster worker crashed on request");
  try {
    if (msg.type === "build") {
      const json = msg.json ?? readPacked(msg.file, msg.sql, msg.params);
      const table = tableOfTuples(msg.layer, JSON.parse(json));
      // The index copies the coordinates it needs: the table's buffers can leave this thread.
      indexes.set(msg.key, buildIndex(table.coords, table.states, msg.radius, msg.maxZoom));
      parentPort.postMessage({ id: msg.id, ok: true, result: table }, tableBuffers(table));
    } else if (msg.type === "clusters") {
      const index = indexes.get(msg.key);
      if (!index) throw new Error(`no cluster index ${msg.key} in the worker`);
      parentPort.postMessage({ id: msg.id, ok: true, result: clustersOf(index, msg.bbox, msg.zoom, msg.limit) });
    } else if (msg.type === "drop") {
      indexes.delete(msg.key);
    }
  } catch (error) {
    parentPort.postMessage({ id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
