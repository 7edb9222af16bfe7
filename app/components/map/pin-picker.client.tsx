import { useState } from "react";
import { MapContainer, Marker, useMapEvents } from "react-leaflet";
import { PALEMBANG_BBOX, PALEMBANG_CENTER } from "~/lib/codes";
import { useT } from "~/i18n/use-t";
import { ensureMapStyles, pinIcon } from "./leaflet-setup.client";
import { BaseTiles } from "./tiles.client";

export type LatLng = { lat: number; lng: number };

function inside(p: LatLng) {
  return p.lat >= PALEMBANG_BBOX.minLat && p.lat <= PALEMBANG_BBOX.maxLat && p.lng >= PALEMBANG_BBOX.minLng && p.lng <= PALEMBANG_BBOX.maxLng;
}

/** Tap to place a pin; the parent writes the point into the form's lat/lng inputs. */
export default function PinPickerClient({ initial, onPick }: { initial: LatLng | null; onPick: (p: LatLng) => void }) {
  const t = useT();
  const [pos, setPos] = useState<LatLng | null>(initial);
  const [outside, setOutside] = useState(false);
  const [tilesFailed, setTilesFailed] = useState(false);
  ensureMapStyles();
  const place = (p: LatLng) => {
    if (!inside(p)) {
      setOutside(true);
      return;
    }
    setOutside(false);
    const rounded = { lat: Number(p.lat.toFixed(6)), lng: Number(p.lng.toFixed(6)) };
    setPos(rounded);
    onPick(rounded);
  };
  return (
    <div data-testid="pin-picker-map">
      <p className="hint">{t("map.pin.help")}</p>
      {tilesFailed ? (
        <p className="hint" role="status">
          {t("map.tilesFailed")}
        </p>
      ) : null}
      <MapContainer
        center={initial ? [initial.lat, initial.lng] : [PALEMBANG_CENTER.lat, PALEMBANG_CENTER.lng]}
        zoom={initial ? 16 : 13}
        className={`map-canvas small${tilesFailed ? " tiles-failed" : ""}`}
      >
        <BaseTiles onError={() => setTilesFailed(true)} />
        <ClickToPlace onPlace={place} />
        {pos ? (
          <Marker
            position={[pos.lat, pos.lng]}
            icon={pinIcon("tk-pin open", 20)}
            draggable
            title={t("map.pin.chosen", { lat: pos.lat, lng: pos.lng })}
            eventHandlers={{
              dragend: (e) => {
                const ll = (e.target as { getLatLng(): LatLng }).getLatLng();
                place({ lat: ll.lat, lng: ll.lng });
              },
            }}
          />
        ) : null}
      </MapContainer>
      <p role="status" className={outside ? "error" : "muted"}>
        {outside ? t("map.pin.outside") : pos ? t("map.pin.chosen", { lat: pos.lat, lng: pos.lng }) : ""}
      </p>
    </div>
  );
}

function ClickToPlace({ onPlace }: { onPlace: (p: LatLng) => void }) {
  useMapEvents({ click: (e) => onPlace({ lat: e.latlng.lat, lng: e.latlng.lng }) });
  return null;
}
