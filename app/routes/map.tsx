import { lazy, Suspense, useCallback, useRef, useState } from "react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import type { Map as LeafletMap } from "leaflet";
import leafletCss from "leaflet/dist/leaflet.css";
import mapCss from "~/styles/map.css";
import type { RootLoader } from "~/root";
import { getSessionUser } from "~/lib/session.server";
import { getMapFilterOptions, getMapList, parseMapQuery } from "~/models/map.server";
import { useT } from "~/i18n/use-t";
import { useHydrated } from "~/components/map/use-hydrated";
import { InlineStylesheet } from "~/components/inline-stylesheet";
import type { MapViewState } from "~/components/map/map-view.client";
import { pageParam } from "~/lib/http.server";
import { LocateButton } from "~/components/map/locate-button";
import { MapFilters } from "~/components/map/map-filters";
import { InViewList, ServerList } from "~/components/map/map-lists";
import { pageTitle } from "~/i18n/meta";
import { map as mapMessages } from "~/i18n/messages/map";
import type { MessagesHandle } from "~/i18n";

// The messages of its capabilities load with this page, not in every page's bundle (docs/decisions/0027).
export const handle: MessagesHandle = { messages: [mapMessages] };

// Leaflet lives only in *.client modules, loaded after hydration (it touches `window` on import).
const MapView = lazy(() => import("~/components/map/map-view.client"));

// Leaflet's and the map's stylesheets travel inside the page (<InlineStylesheet> below), not as
// render-blocking links: /map's first paint on a slow phone network waited ~2 s for them.
export const links: LinksFunction = () => [];

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, "pageTitle.map") }];

const FILTER_KEYS = ["layer", "category", "status", "unitId", "kecamatan", "overdue", "from", "to"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseMapQuery(url.searchParams);
  if (!parsed.ok) throw json(parsed.error, { status: 400 });
  const page = pageParam(url.searchParams);
  const user = await getSessionUser(request);
  const [list, options] = await Promise.all([getMapList(parsed.query, user, page), getMapFilterOptions()]);
  // The filter part of the URL, as the map passes it on to /map/data.json (bbox and zoom added there).
  const dataQuery = new URLSearchParams();
  for (const key of FILTER_KEYS) for (const v of url.searchParams.getAll(key)) if (v !== "") dataQuery.append(key, v);
  const q = parsed.query;
  return json({
    list,
    dataQuery: dataQuery.toString(),
    values: {
      layers: q.layers,
      category: q.filters.category ?? "",
      status: q.filters.status?.[0] ?? "",
      unitId: q.filters.unitId ? String(q.filters.unitId) : "",
      kecamatan: q.filters.kecamatan ?? "",
      overdue: q.filters.overdue,
      from: q.filters.from ?? "",
      to: q.filters.to ?? "",
    },
    units: options.units.map((u) => ({ id: u.id, name: u.name, type: u.type, kecamatanCode: u.kecamatanCode })),
    kecamatan: options.kecamatan,
  });
}

/** `at=lat,lng,zoom` (links from mini maps): where the map opens. Anything malformed is ignored. */
function parseAt(value: string | null) {
  const [lat, lng, zoom] = (value ?? "").split(",").map(Number);
  if ([lat, lng].some((n) => n === undefined || !Number.isFinite(n))) return null;
  if (Math.abs(lat!) > 90 || Math.abs(lng!) > 180) return null;
  const z = Number.isInteger(zoom) && zoom! >= 3 && zoom! <= 19 ? zoom! : 16;
  return { lat: lat!, lng: lng!, zoom: z };
}

export default function MapPage() {
  const data = useLoaderData<typeof loader>();
  const root = useRouteLoaderData<RootLoader>("root");
  const t = useT();
  const hydrated = useHydrated();
  const [searchParams] = useSearchParams();
  const [initialView] = useState(() => parseAt(searchParams.get("at")));
  const [view, setView] = useState<MapViewState | null>(null);
  const mapRef = useRef<LeafletMap | null>(null);
  const onMap = useCallback((m: LeafletMap) => {
    mapRef.current = m;
  }, []);
  const tileUrl = root?.tileUrl ?? "https://tile.openstreetmap.org/{z}/{x}/{y}.png";

  return (
    <div className="map-page">
      <InlineStylesheet href={leafletCss} id="leaflet-css" />
      <InlineStylesheet href={mapCss} id="map-css" />
      <h1>{t("map.title")}</h1>
      <p className="map-lead">{t("map.lead")}</p>
      {/* Filters and legend fold into one panel so that on a phone the map is on the first screen. */}
      <MapFilters data={data} />
      <div className="map-layout">
        <div className="map-main">
          {/* Every marker is a Tab stop: keyboard users may pass over them all to the list at once. */}
          {hydrated ? (
            <a className="skip-map" href="#map-list-title" data-testid="skip-map">
              {t("map.skipToList")}
            </a>
          ) : null}
          {hydrated ? (
            <Suspense fallback={<div className="map-canvas" aria-busy="true"><p className="hint">{t("map.loading")}</p></div>}>
              <MapView tileUrl={tileUrl} query={data.dataQuery} onState={setView} onMap={onMap} initialView={initialView} />
            </Suspense>
          ) : (
            <noscript>
              <p className="notice">{t("map.noscript")}</p>
            </noscript>
          )}
          {hydrated ? <LocateButton mapRef={mapRef} /> : null}
        </div>
        <aside className="map-aside" aria-labelledby="map-list-title">
          {hydrated && view ? <InViewList view={view} mapRef={mapRef} /> : <ServerList data={data} />}
        </aside>
      </div>
    </div>
  );
}
