import { useRef } from "react";
import type { Map as LeafletMap } from "leaflet";
import { useT } from "~/i18n/use-t";
import { Pagination } from "~/components/pagination";
import { PointSummary } from "./point-summary";
import type { MapViewState } from "./map-view.client";
import type { MapPageData } from "./map-page-data";

// The list beside the map: every filtered record from the server (without JavaScript, and until the
// map has data), or what the map shows right now.

/** Without JavaScript (and until the map has data): every filtered record, paginated, with links. */
export function ServerList({ data }: { data: MapPageData }) {
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
export function InViewList({ view, mapRef }: { view: MapViewState; mapRef: React.MutableRefObject<LeafletMap | null> }) {
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

function rank(f: MapViewState["features"][number]) {
  const order = { units: 0, findings: 1, complaints: 2 } as const;
  return order[f.properties.layer] * 2 + (f.properties.cluster ? 1 : 0);
}
