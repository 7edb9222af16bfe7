import http from "node:http";
import type { AddressInfo } from "node:net";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { getStorage } from "~/lib/storage.server";
import { getComplaintForStaff } from "~/models/complaint/queries.server";
import * as root from "~/routes/open311.v2.$file";
import * as one from "~/routes/open311.v2.requests.$file";
import { jpeg, pngBomb } from "../support/complaints";
import { pickFreePort } from "../support/server";
import { call, ensureDemoKey, get, postForm, validRequest } from "./open311-support";

// Issue 14 item 7: media_url. FixMyStreet posts the URL of the resident's photo; Tindak fetches it and
// puts it through the upload pipeline (sniffed, re-encoded, EXIF gone). The photos are served here by a
// local HTTP server on loopback, allowed by OPEN311_MEDIA_ALLOW_HOSTS as a private deployment would.
// Whatever goes wrong with a photo, the request itself is kept and staff read why the photo is missing.

const ELEVEN_MB = 11 * 1024 * 1024;
const hits: string[] = [];
let photoServer: http.Server;
let base: string;
let gpsPhoto: Buffer;
let inspector: { id: number; role: "INSPECTOR"; unitId: null; name: string };

beforeAll(async () => {
  await ensureDemoKey();
  const user = await db.user.findFirstOrThrow({ where: { role: "INSPECTOR" } });
  inspector = { id: user.id, role: "INSPECTOR", unitId: null, name: user.name };
  gpsPhoto = await jpeg(3000, 1500, { gps: true });
  const bomb = pngBomb();
  photoServer = http.createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/foto.jpg" || req.url === "/foto.jpg?ulang") return void res.writeHead(200, { "Content-Type": "image/jpeg" }).end(gpsPhoto);
    if (req.url === "/halaman.html") return void res.writeHead(200, { "Content-Type": "text/html" }).end("<!doctype html><p>Bukan foto</p>");
    if (req.url === "/palsu.jpg") return void res.writeHead(200, { "Content-Type": "image/jpeg" }).end("<!doctype html><p>Bukan foto</p>");
    if (req.url === "/bom.png") return void res.writeHead(200, { "Content-Type": "image/png" }).end(bomb);
    if (req.url === "/besar.jpg") {
      // Declares its size: refused before the body is read.
      return void res.writeHead(200, { "Content-Type": "image/jpeg", "Content-Length": String(ELEVEN_MB) }).end(Buffer.concat([gpsPhoto, Buffer.alloc(ELEVEN_MB - gpsPhoto.length)]));
    }
    if (req.url === "/besar-tanpa-ukuran.jpg") {
      // No Content-Length (chunked): refused while streaming, past 10 MB.
      res.writeHead(200, { "Content-Type": "image/jpeg" });
      res.write(gpsPhoto);
      const block = Buffer.alloc(1024 * 1024);
      let sent = 0;
      const more = () => {
        while (sent < 11) {
          sent += 1;
          if (!res.write(block)) return void res.once("drain", more);
        }
        res.end();
      };
      res.on("error", () => undefined);
      return more();
    }
    if (req.url === "/pindah.jpg") return void res.writeHead(302, { Location: "/foto.jpg" }).end();
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => photoServer.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(photoServer.address() as AddressInfo).port}`;
  process.env.OPEN311_MEDIA_ALLOW_HOSTS = "127.0.0.1";
});

afterAll(async () => {
  delete process.env.OPEN311_MEDIA_ALLOW_HOSTS;
  await new Promise<void>((resolve) => photoServer.close(() => resolve()));
});

/** Posts a public request with these media_url values; answers the stored complaint. */
async function postWithMedia(...urls: string[]) {
  const fields = new URLSearchParams(validRequest({ "attribute[privacy]": "public" }));
  for (const url of urls) fields.append("media_url", url);
  const request = postForm("/open311/v2/requests.json", {});
  const res = await call(root.action, new Request(request.url, { method: "POST", headers: request.headers, body: fields }), "requests.json");
  expect(res.status, await res.clone().text()).toBe(200);
  const [created] = await res.json();
  expect(created.service_request_id).toMatch(/^ADU-/);
  return db.complaint.findUniqueOrThrow({ where: { ref: created.service_request_id }, include: { attachments: true } });
}

/** What staff read about the request's photos on the triage page (an internal note). */
async function staffNotes(complaintId: number): Promise<string> {
  const detail = await getComplaintForStaff(inspector, complaintId);
  return (detail?.events ?? []).filter((e) => e.visibility === "INTERNAL").map((e) => e.body ?? "").join("\n");
}

describe("media_url (issue 14 item 7)", () => {
  it("fetches the linked photo and stores it re-encoded like an upload (EXIF and GPS gone, long side 2048)", async () => {
    const complaint = await postWithMedia(`${base}/foto.jpg`);
    expect(complaint.attachments).toHaveLength(1);
    const bytes = (await getStorage().get(complaint.attachments[0]!.storageKey))!;
    const meta = await sharp(bytes).metadata();
    expect(meta.format).toBe("jpeg");
    expect(meta.exif).toBeUndefined();
    expect(Math.max(meta.width!, meta.height!)).toBe(2048);
    expect(Buffer.from(bytes).equals(gpsPhoto)).toBe(false);
    expect(await staffNotes(complaint.id)).toBe("");
    // The client reads the photo back as the request's media_url.
    const [read] = await (await call(one.loader, get(`/open311/v2/requests/${complaint.ref}.json`), `${complaint.ref}.json`)).json();
    expect(read.media_url).toMatch(new RegExp(`/attachments/${complaint.attachments[0]!.id}$`));
  });

  it("answers a repeat of a request with a photo with the first answer, without fetching the photo again", async () => {
    const fields = new URLSearchParams(validRequest({ "attribute[privacy]": "public" }));
    fields.append("media_url", `${base}/foto.jpg?ulang`);
    const send = async () => {
      const request = postForm("/open311/v2/requests.json", {});
      const res = await call(root.action, new Request(request.url, { method: "POST", headers: request.headers, body: fields }), "requests.json");
      expect(res.status).toBe(200);
      return (await res.json())[0].service_request_id as string;
    };
    const first = await send();
    expect(hits.filter((h) => h === "/foto.jpg?ulang")).toHaveLength(1);
    expect(await send()).toBe(first);
    expect(hits.filter((h) => h === "/foto.jpg?ulang")).toHaveLength(1);
    expect(await db.complaint.count({ where: { description: fields.get("description")! } })).toBe(1);
  });

  it("follows a redirect to the photo", async () => {
    const complaint = await postWithMedia(`${base}/pindah.jpg`);
    expect(complaint.attachments).toHaveLength(1);
  });

  const refused: Array<[string, () => string, RegExp]> = [
    ["a web page", () => `${base}/halaman.html`, /bukan gambar \(text\/html\)/],
    ["text that claims to be a JPEG", () => `${base}/palsu.jpg`, /bukan JPEG, PNG atau WebP/],
    ["a photo over 10 MB that says its size", () => `${base}/besar.jpg`, /lebih dari 10 MB/],
    ["a photo over 10 MB sent without its size", () => `${base}/besar-tanpa-ukuran.jpg`, /lebih dari 10 MB/],
    ["an ftp: URL", () => `ftp://127.0.0.1/foto.jpg`, /hanya http atau https/],
    ["a file: URL", () => `file:///etc/passwd`, /hanya http atau https/],
    ["text that is not a URL", () => `foto saya.jpg`, /bukan URL/],
    ["a URL with credentials", () => `http://user:rahasia@127.0.0.1/foto.jpg`, /kredensial/],
    ["a server that does not answer", () => `${base.replace(/:\d+$/, "")}:${unreachablePort}/foto.jpg`, /gagal mengambil/],
    ["a 404", () => `${base}/tidak-ada.jpg`, /HTTP 404/],
    ["an image the pipeline refuses (pixel bomb)", () => `${base}/bom.png`, /foto tidak dapat diproses/],
  ];
  let unreachablePort = 0;
  beforeAll(async () => {
    unreachablePort = await pickFreePort();
  });

  for (const [what, url, reason] of refused) {
    it(`keeps the request without the photo when media_url is ${what}, and tells staff why`, async () => {
      const complaint = await postWithMedia(url());
      expect(complaint.attachments).toHaveLength(0);
      const notes = await staffNotes(complaint.id);
      expect(notes).toMatch(/^Foto dari media_url tidak dapat diambil: /);
      expect(notes).toMatch(reason);
      // The note is for staff only: the public answer does not carry it.
      const [read] = await (await call(one.loader, get(`/open311/v2/requests/${complaint.ref}.json`), `${complaint.ref}.json`)).json();
      expect(JSON.stringify(read)).not.toMatch(/media_url tidak dapat/);
    });
  }

  it("refuses a private address that is not on the allow-list, without connecting to it", async () => {
    const before = hits.length;
    // localhost resolves to a loopback address; only the literal 127.0.0.1 is allow-listed here.
    const complaint = await postWithMedia(base.replace("127.0.0.1", "localhost") + "/foto.jpg");
    expect(complaint.attachments).toHaveLength(0);
    expect(await staffNotes(complaint.id)).toMatch(/alamat bukan alamat publik/);
    const saved = process.env.OPEN311_MEDIA_ALLOW_HOSTS;
    delete process.env.OPEN311_MEDIA_ALLOW_HOSTS;
    try {
      const other = await postWithMedia(`${base}/foto.jpg`, "http://[::1]/foto.jpg", "http://169.254.169.254/latest/meta-data");
      expect(other.attachments).toHaveLength(0);
      const notes = await staffNotes(other.id);
      expect(notes.match(/alamat bukan alamat publik/g)).toHaveLength(3);
    } finally {
      process.env.OPEN311_MEDIA_ALLOW_HOSTS = saved;
    }
    expect(hits.length).toBe(before);
  });

  it("keeps the photos that worked when one of several fails, and fetches at most 3", async () => {
    const complaint = await postWithMedia(`${base}/foto.jpg`, `${base}/halaman.html`, `${base}/foto.jpg`, `${base}/foto.jpg`);
    expect(complaint.attachments).toHaveLength(2);
    const notes = await staffNotes(complaint.id);
    expect(notes).toMatch(/halaman\.html: bukan gambar/);
    expect(notes).toMatch(/lebih dari 3 foto/);
  });
});
