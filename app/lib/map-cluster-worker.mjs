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
import Supercluster from "supercluster";

// State codes per point, as map-cluster.server.ts writes them (STATE_CODES there): 0 = no state (units).
const OVERDUE = 1;
const OPEN = 2;
const ANSWERED = 3;
const DONE = 4;

/** key -> Supercluster index */
const indexes = new Map();

function build(coords, states, radius, maxZoom) {
  const index = new Supercluster({
    radius,
    maxZoom,
    map: (p) => {
      const s = states[p.i];
      return { overdue: s === OVERDUE ? 1 : 0, open: s === OPEN ? 1 : 0, answered: s === ANSWERED ? 1 : 0, done: s === DONE ? 1 : 0 };
    },
    reduce: (acc, p) => {
      acc.overdue += p.overdue;
      acc.open += p.open;
      acc.answered += p.answered;
      acc.done += p.done;
    },
  });
  const n = states.length;
  const features = new Array(n);
  for (let i = 0; i < n; i++) {
    features[i] = { type: "Feature", properties: { i }, geometry: { type: "Point", coordinates: [coords[2 * i], coords[2 * i + 1]] } };
  }
  index.load(features);
  return index;
}

/**
 * The first `limit` features of getClusters, in its order: a leaf as its point index and coordinates
 * (Supercluster answers them through its projection and back, a last bit off the stored value, and the
 * map's answer has always shown those), a cluster as a small object with its expansion zoom. Cut at `limit` here, so a zoom past maxZoom over
 * a million points never sends a million indexes back.
 */
function clusters(index, bbox, zoom, limit) {
  const found = index.getClusters(bbox, zoom);
  const items = [];
  for (const f of found) {
    if (items.length >= limit) break;
    const p = f.properties;
    if (p.cluster) {
      items.push({
        id: p.cluster_id,
        lng: f.geometry.coordinates[0],
        lat: f.geometry.coordinates[1],
        count: p.point_count,
        abbreviated: p.point_count_abbreviated,
        overdue: p.overdue,
        open: p.open,
        answered: p.answered,
        done: p.done,
        expansionZoom: index.getClusterExpansionZoom(p.cluster_id),
      });
    } else items.push({ i: p.i, lng: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
  }
  return items;
}

parentPort.on("message", (msg) => {
  // Tests only: an uncaught error, as a bug in supercluster would throw, to check the main thread recovers.
  if (msg.type === "crash") throw new Error("map cluster worker crashed on request");
  try {
    if (msg.type === "build") {
      indexes.set(msg.key, build(msg.coords, msg.states, msg.radius, msg.maxZoom));
      parentPort.postMessage({ id: msg.id, ok: true });
    } else if (msg.type === "clusters") {
      const index = indexes.get(msg.key);
      if (!index) throw new Error(`no cluster index ${msg.key} in the worker`);
      parentPort.postMessage({ id: msg.id, ok: true, result: clusters(index, msg.bbox, msg.zoom, msg.limit) });
    } else if (msg.type === "drop") {
      indexes.delete(msg.key);
    }
  } catch (error) {
    parentPort.postMessage({ id: msg.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
