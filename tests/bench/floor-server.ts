import http from "node:http";
import Database from "better-sqlite3";
import { floorQueries } from "./lib/floor-queries";

// The floor of Tindak's own stack: a bare node:http server answering the benchmarked URLs with one
// prepared better-sqlite3 statement each (no framework, no ORM, no React, no session, no cache), on the
// same database file. Each answer carries the same rows Tindak's answer needs (same filters, order and
// page size), serialised as plainly as possible. Started by the benchmarks next to Tindak, in its own
// process, and measured in the same run.

const file = process.env.FLOOR_DB;
if (!file) throw new Error("FLOOR_DB is required");
const sqlite = new Database(file, { readonly: true, fileMustExist: true });
sqlite.pragma("journal_mode = WAL");

const q = floorQueries(sqlite);

const esc = (s: unknown) => String(s ?? "").replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
const page = (title: string, body: string) =>
  `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;

function send(res: http.ServerResponse, status: number, type: string, body: string) {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://floor");
  const params = url.searchParams;
  try {
    if (url.pathname === "/open311/v2/requests.json") {
      const rows = q.open311(params.get("service_code") ?? "");
      const body = rows.map((c) => ({
        service_request_id: c.ref,
        status: "open",
        status_notes: c.note,
        service_code: c.category,
        description: c.publicDescription ?? c.description,
        agency_responsible: c.unitName,
        requested_datetime: new Date(c.createdAt).toISOString(),
        updated_datetime: new Date(c.updatedAt).toISOString(),
        expected_datetime: c.dueAt ? new Date(c.dueAt).toISOString() : null,
        address: c.unitAddress ? `${c.unitName}, ${c.unitAddress}` : c.unitName,
        lat: c.lat,
        long: c.lng,
        media_url: c.photoId ? `/attachments/${c.photoId}` : null,
      }));
      return send(res, 200, "application/json", JSON.stringify(body));
    }
    if (url.pathname === "/map/data.json") {
      const bbox = (params.get("bbox") ?? "").split(",").map(Number) as [number, number, number, number];
      const rows = q.map(bbox, Number(params.get("zoom") ?? 11), params.get("kecamatan"));
      const features = rows.map((r) => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [r.lng, r.lat] },
        properties: r.n > 1 ? { cluster: true, point_count: r.n } : { layer: "complaints", id: r.id, ref: r.ref },
      }));
      return send(res, 200, "application/geo+json", JSON.stringify({ type: "FeatureCollection", features }));
    }
    if (url.pathname === "/follow-ups") {
      const { rows, counts } = q.inbox(q.headUnit(params.get("as") ?? ""));
      const items = rows
        .map((f) => `<tr><td><a href="/follow-ups/${f.id}">${esc(f.instruction)}</a></td><td>${esc(f.category)}</td><td>${esc(f.severity)}</td><td>${esc(f.state)}</td><td>${new Date(f.dueAt).toISOString()}</td></tr>`)
        .join("");
      return send(res, 200, "text/html; charset=utf-8", page("Tindak lanjut", `<p>${counts.total} (${counts.overdue ?? 0} lewat tenggat)</p><table>${items}</table>`));
    }
    if (url.pathname === "/dashboard") {
      const rows = q.dashboard();
      const byKec = new Map<string, number[]>();
      for (const r of rows) {
        const k = byKec.get(r.kecamatanCode) ?? [0, 0, 0, 0];
        k[0]! += r.complaints;
        k[1]! += r.open;
        k[2]! += r.overdue;
        k[3]! += r.done;
        byKec.set(r.kecamatanCode, k);
      }
      const units = rows.map((r) => `<tr><td>${esc(r.name)}</td><td>${r.complaints}</td><td>${r.open}</td><td>${r.overdue}</td><td>${r.done}</td></tr>`).join("");
      const kec = [...byKec].map(([code, k]) => `<tr><td>${esc(code)}</td><td>${k.join("</td><td>")}</td></tr>`).join("");
      return send(res, 200, "text/html; charset=utf-8", page("Dasbor", `<table>${kec}</table><table>${units}</table>`));
    }
    if (url.pathname === "/complaints") {
      const p = Math.max(1, Number(params.get("page") ?? 1) || 1);
      const { total, rows } = q.list(p);
      const items = rows
        .map((c) => `<li><a href="/complaints/${esc(c.ref)}">${esc(c.ref)}</a> ${esc(c.unitName)} ${esc(c.category)} ${esc(c.status)} ${esc(c.privacy === "public" ? c.reporterName : "")} ${c.meTooCount} ${new Date(c.createdAt).toISOString()}<p>${esc(c.summary)}</p></li>`)
        .join("");
      return send(res, 200, "text/html; charset=utf-8", page("Pengaduan", `<p>${total}</p><ul>${items}</ul><nav>${p} / ${Math.ceil(total / 20)}</nav>`));
    }
    send(res, 404, "text/plain", "not found");
  } catch (error) {
    send(res, 500, "text/plain", String(error));
  }
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  console.log(`[floor] listening on http://localhost:${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
