import crypto from "node:crypto";
import http from "node:http";
import Database from "better-sqlite3";

// The floor of filing a complaint (issue 17): a bare node:http server that reads an Open311-shaped
// url-encoded body and stores it with one INSERT in autocommit mode — one transaction and one fsync per
// request, WAL and synchronous=FULL as Tindak runs — on a copy of the same bench database (same indexes,
// same data-version triggers). No validation, no reference series, no audit row, no event: the least a
// durable write can cost here. Started by tests/bench/write.ts next to Tindak and measured in the same run.

const file = process.env.FLOOR_DB;
if (!file) throw new Error("FLOOR_DB is required");
const sqlite = new Database(file, { fileMustExist: true });
sqlite.pragma("journal_mode = WAL");
sqlite.pragma("synchronous = FULL");
sqlite.pragma("busy_timeout = 5000");

const insert = sqlite.prepare(
  `INSERT INTO "Complaint" (ref, trackingHash, unitId, category, privacy, description, status, source, meTooCount, createdAt, updatedAt)
   VALUES (?, ?, ?, ?, 'anonymous', ?, 'NEW', 'OPEN311', 0, ?, ?)`,
);
let next = 0;

const server = http.createServer((req, res) => {
  if (req.method !== "POST") {
    res.writeHead(405, { "Content-Length": 0 });
    return res.end();
  }
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    try {
      const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
      const ref = `FLR-${process.pid}-${++next}`;
      const now = Date.now();
      insert.run(ref, crypto.randomBytes(16).toString("hex"), Number(form.get("attribute[unitId]")), form.get("service_code") ?? "OTHER", form.get("description") ?? "", now, now);
      const body = JSON.stringify([{ service_request_id: ref }]);
      res.writeHead(201, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
      res.end(body);
    } catch (error) {
      res.writeHead(500, { "Content-Type": "text/plain" });
      res.end(String(error));
    }
  });
});

server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), () => {
  const address = server.address();
  console.log(`[insert floor] listening on http://localhost:${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => {
  server.close(() => {
    sqlite.close();
    process.exit(0);
  });
  server.closeIdleConnections();
});
