import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { routeTable, type RouteInfo } from "../support/routes";
import { GOOD_DESCRIPTION } from "../support/complaints";
import { sizeFromEnv } from "../support/knobs";

// Issue 9, security 6 "Fuzzing": fast-check throws arbitrary input at every form action (found from the
// route table), /map/data.json, the exports and the Open311 endpoints, calling the real loaders and actions
// with real Requests against a copy of the demo database. Any 5xx, or any error that is not a Response
// (Remix would answer it with 500), fails the property. Field names and intents come from each route's own
// source (name="…", value="…", form.get("…")), mixed with random ones.

const NASTY = [
  "", " ", "0", "-1", "-2147483649", "9".repeat(40), "1e309", "NaN", "Infinity", "-Infinity", "0x1F", "1.5", "true", "null", "undefined",
  "' OR 1=1 --", "1; DROP TABLE Complaint; --", "\" OR \"\"=\"", "%", "_", "\\", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd\u0000.jpg",
  "__proto__", "constructor", "prototype", "<script>alert(1)</script>", "${7*7}", "{{7*7}}", "\u0000", "\uFFFF", "\uD800", "🇮🇩🧾", "ا".repeat(300),
  "2026-02-30", "2026-13-01", "9999-12-31T23:59", "-2.99,104.76", "104.6,-3.1,104.9,-2.8", "NaN,NaN,NaN,NaN", "EXTORTION", "confidential", "ADMIN",
];

const scalar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 80 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer().map(String), fc.double().map(String), fc.bigInt().map(String)) },
  { weight: 1, arbitrary: fc.string({ minLength: 5_000, maxLength: 40_000, unit: "grapheme-ascii" }) },
);

const fileValue = fc
  .record({ bytes: fc.uint8Array({ maxLength: 3000 }), type: fc.constantFrom("image/jpeg", "image/png", "text/html", "application/pdf", ""), name: fc.constantFrom("a.jpg", "../../x.png", "", "ü.webp") })
  .map(({ bytes, type, name }) => new File([bytes], name, { type }));

