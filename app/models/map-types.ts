import type { MapLayer, MapState } from "./map-codes";

// The shapes /map/data.json answers with, shared by the server model (map.server.ts) and the browser
// map (app/components/map/): a module without `.server`, so components import no server code.

/** How many points of each colour state a cluster holds. */
export type ClusterProps = { overdue: number; open: number; answered: number; done: number };

export type PointProperties = {
  cluster: false;
  layer: MapLayer;
  id: number;
  state: MapState | null;
  category: string | null;
  label: string;
  detail: string;
  unitId: number;
  unitName: string;
  date: string | null;
  href: string;
};

export type ClusterProperties = {
  cluster: true;
  layer: MapLayer;
  cluster_id: number;
  point_count: number;
  point_count_abbreviated: string | number;
  expansion_zoom: number;
  state: MapState | null;
} & ClusterProps;

export type MapFeature = GeoJSON.Feature<GeoJSON.Point, PointProperties | ClusterProperties>;

export type MapData = {
  type: "FeatureCollection";
  features: MapFeature[];
  /** matching records per requested layer (whole filter set, not only the bbox) */
  totals: Partial<Record<MapLayer, number>>;
  zoom: number;
  bbox: [number, number, number, number];
  truncated: boolean;
};
