import path from "node:path";
import { Worker } from "node:worker_threads";
import { buildIndex, clustersOf, encodePoints } from "~/lib/map-cluster-index.mjs";
import type { MapState } from "./map-codes";

// The map's cluster indexes (docs/decisions/0031). Supercluster's `load` over a million points takes
// seconds of CPU; run on the event loop it stalled every request of the process, not only the map. So
// large layers are clustered in one worker thread per process (app/lib/map-cluster-worker.mjs): the
// main thread sends only coordinates and a state code per point, as transferred typed arrays (a
// structured clone of a million objects would itself block the main thread), and asks the worker for
// the clusters of a bbox and zoom. The worker's leaves carry only the point's index in the caller's
// array, so the caller keeps its points and the worker only the index.

export const CLUSTER_MAX_ZOOM = 16;
const CLUSTER_RADIUS = 60;

/**
 * Layers below this size are clustered inline, as before the worker: a few milliseconds of CPU, less
 * than the round trip to the worker, and the tests' seeded databases never start a thread.
 */
export const INLINE_MAX_POINTS = 20_000;

/** A worker request unanswered after this long rejects, and the worker is replaced: no request hangs. */
const REQUEST_TIMEOUT_MS = 30_000;

/** Resolved from the working directory: the production build bundles this module away from app/ (see the worker's header). */
const WORKER_FILE = path.resolve("app/lib/map-cluster-worker.mjs");

export type ClusterPoint = { lng: number; lat: number; state: MapState | null };

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

export function buildClusterIndex(points: readonly ClusterPoint[]): Promise<ClusterIndex> {
  return points.length < INLINE_MAX_POINTS ? Promise.resolve(buildInline(points)) : buildInWorker(points);
}

// ---------------------------------------------------------------------------------------------------
// Inline (small layers): the same index the worker builds, on this thread.

function buildInline(points: readonly ClusterPoint[]): ClusterIndex {
  const { coords, states } = encodePoints(points);
  const index = buildIndex(coords, states, CLUSTER_RADIUS, CLUSTER_MAX_ZOOM);
  return {
    where: "inline",
    clusters: async (bbox, zoom, limit) => clustersOf(index, bbox, zoom, limit),
    drop() {},
  };
}

// ---------------------------------------------------------------------------------------------------
// The worker: one per process, started by the first large build, replaced when it dies.

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: ReturnType<typeof setTimeout> };
type Channel = { worker: Worker; pending: Map<number, Pending>; alive: boolean };
type Reply = { id: number; ok: boolean; result?: unknown; error?: string };

let channel: Channel | undefined;
let nextId = 1;
let nextKey = 1;

function fail(ch: Channel, error: Error) {
  ch.alive = false;
  if (channel === ch) channel = undefined;
  for (const p of ch.pending.values()) {
    clearTimeout(p.timer);
    p.reject(error);
  }
  ch.pending.clear();
}

function openChannel(): Channel {
  if (channel?.alive) return channel;
  // execArgv: [] — the worker is plain JavaScript; it needs neither tsx nor vitest's loaders.
  const worker = new Worker(WORKER_FILE, { execArgv: [] });
  const ch: Channel = { worker, pending: new Map(), alive: true };
  // Idle, the worker never keeps the process (or a test run) alive; it is ref'ed only while a request waits.
  worker.unref();
  worker.on("message", (reply: Reply) => {
    const p = ch.pending.get(reply.id);
    if (!p) return;
    ch.pending.delete(reply.id);
    clearTimeout(p.timer);
    if (ch.pending.size === 0) worker.unref();
    if (reply.ok) p.resolve(reply.result);
    else p.reject(new Error(`map cluster worker: ${reply.error}`));
  });
  worker.on("error", (error) => {
    console.warn(`[map] cluster worker failed: ${error.message}`);
    fail(ch, new Error(`map cluster worker failed: ${error.message}`));
  });
  worker.on("exit", (code) => fail(ch, new Error(`map cluster worker exited (code ${code})`)));
  channel = ch;
  return ch;
}

function request<T>(ch: Channel, message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
  if (!ch.alive) return Promise.reject(new Error("map cluster worker was replaced: the index is gone"));
  return new Promise<T>((resolve, reject) => {
    const id = nextId++;
    const timer = setTimeout(() => {
      // A worker this late is taken as stuck: stop it, so its other requests fail now and the next build starts afresh.
      fail(ch, new Error(`map cluster worker did not answer within ${REQUEST_TIMEOUT_MS / 1000} s`));
      void ch.worker.terminate();
    }, REQUEST_TIMEOUT_MS);
    timer.unref();
    ch.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer });
    if (ch.pending.size === 1) ch.worker.ref();
    ch.worker.postMessage({ ...message, id }, transfer);
  });
}

async function buildInWorker(points: readonly ClusterPoint[]): Promise<ClusterIndex> {
  const { coords, states } = encodePoints(points);
  const ch = openChannel();
  const key = nextKey++;
  await request(ch, { type: "build", key, coords, states, radius: CLUSTER_RADIUS, maxZoom: CLUSTER_MAX_ZOOM }, [coords.buffer, states.buffer]);
  return {
    where: "worker",
    clusters: (bbox, zoom, limit) => request<ClusterItem[]>(ch, { type: "clusters", key, bbox, zoom, limit }),
    drop() {
      if (ch.alive) ch.worker.postMessage({ type: "drop", key });
    },
  };
}

/** Tests only: makes the worker throw an uncaught error, as a crash would. */
export function crashClusterWorkerForTests() {
  channel?.worker.postMessage({ type: "crash" });
}
