import { lazy, Suspense, useRef, useState } from "react";
import { useT } from "~/i18n/use-t";
import { useHydrated } from "./use-hydrated";
import type { LatLng } from "./pin-picker.client";

// The complaint form's optional pin. Nothing of Leaflet is in the form's first load: the map module
// is fetched only when the resident opens it. Without JavaScript the button is absent and the form's
// own lat/lng inputs stay the way to give a location.
const PinPickerClient = lazy(() => import("./pin-picker.client"));

/** Sets an input's value the way typing would, so React- and Conform-controlled inputs notice it. */
function setInputValue(input: HTMLInputElement, value: string) {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")?.set;
  if (setter) setter.call(input, value);
  else input.value = value;
  input.dispatchEvent(new Event("input", { bubbles: true }));
  input.dispatchEvent(new Event("change", { bubbles: true }));
}

export function PinPicker({ latName = "lat", lngName = "lng" }: { latName?: string; lngName?: string }) {
  const t = useT();
  const hydrated = useHydrated();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  if (!hydrated) return null;

  const inputs = () => {
    const form = ref.current?.closest("form");
    const lat = form?.elements.namedItem(latName);
    const lng = form?.elements.namedItem(lngName);
    return lat instanceof HTMLInputElement && lng instanceof HTMLInputElement ? { lat, lng } : null;
  };
  const initial = (): LatLng | null => {
    const i = inputs();
    const lat = Number(i?.lat.value.replace(",", "."));
    const lng = Number(i?.lng.value.replace(",", "."));
    return i && i.lat.value !== "" && i.lng.value !== "" && Number.isFinite(lat) && Number.isFinite(lng) ? { lat, lng } : null;
  };
  const pick = (p: LatLng) => {
    const i = inputs();
    if (!i) return;
    setInputValue(i.lat, String(p.lat));
    setInputValue(i.lng, String(p.lng));
  };
  const clear = () => {
    const i = inputs();
    if (!i) return;
    setInputValue(i.lat, "");
    setInputValue(i.lng, "");
    setOpen(false);
  };

  return (
    <div className="pin-picker" ref={ref} data-testid="pin-picker">
      <div className="actions">
        <button type="button" className="secondary" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
          {open ? t("map.pin.close") : t("map.pin.open")}
        </button>
        {open ? (
          <button type="button" className="linkish" onClick={clear}>
            {t("map.pin.clear")}
          </button>
        ) : null}
      </div>
      {open ? (
        <Suspense fallback={<div className="map-canvas small" aria-busy="true"><p className="hint">{t("map.loading")}</p></div>}>
          <PinPickerClient initial={initial()} onPick={pick} />
        </Suspense>
      ) : null}
    </div>
  );
}
