import { lazy, Suspense, useCallback, useRef, useState } from "react";
import { Pagination } from "~/components/pagination";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useRouteLoaderData, useSearchParams } from "@remix-run/react";
import type { Map as LeafletMap } from "leaflet";
import leafletCss from "leaflet/dist/leaflet.css";
import mapCss from "~/styles/map.css";
import type { RootLoader } from "~/root";
import { getSessionUser } from "~/lib/session.server";
import { FOLLOW_UP_STATES, COMPLAINT_STATUSES, UNIT_TYPES } from "~/lib/codes";
import { getMapFilterOptions, getMapList, parseMapQuery, type MapFeature } from "~/models/map.server";
import { MAP_CATEGORIES, MAP_LAYERS, MAP_STATES } from "~/models/map-codes";
import type { MessageKey } from "~/i18n";
import { useT } from "~/i18n/use-t";
import { useHydrated } from "~/components/map/use-hydrated";
import { PointSummary } from "~/components/map/point-summary";
import { InlineStylesheet } from "~/components/inline-stylesheet";
import type { MapViewState } from "~/components/map/map-view.client";
import { pageParam } from "~/lib/http.server";
import { UnitPicker } from "~/components/unit-picker";

// Leaflet lives only in *.client modules, loaded after hydration (it touches `window` on import).
const MapView = lazy(() => import("~/components/map/map-view.client"));

// Leaflet's and the map's stylesheets travel inside the page (<InlineStylesheet> below), not as
// render-blocking links: /map's first paint on a slow phone network waited ~2 s for them.
export const links: LinksFunction = () => [];

export const meta: MetaFunction = () => [{ title: "Peta · Tindak" }];

// Complaint statuses not already offered as a state: "Dijawab" (ANSWERED) and "Selesai" (CLOSED, inside
// the DONE state) would otherwise appear twice in the one status list.
const COMPLAINT_ONLY_STATUSES = COMPLAINT_STATUSES.filter((s) => s !== "ANSWERED" && s !== "CLOSED");

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
      <Filters />
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
          {hydrated && view ? <InViewList view={view} mapRef={mapRef} /> : <ServerList />}
        </aside>
      </div>
    </div>
  );
}

