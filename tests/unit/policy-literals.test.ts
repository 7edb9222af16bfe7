import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Who may see what is decided in app/models/policy.server.ts only (docs/decisions/0015). Issue 12 found
// the public rule written 14 times in three query styles with two definitions; this test keeps it from
// drifting back: outside the policy module, app/ compares no privacy code, no role and no EXTORTION in
// a query or a permission check. The code lists (app/lib/codes.ts), the dictionaries (app/i18n) and
// the generated Prisma client are what they are: lists and labels, not rules.

const APP = path.resolve(__dirname, "../../app");
const EXEMPT = [/^models\/policy\.server\.ts$/, /^lib\/codes\.ts$/, /^i18n\//, /^generated\//];

const PRIVACY = `(?:public|anonymous|confidential)`;
const ROLE = `(?:ADMIN|INSPECTOR|UNIT_HEAD)`;
const GUARDED = `(?:anonymous|confidential|EXTORTION|${ROLE})`;

/** What a rule spelled outside the policy looks like, in each of the three query styles and in code. */
export const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  // JS comparisons: x.privacy === "confidential", role !== "UNIT_HEAD", category === "EXTORTION"
  { name: "comparison with a guarded literal", pattern: new RegExp(`[!=]==?\\s*["'\`]${GUARDED}["'\`]|["'\`]${GUARDED}["'\`]\\s*[!=]==?`) },
  { name: "privacy compared with a literal", pattern: new RegExp(`privacy\\s*[!=]==?\\s*["'\`]${PRIVACY}["'\`]`) },
  // Prisma: { privacy: { not: "confidential" } }, { privacy: { in: ["public", "anonymous"] } }, { role: "UNIT_HEAD" }
  // (A bare `privacy: "anonymous"` is a form's default value, not a filter: not matched.)
  { name: "Prisma where on privacy", pattern: new RegExp(`privacy\\s*:\\s*\\{[^}]*["'\`]${PRIVACY}["'\`]`) },
  { name: "Prisma not/in privacy codes", pattern: new RegExp(`(?:not|in|notIn|equals)\\s*:\\s*\\[?\\s*["'\`]${PRIVACY}["'\`]`) },
  { name: "Prisma where on role", pattern: new RegExp(`role\\s*:\\s*(?:\\{[^}]*)?["'\`]${ROLE}["'\`]`) },
  { name: "Prisma not/in EXTORTION", pattern: /(?:not|in|notIn|equals)\s*:\s*\[?\s*["'`]EXTORTION["'`]/ },
  // SQL: c.privacy <> 'confidential', privacy IN ('public', 'anonymous'), category <> 'EXTORTION', role = 'ADMIN'
  { name: "SQL on privacy", pattern: new RegExp(`privacy\\s*(?:<>|!=|=|IN|NOT IN)\\s*\\(?\\s*'${PRIVACY}'`, "i") },
  { name: "SQL on EXTORTION", pattern: /(?:<>|!=|=|IN|NOT IN)\s*\(?\s*'EXTORTION'/i },
  { name: "SQL on role", pattern: new RegExp(`role\\s*(?:<>|!=|=|IN)\\s*\\(?\\s*'${ROLE}'`, "i") },
  // A role list written as a permission (["INSPECTOR", "ADMIN"]).
  { name: "role list", pattern: new RegExp(`\\[\\s*["'\`]${ROLE}["'\`]\\s*,`) },
  // usersWithRole(tx, "UNIT_HEAD"): recipients chosen by a role spelled out.
  { name: "role argument", pattern: new RegExp(`\\(\\s*\\w+\\s*,\\s*["'\`]${ROLE}["'\`]`) },
];

// The WhatsApp/SMS privacy menu and Open311's service definitions once spelled the privacy codes inline;
// they take them from app/lib/codes.ts now, and any quoted privacy code there fails this test.
const NO_PRIVACY_CODES_AT_ALL = [/^lib\/channels\/conversation\.server\.ts$/, /^models\/open311\.server\.ts$/];
const ANY_PRIVACY_CODE = new RegExp(`["'\`]${PRIVACY}["'\`]`);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Lines of `source` that match a forbidden pattern; comments are not code. */
export function offences(source: string): { line: number; rule: string; text: string }[] {
  const found: { line: number; rule: string; text: string }[] = [];
  source.split("\n").forEach((text, i) => {
    const code = text.replace(/^\s*(\/\/|\*|\/\*).*$/, "").replace(/\s\/\/\s.*$/, "");
    for (const { name, pattern } of FORBIDDEN) if (pattern.test(code)) found.push({ line: i + 1, rule: name, text: text.trim() });
  });
  return found;
}

describe("visibility rules live in the policy module only", () => {
  it("the patterns catch each spelling issue 12 found (so the scan below can fail)", () => {
    const spellings = [
      `const PUBLIC_PRIVACY = { in: ["public", "anonymous"] };`,
      `where: { privacy: { not: "confidential" }, category: { not: "EXTORTION" } }`,
      "let sql = `c.privacy IN ('public', 'anonymous')`;",
      "where.push(sql`c.privacy <> 'confidential'`, sql`c.category <> 'EXTORTION'`);",
      `const hidden = complaint.privacy === "confidential" || complaint.category === "EXTORTION";`,
      `if (user?.role === "UNIT_HEAD" && user.unitId) {`,
      `await usersWithRole(tx, "INSPECTOR")`,
      `"complaint:read-identity": ["INSPECTOR", "ADMIN"],`,
      `users: { where: { role: "UNIT_HEAD", disabledAt: null } }`,
    ];
    for (const s of spellings) expect(offences(s), s).not.toEqual([]);
    // Labels, codes as data and comments are not rules.
    for (const s of [`{ key: "public", name: "Publik" }`, `// never EXTORTION === "x"`, `type Audience = "public" | "staff";`]) {
      expect(offences(s), s).toEqual([]);
    }
  });

  it("app/ spells no privacy, role or EXTORTION literal in a query or permission check outside the policy", () => {
    const hits: string[] = [];
    for (const file of files(APP)) {
      const rel = path.relative(APP, file).split(path.sep).join("/");
      if (EXEMPT.some((re) => re.test(rel))) continue;
      if (NO_PRIVACY_CODES_AT_ALL.some((re) => re.test(rel))) {
        readFileSync(file, "utf8").split("\n").forEach((text, i) => {
          const code = text.replace(/^\s*(\/\/|\*|\/\*).*$/, "").replace(/\s\/\/\s.*$/, "");
          if (ANY_PRIVACY_CODE.test(code)) hits.push(`app/${rel}:${i + 1} [privacy code spelled inline] ${text.trim()}`);
        });
      }
      for (const o of offences(readFileSync(file, "utf8"))) hits.push(`app/${rel}:${o.line} [${o.rule}] ${o.text}`);
    }
    expect(hits).toEqual([]);
  });
});
