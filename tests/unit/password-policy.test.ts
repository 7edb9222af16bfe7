import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed/demo-password";
import { COMMON_PASSWORD_COUNT, passwordProblem, PASSWORD_MAX, PASSWORD_MIN } from "~/lib/password-policy.server";

// Issue 9 "Sessions and sign-in": 8 to at least 64 characters, the 3,000 most common passwords refused.

describe("password policy", () => {
  it("takes 8 to 128 characters, counted as people see them", () => {
    expect([PASSWORD_MIN, PASSWORD_MAX]).toEqual([8, 128]);
    expect(passwordProblem("pendek7")).toBe("length");
    expect(passwordProblem("sungaimu")).toBeNull();
    expect(passwordProblem("kata sandi panjang untuk petugas dinas kependudukan palembang 64!".slice(0, 64))).toBeNull();
    expect(passwordProblem("x".repeat(128) + "")).toBeNull();
    expect(passwordProblem("x".repeat(129))).toBe("length");
    // Four emoji are 8 UTF-16 units but 4 characters.
    expect(passwordProblem("🔑🔑🔑🔑")).toBe("length");
    expect(passwordProblem("🔑🔑🔑🔑🔑🔑🔑🔑")).toBeNull();
  });

  it("refuses the most common passwords in any letter case", () => {
    expect(COMMON_PASSWORD_COUNT).toBe(3000);
    for (const p of ["password", "12345678", "qwertyuiop", "iloveyou", "PASSWORD1", "football", "sunshine"]) {
      expect(passwordProblem(p), p).toBe("common");
    }
  });

  it("accepts passwords that are not among them", () => {
    for (const p of [DEMO_PASSWORD, "pempek kapal selam 77", "Jembatan Ampera 1965"]) expect(passwordProblem(p), p).toBeNull();
  });
});
