import { XMLBuilder } from "fast-xml-parser";
import { xmlSafeText } from "~/lib/text";
import { publicUrl } from "./env.server";

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): format negotiation and serialisation,
// shared by the route modules under app/routes/open311.v2.*. The spec's XML is schemaless with fixed
// element names; its JSON is the "Spark convention" mapping of that XML (a list element becomes an
// array). Every response here, errors included, is built from one plain value by `open311Response`.

export const OPEN311_FORMATS = ["json", "xml"] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

/** One error of the spec's errors body; `en` is its English text, given to `Accept-Language: en`. */
export type Open311Error = { code: number; description: string; en?: string };

/** Thrown by Open311 handlers; the route turns it into the spec's `errors` body with this status. */
export class Open311Failure extends Error {
  constructor(
    public status: 400 | 403 | 404 | 405 | 409 | 413 | 429 | 500,
    public errors: Open311Error[],
    public headers: Record<string, string> = {},
  ) {
    super(errors.map((e) => e.description).join("; "));
  }
}

/**
 * An error in Bahasa Indonesia with its English text. Older call sites pass one "Indonesian / English"
 * string: it is split at its last " / ".
 */
export function bilingual(code: number, description: string, en?: string): Open311Error {
  if (en === undefined) {
    const cut = description.lastIndexOf(" / ");
    if (cut > 0) return { code, description: description.slice(0, cut), en: description.slice(cut + 3) };
  }
  return { code, description, en };
}

export function fail(status: Open311Failure["status"], description: string, en?: string): never {
  throw new Open311Failure(status, [bilingual(status, description, en)]);
}

export type Open311Language = "id" | "en";

/** The language of error texts: English when Accept-Language prefers it to Indonesian, else Indonesian. */
export function open311Language(request: Request): Open311Language {
  const header = request.headers.get("accept-language") ?? "";
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag.split("-")[0]!, q: q ? Number(q.slice(2)) || 0 : 1, index };
    })
    .filter((entry) => entry.lang === "id" || entry.lang === "en")
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang === "en" && ranked[0].q > 0 ? "en" : "id";
}

/**
 * Splits a path segment like "services.json" or "ADU-2026-000001.xml" into its name and format.
 * An unknown or missing extension is a 404 (the resource in that format does not exist), answered in
 * JSON because the client's format is unknown.
 */
export function parseFileSegment(segment: string | undefined): { name: string; format: Open311Format } {
  const value = segment ?? "";
  const dot = value.lastIndexOf(".");
  const ext = dot > 0 ? value.slice(dot + 1).toLowerCase() : "";
  if (!(OPEN311_FORMATS as readonly string[]).includes(ext)) {
    fail(404, `Format tidak dikenal "${ext || "(kosong)"}": gunakan .json atau .xml`, `Unknown format "${ext || "(empty)"}": use .json or .xml`);
  }
  let name: string;
  try {
    name = decodeURIComponent(value.slice(0, dot));
  } catch {
    name = value.slice(0, dot);
  }
  return { name, format: ext as Open311Format };
}

const xmlBuilder = new XMLBuilder({ format: true, suppressEmptyNode: false, ignoreAttributes: true });

/**
 * The XML shape of a value: `root` is the outer element, `item` the element name of each array entry
 * (services/service, service_requests/request, errors/error). Nested arrays are wrapped by the caller.
 */
export function toXml(root: string, item: string | null, value: unknown): string {
  const body = item ? { [root]: { [item]: value } } : { [root]: value };
  return `<?xml version="1.0" encoding="utf-8"?>\n${xmlBuilder.build(nullsToEmpty(body))}`;
}

/** Nulls become empty elements and every text loses the characters XML 1.0 forbids (issue 14: one
 *  stored control character must not make a whole feed unparseable). */
function nullsToEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return xmlSafeText(value);
  if (Array.isArray(value)) return value.map(nullsToEmpty);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, nullsToEmpty(v)]));
  }
  return value;
}

