import { Transform, type TransformCallback } from "node:stream";
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from "./uploads.server";

// Request bodies are counted as they stream in, whatever the client declares (issue 13, item 1): a
// chunked body has no Content-Length, and a declared one can lie. The counter sits between the socket
// and Remix, so no route can read more than its limit, and a refusal comes as soon as the limit is
// crossed, not when the upload ends.

/** Forms without photos, JSON and Open311 requests: the 4,000-character description is far below. */
export const MAX_FORM_BYTES = 64 * 1024;
/** Forms with photos: three 10 MB photos plus 1 MB for the text fields and multipart framing. */
export const MAX_MULTIPART_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024;
/** The largest form (a sidak finding) has about 15 fields plus 3 photos; 60 leaves room, 1,000,000 does not. */
export const MAX_MULTIPART_PARTS = 60;

/** Routes whose forms carry photos (multipart up to MAX_MULTIPART_BYTES); every other body is small. */
const PHOTO_ROUTES = [/^\/complaints\/new$/, /^\/track\/[^/]+$/, /^\/follow-ups\/[^/]+$/, /^\/inspections\/[^/]+$/];

export type BodyLimit = { maxBytes: number; maxParts: number };

/**
 * The limit of a request body, from the normalised lower-case path and the Content-Type. Multipart is
 * allowed its photo-sized limit only where photos are taken; elsewhere it gets the small one.
 */
export function bodyLimitFor(routeKey: string, contentType: string | undefined): BodyLimit {
  const multipart = /^multipart\/form-data/i.test(contentType ?? "");
  if (multipart && PHOTO_ROUTES.some((r) => r.test(routeKey))) {
    return { maxBytes: MAX_MULTIPART_BYTES, maxParts: MAX_MULTIPART_PARTS };
  }
  return { maxBytes: MAX_FORM_BYTES, maxParts: MAX_MULTIPART_PARTS };
}

/** The boundary of a multipart Content-Type, or null. */
export function multipartBoundary(contentType: string | undefined): string | null {
  const match = /^multipart\/[^;]+;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? "");
  return match ? (match[1] ?? match[2] ?? null) : null;
}

export class BodyTooLargeError extends Error {
  constructor(readonly reason: "bytes" | "parts") {
    super(reason === "bytes" ? "request body over its limit" : "too many multipart parts");
  }
}

/**
 * A pass-through stream that fails with BodyTooLargeError once more than `maxBytes` have passed, or
 * (for multipart) once more than `maxParts` part delimiters have been seen. Delimiters split across
 * chunks are found by keeping the tail of the previous chunk.
 */
export class BodyCounter extends Transform {
  bytes = 0;
  parts = 0;
  private readonly delimiter: Buffer | null;
  private tail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly limit: BodyLimit,
    boundary: string | null,
  ) {
    super();
    this.delimiter = boundary ? Buffer.from(`--${boundary}`) : null;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
    this.bytes += chunk.byteLength;
    if (this.bytes > this.limit.maxBytes) return callback(new BodyTooLargeError("bytes"));
    if (this.delimiter) {
      const window: Buffer = this.tail.byteLength ? Buffer.concat([this.tail, chunk]) : chunk;
      let at = window.indexOf(this.delimiter);
      while (at !== -1) {
        this.parts++;
        at = window.indexOf(this.delimiter, at + this.delimiter.byteLength);
      }
      // The closing delimiter is counted too: parts = delimiters - 1.
      if (this.parts - 1 > this.limit.maxParts) return callback(new BodyTooLargeError("parts"));
      this.tail = window.subarray(Math.max(0, window.byteLength - (this.delimiter.byteLength - 1)));
      // Never count the same delimiter twice: the tail is shorter than one delimiter.
      this.tail = Buffer.from(this.tail);
    }
    callback(null, chunk);
  }
}
