import type { LoaderFunctionArgs } from "@remix-run/node";
import { complaintsExport } from "~/lib/open-data-export.server";

// GET /exports/complaints.geojson: open data, public content only, streamed (issue 7).
export async function loader({ request }: LoaderFunctionArgs) {
  return complaintsExport(request, "geojson");
}
