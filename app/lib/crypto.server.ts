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
