import L from "leaflet";
import leafletCss from "leaflet/dist/leaflet.css";
import mapCss from "~/styles/map.css";

// Shared by every map module (all of them load only in the browser, on demand). Routes that show a map
// at first paint also list these stylesheets in their `links`; pages that open a map later (the pin
// picker, mini maps) get them added here, once.
export function ensureMapStyles() {
  if (typeof document === "undefined") return;
  for (const href of [leafletCss, mapCss]) {
    if (document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) continue;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }
}

export const OSM_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';

/** A point marker: a coloured dot from CSS (no image URL that could break). */
export function pinIcon(className: string, size = 16) {
  return L.divIcon({ className, iconSize: [size, size], iconAnchor: [size / 2, size / 2], popupAnchor: [0, -size / 2], html: "" });
}

/** A cluster marker: the count is a number we computed, never user text, so building it as HTML is safe. */
export function clusterIcon(className: string, count: number, label: string) {
  const size = count < 10 ? 30 : count < 100 ? 36 : count < 1000 ? 42 : 50;
  const el = document.createElement("span");
  el.textContent = label;
  return L.divIcon({ className, iconSize: [size, size], iconAnchor: [size / 2, size / 2], html: el });
}
