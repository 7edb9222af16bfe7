import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { sniffImageType } from "~/lib/images.server";
import { MAX_PHOTO_BYTES, MAX_PHOTOS, type UploadedPhoto } from "~/lib/uploads.server";

// Open311 media_url: the server fetches the photo a client links to (FixMyStreet sends its own photo
// URLs), then it goes through the same checks and re-encoding as an uploaded photo (storePhotos in
// createComplaint). A server that fetches URLs it is given can be turned against its own network
// (SSRF), so: http and https only; every address the host name resolves to must be public (no
// loopback, private, link-local, CGNAT, multicast or reserved ranges), and the connection goes to the
// address that was checked, so a second DNS answer cannot swap it; at most 3 redirects, each checked
// again; at most 10 MB; image bytes only (JPEG, PNG, WebP by their signature). Hosts listed in
// OPEN311_MEDIA_ALLOW_HOSTS (comma-separated host names, for tests and private deployments) skip the
// address check. A photo that cannot be fetched is reported, never fatal: the request is kept.

const TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;

const blocked = new net.BlockList();
for (const [address, prefix] of [
  ["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12],
  ["192.0.0.0", 24], ["192.0.2.0", 24], ["192.168.0.0", 16], ["198.18.0.0", 15], ["198.51.100.0", 24],
  ["203.0.113.0", 24], ["224.0.0.0", 4], ["240.0.0.0", 4],
] as const) blocked.addSubnet(address, prefix, "ipv4");
for (const [address, prefix] of [
  ["::", 128], ["::1", 128], ["::ffff:0:0", 96], ["64:ff9b::", 96], ["100::", 64], ["2001:db8::", 32], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8],
] as const) blocked.addSubnet(address, prefix, "ipv6");

/** True for an address a fetch may connect to: not loopback, private, link-local or reserved. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !blocked.check(address, "ipv6");
  }
  return !blocked.check(address, "ipv4");
}

function allowedHosts(): Set<string> {
  return new Set((process.env.OPEN311_MEDIA_ALLOW_HOSTS ?? "").split(",").map((h) => h.trim().toLowerCase()).filter(Boolean));
}

class MediaRefusal extends Error {}

async function vettedAddress(url: URL): Promise<{ address: string; family: number }> {
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const answers = net.isIP(host) ? [{ address: host, family: net.isIP(host) }] : await dns.promises.lookup(host, { all: true }).catch(() => []);
  if (answers.length === 0) throw new MediaRefusal("nama host tidak ditemukan");
  if (!allowedHosts().has(host) && answers.some((a) => !isPublicAddress(a.address))) {
    throw new MediaRefusal("alamat bukan alamat publik");
  }
  return answers[0]!;
}

function getOnce(url: URL, target: { address: string; family: number }): Promise<{ status: number; location?: string; type: string; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    const req = client.get(
      url,
      {
        timeout: TIMEOUT_MS,
        headers: { "User-Agent": "Tindak-Open311/1 (+media_url)", Accept: "image/jpeg, image/png, image/webp" },
        // Connect to the address that was checked, whatever DNS answers now.
        lookup: (_host: string, options: dns.LookupOptions, callback: (...args: never[]) => void) => {
          const cb = callback as unknown as (err: null, address: string | dns.LookupAddress[], family?: number) => void;
          if (options && (options as { all?: boolean }).all) cb(null, [{ address: target.address, family: target.family }]);
          else cb(null, target.address, target.family);
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        if (status >= 300 && status < 400) {
          res.resume();
          return resolve({ status, location: res.headers.location, type: "", bytes: Buffer.alloc(0) });
        }
        const declared = Number(res.headers["content-length"] ?? "0");
        if (declared > MAX_PHOTO_BYTES) {
          res.destroy();
          return reject(new MediaRefusal("lebih dari 10 MB"));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.byteLength;
          if (size > MAX_PHOTO_BYTES) {
            res.destroy();
            reject(new MediaRefusal("lebih dari 10 MB"));
            return;
          }
          chunks.push(chunk);
        });
        res.on("end", () => resolve({ status, type: String(res.headers["content-type"] ?? ""), bytes: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new MediaRefusal("waktu habis")));
    req.on("error", reject);
  });
}

/** Fetches one media_url: its image bytes, or throws MediaRefusal / a network error. */
async function fetchImage(raw: string): Promise<UploadedPhoto> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaRefusal("bukan URL");
  }
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new MediaRefusal("hanya http atau https");
    if (url.username || url.password) throw new MediaRefusal("URL dengan kredensial ditolak");
    const target = await vettedAddress(url);
    const res = await getOnce(url, target);
    if (res.location && res.status >= 300 && res.status < 400) {
      url = new URL(res.location, url);
      continue;
    }
    if (res.status !== 200) throw new MediaRefusal(`HTTP ${res.status}`);
    if (!/^image\//i.test(res.type) && res.type !== "application/octet-stream") throw new MediaRefusal(`bukan gambar (${res.type || "tanpa Content-Type"})`);
    const kind = sniffImageType(res.bytes);
    if (kind !== "jpeg" && kind !== "png" && kind !== "webp") throw new MediaRefusal("bukan JPEG, PNG atau WebP");
    return { name: url.pathname.split("/").pop() || "media", type: `image/${kind}`, bytes: new Uint8Array(res.bytes) };
  }
  throw new MediaRefusal("terlalu banyak pengalihan");
}

/** The photos behind the media_url values (at most 3), and one line per URL that failed, for staff. */
export async function fetchMediaPhotos(urls: string[]): Promise<{ photos: UploadedPhoto[]; failures: string[] }> {
  const photos: UploadedPhoto[] = [];
  const failures: string[] = [];
  for (const [index, raw] of urls.entries()) {
    const shown = raw.slice(0, 200);
    if (index >= MAX_PHOTOS) {
      failures.push(`${shown}: lebih dari ${MAX_PHOTOS} foto`);
      continue;
    }
    try {
      photos.push(await fetchImage(raw));
    } catch (error) {
      failures.push(`${shown}: ${error instanceof MediaRefusal ? error.message : "gagal mengambil"}`);
    }
  }
  return { photos, failures };
}
