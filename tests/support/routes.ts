import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

// The route table as the security tests see it: every file under app/routes/, its Remix route id, its
// URL pattern (Remix v2 flat-route naming) and its params. The access test walks this table, so a new
// route with a param fails the test until someone says here how to make a record out of its reach.

export type RouteInfo = {
  file: string;
  /** Remix route id, e.g. "routes/follow-ups.$id" (what `?_data=` takes). */
  id: string;
  /** URL pattern with ":param" segments, e.g. "/follow-ups/:id". */
  pattern: string;
  params: string[];
  hasAction: boolean;
  hasLoader: boolean;
  hasComponent: boolean;
  /** The page posts an `intent` field (several forms share one action). */
  readsIntent: boolean;
  /** The loader reads a `page` query parameter (a paged list). */
  readsPage: boolean;
};

const ROUTES_DIR = path.resolve("app/routes");

/** Splits a flat-route name on dots that are not escaped with [.] */
function segments(name: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < name.length; i++) {
    const ch = name[i]!;
    if (ch === "[") {
      const end = name.indexOf("]", i);
      cur += name.slice(i + 1, end);
      i = end;
    } else if (ch === ".") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * The sources of the app/lib and app/models modules a route imports (its action may live there). The
 * generic form parser (lib/forms.server, which reads any form's intent for its reply) says nothing about
 * whether this route takes one.
 */
function importedServerModules(source: string): string[] {
  return [...source.matchAll(/from "~\/((?:lib|models)\/[^"]+\.server)"/g)].filter(([, name]) => name !== "lib/forms.server").flatMap(([, name]) => {
    const file = path.resolve("app", `${name}.ts`);
    return fs.existsSync(file) ? [fs.readFileSync(file, "utf8")] : [];
  });
}

export function routeTable(): RouteInfo[] {
  return fs
    .readdirSync(ROUTES_DIR)
    .filter((f) => /\.(tsx?|jsx?)$/.test(f))
    .sort()
    .map((file) => {
      const base = file.replace(/\.(tsx?|jsx?)$/, "");
      const source = fs.readFileSync(path.join(ROUTES_DIR, file), "utf8");
      const parts = segments(base).filter((s) => s !== "_index" && !s.startsWith("_"));
      // A bare `$` is Remix's splat (the rest of the path); it is named `splat` here so it can be filled.
      const paramName = (s: string) => s.slice(1) || "splat";
      const params = parts.filter((s) => s.startsWith("$")).map(paramName);
      const pattern = "/" + parts.map((s) => (s.startsWith("$") ? `:${paramName(s)}` : s)).join("/");
      return {
        file,
        id: `routes/${base}`,
        pattern: pattern === "/" ? "/" : pattern.replace(/\/$/, ""),
        params,
        hasAction: /export\s+(async\s+)?function\s+action|export\s+const\s+action/.test(source),
        hasLoader: /export\s+(async\s+)?function\s+loader|export\s+const\s+loader/.test(source),
        hasComponent: /export\s+default\s+/.test(source),
        // A page's own intent field, its action's form schema (`intent: z.enum(…)`, the one form pattern), or a lib/model module reading it.
        readsIntent: /name="intent"|intent: z\./.test(source) || importedServerModules(source).some((m) => /\.get\("intent"\)/.test(m)),
        readsPage: /(get|set|q)\("page"|pageParam\(/.test(source),
      };
    });
}

/** Fills a pattern's params. */
export function fill(pattern: string, values: Record<string, string | number>): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(String(values[name]));
  });
}

/** A stand-in value for each param name, for requests that only need a well-formed URL. */
export const SAMPLE_PARAMS: Record<string, string> = { id: "1", ref: "ADU-2026-000001", code: "TIDAK-ADA-KODE", file: "discovery.json", splat: "tidak-ada.json" };

/** Real records of the seeded database, one for each page with a param, that the page walks visit. */
export type WalkIds = {
  complaintRef: string;
  /** UPT Dukcapil Seberang Ulu Dua, the unit of the demo unit head. */
  unitId: number;
  inspectionId: number;
  followUpSu2: number;
  /** Open, with no extension request pending: its unit head may answer it and ask for more time. */
  openFollowUp: { id: number; email: string };
  triageId: number;
  userId: number;
  checklistId: number;
};

