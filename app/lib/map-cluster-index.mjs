// The map's cluster index itself (docs/decisions/0031): built and asked here, both by the worker thread
// (app/lib/map-cluster-worker.mjs, for large layers) and inline by app/models/map-cluster.server.ts (small
// layers), so the two can never cluster differently. Plain JavaScript because the worker loads it from
// its path as it is (see the worker's header); the server build bundles it like any other module.
import Supercluster from "supercluster";

// A point's state as one byte of the typed array sent to the worker: 0 = no state (units).
const OVERDUE = 1;
const OPEN = 2;
const ANSWERED = 3;
const DONE = 4;
const STATE_CODES = { overdue: OVERDUE, open: OPEN, answered: ANSWERED, done: DONE };

/**
 * The points as buildIndex takes them: coordinates as lng, lat pairs and a state code per point, in typed
 * arrays that can be transferred to the worker rather than copied.
 *
 * @param {ReadonlyArray<{ lng: number; lat: number; state: "overdue" | "open" | "answered" | "done" | null }>} points
 * @returns {{ coords: Float64Array<ArrayBuffer>; states: Uint8Array<ArrayBuffer> }}
 */
export function encodePoints(points) {
  const coords = new Float64Array(points.length * 2);
  const states = new Uint8Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    coords[2 * i] = p.lng;
    coords[2 * i + 1] = p.lat;
    states[i] = p.state === null ? 0 : STATE_CODES[p.state];
  }
  return { coords, states };
}

/**
 * A Supercluster index over `coords` (lng, lat pairs) with each point's state code in `states`; a leaf's
 * only property is its index `i`, the caller keeps the points themselves.
 *
 * @param {Float64Array} coords
 * @param {Uint8Array} states
 * @param {number} radius
 * @param {number} maxZoom
 * @returns {Supercluster<{ i: number }, { overdue: number; open: number; answered: number; done: number }>}
 */
export function buildIndex(coords, states, radius, maxZoom) {
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
 *
 * @param {Supercluster<{ i: number }, { overdue: number; open: number; answered: number; done: number }>} index
 * @param {[number, number, number, number]} bbox
 * @param {number} zoom
 * @param {number} limit
 * @returns {Array<{ i: number; lng: number; lat: number } | { id: number; lng: number; lat: number; count: number; abbreviated: string | number; overdue: number; open: number; answered: number; done: number; expansionZoom: number }>}
 */
export function clustersOf(index, bbox, zoom, limit) {
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

