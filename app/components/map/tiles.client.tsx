import { TileLayer } from "react-leaflet";
import { useRouteLoaderData } from "@remix-run/react";
import type { RootLoader } from "~/root";
import { OSM_ATTRIBUTION } from "./leaflet-setup.client";

export const DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

/** The base map from TILE_URL (exposed by the root loader); reports when tiles cannot load. */
export function BaseTiles({ onError, url }: { onError: () => void; url?: string }) {
  const root = useRouteLoaderData<RootLoader>("root");
  return (
    <TileLayer
      url={url ?? root?.tileUrl ?? DEFAULT_TILE_URL}
      attribution={OSM_ATTRIBUTION}
      maxZoom={19}
      eventHandlers={{ tileerror: onError }}
    />
  );
}
