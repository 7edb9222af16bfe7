import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicUrl } from "~/lib/env.server";
import { complaintsCsvStream, parseExportFilters } from "~/models/open-data.server";

// GET /exports/complaints.csv: open data, public content only, streamed (issue 7).
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = parseExportFilters(url.searchParams);
  if (!parsed.ok) {
    return new Response(parsed.errors.join("\n") + "\n", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  }
  const day = new Date().toISOString().slice(0, 10);
  return new Response(complaintsCsvStream(parsed.filters, publicUrl()), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="tindak-pengaduan-${day}.csv"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}
