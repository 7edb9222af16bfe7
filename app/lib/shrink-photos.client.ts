import imageCompression from "browser-image-compression";

/**
 * Each photo as a JPEG of at most 1,600 px on its longest side, about 80 %, with no EXIF (the canvas
 * re-encoding keeps none, so neither the place a photo was taken nor the phone's serial number goes out).
 * Loaded only when a photo is chosen. `onProgress` gets 0-100 over all the photos.
 */
export async function shrinkPhotos(files: File[], signal: AbortSignal, onProgress: (percent: number) => void): Promise<File[]> {
  const shrunk: File[] = [];
  for (const [i, file] of files.entries()) {
    const out = await imageCompression(file, {
      maxWidthOrHeight: 1600,
      initialQuality: 0.8,
      fileType: "image/jpeg",
      // Its web worker would fetch the library from a CDN at run time.
      useWebWorker: false,
      signal,
      onProgress: (p) => onProgress(Math.round((i * 100 + p) / files.length)),
    });
    shrunk.push(new File([out], file.name.replace(/\.[^.]*$/, "") + ".jpg", { type: "image/jpeg" }));
  }
  return shrunk;
}
