/**
 * Private tracking codes a person can read aloud and type back on a phone (ADR 0012).
 *
 * New codes are 26 random symbols of Crockford's base32 (130 bits), shown in groups of five
 * (`7KQ2M-4TXJD-...`). Typing them back forgives what people get wrong: lower case, spaces and
 * hyphens anywhere, and the look-alikes Crockford folds together (I and L read as 1, O as 0).
 * The database keeps only the SHA-256 of the canonical form, so the canonical form must never change.
 *
 * Older codes (base64url, case-sensitive, and the demo codes such as `DEMO-LACAK-SU2-2026`) were
 * hashed exactly as issued: they are looked up by that hash too, so they keep working.
 */

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const TRACKING_CODE_SYMBOLS = 26;
const GROUP = 5;

/** Builds a new code from at least 26 random bytes (each byte's low 5 bits pick a symbol: 32 divides 256, so uniformly). */
export function trackingCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < TRACKING_CODE_SYMBOLS) throw new Error("tracking code needs 26 random bytes");
  let code = "";
  for (let i = 0; i < TRACKING_CODE_SYMBOLS; i++) code += ALPHABET[bytes[i]! & 31];
  return code;
}

/** `7KQ2M4TXJD...` → `7KQ2M-4TXJD-...` (the last group keeps the remainder). */
export function groupTrackingCode(canonical: string): string {
  const groups: string[] = [];
  for (let i = 0; i < canonical.length; i += GROUP) groups.push(canonical.slice(i, i + GROUP));
  // A lone trailing symbol reads badly: fold it into the group before it (26 → 5-5-5-5-6).
  if (groups.length > 1 && groups[groups.length - 1]!.length === 1) {
    const last = groups.pop()!;
    groups[groups.length - 1] += last;
  }
  return groups.join("-");
}

/** What a person typed → the canonical new-style code, or null when it cannot be one. */
export function canonicalTrackingCode(typed: string): string | null {
  const folded = typed
    .toUpperCase()
    .replace(/[\s\-‐‑–—_.]+/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
  if (folded.length !== TRACKING_CODE_SYMBOLS) return null;
  for (const ch of folded) if (!ALPHABET.includes(ch)) return null;
  return folded;
}

/** The exact strings an older code may have been issued as: as typed (without spaces), and in capitals
 *  (the demo codes are capitals; a phone keyboard may have typed them in lower case). */
export function legacyTrackingCandidates(typed: string): string[] {
  const raw = typed.trim().replace(/\s+/g, "");
  if (raw.length < 16 || raw.length > 64 || !/^[A-Za-z0-9_-]+$/.test(raw)) return [];
  return [...new Set([raw, raw.toUpperCase()])];
}

/**
 * A sent message's text with its tracking code(s) removed (issue 23 item 6): the outbox keeps a message's
 * full text only until it is delivered (retries need it); afterwards the admin outbox and every backup
 * must not hold a code, which is otherwise stored only as SHA-256. Removes the code from tracking links
 * (`…/track/<code>`), after "Kode pelacakan:" / "Tracking code:" and in "STATUS <code>".
 */
export function redactTrackingCodes(text: string): string {
  return text
    .replace(/\/track\/[^\s"'<>)]+/g, "/track/[kode-dihapus]")
    .replace(/((?:Kode pelacakan|Tracking code)\s*:\s*)[^\s.,;]+/gi, "$1[kode dihapus]")
    .replace(/\b(STATUS)\s+(?=[A-Za-z-]*\d|[0-9A-Z]{5}-[0-9A-Z]{5}-)[A-Za-z0-9][A-Za-z0-9-]{5,}/g, "$1 [kode]");
}
