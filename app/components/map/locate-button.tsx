import { useState } from "react";
import type { Map as LeafletMap } from "leaflet";
import { useT } from "~/i18n/use-t";

/** Residents looking for the nearest unit: centre the map on where they are (units are shown there). */
export function LocateButton({ mapRef }: { mapRef: React.MutableRefObject<LeafletMap | null> }) {
  const t = useT();
  const [failed, setFailed] = useState(false);
  if (typeof navigator === "undefined" || !("geolocation" in navigator)) return null;
  return (
    <p className="actions map-status">
      <button
        type="button"
        className="secondary"
        onClick={() =>
          navigator.geolocation.getCurrentPosition(
            (pos) => {
              setFailed(false);
              mapRef.current?.setView([pos.coords.latitude, pos.coords.longitude], 15);
            },
            () => setFailed(true),
            { enableHighAccuracy: true, timeout: 10_000 },
          )
        }
      >
        {t("map.locate")}
      </button>
      {failed ? (
        <span className="error" role="status">
          {t("map.locateFailed")}
        </span>
      ) : null}
    </p>
  );
}
