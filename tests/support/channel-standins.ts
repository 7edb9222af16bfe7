import http from "node:http";
import type { AddressInfo } from "node:net";
import crypto from "node:crypto";

// Local stand-ins for the providers of the resident channels (issue 19): a WhatsApp Cloud API (Graph
// API messages and media endpoints) and a generic SMS gateway, on 127.0.0.1, recording every request
// Tindak makes so tests can assert what a resident would receive.

export type Recorded = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string; accepted: boolean };

export type StandIn = {
  url: string;
  requests: Recorded[];
  /** Messages the provider accepted (answered 200) at the send endpoint, parsed. */
  sent: () => Array<Record<string, any>>;
  /** When true every request answers 503 (the provider is down). */
  down: boolean;
  media: Map<string, { bytes: Uint8Array; mime: string; declaredSize?: number }>;
  close: () => Promise<void>;
};

export async function startStandIn(options: { token?: string; sendPath: RegExp }): Promise<StandIn> {
  const state: StandIn = {
    url: "",
    requests: [],
    sent: () => state.requests.filter((r) => r.accepted && r.method === "POST" && options.sendPath.test(r.path)).map((r) => JSON.parse(r.body)),
    down: false,
    media: new Map(),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      const recorded: Recorded = { method: req.method ?? "GET", path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8"), accepted: false };
      state.requests.push(recorded);
      if (state.down) {
        res.writeHead(503, { "Content-Type": "application/json" }).end('{"error":{"message":"Service unavailable"}}');
        return;
      }
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
        res.writeHead(401).end();
        return;
      }
      if (req.method === "POST" && options.sendPath.test(path)) {
        recorded.accepted = true;
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ messages: [{ id: `wamid.${crypto.randomUUID()}` }] }));
        return;
      }
      const download = /^\/download\/([^/?]+)$/.exec(path);
      if (req.method === "GET" && download) {
        const item = state.media.get(decodeURIComponent(download[1]!));
        if (!item) return void res.writeHead(404).end();
        res.writeHead(200, { "Content-Type": item.mime }).end(Buffer.from(item.bytes));
        return;
      }
      const lookup = /^\/([^/?]+)$/.exec(path);
      if (req.method === "GET" && lookup) {
        const id = decodeURIComponent(lookup[1]!);
        const item = state.media.get(id);
        if (!item) return void res.writeHead(404, { "Content-Type": "application/json" }).end('{"error":{"message":"not found"}}');
        res.writeHead(200, { "Content-Type": "application/json" }).end(
          JSON.stringify({ url: `${state.url}/download/${encodeURIComponent(id)}`, mime_type: item.mime, file_size: item.declaredSize ?? item.bytes.byteLength, id }),
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
