import { lazy, Suspense } from "react";
import { useT } from "~/i18n/use-t";
import { useHydrated } from "./use-hydrated";

// A small map of one point for detail pages. Leaflet loads only in the browser, after hydration, from
// mini-map.client.tsx; without JavaScript (and while it loads) the coordinates and a link remain.
const MiniMapClient = lazy(() => import("./mini-map.client"));

type Props = {
  lat: number | null | undefined;
  lng: number | null | undefined;
  /** the marker's title, e.g. the unit's name */
  label: string;
  zoom?: number;
  /** colour state of the marker (overdue, open, answered, done) */
  state?: string;
  /** extra query for the link to /map, e.g. "unitId=4" */
  mapQuery?: string;
};

export function MiniMap({ lat, lng, label, zoom = 16, state, mapQuery }: Props) {
  const t = useT();
  const hydrated = useHydrated();
  if (typeof lat !== "number" || typeof lng !== "number") return null;
  const at = `at=${lat.toFixed(5)},${lng.toFixed(5)},${zoom}`;
  return (
    <section className="mini-map" aria-label={t("map.mini.label")}>
      {hydrated ? (
        <Suspense fallback={<div className="map-canvas small" aria-busy="true" />}>
          <MiniMapClient lat={lat} lng={lng} label={label} zoom={zoom} state={state} />
        </Suspense>
      ) : null}
      <p className="muted">
        {t("map.mini.coords", { lat: lat.toFixed(5), lng: lng.toFixed(5) })} ·{" "}
        <a href={`/map?${mapQuery ? `${mapQuery}&` : ""}${at}`}>{t("map.mini.open")}</a>
      </p>
    </section>
  );
}
