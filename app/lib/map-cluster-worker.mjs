// The map's cluster worker (docs/decisions/0031), started by app/models/map-cluster.server.ts.
// Plain JavaScript, not TypeScript, and outside the *.server.ts naming on purpose: a worker thread is
// started from a file path, and this file must be loadable as it is by vitest, by `tsx server.ts` and by
// the production build (which bundles the TypeScript server code into build/, where no file sits next to
// the module that starts the worker). So it lives at a fixed path under app/, resolved from the working
// directory as app/fonts is, and needs no loader.
//
// It holds one Supercluster index per key. A leaf's only property is its index in the main thread's
// array of points: the main thread keeps the points themselves and turns indexes back into them.
import { parentPort } from "node:worker_threads";
import { buildIndex, clustersOf } from "./map-cluster-index.mjs";

/** key -> Supercluster index */
const indexes = new Map();

parentPort.on("message", (msg) => {
  // Tests only: an uncaught error, as a bug in supercluster would throw, to check the main thread recovers.
  if (msg.type === "crash") throw new Error("map cluster worker crashed on request");
  try {
    if (msg.type === "build") {
      indexes.set(msg.key, buildIndex(msg.coords, msg.states, msg.radius, msg.maxZoom));
      parentPort.postMessage({ id: msg.id, ok: true });
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
