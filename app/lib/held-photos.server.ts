import crypto from "node:crypto";
import { db } from "./db.server";
import { getEnv } from "./env.server";
import type { SavedPhoto } from "./uploads.server";

// Photos a resident chose on a form that came back with an error. Without JavaScript the browser
// empties the file input on every page load, so the accepted photos are kept on the server, already
// re-encoded (EXIF gone), and the form carries a signed, short-lived token naming them. Posting the form
// again with the token attaches them. Nothing else refers to the files until then: the orphan sweep
// (`npm run sweep:orphans`, files without an Attachment row older than an hour) removes those never used.

/** A held photo is usable for 30 minutes; the sweep only removes files older than an hour. */
export const HELD_PHOTOS_TTL_MS = 30 * 60 * 1000;

type Payload = { p: SavedPhoto[]; e: number };

function mac(body: string): string {
  return crypto.createHmac("sha256", `held-photos:${getEnv().SESSION_SECRET}`).update(body).digest("base64url");
}

export function holdPhotos(photos: SavedPhoto[], now = Date.now()): string | null {
  if (photos.length === 0) return null;
  const body = Buffer.from(JSON.stringify({ p: photos, e: now + HELD_PHOTOS_TTL_MS } satisfies Payload)).toString("base64url");
  return `${body}.${mac(body)}`;
}

/**
 * The photos a token names, minus those the resident unticked (`keep` holds the storage keys to keep)
 * and those already attached to a record (a token posted twice attaches its photos once).
 * A forged, altered or expired token holds nothing.
 */
export async function readHeldPhotos(token: string, keep: string[], now = Date.now()): Promise<SavedPhoto[]> {
  if (!token || token.length > 4000) return [];
  const [body, signature] = token.split(".");
  if (!body || !signature) return [];
  const expected = Buffer.from(mac(body));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return [];
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Payload;
  } catch {
    return [];
  }
  if (!Array.isArray(payload.p) || typeof payload.e !== "number" || payload.e < now) return [];
  const wanted = payload.p.filter((photo) => keep.includes(photo.storageKey));
  if (wanted.length === 0) return [];
  const used = await db.attachment.findMany({ where: { storageKey: { in: wanted.map((p) => p.storageKey) } }, select: { storageKey: true } });
  const usedKeys = new Set(used.map((u) => u.storageKey));
  return wanted.filter((photo) => !usedKeys.has(photo.storageKey));
}