/** Field names and intent values a route's own source mentions. */
function vocabulary(route: RouteInfo): { names: string[]; values: string[] } {
  const src = fs.readFileSync(path.resolve("app/routes", route.file), "utf8");
  const names = new Set<string>(["intent", "photos", "id", "unitId", "status", "role"]);
  for (const m of src.matchAll(/name=["{]["`]?([A-Za-z_][\w\[\].-]*)["`}]?/g)) names.add(m[1]!);
  for (const m of src.matchAll(/(?:form|data|fd)\.(?:get|getAll)\(\s*["'`]([^"'`]+)["'`]/g)) names.add(m[1]!);
  for (const m of src.matchAll(/field\(\s*["'`]([^"'`]+)["'`]/g)) names.add(m[1]!);
  const values = new Set<string>();
  for (const m of src.matchAll(/value=["']([A-Za-z-]+)["']/g)) values.add(m[1]!);
  for (const m of src.matchAll(/intent === ["']([^"']+)["']/g)) values.add(m[1]!);
  for (const m of src.matchAll(/case ["']([a-z-]+)["']:/g)) values.add(m[1]!);
  return { names: [...names], values: [...values] };
}

function formArbitrary(route: RouteInfo) {
  const { names, values } = vocabulary(route);
  const value = values.length ? fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 2, arbitrary: fc.constantFrom(...values) }) : scalar;
  const key = fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) });
  // Arrays for scalar fields: a key may repeat.
  const entry = fc.tuple(key, fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: fileValue }));
  const intent = values.length ? fc.option(fc.constantFrom(...values), { nil: undefined }) : fc.constant(undefined);
  return fc.tuple(intent, fc.array(entry, { maxLength: 14 })).map(([i, entries]) => {
    const fd = new FormData();
    if (i) fd.append("intent", i);
    for (const [k, v] of entries) fd.append(k, v);
    return fd;
  });
}

type Who = keyof typeof DEMO | "public";
/** Who fuzzes each action route (the role that gets past its permission check); unknown routes fail. */
const ACTORS: Record<string, Who[]> = {
  "routes/admin.api-keys": ["admin"],
  "routes/admin.checklists.$id": ["admin"],
  "routes/admin.checklists._index": ["admin"],
  "routes/admin.deadline-rules": ["admin"],
  "routes/admin.holidays": ["admin"],
  "routes/admin.units.$id": ["admin"],
  "routes/admin.units.new": ["admin"],
  "routes/admin.users.$id": ["admin"],
  "routes/admin.users.new": ["admin"],
  "routes/channels.sms": ["public"],
  "routes/channels.whatsapp": ["public"],
  "routes/complaints.new": ["public"],
  "routes/follow-ups.$id": ["headSu2", "inspector"],
  "routes/inspections.$id": ["inspector"],
  "routes/inspections.new": ["inspector"],
  "routes/lang": ["public"],
  "routes/login": ["public"],
  "routes/logout": ["public"],
  "routes/notifications": ["headSu2"],
  "routes/open311.v2.$file": ["public"],
  "routes/open311.v2.$": ["public"],
  "routes/open311.v2.requests.$file": ["public"],
  "routes/open311.v2.services.$file": ["public"],
  "routes/open311.v2.tokens.$file": ["public"],
  "routes/track.$code": ["public"],
  "routes/track._index": ["public"],
  "routes/triage.$id": ["inspector"],
};

const cookies: Partial<Record<Who, string>> = {};
const real: Record<string, string[]> = {};
const modules = new Map<string, { loader?: unknown; action?: unknown }>();
const NUM_RUNS = sizeFromEnv("FUZZ_RUNS", 150, 25);

beforeAll(async () => {
  for (const who of ["admin", "inspector", "headSu2"] as const) cookies[who] = await cookieFor(DEMO[who]);
  const su2 = await db.unit.findFirstOrThrow({ where: { name: "UPT Dukcapil Seberang Ulu Dua" } });
  // A complaint whose tracking code the fuzzer may use.
  const { action } = await import("~/routes/complaints.new");
  const res = await run(action as never, makeRequest("/complaints/new", { form: { unitId: String(su2.id), category: "FACILITY", privacy: "anonymous", description: GOOD_DESCRIPTION } }));
  const code = decodeURIComponent(res.headers.get("Location")!.replace("/track/", ""));
  const ids = async (rows: Promise<Array<{ id: number }>>) => (await rows).map((r) => String(r.id));
  real.id = [
    ...(await ids(db.followUp.findMany({ where: { unitId: su2.id }, take: 3, select: { id: true } }))),
    ...(await ids(db.inspection.findMany({ where: { unitId: su2.id }, take: 3, select: { id: true } }))),
    ...(await ids(db.complaint.findMany({ where: { unitId: su2.id }, take: 3, select: { id: true } }))),
    ...(await ids(db.user.findMany({ take: 2, select: { id: true } }))),
    ...(await ids(db.checklistTemplate.findMany({ take: 2, select: { id: true } }))),
    String(su2.id),
  ];
  real.code = [code];
  real.ref = (await db.complaint.findMany({ take: 3, select: { ref: true } })).map((c) => c.ref);
  real.file = ["discovery.json", "services.json", "services.xml", "requests.json", "requests.xml", `${real.ref[0]}.json`, "FACILITY.json", "EXTORTION.xml"];
  for (const route of routeTable()) modules.set(route.id, await import(/* @vite-ignore */ path.resolve("app/routes", route.file)));
}, 120_000);

function paramArbitrary(route: RouteInfo) {
  if (!route.params.length) return fc.constant({} as Record<string, string>);
  return fc.record(
    Object.fromEntries(
      route.params.map((p) => [p, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...(real[p] ?? ["1"])) }, { weight: 2, arbitrary: scalar.filter((s) => s.length < 2000 && (s as string & { isWellFormed(): boolean }).isWellFormed()) })]),
    ) as Record<string, fc.Arbitrary<string>>,
  );
}

function urlFor(route: RouteInfo, params: Record<string, string>, query = "") {
  const p = route.pattern.replace(/:([A-Za-z]+)/g, (_, n: string) => encodeURIComponent(params[n] ?? "x"));
  return p + (query ? `?${query}` : "");
}

