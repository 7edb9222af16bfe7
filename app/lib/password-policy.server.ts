import fs from "node:fs";
import { createRequire } from "node:module";

// Password rules for accounts set by admins (OWASP ASVS 5.0 §6.2): 8 to 128 characters (so long
// passphrases fit), and none of the 3,000 most common passwords. No composition rules: they push people
// to "Password1!" without making passwords stronger.
//
// The list is the head of zxcvbn-ts's "passwords-common" dictionary (@zxcvbn-ts/language-common), a
// maintained, frequency-ranked list built from leaked-password corpora; ranked most common first.

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const COMMON_PASSWORD_COUNT = 3000;

let common: Set<string> | undefined;

function commonPasswords(): Set<string> {
  if (common) return common;
  // Read from the package at run time (not bundled into the server build: 480 KB of JSON).
  const require = createRequire(import.meta.url);
  const file = require.resolve("@zxcvbn-ts/language-common/src/passwords.json");
  const ranked = JSON.parse(fs.readFileSync(file, "utf8")) as string[];
  common = new Set(ranked.slice(0, COMMON_PASSWORD_COUNT).map((p) => p.toLowerCase()));
  return common;
}

export type PasswordProblem = "length" | "common";

/** null when the password is acceptable; otherwise why not. */
export function passwordProblem(password: string): PasswordProblem | null {
  // Count characters as people see them (code points), not UTF-16 units.
  const length = [...password].length;
  if (length < PASSWORD_MIN || length > PASSWORD_MAX) return "length";
  if (commonPasswords().has(password.toLowerCase())) return "common";
  return null;
}

/** The message key of core.ts for a problem. */
export function passwordProblemMessage(problem: PasswordProblem) {
  return problem === "length" ? ("validation.passwordLength" as const) : ("validation.passwordCommon" as const);
}
