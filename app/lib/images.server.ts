import sharp from "sharp";
import { photoDecodes } from "./decode-queue.server";

// Photos from residents and inspectors: the type is decided by the bytes, never by the file name or
// the browser's Content-Type, and every accepted photo is decoded and re-encoded, which drops EXIF
// (GPS, camera serial) and anything smuggled after the image data. What cannot be re-encoded is refused.

export const MAX_IMAGE_PIXELS = 40_000_000;
export const MAX_LONG_SIDE = 2048;

export type ImageErrorCode = "type" | "heic" | "tooManyPixels" | "corrupt" | "empty";

/** A refused photo: `status` is the HTTP status (415 wrong type, 413 too large, 422 unreadable). */
export class ImageError extends Error {
  constructor(
    readonly code: ImageErrorCode,
    readonly status: number,
  ) {
    super(`image refused: ${code}`);
  }
}

export type SniffedType = "jpeg" | "png" | "webp" | "heic" | null;

/** The image type by its magic bytes. */
export function sniffImageType(bytes: Uint8Array): SniffedType {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return "png";
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
  if (b.length >= 12 && ascii(4, 8) === "ftyp") {
    const brand = ascii(8, 12);
    if (["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"].includes(brand)) return "heic";
  }
  return null;
}

export type ProcessedImage = { bytes: Uint8Array; mime: "image/jpeg"; ext: "jpg"; width: number; height: number };

/**
 * Checks and re-encodes one photo: JPEG, PNG or WebP by magic bytes, at most 40 megapixels (read from
 * the header before any pixel is decoded), rotated upright by its EXIF orientation, at most 2048 px on
 * the long side, saved as JPEG without any metadata.
 */
export function processImage(input: Uint8Array): Promise<ProcessedImage> {
  // Decoding is the costly part: at most two at once in this process (decode-queue.server.ts).
  return photoDecodes.run(() => decodeAndReencode(input));
}

async function decodeAndReencode(input: Uint8Array): Promise<ProcessedImage> {
  if (input.byteLength === 0) throw new ImageError("empty", 422);
  const type = sniffImageType(input);
  // sharp's registry build has no HEVC decoder, so an iPhone HEIC cannot be re-encoded: ask for JPEG.
  if (type === "heic") throw new ImageError("heic", 415);
  if (!type) throw new ImageError("type", 415);

  let meta: sharp.Metadata;
  try {
    // metadata() reads the header only; no limit here so a pixel bomb is told apart from a broken file.
    meta = await sharp(input, { limitInputPixels: false }).metadata();
  } catch {
    throw new ImageError("corrupt", 422);
  }
  if (!meta.width || !meta.height) throw new ImageError("corrupt", 422);
  if (meta.width * meta.height > MAX_IMAGE_PIXELS) throw new ImageError("tooManyPixels", 413);
  if (meta.format && !["jpeg", "png", "webp"].includes(meta.format)) throw new ImageError("type", 415);

  try {
    // No .withMetadata()/.keepMetadata(): sharp writes no EXIF, XMP or ICC by default.
    const { data, info } = await sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" })
      .rotate()
      .resize({ width: MAX_LONG_SIDE, height: MAX_LONG_SIDE, fit: "inside", withoutEnlargement: true })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), mime: "image/jpeg", ext: "jpg", width: info.width, height: info.height };
  } catch {
    throw new ImageError("corrupt", 422);
  }
}
