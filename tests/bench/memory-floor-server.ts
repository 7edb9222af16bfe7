import fs from "node:fs";
import http from "node:http";

// The floor of a cached public read: a bare node:http server that answers each benchmarked URL with the
// very bytes and headers Tindak answered it with (compressed as they were), from memory. No framework,
// no lookup beyond a Map. Started by tests/bench/cache.ts next to Tindak and measured in the same run.

type Snapshot = Record<string, { status: number; headers: Record<string, string>; body: string }>;

const file = process.env.FLOOR_SNAPSHOT;
if (!file) throw new Error("FLOOR_SNAPSHOT is required");
const snapshot = JSON.parse(fs.readFileSync(file, "utf8")) as Snapshot;
const answers = new Map(Object.entries(snapshot).map(([url, a]) => [url, { status: a.status, headers: a.headers, body: Buffer.from(a.body, "base64") }]));

const server = http.createServer((req, res) => {
  const answer = answers.get(req.url ?? "/");
  if (!answer) {
    res.writeHead(404, { "Content-Length": 0 });
    return res.end();
  }
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  const address = server.address();
  console.log(`[memory floor] listening on http://localhost:${typeof address === "object" && address ? address.port : 0}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
