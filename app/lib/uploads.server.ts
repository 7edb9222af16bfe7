import busboy from "busboy";
import { processImage } from "./images.server";
import { cleanForm, cleanText } from "./text";
import { getStorage, newStorageKey } from "./storage.server";

// Multipart forms with photos (complaints, follow-up answers, sidak findings), read with busboy
// (docs/decisions/0036): the body is read as a stream, part by part, and a photo over the limit is
// refused with 413 as soon as its 10 MB + 1st byte arrives, so a 15 MB (or 15 GB) upload is never held
// in memory whole. The whole body's size and its number of parts are limited before this, as it
// streams in (body-limit.server.ts).

export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 3;
/** Text fields are small (a description is at most 4,000 characters). */
export const MAX_TEXT_FIELD_BYTES = 64 * 1024;
const MAX_TEXT_FIELDS = 50;

export type UploadErrorCode = "photoTooLarge" | "tooManyPhotos" | "bodyTooLarge" | "badForm";

export class UploadError extends Error {
  /** The text fields read before the refusal, so the form can come back filled in. */
  partial: FormData = new FormData();
  constructor(
    readonly code: UploadErrorCode,
    readonly status: number,
  ) {
    super(`upload refused: ${code}`);
  }
}

export type UploadedPhoto = { name: string; type: string; bytes: Uint8Array };
export type ParsedForm = { form: FormData; photos: UploadedPhoto[] };

/**
 * Parses a form that may carry photos in the field `photoField`. Returns the text fields as FormData
 * and the non-empty photos as bytes (empty file inputs are skipped). Throws `UploadError` with 413 for
 * a photo over `maxPhotoBytes`, a text field over 64 KB or a body over the total, and 400 for more
 * than `maxPhotos` photos, too many fields or a body that is not multipart. Works with url-encoded
 * bodies too (a form without photos).
 */
export async function parseFormWithPhotos(
  request: Request,
  options: { photoField?: string; maxPhotos?: number; maxPhotoBytes?: number } = {},
): Promise<ParsedForm> {
  const photoField = options.photoField ?? "photos";
  const maxPhotos = options.maxPhotos ?? MAX_PHOTOS;
  const maxPhotoBytes = options.maxPhotoBytes ?? MAX_PHOTO_BYTES;
  const maxBody = maxPhotos * maxPhotoBytes + 1024 * 1024;

  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBody) throw new UploadError("bodyTooLarge", 413);

  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) {
    try {
      const form = cleanForm(await request.formData());
      for (const value of form.values()) if (typeof value !== "string") throw new UploadError("badForm", 400);
      return { form, photos: [] };
    } catch (error) {
      if (error instanceof UploadError) throw error;
      throw new UploadError("badForm", 400);
    }
  }

  const form = new FormData();
  const photos: UploadedPhoto[] = [];
  try {
    await readMultipart(request, contentType, { photoField, maxPhotos, maxPhotoBytes }, form, photos);
    return { form, photos };
  } catch (error) {
    const refusal = error instanceof UploadError ? error : new UploadError("badForm", 400);
    refusal.partial = form;
    throw refusal;
  }
}

type MultipartLimits = { photoField: string; maxPhotos: number; maxPhotoBytes: number };

/**
 * Feeds the body to busboy and fills `form` (text fields, cleaned of control characters) and `photos`
 * as the parts arrive; rejects with an UploadError at the first limit crossed, without reading further.
 */
