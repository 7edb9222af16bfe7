import crypto from "node:crypto";

/** `bytes` of randomness as base64url (32 bytes = 256 bits). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString("base64url");
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

/** A keyed hash (HMAC-SHA256, 128 bits as hex): the value cannot be found from it without the secret. */
export function keyedHash(value: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(value).digest("hex").slice(0, 32);
}

/** Hash of an IP address with the session secret as pepper: rate limits without keeping addresses. */
export const hashIp = keyedHash;

// Script nonces (Content-Security-Policy), 16 bytes of the CSPRNG each, cut in turn from one 4 KB draw:
// one draw per 256 pages instead of one per page (the draw was 1.4% of a signed-in page's CPU, issue 17).
// Every nonce is still fresh random bytes, used once.
const NONCE_BYTES = 16;
const NONCE_POOL_BYTES = NONCE_BYTES * 256;
let noncePool = Buffer.alloc(0);
let nonceOffset = 0;

/** A fresh script nonce: 128 random bits as base64 (24 characters). */
export function cspNonce(): string {
  if (nonceOffset + NONCE_BYTES > noncePool.length) {
    noncePool = crypto.randomBytes(NONCE_POOL_BYTES);
    nonceOffset = 0;
  }
  const nonce = noncePool.toString("base64", nonceOffset, nonceOffset + NONCE_BYTES);
  nonceOffset += NONCE_BYTES;
  return nonce;
}
