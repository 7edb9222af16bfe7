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
const STATE_NAMES = [null, "overdue", "open", "answered", "done"];

/**
 * The columns of each layer's packed point rows, in order: the SQL that packs them
 * (app/lib/sql/queries/map.server.ts) and the table that reads them (below) both take them from here.
 */
export const POINT_TUPLES = {
  complaints: ["id", "lat", "lng", "state", "category", "ref", "unitId", "status", "createdAt"],
  findings: ["id", "lat", "lng", "state", "category", "unitId", "severity", "createdAt", "inspectionId"],
  units: ["id", "lat", "lng", "name", "type"],
};

/** Which tuple column each point field comes from, per layer (-1: the layer has none). */
function fieldsOf(layer) {
  const cols = POINT_TUPLES[layer];
  const at = (name) => cols.indexOf(name);
  return {
    id: at("id"),
    lat: at("lat"),
    lng: at("lng"),
    state: at("state"),
    category: at("category"),
    label: layer === "complaints" ? at("ref") : at("name"),
    unitId: layer === "units" ? at("id") : at("unitId"),
    detail: layer === "complaints" ? at("status") : layer === "findings" ? at("severity") : at("type"),
    at: at("createdAt"),
    inspectionId: at("inspectionId"),
  };
}

/** The code of `value` in a small table of distinct values (categories, statuses), added when new. */
function codeIn(values, codes, value) {
  let code = codes.get(value);
  if (code === undefined) {
    code = values.length;
    values.push(value);
    codes.set(value, code);
  }
  return code;
}

/**
 * A layer's points as columns (the "point table"): numbers in typed arrays, the few distinct categories
 * and details as codes, every label in one string. A million points are then a few dozen objects rather
 * than millions: nothing for the garbage collector to walk, and their buffers move between threads
 * without a copy. `tuples` are rows in the order of POINT_TUPLES[layer].
 *
 * @param {"complaints" | "findings" | "units"} layer
 * @param {ReadonlyArray<ReadonlyArray<unknown>>} tuples
 */
export function tableOfTuples(layer, tuples) {
  const f = fieldsOf(layer);
  const n = tuples.length;
  const table = {
    layer,
    length: n,
    ids: new Float64Array(n),
    coords: new Float64Array(n * 2),
    states: new Uint8Array(n),
    unitIds: new Float64Array(n),
    /** creation time in ms; NaN for none (units) */
    at: new Float64Array(n),
    /** NaN for none */
    inspectionIds: new Float64Array(n),
    categoryCodes: new Uint16Array(n),
    /** code 0 is "no category" */
    categories: [null],
    detailCodes: new Uint16Array(n),
    details: [],
    /** every label, one after the other; point i's ends at labelEnds[i] */
    labels: "",
    labelEnds: new Uint32Array(n),
  };
  const categoryCodes = new Map([[null, 0]]);
  const detailCodes = new Map();
  const labels = new Array(n);
  let end = 0;
  for (let i = 0; i < n; i++) {
    const t = tuples[i];
    table.ids[i] = t[f.id];
    table.coords[2 * i] = t[f.lng];
    table.coords[2 * i + 1] = t[f.lat];
    table.states[i] = f.state < 0 || t[f.state] == null ? 0 : STATE_CODES[t[f.state]];
    table.unitIds[i] = t[f.unitId];
    table.at[i] = f.at < 0 || t[f.at] == null ? NaN : t[f.at];
    table.inspectionIds[i] = f.inspectionId < 0 || t[f.inspectionId] == null ? NaN : t[f.inspectionId];
    table.categoryCodes[i] = codeIn(table.categories, categoryCodes, f.category < 0 ? null : t[f.category] ?? null);
    table.detailCodes[i] = codeIn(table.details, detailCodes, t[f.detail]);
    const label = f.label < 0 ? "" : String(t[f.label] ?? "");
    labels[i] = label;
    end += label.length;
    table.labelEnds[i] = end;
  }
  table.labels = labels.join("");
  return table;
}

/** The buffers of a point table, to transfer it between threads rather than copy it. */
export function tableBuffers(table) {
  return [table.ids, table.coords, table.states, table.unitIds, table.at, table.inspectionIds, table.categoryCodes, table.detailCodes, table.labelEnds].map(
    (a) => a.buffer,
  );
}

/** Point i of a table's label. */
export function labelOf(table, i) {
  return table.labels.slice(i === 0 ? 0 : table.labelEnds[i - 1], table.labelEnds[i]);
}

/**
 * Point i of a table as the map's model reads a point (MapPoint in app/models/map-points.server.ts).
 *
 * @param {ReturnType<typeof tableOfTuples>} table
 * @param {number} i
 */
export function pointOf(table, i) {
  const at = table.at[i];
  const inspectionId = table.inspectionIds[i];
  return {
    layer: table.layer,
    id: table.ids[i],
    lat: table.coords[2 * i + 1],
    lng: table.coords[2 * i],
    state: STATE_NAMES[table.states[i]],
    category: table.categories[table.categoryCodes[i]],
    label: labelOf(table, i),
    unitId: table.unitIds[i],
    detail: table.details[table.detailCodes[i]],
    at: Number.isNaN(at) ? null : at,
    ...(Number.isNaN(inspectionId) ? {} : { inspectionId }),
  };
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

