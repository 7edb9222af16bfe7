import {
  unstable_parseMultipartFormData as parseMultipartFormData,
  MaxPartSizeExceededError,
  type UploadHandler,
} from "@remix-run/node";
import { processImage } from "./images.server";
import { cleanForm, cleanText } from "./text";
import { getStorage, newStorageKey } from "./storage.server";

// Multipart forms with photos (complaints, follow-up answers, sidak findings). The body is read as a
// stream, part by part: a photo over the limit is refused with 413 as soon as its 10 MB + 1st byte
// arrives, so a 15 MB (or 15 GB) upload is never held in memory whole.

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

async function collect(data: AsyncIterable<Uint8Array>, limit: number, field: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of data) {
    size += chunk.byteLength;
    if (size > limit) throw new MaxPartSizeExceededError(field, limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Parses a form that may carry photos in the field `photoField`. Returns the text fields as FormData
 * and the non-empty photos as bytes (empty file inputs are skipped). Throws `UploadError` with 413 for
 * a photo over `maxPhotoBytes` or a body over the total, and 400 for more than `maxPhotos` photos.
 * Works with url-encoded bodies too (a form without photos).
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

  const photos: UploadedPhoto[] = [];
  const partial = new FormData();
  let textFields = 0;
  const handler: UploadHandler = async ({ name, filename, contentType: type, data }) => {
    if (typeof filename !== "string") {
      if (++textFields > MAX_TEXT_FIELDS) throw new UploadError("badForm", 400);
      const bytes = await collect(data, MAX_TEXT_FIELD_BYTES, name);
      const text = cleanText(new TextDecoder().decode(bytes));
      partial.append(name, text);
      return text;
    }
    if (name !== photoField) {
      // A file in a field we do not expect: read past it without keeping it.
      await collect(data, maxPhotoBytes, name);
      return undefined;
    }
    const bytes = await collect(data, maxPhotoBytes, name);
    if (bytes.byteLength === 0 && filename === "") return undefined; // an empty file input
    if (photos.length >= maxPhotos) throw new UploadError("tooManyPhotos", 400);
    photos.push({ name: filename, type, bytes });
    return undefined;
  };

  try {
    const form = await parseMultipartFormData(request, handler);
    return { form, photos };
  } catch (error) {
    const refusal =
      error instanceof UploadError
        ? error
        : error instanceof MaxPartSizeExceededError
          ? new UploadError(error.field === photoField ? "photoTooLarge" : "bodyTooLarge", 413)
          : new UploadError("badForm", 400);
    refusal.partial = partial;
    throw refusal;
  }
}

/** A photo re-encoded and saved, ready to become an Attachment row (spread it into `data`). */
export type SavedPhoto = { storageKey: string; backend: string; remoteUrl: string | null; mime: string; bytes: number; width: number; height: number };

/**
 * Checks and re-encodes every photo first (an `ImageError` leaves nothing stored), then saves them.
 * If a save fails, the ones already saved are deleted. The caller creates the rows in a transaction
 * and calls `discardPhotos` when that transaction fails, so no orphan file stays behind.
 */
export async function storePhotos(photos: UploadedPhoto[]): Promise<SavedPhoto[]> {
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
