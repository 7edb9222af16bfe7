import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import sharp from "sharp";
import { db } from "~/lib/db.server";
import { multipartBody, rawRequest, seededUnitId, type Reply } from "./http";
import type { TestServer } from "./server";

// Test material for the complaint tests: real images made with sharp, hostile files, a valid form.

export async function jpeg(width = 640, height = 480, options: { gps?: boolean } = {}): Promise<Buffer> {
  let img = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg({ quality: 80 });
  if (options.gps) {
    img = img.withMetadata({
      exif: {
        IFD0: { Make: "TestPhone", Model: "Rahasia-9000", Artist: "Budi Pelapor" },
        IFD3: { GPSLatitudeRef: "S", GPSLatitude: "2/1 59/1 30/1", GPSLongitudeRef: "E", GPSLongitude: "104/1 46/1 10/1" },
      },
    });
  }
  return img.toBuffer();
}

export async function png(width = 320, height = 240): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 120, b: 200, alpha: 0.5 } } }).png().toBuffer();
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid PNG header claiming width × height (e.g. 20,000 × 20,000) with almost no data: a pixel bomb. */
export function pngBomb(width = 20000, height = 20000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(Buffer.alloc(1024))),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

export const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
export const HTML = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
export const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
export const CORRUPT_JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0 this is not really a jpeg at all ".repeat(20))]);

export function file(bytes: Buffer | Uint8Array, name = "foto.jpg", type = "image/jpeg"): File {
  return new File([Buffer.from(bytes)], name, { type });
}

export async function unitIdBySlugPart(namePart: string): Promise<number> {
  const unit = await db.unit.findFirstOrThrow({ where: { name: { contains: namePart }, active: true }, select: { id: true } });
  return unit.id;
}

export const GOOD_DESCRIPTION = "E-KTP saya sudah jadi sejak 2024 tetapi belum diserahkan, petugas bilang blangko habis.";

/** A valid complaint form; `overrides` replace fields (undefined removes one). */
export async function complaintForm(overrides: Record<string, string | undefined> = {}, photos: File[] = []): Promise<FormData> {
  const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
  const fields: Record<string, string | undefined> = {
    unitId: String(unitId),
    category: "UNDISTRIBUTED_DOCUMENT",
    description: GOOD_DESCRIPTION,
    privacy: "anonymous",
    lat: "",
    lng: "",
    reporterName: "",
    reporterPhone: "",
    reporterEmail: "",
    intent: "submit",
    ...overrides,
  };
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) form.append(k, v);
  for (const p of photos) form.append("photos", p);
  return form;
}

/**
 * The complaint form (valid unless `overrides` spoil it) for the seeded unit of the running `server`,
 * as the multipart body the web form sends, ready for rawRequest's `body` and `contentType`.
 */
export async function complaintBody(server: TestServer, overrides: Record<string, string | undefined> = {}): Promise<{ body: Buffer; contentType: string }> {
  return multipartBody(await complaintForm({ unitId: String(seededUnitId(server)), ...overrides }));
}

/** Posts that complaint form to /complaints/new of `server` as the client at `ip` (same origin unless told). */
export async function postComplaint(server: TestServer, ip: string, overrides: Record<string, string | undefined> = {}, options: { cookie?: string; origin?: string } = {}): Promise<Reply> {
  const { body, contentType } = await complaintBody(server, overrides);
  return rawRequest(server, "POST", "/complaints/new", { ip, body, contentType, ...options });
}

/** Every file under a folder (recursively); [] when it does not exist. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => path.join(d.parentPath ?? (d as unknown as { path: string }).path, d.name));
}
