import { XMLBuilder } from "fast-xml-parser";

// Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2): format negotiation and serialisation,
// shared by the route modules under app/routes/open311.v2.*. The spec's XML is schemaless with fixed
// element names; its JSON is the "Spark convention" mapping of that XML (a list element becomes an
// array). Every response here, errors included, is built from one plain value by `open311Response`.

export const OPEN311_FORMATS = ["json", "xml"] as const;
export type Open311Format = (typeof OPEN311_FORMATS)[number];

export type Open311Error = { code: number; description: string };

/** Thrown by Open311 handlers; the route turns it into the spec's `errors` body with this status. */
export class Open311Failure extends Error {
  constructor(
    public status: 400 | 403 | 404 | 405 | 429 | 500,
    public errors: Open311Error[],
  ) {
    super(errors.map((e) => e.description).join("; "));
  }
}

export function fail(status: Open311Failure["status"], description: string): never {
  throw new Open311Failure(status, [{ code: status, description }]);
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
    throw new Open311Failure(404, [
      { code: 404, description: `Format tidak dikenal "${ext || "(kosong)"}": gunakan .json atau .xml / Unknown format: use .json or .xml` },
    ]);
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

function nullsToEmpty(value: unknown): unknown {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(nullsToEmpty);
  if (typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, nullsToEmpty(v)]));
  }
  return value;
}

export type Shape = { root: string; item: string | null; xmlValue?: unknown };

/** One value in the requested format, with the spec's content types (UTF-8 everywhere). */
export function open311Response(format: Open311Format, shape: Shape, value: unknown, status = 200): Response {
  const headers = new Headers({ "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" });
  if (format === "xml") {
    headers.set("Content-Type", "text/xml; charset=utf-8");
    return new Response(toXml(shape.root, shape.item, shape.xmlValue ?? value), { status, headers });
  }
  headers.set("Content-Type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(value), { status, headers });
}

export function errorResponse(format: Open311Format, failure: Open311Failure): Response {
  return open311Response(format, { root: "errors", item: "error" }, failure.errors, failure.status);
}

/**
 * Runs an Open311 handler and turns an Open311Failure (or a Response thrown by shared app code, such as
 * a 404) into the spec's errors body. `formatHint` is used when the segment itself could not be parsed.
 */
export async function handleOpen311(
  formatHint: Open311Format,
  handler: () => Promise<Response> | Response,
): Promise<Response> {
  try {
    return await handler();
  } catch (thrown) {
    if (thrown instanceof Open311Failure) return errorResponse(formatHint, thrown);
    if (thrown instanceof Response) {
      const status = thrown.status === 403 ? 403 : thrown.status === 404 ? 404 : thrown.status === 429 ? 429 : 400;
      const description = status === 404 ? "Tidak ditemukan / Not found" : (await thrown.text().catch(() => "")) || "Permintaan tidak valid / Bad request";
      return errorResponse(formatHint, new Open311Failure(status, [{ code: status, description }]));
    }
    console.error("[open311] unexpected error", thrown);
    return errorResponse(formatHint, new Open311Failure(500, [{ code: 500, description: "Terjadi kesalahan / Internal error" }]));
  }
}

/** The format of a segment when it parses, else JSON: for the errors body of a bad extension. */
export function guessFormat(segment: string | undefined): Open311Format {
  return segment?.toLowerCase().endsWith(".xml") ? "xml" : "json";
}

/** Absolute base URL of this server as the client reached it, for media_url and discovery. */
export function originOf(request: Request): string {
  return new URL(request.url).origin;
}
