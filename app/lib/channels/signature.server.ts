import crypto from "node:crypto";

// Webhook signatures: an HMAC-SHA256 of the raw request body, compared in constant time. The body must
// be the bytes as received (request.text() in the action, before anything parsed them): re-serialised
// JSON would not match.

export function hmacHex(secret: string, body: string | Uint8Array): string {
  return crypto.createHmac("sha256", secret).update(body).digest("hex");
}

/** True when `given` (hex, optionally with a "sha256=" prefix as Meta sends it) is the body's HMAC. */
export function validSignature(secret: string, body: string | Uint8Array, given: string | null, prefix = ""): boolean {
  if (!given || !given.startsWith(prefix)) return false;
  const hex = given.slice(prefix.length).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(hex)) return false;
  const expected = Buffer.from(hmacHex(secret, body), "hex");
  return crypto.timingSafeEqual(expected, Buffer.from(hex, "hex"));
}
