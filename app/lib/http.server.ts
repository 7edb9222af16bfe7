/** The one answer for "does not exist" and "not yours": the same status and body. */
export function notFound(): never {
  throw new Response("Tidak ditemukan / Not found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

export function forbidden(): never {
  throw new Response("Akses ditolak / Forbidden", {
    status: 403,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Parses a positive integer id from a route param; anything else is a 404, like a missing record. */
export function parseId(value: string | undefined): number {
  if (!value || !/^[1-9][0-9]{0,9}$/.test(value)) notFound();
  const id = Number(value);
  if (!Number.isSafeInteger(id) || id > 2_147_483_647) notFound();
  return id;
}

/** A record id from a form field: a positive integer that fits the database, else undefined (never a 5xx). */
export function formId(value: FormDataEntryValue | null | undefined): number | undefined {
  if (typeof value !== "string" || !/^[1-9][0-9]{0,9}$/.test(value)) return undefined;
  const id = Number(value);
  return id > 2_147_483_647 ? undefined : id;
}

/** The client address, honouring TRUST_PROXY (set by server.ts on the request headers). */
export function clientIp(request: Request): string {
  return request.headers.get("x-tindak-client-ip") ?? "0.0.0.0";
}

/** The highest page number any list accepts: more is a made-up link, not a page someone reached. */
export const MAX_PAGE = 100_000;

/**
 * The `page` query parameter of a paged list: absent or empty is page 1; a whole number from 1 to
 * MAX_PAGE is that page; anything else (`Infinity`, `1e309`, `-1`, `abc`, 22 digits) is a 400, never a
 * number that reaches a query as NaN or Infinity.
 */
export function pageParam(params: URLSearchParams): number {
  const raw = params.get("page");
  if (raw === null || raw === "") return 1;
  if (!/^[1-9][0-9]{0,5}$/.test(raw) || Number(raw) > MAX_PAGE) {
    throw new Response("Nomor halaman tidak valid / Invalid page number", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  return Number(raw);
}
