import { describe, expect, it } from "vitest";
import { cspNonce } from "~/lib/crypto.server";

// A script nonce that repeats, or is short, lets an injected script run under the page's policy.
describe("cspNonce", () => {
  it("gives 128 random bits as base64, never the same twice, across many refills of its pool", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5_000; i++) {
      const nonce = cspNonce();
      expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(Buffer.from(nonce, "base64")).toHaveLength(16);
      seen.add(nonce);
    }
    expect(seen.size).toBe(5_000);
  });
});