export type Shape = { root: string; item: string | null; xmlValue?: unknown };

/** The CORS headers of every Open311 answer: the API is meant to be called from other sites. */
export const OPEN311_CORS: Record<string, string> = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "Allow, Retry-After, RateLimit, RateLimit-Policy",
};

/** One value in the requested format, with the spec's content types (UTF-8 everywhere). */
export function open311Response(format: Open311Format, shape: Shape, value: unknown, status = 200, extraHeaders: Record<string, string> = {}): Response {
  const headers = new Headers({ "Cache-Control": "no-store", ...OPEN311_CORS, ...extraHeaders });
  if (format === "xml") {
    headers.set("Content-Type", "text/xml; charset=utf-8");
    return new Response(toXml(shape.root, shape.item, shape.xmlValue ?? value), { status, headers });
  }
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(value), { status, headers });
}

export function errorResponse(format: Open311Format, failure: Open311Failure, language: Open311Language = "id"): Response {
  const errors = failure.errors.map((e) => ({ code: e.code, description: language === "en" && e.en ? e.en : e.description }));
  return open311Response(format, { root: "errors", item: "error" }, errors, failure.status, failure.headers);
}

/**
 * Runs an Open311 handler and turns an Open311Failure (or a Response thrown by shared app code, such as
 * a 404) into the spec's errors body, in the request's language. `formatHint` is used when the segment
 * itself could not be parsed.
 */
export async function handleOpen311(
  request: Request,
  formatHint: Open311Format,
  handler: () => Promise<Response> | Response,
): Promise<Response> {
  const language = open311Language(request);
  try {
    return await handler();
  } catch (thrown) {
    if (thrown instanceof Open311Failure) return errorResponse(formatHint, thrown, language);
    if (thrown instanceof Response) {
      const status = thrown.status === 403 ? 403 : thrown.status === 404 ? 404 : thrown.status === 429 ? 429 : 400;
      const error =
        status === 404
          ? bilingual(404, "Tidak ditemukan", "Not found")
          : bilingual(status, (await thrown.text().catch(() => "")) || "Permintaan tidak valid / Bad request");
      return errorResponse(formatHint, new Open311Failure(status, [error]), language);
    }
    console.error("[open311] unexpected error", thrown);
    return errorResponse(formatHint, new Open311Failure(500, [bilingual(500, "Terjadi kesalahan", "Internal error")]), language);
  }
}

/**
 * The answer to a method a resource does not have: 405 with Allow, or for OPTIONS a CORS preflight
 * (204 with the allowed methods and headers, no body).
 */
export function methodNotAllowed(request: Request, format: Open311Format, allow: string[]): Response {
  const allowed = [...allow, "OPTIONS"].join(", ");
  if (request.method === "OPTIONS") {
    return new Response(null, {
      status: 204,
      headers: {
        ...OPEN311_CORS,
        Allow: allowed,
        "Access-Control-Allow-Methods": allowed,
        "Access-Control-Allow-Headers": request.headers.get("access-control-request-headers") ?? "Content-Type, Accept, Accept-Language",
        "Access-Control-Max-Age": "86400",
      },
    });
  }
  const failure = new Open311Failure(405, [bilingual(405, `Metode ${request.method} tidak didukung di sini; gunakan ${allow.join(" atau ")}`, `Method ${request.method} is not allowed here; use ${allow.join(" or ")}`)], { Allow: allowed });
  return errorResponse(format, failure, open311Language(request));
}

/** The format of a segment when it parses, else JSON: for the errors body of a bad extension. */
export function guessFormat(segment: string | undefined): Open311Format {
  return segment?.toLowerCase().endsWith(".xml") ? "xml" : "json";
}

/** Absolute base URL for media_url and discovery: PUBLIC_URL, never the Host the client sent (issue 13). */
export function originOf(_request: Request): string {
  return publicUrl();
}
