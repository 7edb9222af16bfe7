import { buildIndex, clustersOf, tableOfTuples } from "~/lib/map-cluster-index.mjs";
import type { SqlFragment } from "~/lib/sql/index.server";
import { WorkerThread } from "~/lib/worker-thread.server";
import type { MapLayer } from "./map-codes";

// The map's layers and their cluster indexes (docs/decisions/0031). Reading a million points, parsing
// them and Supercluster's `load` over them take seconds of CPU; on the event loop they stalled every
// request of the process, not only the map, after each write and each deadline. So a large layer
// is built whole in one worker thread per process (app/lib/map-cluster-worker.mjs): on SQLite it runs
// the layer's packed query on its own read connection, on PostgreSQL it gets the packed rows' JSON from
// here. It keeps the index and sends back the point table (app/lib/map-cluster-index.mjs): typed
// arrays and one string, transferred, not copied, and nothing the garbage collector has to walk. The
// index's leaves carry the point's row in that table.

export const CLUSTER_MAX_ZOOM = 16;
const CLUSTER_RADIUS = 60;

/** Layers below this many points are built on this thread (see INLINE_MAX_JSON_CHARS). */
export const INLINE_MAX_POINTS = 20_000;

/** A worker request unanswered after this long rejects, and the worker is replaced: no request hangs. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Resolved from the working directory: the production build bundles this module away from app/ (see the worker's header). */
const WORKER_FILE = "app/lib/map-cluster-worker.mjs";

/** A layer's points as columns (see tableOfTuples); point i is `pointOf(table, i)`. */
export type PointTable = ReturnType<typeof tableOfTuples>;

/**
 * Where a layer's points come from: the packed query for the worker to run on its own connection to
 * the SQLite `file`, the packed rows' JSON already read, or rows in hand (units: a few hundred).
 */
export type PointSource =
  | { kind: "sqlite"; file: string; query: SqlFragment }
  | { kind: "json"; json: string }
  | { kind: "tuples"; tuples: unknown[][] };

/** One cluster as the index answers it: what the map's cluster feature needs. */
export type ClusterRow = {
  id: number;
  lng: number;
  lat: number;
  count: number;
  abbreviated: string | number;
  overdue: number;
  open: number;
  answered: number;
  done: number;
  expansionZoom: number;
};

/**
 * A leaf: its point's index in the array the index was built from, and its coordinates as Supercluster
 * answers them (through its projection and back: a last bit off the point's own, and the map has always
 * shown these).
 */
export type ClusterLeaf = { i: number; lng: number; lat: number };

/** A feature of getClusters. */
export type ClusterItem = ClusterLeaf | ClusterRow;

export type ClusterIndex = {
  /** Where the index was built: "inline" or "worker" (for tests and logs). */
  readonly where: "inline" | "worker";
  /** The first `limit` features of Supercluster's getClusters(bbox, zoom), in its order. */
  clusters(bbox: [number, number, number, number], zoom: number, limit: number): Promise<ClusterItem[]>;
  /** Frees the index (the worker's copy); called when the map cache lets the entry go. */
  drop(): void;
};

/** A built layer: its points and their cluster index. */
export type BuiltLayer = { table: PointTable; index: ClusterIndex };

/**
 * JSON of fewer characters than this is parsed and clustered on this thread (about 20,000 points): a
 * few milliseconds, less than the round trip to the worker, and the tests' seeded databases never
 * start a thread. A SQLite layer goes to the worker when its table may hold INLINE_MAX_POINTS or more
 * (the caller decides, from the table's largest id).
 */
const INLINE_MAX_JSON_CHARS = INLINE_MAX_POINTS * 100;

export function buildLayer(layer: MapLayer, source: PointSource): Promise<BuiltLayer> {
  if (source.kind === "tuples") return Promise.resolve(buildInline(layer, source.tuples));
  if (source.kind === "json" && source.json.length < INLINE_MAX_JSON_CHARS) return Promise.resolve(buildInline(layer, JSON.parse(source.json) as unknown[][]));
  return buildInWorker(layer, source);
}

// ---------------------------------------------------------------------------------------------------
// Inline (small layers): the same table and index the worker makes, on this thread.

function buildInline(layer: MapLayer, tuples: unknown[][]): BuiltLayer {
  const table = tableOfTuples(layer, tuples);
  const index = buildIndex(table.coords, table.states, CLUSTER_RADIUS, CLUSTER_MAX_ZOOM);
  return {
    table,
    index: {
      where: "inline",
      clusters: async (bbox, zoom, limit) => clustersOf(index, bbox, zoom, limit),
      drop() {},
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// The worker: one per process, started by the first large build, replaced when it dies.

const worker = new WorkerThread(WORKER_FILE, "map cluster worker", REQUEST_TIMEOUT_MS);
let nextKey = 1;

async function buildInWorker(layer: MapLayer, source: Exclude<PointSource, { kind: "tuples" }>): Promise<BuiltLayer> {
  const ch = worker.session();
  const key = nextKey++;
  const from = source.kind === "sqlite" ? { file: source.file, sql: source.query.sql, params: source.query.params } : { json: source.json };
  const table = await worker.request<PointTable>(ch, { type: "build", key, layer, ...from, radius: CLUSTER_RADIUS, maxZoom: CLUSTER_MAX_ZOOM });
  return {
    table,
    index: {
      where: "worker",
      clusters: (bbox, zoom, limit) => worker.request<ClusterItem[]>(ch, { type: "clusters", key, bbox, zoom, limit }),
      drop() {
        if (ch.alive) ch.worker.postMessage({ type: "drop", key });
      },
    },
  };
}

/** Tests only: makes the worker throw an uncaught error, as a crash would. */
export function crashClusterWorkerForTests() {
  worker.crashForTests();
}
