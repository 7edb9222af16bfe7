import { openDB, type DBSchema, type IDBPDatabase } from "idb";

// The send queue (issue 15, docs/decisions/0021): a form that creates something is first written to
// IndexedDB, photos included, and only then posted. Without a connection it waits there, is listed
// with its text, and is sent when the connection returns (the `online` event, the next visit, the next
// press of "Kirim"), oldest first. Every item carries the form's `idempotencyKey`, so a post that did
// arrive but whose answer was lost is answered by the server with its first result, never filed twice.
//
// Generic on purpose: an item is a URL and the form's fields; complaints, a sidak's answers, findings and
// submission, and a unit head's follow-up answers use it the same way (`kind` tells them apart).

/** A form field as kept: text, or a file (a photo) with its name. */
export type QueuedValue = string | { file: Blob; name: string };

export type QueuedItem = {
  id: number;
  kind: string;
  /** Where it is posted: the page's URL with `?_data=<route id>`, as Remix's own client posts, so that a
   *  redirect comes back as a header (not followed: the tracking page's one-time notice stays for the
   *  resident's own visit) and a refusal as the action's JSON with its message keys. */
  url: string;
  fields: Array<[string, QueuedValue]>;
  idempotencyKey: string;
  /** What the list shows while it waits (a complaint's text). */
  summary: string;
  /** The form's draft (form-draft.client.ts) a refused item's text can be put back into. */
  draftId?: string;
  queuedAt: number;
  state: "waiting" | "sent" | "refused";
  /** sent: where the server's answer points (a complaint's `/track/<code>`). */
  location?: string;
  /** refused: the HTTP status and the server's answer (the action's data). */
  status?: number;
  answer?: unknown;
};

interface QueueDb extends DBSchema {
  items: { key: number; value: QueuedItem };
}

const DB_NAME = "tindak-offline";
const CHANNEL = "tindak-send-queue";

let dbPromise: Promise<IDBPDatabase<QueueDb>> | null = null;
function db() {
  dbPromise ??= openDB<QueueDb>(DB_NAME, 1, {
    upgrade(database) {
      database.createObjectStore("items", { keyPath: "id", autoIncrement: true });
    },
  });
  return dbPromise;
}

// Listeners in this tab, and other tabs through a BroadcastChannel.
const listeners = new Set<() => void>();
let channel: BroadcastChannel | null = null;
function broadcast(): BroadcastChannel | null {
  if (!channel && typeof BroadcastChannel !== "undefined") {
    channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = () => listeners.forEach((listener) => listener());
  }
  return channel;
}
function changed() {
  listeners.forEach((listener) => listener());
  broadcast()?.postMessage("changed");
}

/** Calls `listener` whenever the queue changes (in this tab or another); returns the unsubscribe. */
export function onQueueChange(listener: () => void): () => void {
  broadcast();
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function randomKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Keeps a form for sending; returns its id. The form's `idempotencyKey` is filled in when empty. */
type NewItem = { kind: string; url: string; form: FormData; summary: string; draftId?: string };

export async function enqueue(input: NewItem): Promise<number> {
  let idempotencyKey = String(input.form.get("idempotencyKey") ?? "");
  if (!idempotencyKey) {
    idempotencyKey = randomKey();
    input.form.set("idempotencyKey", idempotencyKey);
  }
  const fields: QueuedItem["fields"] = [];
  for (const [name, value] of input.form.entries()) {
    if (typeof value === "string") fields.push([name, value]);
    // An empty file input posts an empty, nameless file: nothing to keep.
    else if (value.size > 0 || value.name) fields.push([name, { file: value, name: value.name }]);
  }
  const item: Omit<QueuedItem, "id"> = { kind: input.kind, url: input.url, fields, idempotencyKey, summary: input.summary, draftId: input.draftId, queuedAt: Date.now(), state: "waiting" };
  const id = await (await db()).add("items", item as QueuedItem);
  // Ask the browser not to clear this site's storage under pressure (it may say no; nothing depends on it).
  void navigator.storage?.persist?.().catch(() => undefined);
  changed();
  return id;
}

export async function listItems(): Promise<QueuedItem[]> {
  return (await db()).getAll("items");
}

export async function getItem(id: number): Promise<QueuedItem | undefined> {
  return (await db()).get("items", id);
}

/** Removes an item (a sent one once seen, a refused one once dealt with). */
export async function forget(id: number): Promise<void> {
  await (await db()).delete("items", id);
  changed();
}

type Outcome = Pick<QueuedItem, "state" | "location" | "status" | "answer"> | "retry-later";

async function post(item: QueuedItem): Promise<Outcome> {
  const body = new FormData();
  for (const [name, value] of item.fields) {
    if (typeof value === "string") body.append(name, value);
    else body.append(name, value.file, value.name);
  }
  let response: Response;
  try {
    response = await fetch(item.url, { method: "POST", body, credentials: "same-origin" });
  } catch {
    return "retry-later"; // no connection (or it dropped during the upload): the key makes a resend safe
  }
  const location = response.headers.get("X-Remix-Redirect");
  if (location) return { state: "sent", location };
  // The server or a proxy could not answer now: try again later, in the same order.
  if (response.status >= 500 || response.status === 408) return "retry-later";
  const answer: unknown = (response.headers.get("Content-Type") ?? "").includes("json") ? await response.json().catch(() => null) : null;
  if (response.ok) return { state: "sent", answer };
  return { state: "refused", status: response.status, answer };
}

async function sendWaiting(): Promise<void> {
  // One item at a time, oldest first; the list is read again each time, so an item added meanwhile is
  // sent in this round too. The first one that cannot go stops the round: the order is kept.
  for (;;) {
    const next = (await listItems()).filter((item) => item.state === "waiting").sort((a, b) => a.id - b.id)[0];
    if (!next) return;
    const outcome = await post(next);
    if (outcome === "retry-later") return;
    const database = await db();
    const current = await database.get("items", next.id);
    if (current) await database.put("items", { ...current, ...outcome });
    changed();
  }
}

let running: Promise<void> | null = null;

/** Sends what waits, in order. One round at a time in this tab, and across tabs where the browser has Web Locks. */
export function flush(): Promise<void> {
  if (!running) {
    const round: Promise<void> = navigator.locks ? navigator.locks.request(CHANNEL, () => sendWaiting()).then(() => undefined) : sendWaiting();
    running = round.finally(() => {
      running = null;
    });
  }
  return running;
}

/** Items a press of "send" in this tab is waiting for: it takes its own outcome out of the queue. */
const awaited = new Set<number>();

/** Whether a list that tidies sent items away must leave this one to the press that is waiting for it. */
export function isAwaited(id: number): boolean {
  return awaited.has(id);
}

/**
 * What a "send" button does with the queue: keep the form, then (with a connection) send what waits.
 * `sent` and `refused` are taken out of the queue and returned to the caller, who shows them;
 * `waiting` stays and is sent later.
 */
export async function submitThroughQueue(input: NewItem): Promise<QueuedItem> {
  const id = await enqueue(input);
  awaited.add(id);
  try {
    // A round already under way may have looked for waiting items just before this one was added: a
    // second round then sends it.
    for (let round = 0; round < 2 && navigator.onLine && (await getItem(id))?.state === "waiting"; round++) await flush();
    const item = (await getItem(id))!;
    if (item.state !== "waiting") await forget(id);
    return item;
  } finally {
    awaited.delete(id);
  }
}

