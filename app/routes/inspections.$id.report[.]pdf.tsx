import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/lib/permissions.server";
import { parseId } from "~/lib/http.server";
import { renderBeritaAcara } from "~/lib/berita-acara.server";

// GET /inspections/<id>/report.pdf: the Berita Acara Sidak (resource route, no UI).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "inspection:read");
  const id = parseId(params.id);
  const pdf = await renderBeritaAcara(user, id);
  return new Response(new Uint8Array(pdf), {
    status: 200,
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": `inline; filename="berita-acara-sidak-${id}.pdf"`,
      // Personal data of officials and, for inspectors, reporters' matters: never cached by proxies.
      "Cache-Control": "private, no-store",
    },
  });
}