async function expectNo5xx(fn: unknown, request: Request, params: Record<string, string>, where: string) {
  let res: Response;
  try {
    res = await run(fn as never, request, params);
  } catch (error) {
    throw new Error(`${where}: threw ${error instanceof Error ? error.stack : String(error)}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  expect(res.status, where).toBeLessThan(500);
  // The raw-SQL reads are synchronous under their promises: a loader awaited hundreds of times in a row
  // settles in microtasks alone and never lets this worker's event loop turn, so Vitest's own messages
  // wait (60 s at most, then "Timeout calling onTaskUpdate", issue 22). One turn per call lets them through.
  await new Promise<void>((resolve) => setImmediate(resolve));
}

const actionRoutes = routeTable().filter((r) => r.hasAction);

describe("fuzzing every form action: never a 5xx", () => {
  it("every action route has an actor in ACTORS", () => {
    const missing = actionRoutes.filter((r) => !ACTORS[r.id]).map((r) => r.id);
    expect(missing, `add these action routes to ACTORS in tests/integration/security-fuzz.test.ts`).toEqual([]);
  });

  it.each(actionRoutes.map((r) => [r.id, r] as [string, RouteInfo]))("%s", async (_id, route) => {
    const mod = modules.get(route.id)!;
    for (const who of ACTORS[route.id] ?? []) {
      await fc.assert(
        fc.asyncProperty(paramArbitrary(route), formArbitrary(route), fc.boolean(), async (params, form, multipart) => {
          const url = urlFor(route, params);
          let request: Request;
          if (multipart) request = makeRequest(url, { method: "POST", cookie: cookies[who as keyof typeof cookies], form });
          else {
            // The same fields url-encoded (files dropped), as a browser without JavaScript may send them.
            const body = new URLSearchParams();
            for (const [k, v] of form.entries()) if (typeof v === "string") body.append(k, v);
            request = makeRequest(url, { method: "POST", cookie: cookies[who as keyof typeof cookies], headers: { "Content-Type": "application/x-www-form-urlencoded" } });
            request = new Request(request, { body: body.toString() });
          }
          const shown = [...form.entries()].map(([k, v]) => `${k}=${typeof v === "string" ? JSON.stringify(v.slice(0, 60)) : "<file>"}`).join("&");
          await expectNo5xx(mod.action, request, params, `${who} POST ${url} ${multipart ? "multipart" : "urlencoded"} ${shown}`);
        }),
        { numRuns: NUM_RUNS, endOnFailure: true },
      );
    }
  }, 60_000);
});

const queryKeys = [
  "bbox", "zoom", "layer", "category", "status", "unitId", "kecamatan", "overdue", "page", "q", "from", "to", "sort", "lang", "redirectTo",
  "service_code", "start_date", "end_date", "service_request_id", "api_key", "lat", "long", "jurisdiction_id", "cursor", "limit", "_data",
];
const queryArbitrary = fc.oneof(
  fc.array(fc.tuple(fc.oneof(fc.constantFrom(...queryKeys), fc.string({ maxLength: 12 })), scalar.filter((s) => s.length < 3000)), { maxLength: 8 }).map((pairs) => new URLSearchParams(pairs).toString()),
  fc.webQueryParameters(),
);

describe("fuzzing loaders with arbitrary query strings and params: never a 5xx", () => {
  const targets = routeTable().filter((r) => r.hasLoader && (/^\/(map|exports|open311|units|complaints|follow-ups|inspections|attachments|track|triage|dashboard|admin)/.test(r.pattern) || r.pattern === "/"));
  it.each(targets.map((r) => [r.id, r] as [string, RouteInfo]))("%s", async (_id, route) => {
    const mod = modules.get(route.id)!;
    const whoArb = fc.constantFrom<Who>("public", "headSu2", "inspector", "admin");
    await fc.assert(
      fc.asyncProperty(paramArbitrary(route), queryArbitrary, whoArb, async (params, query, who) => {
        const url = urlFor(route, params, query);
        await expectNo5xx(mod.loader, makeRequest(url, { cookie: cookies[who as keyof typeof cookies] }), params, `${who} GET ${url}`);
      }),
      { numRuns: route.pattern.startsWith("/map") || route.pattern.startsWith("/open311") || route.pattern.startsWith("/exports") ? NUM_RUNS * 2 : Math.ceil(NUM_RUNS / 2), endOnFailure: true },
    );
  }, 60_000);
});
