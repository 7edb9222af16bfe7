import { useRef, useState, type ChangeEvent } from "react";
import { useT } from "~/i18n/use-t";

/**
 * Photos shrunk in the browser before they are sent (issue 15): longest side 1,600 px, JPEG about 80 %,
 * EXIF dropped (app/lib/shrink-photos.client.ts, with browser-image-compression, loaded only when a photo
 * is chosen and run without its web worker, which would fetch the library from a CDN). The chosen files
 * are replaced in the input itself, so the form (and the send queue, which reads the form) posts the
 * small ones. The server still decodes, re-encodes and checks every photo; a photo the browser cannot
 * shrink is sent as chosen. Without JavaScript the photos go as chosen.
 */
export function usePhotoShrink() {
  const [progress, setProgress] = useState<number | null>(null);
  // The shrinking under way; a newer choice of photos replaces it.
  const current = useRef<AbortController | null>(null);

  async function onChange(event: ChangeEvent<HTMLInputElement>) {
    const input = event.currentTarget;
    const files = Array.from(input.files ?? []);
    current.current?.abort();
    current.current = null;
    if (files.length === 0) return setProgress(null);
    const controller = new AbortController();
    current.current = controller;
    const mine = () => current.current === controller;
    setProgress(0);
    try {
      const { shrinkPhotos } = await import("~/lib/shrink-photos.client");
      controller.signal.throwIfAborted();
      const shrunk = await shrinkPhotos(files, controller.signal, (percent) => mine() && setProgress(percent));
      if (!mine()) return;
      const transfer = new DataTransfer();
      shrunk.forEach((file) => transfer.items.add(file));
      input.files = transfer.files;
    } catch {
      // "Batal": the photos are taken off the form. Any other failure: they are sent as chosen.
      if (controller.signal.aborted && mine()) input.value = "";
    } finally {
      if (mine()) {
        current.current = null;
        setProgress(null);
      }
    }
  }

  return { progress, onChange, cancel: () => current.current?.abort() };
}

/** The progress bar and its cancel button while photos are being shrunk; nothing otherwise (and on the server). */
export function PhotoShrinkProgress({ progress, onCancel }: { progress: number | null; onCancel: () => void }) {
  const t = useT();
  if (progress === null) return null;
  return (
    <div className="photo-shrink" data-testid="photo-shrink" aria-live="polite">
      <label htmlFor="photo-shrink-progress">{t("offline.photos.shrinking")}</label>
      <progress id="photo-shrink-progress" max={100} value={progress} />
      <button type="button" className="secondary" onClick={onCancel}>
        {t("offline.photos.cancel")}
      </button>
    </div>
  );
}