/** Residents looking for the nearest unit: centre the map on where they are (units are shown there). */
function LocateButton({ mapRef }: { mapRef: React.MutableRefObject<LeafletMap | null> }) {
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

function Filters() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const v = data.values;
  const active = [v.category, v.status, v.unitId, v.kecamatan, v.from, v.to].filter(Boolean).length + (v.overdue ? 1 : 0) + (v.layers.length < MAP_LAYERS.length ? 1 : 0);
  // Folded by default so that on a phone the map is on the first screen; open while filters apply.
  // The legend is inside too (issue 21): nine entries would otherwise push the map below the fold.
  return (
    <details className="card map-filters" open={active > 0} data-testid="map-filters">
      <summary>
        {t("map.filters")}
        {active > 0 ? ` (${active})` : ""} · {t("map.legend")}
      </summary>
      <Legend />
      <Form method="get" aria-label={t("map.filters")} key={data.dataQuery}>
        <fieldset>
          <legend>{t("map.layers")}</legend>
          <div className="checks">
            {MAP_LAYERS.map((layer) => (
              <label key={layer}>
                <input type="checkbox" name="layer" value={layer} defaultChecked={v.layers.includes(layer)} />
                {t(`map.layer.${layer}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid">
          <div>
            <label htmlFor="map-category">{t("common.category")}</label>
            <select id="map-category" name="category" defaultValue={v.category}>
              <option value="">{t("common.all")}</option>
              {MAP_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="map-status">{t("map.filter.state")}</label>
            <select id="map-status" name="status" defaultValue={v.status}>
              <option value="">{t("common.all")}</option>
              <optgroup label={t("map.filter.followUpStates")}>
                <option value="OVERDUE">{t("state.OVERDUE")}</option>
                {FOLLOW_UP_STATES.map((s) => (
                  <option key={s} value={s}>
                    {t(`state.${s}`)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("map.filter.complaintStatuses")}>
                {COMPLAINT_ONLY_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </optgroup>
            </select>
          </div>
          <div>
            <label htmlFor="map-kecamatan">{t("common.kecamatan")}</label>
            <select id="map-kecamatan" name="kecamatan" defaultValue={v.kecamatan}>
              <option value="">{t("common.all")}</option>
              {data.kecamatan.map((k) => (
                <option key={k.code} value={k.code}>
                  {k.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="map-unit">{t("common.unit")}</label>
            <UnitPicker id="map-unit" units={data.units} emptyLabel={t("common.all")} defaultValue={v.unitId} />
          </div>
          <div>
            <label htmlFor="map-from">{t("map.filter.from")}</label>
            <input id="map-from" type="date" name="from" defaultValue={v.from} />
          </div>
          <div>
            <label htmlFor="map-to">{t("map.filter.to")}</label>
            <input id="map-to" type="date" name="to" defaultValue={v.to} />
          </div>
        </div>
        <div className="checks">
          <label>
            <input type="checkbox" name="overdue" value="1" defaultChecked={v.overdue} />
            {t("map.filter.overdue")}
          </label>
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t("map.filter.apply")}
          </button>
          <Link to="/map">{t("map.filter.reset")}</Link>
        </div>
      </Form>
    </details>
  );
}

function Legend() {
  const t = useT();
  return (
    <section aria-label={t("map.legend")}>
      <ul className="map-legend" data-testid="map-legend">
        {MAP_STATES.map((s) => (
          <li key={s}>
            <span className={`swatch ${s}`} aria-hidden="true" />
            {t(`map.legend.${s}`)}
          </li>
        ))}
        {UNIT_TYPES.filter((u) => u !== "OTHER").map((u) => (
          <li key={u}>
            <span className={`swatch square ${u}`} aria-hidden="true" />
            {t(`unitType.${u}`)}
          </li>
        ))}
        <li>
          <span className="swatch" aria-hidden="true" />
          {t("map.legend.cluster")}
        </li>
      </ul>
    </section>
  );
}

/** Without JavaScript (and until the map has data): every filtered record, paginated, with links. */
function ServerList() {
  const data = useLoaderData<typeof loader>();
  const t = useT();
  const { list } = data;
  const pageHref = (page: number) => {
    const p = new URLSearchParams(data.dataQuery);
    p.set("page", String(page));
    return `/map?${p}`;
  };
  return (
    <section data-testid="map-list">
      <h2 id="map-list-title" tabIndex={-1}>
        {t("map.list")}
      </h2>
      <p className="muted">{t("map.list.count", { n: list.total })}</p>
      {list.items.length === 0 ? <p>{t("map.list.empty")}</p> : null}
      <ul className="list">
        {list.items.map((p) => (
          <li key={`${p.layer}:${p.id}`}>
            <PointSummary point={p} heading="span" />
          </li>
        ))}
      </ul>
      <Pagination page={list.page} pages={list.pages} href={pageHref} reloadDocument />
    </section>
  );
}

/** With JavaScript: what the map shows right now; clusters are buttons that zoom the map to them. */
function InViewList({ view, mapRef }: { view: MapViewState; mapRef: React.MutableRefObject<LeafletMap | null> }) {
  const t = useT();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const sorted = [...view.features].sort((a, b) => rank(a) - rank(b));
  return (
    <section data-testid="map-in-view">
      <h2 id="map-list-title" ref={headingRef} tabIndex={-1}>
        {t("map.inView")}
      </h2>
      <p className="muted" role="status">
        {view.loading ? t("map.loadingData") : view.error ? t("map.dataError") : t("map.inView.count", { n: view.features.length })}
      </p>
      {view.truncated ? <p className="notice">{t("map.truncated")}</p> : null}
      <ul className="list">
        {sorted.map((f) => {
          const p = f.properties;
          if (p.cluster) {
            const [lng, lat] = f.geometry.coordinates as [number, number];
            return (
              <li key={String(f.id)} data-cluster="true">
                <span className={`badge ${p.state ?? ""}`}>{p.point_count}</span>{" "}
                {t("map.cluster", { n: p.point_count, layer: t(`map.layer.${p.layer}`).toLowerCase() })}{" "}
                <button
                  type="button"
                  className="linkish"
                  onClick={() => {
                    const m = mapRef.current;
                    if (!m) return;
                    m.setView([lat, lng], Math.max(p.expansion_zoom, m.getZoom() + 1));
                    headingRef.current?.focus();
                  }}
                >
                  {t("map.cluster.zoom")}
                </button>
              </li>
            );
          }
          return (
            <li key={String(f.id)}>
              <PointSummary point={p} heading="span" />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function rank(f: MapFeature) {
  const order = { units: 0, findings: 1, complaints: 2 } as const;
  return order[f.properties.layer] * 2 + (f.properties.cluster ? 1 : 0);
}
