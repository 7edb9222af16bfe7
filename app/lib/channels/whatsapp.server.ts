import { MAX_PHOTO_BYTES } from "~/lib/uploads.server";
import type { WhatsAppConfig } from "./config.server";

// The WhatsApp Business Cloud API, both ways: the webhook's JSON turned into inbound messages, and the
// media API that hands over a photo's bytes. Sending lives in outbox.server.ts.

export type InboundMessage = {
  externalId: string;
  address: string;
  kind: "text" | "image" | "location" | "unsupported";
  payload: { text?: string; mediaId?: string; mime?: string; caption?: string; lat?: number; lng?: number; type?: string };
};

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" && v.length > 0 ? v : undefined);

/**
 * The messages of one webhook delivery. Delivery receipts (`statuses`) and anything malformed are
 * skipped; a message of a type the conversation cannot use becomes "unsupported" so it gets a polite
 * answer saying what is accepted.
 */
export function parseWhatsAppWebhook(body: unknown): InboundMessage[] {
  const out: InboundMessage[] = [];
  if (!isObj(body)) return out;
  for (const entry of arr(body.entry)) {
    if (!isObj(entry)) continue;
    for (const change of arr(entry.changes)) {
      if (!isObj(change) || !isObj(change.value)) continue;
      for (const m of arr(change.value.messages)) {
        if (!isObj(m)) continue;
        const externalId = str(m.id);
        const from = str(m.from);
        const type = str(m.type) ?? "unknown";
        if (!externalId || !from || externalId.length > 200 || !/^\d{6,20}$/.test(from)) continue;
        const base = { externalId, address: from };
        if (type === "text" && isObj(m.text) && str(m.text.body)) {
          out.push({ ...base, kind: "text", payload: { text: String(m.text.body).slice(0, 5000) } });
        } else if (type === "button" && isObj(m.button) && str(m.button.text)) {
          out.push({ ...base, kind: "text", payload: { text: String(m.button.text).slice(0, 500) } });
        } else if (type === "interactive" && isObj(m.interactive)) {
          const reply = isObj(m.interactive.button_reply) ? m.interactive.button_reply : isObj(m.interactive.list_reply) ? m.interactive.list_reply : null;
          const text = reply ? (str(reply.id) ?? str(reply.title)) : undefined;
          out.push(text ? { ...base, kind: "text", payload: { text: text.slice(0, 500) } } : { ...base, kind: "unsupported", payload: { type } });
        } else if (type === "image" && isObj(m.image) && str(m.image.id)) {
          out.push({ ...base, kind: "image", payload: { mediaId: str(m.image.id), mime: str(m.image.mime_type), caption: str(m.image.caption)?.slice(0, 1000) } });
        } else if (type === "document" && isObj(m.document) && str(m.document.id)) {
          // A photo sent "as a document" keeps its quality; the bytes decide whether it is an image.
          out.push({ ...base, kind: "image", payload: { mediaId: str(m.document.id), mime: str(m.document.mime_type), caption: str(m.document.caption)?.slice(0, 1000) } });
        } else if (type === "location" && isObj(m.location) && typeof m.location.latitude === "number" && typeof m.location.longitude === "number") {
          out.push({ ...base, kind: "location", payload: { lat: m.location.latitude, lng: m.location.longitude } });
        } else {
          out.push({ ...base, kind: "unsupported", payload: { type: type.slice(0, 30) } });
        }
      }
    }
  }
  return out;
}

export type MediaResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: "tooLarge" | "notImage" | "gone" };

class MediaTooLarge extends Error {}

/**
 * Downloads a photo: GET /{media-id} gives a short-lived URL, whose bytes need the same bearer token.
 * Refuses, without downloading, what the API already says is too large or not an image; counts the
 * bytes as they arrive so a lying size cannot fill the memory. Network failures throw (retried later).
 */
export async function downloadWhatsAppMedia(config: WhatsAppConfig, mediaId: string): Promise<MediaResult> {
  const auth = { Authorization: `Bearer ${config.token}` };
  const metaRes = await fetch(`${config.apiUrl}/${encodeURIComponent(mediaId)}`, { headers: auth, signal: AbortSignal.timeout(15_000) });
  if (metaRes.status === 404 || metaRes.status === 400) return { ok: false, reason: "gone" };
  if (!metaRes.ok) throw new Error(`media lookup: HTTP ${metaRes.status}`);
  const meta = (await metaRes.json().catch(() => null)) as Obj | null;
  const url = meta && str(meta.url);
  if (!url) return { ok: false, reason: "gone" };
  const mime = str(meta.mime_type) ?? "";
  if (mime && !mime.startsWith("image/")) return { ok: false, reason: "notImage" };
  if (typeof meta.file_size === "number" && meta.file_size > MAX_PHOTO_BYTES) return { ok: false, reason: "tooLarge" };

  const res = await fetch(url, { headers: auth, signal: AbortSignal.timeout(60_000) });
  if (!res.ok || !res.body) throw new Error(`media download: HTTP ${res.status}`);
  if (Number(res.headers.get("content-length") ?? 0) > MAX_PHOTO_BYTES) {
    await res.body.cancel().catch(() => undefined);
    return { ok: false, reason: "tooLarge" };
  }
  try {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > MAX_PHOTO_BYTES) throw new MediaTooLarge();
      chunks.push(chunk);
    }
    return { ok: true, bytes: new Uint8Array(Buffer.concat(chunks)) };
  } catch (error) {
    if (error instanceof MediaTooLarge) return { ok: false, reason: "tooLarge" };
    throw error;
  }
}
