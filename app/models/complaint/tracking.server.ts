import crypto from "node:crypto";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { canonicalTrackingCode, groupTrackingCode, legacyTrackingCandidates, trackingCodeFromBytes } from "~/lib/tracking-code";

// The reporter's private tracking code: issued at filing, only its hash is stored, and whoever holds
// it may read and answer their complaint (the track pages, the channels, Open311's token look-up).

/** A new private tracking code, grouped for people (`7KQ2M-…`), and the hash that is stored. */
export function newTrackingCode(): { code: string; hash: string } {
  const canonical = trackingCodeFromBytes(crypto.randomBytes(26));
  return { code: groupTrackingCode(canonical), hash: sha256(canonical) };
}

/** The form of a code to show and to put in links: new codes grouped in capitals, older codes as typed. */
export function displayTrackingCode(typed: string): string {
  const canonical = canonicalTrackingCode(typed);
  return canonical ? groupTrackingCode(canonical) : typed.trim().replace(/\s+/g, "");
}

/**
 * The stored hash that a typed code stands for, or null when no complaint has it. A new-style code is
 * normalised first (case, spaces, hyphens, look-alikes); older codes were hashed exactly as issued, so
 * the typed string (and its capitals, for the demo codes) are tried as well.
 */
export async function resolveTrackingHash(typed: string): Promise<string | null> {
  if (!typed || typed.length > 200) return null;
  const hashes = new Set<string>();
  const canonical = canonicalTrackingCode(typed);
  if (canonical) hashes.add(sha256(canonical));
  for (const legacy of legacyTrackingCandidates(typed)) hashes.add(sha256(legacy));
  if (hashes.size === 0) return null;
  const row = await db.complaint.findFirst({ where: { trackingHash: { in: [...hashes] } }, select: { trackingHash: true } });
  return row?.trackingHash ?? null;
}
