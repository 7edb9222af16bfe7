import { useState } from "react";
import { MapContainer, Marker } from "react-leaflet";
import { useT } from "~/i18n/use-t";
import { ensureMapStyles, pinIcon } from "./leaflet-setup.client";
import { BaseTiles } from "./tiles.client";

/** A small map showing one point (a unit, a complaint, an inspection's unit). */
export default function MiniMapClient({ lat, lng, label, zoom = 16, state }: { lat: number; lng: number; label: string; zoom?: number; state?: string }) {
  const t = useT();
  const [tilesFailed, setTilesFailed] = useState(false);
  ensureMapStyles();
  return (
    <div data-testid="mini-map">
      <MapContainer
        center={[lat, lng]}
        zoom={zoom}
        scrollWheelZoom={false}
        className={`map-canvas small${tilesFailed ? " tiles-failed" : ""}`}
      >
        <BaseTiles onError={() => setTilesFailed(true)} />
        <Marker position={[lat, lng]} icon={pinIcon(`tk-pin ${state ?? "open"}`, 18)} title={label} alt={label} keyboard={false} />
      </MapContainer>
      {tilesFailed ? (
        <p className="hint" role="status">
          {t("map.tilesFailed")}
        </p>
      ) : null}
    </div>
  );
}
