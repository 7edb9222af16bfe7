import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getSessionUser } from "~/lib/session.server";
import { getMapData, parseMapQuery } from "~/models/map.server";

// GET /map/data.json?bbox=minLng,minLat,maxLng,maxLat&zoom=12&layer=complaints,findings&category=…
// A GeoJSON FeatureCollection of clusters and points (../shared/CONTRACT.md). Bad parameters: 400 with
// a JSON body naming each one.
export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = parseMapQuery(new URL(request.url).searchParams);
  if (!parsed.ok) return json(parsed.error, { status: 400, headers: { "Cache-Control": "no-store" } });
  const user = await getSessionUser(request);
  const data = await getMapData(parsed.query, user);
  return json(data, {
    headers: {
      "Content-Type": "application/geo+json; charset=utf-8",
      // What a signed-in inspector sees must not be cached for anyone else.
      "Cache-Control": "private, no-cache",
      Vary: "Cookie",
    },
  });
}
