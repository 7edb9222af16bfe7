import { useEffect, useRef, useState } from "react";
import type { LeafletKeyboardEvent, Map as LeafletMap, Marker as LeafletMarker, PopupEvent } from "leaflet";
import { MapContainer, Marker, Popup, TileLayer, useMap, useMapEvents } from "react-leaflet";
import { PALEMBANG_CENTER } from "~/lib/codes";
import type { MapData, MapFeature } from "~/models/map-types";
import { useT } from "~/i18n/use-t";
import { clusterIcon, ensureMapStyles, OSM_ATTRIBUTION, pinIcon } from "./leaflet-setup.client";
import { PointSummary } from "./point-summary";

export type MapViewState = {
  features: MapFeature[];
  loading: boolean;
  error: boolean;
  truncated: boolean;
};

type Props = {
  tileUrl: string;
  /** the filter part of the query (category, status, layer…), without bbox and zoom */
  query: string;
  onState: (state: MapViewState) => void;
  onMap?: (map: LeafletMap) => void;
  /** where to open (from `at=lat,lng,zoom` in the URL); Palembang otherwise */
  initialView?: { lat: number; lng: number; zoom: number } | null;
};

/** The big map of /map: fetches clusters for the visible bbox and zoom whenever the view moves. */
export default function MapView({ tileUrl, query, onState, onMap, initialView }: Props) {
  const t = useT();
  const [tilesFailed, setTilesFailed] = useState(false);
  const [features, setFeatures] = useState<MapFeature[]>([]);
  const [zoom, setZoom] = useState(initialView?.zoom ?? 12);
  const [loading, setLoading] = useState(true);
  const handleState = (state: MapViewState) => {
    setLoading(state.loading);
    onState(state);
  };
  ensureMapStyles();
  return (
    // aria-busy while the data for the current view is on its way: assistive technology (and browser
    // tests) wait for the markers of the new view instead of reading the old ones.
    <div className="map-frame" data-testid="map" data-zoom={zoom} aria-busy={loading}>
      {tilesFailed ? (
        <p className="notice map-status" role="status" data-testid="tiles-failed">
          {t("map.tilesFailed")}
        </p>
      ) : null}
      <MapContainer
        center={initialView ? [initialView.lat, initialView.lng] : [PALEMBANG_CENTER.lat, PALEMBANG_CENTER.lng]}
        zoom={initialView?.zoom ?? 12}
        minZoom={3}
        maxZoom={19}
        // Leaflet's own keyboard support: the map pans with the arrow keys and zooms with +/-; markers
        // are in the Tab order (keyboard option below) and open their popup on Enter.
        keyboard
        className={`map-canvas${tilesFailed ? " tiles-failed" : ""}`}
      >
        <TileLayer
          url={tileUrl}
          attribution={OSM_ATTRIBUTION}
          maxZoom={19}
          eventHandlers={{ tileerror: () => setTilesFailed(true) }}
        />
        <DataLoader query={query} onState={handleState} onFeatures={setFeatures} onMap={onMap} onZoom={setZoom} />
        {features.map((f) => (
          <FeatureMarker key={String(f.id)} feature={f} />
        ))}
      </MapContainer>
    </div>
  );
}

function bboxOf(map: LeafletMap): string {
  const b = map.getBounds();
  const clamp = (v: number, lim: number) => Math.max(-lim, Math.min(lim, v));
  return [clamp(b.getWest(), 180), clamp(b.getSouth(), 90), clamp(b.getEast(), 180), clamp(b.getNorth(), 90)]
    .map((n) => n.toFixed(5))
    .join(",");
}