/**
 * Reads those records from a running test server's database file (read-only). Shared by the page walks
 * at phone size (tests/e2e/accessibility.test.ts, tests/e2e/phone-screens.test.ts); a missing record
 * fails the walk here rather than as a wrong page later.
 */
export function walkIds(dbFile: string): WalkIds {
  const db = new Database(dbFile, { readonly: true });
  try {
    const one = <T>(sql: string) => {
      const row = db.prepare(sql).get() as T | undefined;
      if (!row) throw new Error(`no row for ${sql}`);
      return row;
    };
    const su2 = one<{ id: number }>(`SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).id;
    return {
      complaintRef: one<{ ref: string }>(`SELECT ref FROM Complaint WHERE privacy = 'public' AND status NOT IN ('REJECTED','DUPLICATE') ORDER BY id LIMIT 1`).ref,
      unitId: su2,
      inspectionId: one<{ id: number }>(`SELECT id FROM Inspection WHERE unitId = ${su2} ORDER BY id LIMIT 1`).id,
      followUpSu2: one<{ id: number }>(`SELECT id FROM FollowUp WHERE unitId = ${su2} ORDER BY state = 'OPEN' DESC, id LIMIT 1`).id,
      openFollowUp: one<{ id: number; email: string }>(
        `SELECT f.id, h.email FROM FollowUp f JOIN User h ON h.unitId = f.unitId AND h.role = 'UNIT_HEAD' AND h.email LIKE '%@demo.tindak.id'
         WHERE f.state = 'OPEN' AND NOT EXISTS (SELECT 1 FROM ExtensionRequest e WHERE e.followUpId = f.id AND e.state = 'PENDING') ORDER BY f.id LIMIT 1`,
      ),
      triageId: one<{ id: number }>(`SELECT id FROM Complaint ORDER BY id DESC LIMIT 1`).id,
      userId: one<{ id: number }>(`SELECT id FROM User ORDER BY id LIMIT 1`).id,
      checklistId: one<{ id: number }>(`SELECT id FROM ChecklistTemplate ORDER BY id LIMIT 1`).id,
    };
  } finally {
    db.close();
  }
}

/**
 * Every page, by role (the demo accounts, password DEMO_PASSWORD), with `:name` placeholders for
 * the ids of walkIds: the walks at phone size (tests/e2e/accessibility.test.ts) and after hydration
 * (tests/e2e/page-messages.test.ts) visit them all.
 */
export const PAGES_BY_ROLE: Array<{ role: string; email: string | null; paths: string[] }> = [
  {
    role: "signed out, and the resident's tracking page",
    email: null,
    paths: [
      "/",
      "/complaints/new",
      "/complaints",
      "/complaints/:complaintRef",
      "/track",
      "/track/DEMO-LACAK-SU2-2026",
      "/track/DEMO-LACAK-PUNGLI-2026",
      "/track/KODE-YANG-SALAH-SEKALI-2026",
      "/map",
      "/dashboard",
      "/units/:unitId",
      "/login",
    ],
  },
  {
    role: "inspector",
    email: "inspektur@demo.tindak.id",
    paths: [
      "/",
      "/inspections",
      "/inspections/new",
      "/inspections/:inspectionId",
      "/inspections/:inspectionId/print",
      "/follow-ups",
      "/follow-ups/:followUpSu2",
      "/triage",
      "/triage/:triageId",
      "/escalations",
      "/notifications",
    ],
  },
  { role: "unit head", email: "kepala.dukcapil-su2@demo.tindak.id", paths: ["/", "/follow-ups", "/follow-ups/:followUpSu2", "/notifications"] },
  {
    role: "admin",
    email: "admin@demo.tindak.id",
    paths: [
      "/admin",
      "/admin/users",
      "/admin/users/:userId",
      "/admin/users/new",
      "/admin/units",
      "/admin/units/:unitId",
      "/admin/checklists",
      "/admin/checklists/:checklistId",
      "/admin/deadline-rules",
      "/admin/holidays",
      "/admin/api-keys",
      "/admin/outbox",
    ],
  },
];

/** A path of PAGES_BY_ROLE with its placeholders filled from walkIds. */
export function walkPath(path: string, ids: WalkIds): string {
  return path.replace(/:(\w+)/g, (_, key: Exclude<keyof WalkIds, "openFollowUp">) => String(ids[key]));
}