async function readMultipart(request: Request, contentType: string, limits: MultipartLimits, form: FormData, photos: UploadedPhoto[]): Promise<void> {
  if (!request.body) throw new UploadError("badForm", 400);
  // Field names and file names come as UTF-8 from browsers (busboy's default for them is Latin-1).
  const parser = busboy({
    headers: { "content-type": contentType },
    defParamCharset: "utf8",
    // busboy marks a part cut when it reaches its limit, even if it ends there: one byte more is allowed
    // so a part of exactly the limit passes and the first byte past it is refused.
    limits: { fieldSize: MAX_TEXT_FIELD_BYTES + 1, fields: MAX_TEXT_FIELDS, fileSize: limits.maxPhotoBytes + 1 },
  });
  let refusal: UploadError | null = null;
  const refuse = (error: UploadError) => {
    refusal ??= error;
  };
  const done = new Promise<void>((resolve, reject) => {
    parser.on("field", (name, value, info) => {
      if (info.nameTruncated) refuse(new UploadError("badForm", 400));
      else if (info.valueTruncated) refuse(new UploadError("bodyTooLarge", 413));
      else if (!refusal) form.append(name, cleanText(value));
    });
    parser.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      const isPhoto = name === limits.photoField;
      stream.on("data", (chunk: Buffer) => {
        // A file in a field we do not expect is read past without being kept.
        if (isPhoto && !refusal) chunks.push(chunk);
      });
      // A part cut short (the parser stopped at a refusal) is the parser's error, answered there; a
      // stream's own 'error' without a listener would throw out of the process.
      stream.on("error", () => undefined);
      stream.on("limit", () => refuse(new UploadError(isPhoto ? "photoTooLarge" : "bodyTooLarge", 413)));
      stream.on("end", () => {
        if (!isPhoto || refusal) return;
        const bytes = Buffer.concat(chunks);
        if (bytes.byteLength === 0 && !info.filename) return; // an empty file input
        if (photos.length >= limits.maxPhotos) return refuse(new UploadError("tooManyPhotos", 400));
        photos.push({ name: info.filename ?? "", type: info.mimeType, bytes });
      });
    });
    parser.on("fieldsLimit", () => refuse(new UploadError("badForm", 400)));
    parser.on("error", () => {
      refuse(new UploadError("badForm", 400));
      reject(refusal);
    });
    parser.on("close", resolve);
  });
  // Awaited below, unless a refusal stopped the reading first; raced while busboy's buffer is full.
  const settled = done.catch(() => undefined);
  const reader = request.body.getReader();
  // The body's total is limited as it streams in, before it reaches this (body-limit.server.ts).
  for (;;) {
    const { done: ended, value: chunk } = await reader.read();
    if (ended) break;
    // busboy's buffer is full until the part being read is taken (a photo's chunks): wait for it.
    if (!parser.write(chunk)) await Promise.race([new Promise((resolve) => parser.once("drain", resolve)), settled]);
    if (refusal) break;
  }
  if (refusal) {
    // Released, not cancelled: cancelling the body would reset the connection before the answer is
    // sent; released, the server discards the rest of the body after answering. (Only here: a release
    // makes an Error for the reads it would fail, a cost an ordinary form need not pay.)
    reader.releaseLock();
    parser.destroy();
    throw refusal;
  }
  parser.end();
  await done;
  if (refusal) throw refusal;
}

/** A photo re-encoded and saved, ready to become an Attachment row (spread it into `data`). */
export type SavedPhoto = { storageKey: string; backend: string; remoteUrl: string | null; mime: string; bytes: number; width: number; height: number };

/**
 * Checks and re-encodes every photo first (an `ImageError` leaves nothing stored), then saves them.
 * If a save fails, the ones already saved are deleted. The caller creates the rows in a transaction
 * and calls `discardPhotos` when that transaction fails, so no orphan file stays behind.
 */
export async function storePhotos(photos: UploadedPhoto[]): Promise<SavedPhoto[]> {
  if (photos.length === 0) return [];
  const processed = [];
  for (const photo of photos) processed.push(await processImage(photo.bytes));
  const storage = getStorage();
  const saved: SavedPhoto[] = [];
  try {
    for (const image of processed) {
      const stored = await storage.put(newStorageKey(image.ext), image.bytes, image.mime);
      saved.push({ storageKey: stored.key, backend: stored.backend, remoteUrl: stored.remoteUrl, mime: image.mime, bytes: stored.bytes, width: image.width, height: image.height });
    }
  } catch (error) {
    await discardPhotos(saved);
    throw error;
  }
  return saved;
}

/** Deletes saved photos (after a failed transaction). Never throws: it is already an error path. */
export async function discardPhotos(saved: Pick<SavedPhoto, "storageKey" | "backend">[]): Promise<void> {
  const storage = getStorage();
  for (const photo of saved) {
    await storage.delete(photo.storageKey).catch((error) => console.error(`[uploads] could not delete ${photo.storageKey}`, error));
  }
}