function DataLoader({
  query,
  onState,
  onFeatures,
  onMap,
  onZoom,
}: {
  query: string;
  onState: (s: MapViewState) => void;
  onFeatures: (f: MapFeature[]) => void;
  onMap?: (map: LeafletMap) => void;
  onZoom: (zoom: number) => void;
}) {
  const map = useMap();
  const controller = useRef<AbortController | null>(null);
  const [tick, setTick] = useState(0);
  useMapEvents({ moveend: () => setTick((n) => n + 1) });
  useEffect(() => {
    onMap?.(map);
  }, [map, onMap]);
  useEffect(() => {
    controller.current?.abort();
    const ac = new AbortController();
    controller.current = ac;
    const zoom = Math.round(map.getZoom());
    onZoom(zoom);
    const params = new URLSearchParams(query);
    params.set("bbox", bboxOf(map));
    params.set("zoom", String(zoom));
    onState({ features: [], loading: true, error: false, truncated: false });
    fetch(`/map/data.json?${params}`, { signal: ac.signal, headers: { Accept: "application/geo+json, application/json" } })
      .then(async (res) => {
        if (!res.ok) throw new Error(String(res.status));
        const data = (await res.json()) as MapData;
        onFeatures(data.features);
        onState({ features: data.features, loading: false, error: false, truncated: data.truncated });
      })
      .catch((e: unknown) => {
        if ((e as Error).name === "AbortError") return;
        onState({ features: [], loading: false, error: true, truncated: false });
      });
    return () => ac.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [tick, query, map]);
  return null;
}

function FeatureMarker({ feature }: { feature: MapFeature }) {
  const t = useT();
  const map = useMap();
  const [lng, lat] = feature.geometry.coordinates as [number, number];
  const p = feature.properties;
  const zoomIn = () => p.cluster && map.setView([lat, lng], Math.max(p.expansion_zoom, map.getZoom() + 1));
  if (p.cluster) {
    const layerName = t(`map.layer.${p.layer}`);
    return (
      <Marker
        position={[lat, lng]}
        icon={clusterIcon(`tk-cluster ${p.layer} ${p.state ?? ""}`, p.point_count, String(p.point_count_abbreviated))}
        title={`${t("map.cluster", { n: p.point_count, layer: layerName.toLowerCase() })} — ${t("map.cluster.zoom")}`}
        alt={t("map.cluster", { n: p.point_count, layer: layerName.toLowerCase() })}
        keyboard
        eventHandlers={{
          click: zoomIn,
          // Leaflet turns Enter into a click only for popups; a cluster is a button, so Enter and Space zoom.
          keydown: (e: LeafletKeyboardEvent) => {
            if (e.originalEvent.key !== "Enter" && e.originalEvent.key !== " ") return;
            e.originalEvent.preventDefault();
            zoomIn();
            // The cluster is gone at the new zoom: the keyboard stays on the map, before its new markers.
            map.getContainer().focus({ preventScroll: true });
          },
        }}
      />
    );
  }
  const className = p.layer === "units" ? `tk-unit ${p.detail}` : `tk-pin ${p.layer} ${p.state ?? ""}`;
  const title =
    p.layer === "units"
      ? p.label
      : p.layer === "complaints"
        ? `${t("map.complaint", { ref: p.label })} · ${p.state ? t(`map.legend.${p.state}`) : ""}`
        : `${t("map.finding")} · ${p.unitName} · ${p.state ? t(`map.legend.${p.state}`) : ""}`;
  return (
    <Marker position={[lat, lng]} icon={pinIcon(className, p.layer === "units" ? 18 : 16)} title={title} alt={title} keyboard eventHandlers={popupFocus}>
      {/* Kept clear of the zoom buttons (top left) when the map pans to show it. */}
      <Popup autoPanPaddingTopLeft={[56, 16]} autoPanPaddingBottomRight={[16, 24]}>
        <PointSummary point={p} heading="h3" />
      </Popup>
    </Marker>
  );
}

/**
 * Keyboard users follow the popup: it takes the focus when it opens, Escape closes it, and the focus goes
 * back to its marker (Leaflet closes a popup on Escape only while the map itself has the focus).
 */
const popupFocus = {
  popupopen(e: PopupEvent) {
    const marker = e.target as LeafletMarker;
    const content = e.popup.getElement()?.querySelector<HTMLElement>(".leaflet-popup-content");
    if (!content) return;
    content.tabIndex = -1;
    content.focus({ preventScroll: true });
    e.popup.getElement()!.onkeydown = (event) => {
      if (event.key !== "Escape") return;
      event.stopPropagation();
      marker.closePopup();
    };
  },
  popupclose(e: PopupEvent) {
    const marker = e.target as LeafletMarker;
    const popup = e.popup.getElement();
    const active = document.activeElement;
    // Only when the focus was in the popup (or lost with it): a click elsewhere keeps its own focus.
    if (!active || active === document.body || popup?.contains(active)) marker.getElement()?.focus({ preventScroll: true });
  },
};
