import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { signIn } from "../support/http";
import { DEMO } from "../support/requests";

// Issue 13, item 5, through the real production server: sign-in cannot be turned against its owner.
// Tries are counted in the database before the password is checked, so a burst of 60 wrong passwords
// at once from 60 addresses lets exactly 10 through; the owner still signs in from their own address.

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ TRUST_PROXY: "1" });
});
afterAll(async () => stopAndClean(server));

describe("sign-in under a burst of wrong passwords", () => {
  it("lets at most 10 guesses per account through a parallel burst from many addresses, and never locks the owner out of their own address", async () => {
    const owner = DEMO.headAal;
    const ownerIp = "192.0.2.10";
    expect((await signIn(server, owner, { ip: ownerIp })).status).toBe(302);

    const burst = await Promise.all(
      Array.from({ length: 60 }, (_, i) => signIn(server, owner, { ip: `10.13.${Math.floor(i / 200)}.${(i % 200) + 1}`, password: `tebakan-${i}` })),
    );
    const checked = burst.filter((r) => r.status === 401).length;
    const refused = burst.filter((r) => r.status === 429).length;
    console.log(`[figures] 60 parallel wrong passwords from 60 addresses: ${checked} checked (guesses let through), ${refused} refused with 429`);
    expect(checked).toBe(10);
    expect(refused).toBe(50);
    expect(burst.every((r) => r.cookie === null)).toBe(true);

    // The owner, from the address they sign in from, is not locked out …
    const own = await signIn(server, owner, { ip: ownerIp });
    expect(own.status).toBe(302);
    expect(own.cookie).toBeTruthy();
    // … while a stranger's address, even with the right password, is (the account's 10 are used up).
    const stranger = await signIn(server, owner, { ip: "10.14.0.1" });
    expect(stranger.status).toBe(429);
    expect(stranger.text).toContain("Terlalu banyak percobaan gagal");
    // Another account is untouched by the burst.
    expect((await signIn(server, DEMO.headSu2, { ip: "10.13.0.1" })).status).toBe(302);
  });

  it("slows one address that keeps guessing one account, without slowing anyone else", async () => {
    const ip = "192.0.2.20";
    const tries = [];
    for (let i = 0; i < 6; i++) tries.push((await signIn(server, DEMO.inspector, { ip, password: `salah-${i}` })).status);
    // Three wrong tries, then each must wait (1 s, then 2 s …): sent back to back, they are refused.
    expect(tries).toEqual([401, 401, 401, 429, 429, 429]);
    expect((await signIn(server, DEMO.inspector, { ip: "192.0.2.21" })).status).toBe(302);
  });
});
