import { publicUrl } from "~/lib/env.server";
import { complaintsCsvStream, complaintsGeoJsonStream, parseExportFilters } from "~/models/open-data.server";

// GET /exports/complaints.csv and .geojson (issue 7): open data, public content only, streamed. The two
// formats share their filters, their refusal and their headers; only the stream and the type differ.

const FORMATS = {
  csv: { stream: complaintsCsvStream, type: "text/csv; charset=utf-8" },
  geojson: { stream: complaintsGeoJsonStream, type: "application/geo+json; charset=utf-8" },
} as const;

export function complaintsExport(request: Request, format: keyof typeof FORMATS): Response {
  const parsed = parseExportFilters(new URL(request.url).searchParams);
  if (!parsed.ok) {
    return new Response(parsed.errors.join("\n") + "\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(FORMATS[format].stream(parsed.filters, publicUrl()), {
    headers: {
      "Content-Type": FORMATS[format].type,
      "Content-Disposition": `attachment; filename="tindak-pengaduan-${day}.${format}"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
