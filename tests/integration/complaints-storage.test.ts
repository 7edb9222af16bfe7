import http from "node:http";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import sharp from "sharp";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { LocalStorage, newStorageKey, UploadThingStorage } from "~/lib/storage.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { loader as attachmentLoader } from "~/routes/attachments.$id";
import { makeRequest, run } from "../support/requests";
import { filesUnder, GOOD_DESCRIPTION, jpeg, unitIdBySlugPart } from "../support/complaints";

// Both storage backends: the local disk, and UploadThing spoken to a local server that checks the
// request signature the way UploadThing's ingest does.

const API_KEY = "sk_test_" + crypto.randomBytes(8).toString("hex");
const APP_ID = "tindaktest";
const TOKEN = Buffer.from(JSON.stringify({ apiKey: API_KEY, appId: APP_ID, regions: ["sea1"] })).toString("base64");

const stored = new Map<string, { bytes: Buffer; type: string }>();
const seen: string[] = [];
let server: http.Server;
let base: string;

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, base);
    seen.push(`${req.method} ${url.pathname}`);
    const body = await readBody(req);
    const send = (status: number, json: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(json));
    };
    if (req.method === "PUT") {
      const full = `${base}${req.url}`;
      const [unsigned, signature] = full.split("&signature=");
      const expected = "hmac-sha256=" + crypto.createHmac("sha256", API_KEY).update(unsigned!).digest("hex");
      if (signature !== expected) return send(403, { error: "Invalid signature" });
      if (url.searchParams.get("x-ut-identifier") !== APP_ID) return send(403, { error: "wrong app" });
      if (Number(url.searchParams.get("expires")) < Date.now()) return send(403, { error: "expired" });
      const form = await new Response(new Uint8Array(body), { headers: { "content-type": req.headers["content-type"]! } }).formData();
      const f = form.get("file") as File;
      const key = url.pathname.slice(1);
      stored.set(key, { bytes: Buffer.from(await f.arrayBuffer()), type: f.type });
      return send(200, { url: `${base}/f/${key}`, ufsUrl: `${base}/f/${key}`, fileHash: "x", key });
    }
    if (req.headers["x-uploadthing-api-key"] !== API_KEY && url.pathname.startsWith("/v6/")) return send(401, { error: "bad key" });
    if (req.method === "POST" && url.pathname === "/v6/requestFileAccess") {
      const { fileKey } = JSON.parse(body.toString());
      if (!stored.has(fileKey)) return send(404, { error: "not found" });
      return send(200, { url: `${base}/f/${fileKey}?signed=1` });
    }
    if (req.method === "POST" && url.pathname === "/v6/deleteFiles") {
      const { fileKeys } = JSON.parse(body.toString()) as { fileKeys: string[] };
      for (const k of fileKeys) stored.delete(k);
      return send(200, { success: true, deletedCount: fileKeys.length });
    }
    if (req.method === "GET" && url.pathname.startsWith("/f/")) {
      const file = stored.get(url.pathname.slice(3));
      if (!file) return send(404, {});
      res.writeHead(200, { "content-type": file.type });
      return res.end(file.bytes);
    }
    send(404, {});
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  delete process.env.UPLOADTHING_TOKEN;
  delete process.env.UPLOADTHING_API_URL;
  delete process.env.UPLOADTHING_INGEST_URL;
  await new Promise((r) => server.close(r));
});

describe("LocalStorage", () => {
  it("puts, gets and deletes by server-generated key, and refuses path tricks", async () => {
    const storage = new LocalStorage(process.env.UPLOAD_DIR!);
    const key = newStorageKey();
    expect(key).toMatch(/^\d{4}\/\d{2}\/[0-9a-f]{32}\.jpg$/);
    await storage.put(key, new Uint8Array([1, 2, 3]), "image/jpeg");
    expect(Array.from((await storage.get(key))!)).toEqual([1, 2, 3]);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
    await expect(storage.put("../../etc/passwd", new Uint8Array([1]), "image/jpeg")).rejects.toThrow();
    await expect(storage.get("2026/11/../../x.jpg")).rejects.toThrow();
  });
});

describe("UploadThingStorage against a local server speaking its protocol", () => {
  it("uploads with a valid signature, reads back through file access, deletes", async () => {
    const storage = new UploadThingStorage(TOKEN, { apiUrl: base, ingestUrl: base });
    const key = newStorageKey();
    const bytes = new Uint8Array(await jpeg(50, 50));
    const result = await storage.put(key, bytes, "image/jpeg");
    expect(result.backend).toBe("uploadthing");
    expect(result.remoteUrl).toContain("/f/");
    expect(Buffer.from((await storage.get(key))!).equals(Buffer.from(bytes))).toBe(true);
    await storage.delete(key);
    expect(await storage.get(key)).toBeNull();
  });

  it("reports a refused upload (wrong key) as an error", async () => {
    const bad = Buffer.from(JSON.stringify({ apiKey: "sk_wrong", appId: APP_ID, regions: ["sea1"] })).toString("base64");
    const storage = new UploadThingStorage(bad, { apiUrl: base, ingestUrl: base });
    await expect(storage.put(newStorageKey(), new Uint8Array([1]), "image/jpeg")).rejects.toThrow(/403/);
  });

  it("is used for complaints when UPLOADTHING_TOKEN is set, and photos are served from it", async () => {
    process.env.UPLOADTHING_TOKEN = TOKEN;
    process.env.UPLOADTHING_API_URL = base;
    process.env.UPLOADTHING_INGEST_URL = base;
    try {
      const localBefore = filesUnder(process.env.UPLOAD_DIR!).length;
      const result = await createComplaint(
        { unitId: await unitIdBySlugPart("Seberang Ulu Dua"), category: "FACILITY", description: GOOD_DESCRIPTION, privacy: "anonymous" },
        { photos: [{ name: "a.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg(300, 200, { gps: true })) }] },
      );
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      const attachment = await db.attachment.findFirstOrThrow({ where: { complaintId: result.complaint.id } });
      expect(attachment.backend).toBe("uploadthing");
      expect(filesUnder(process.env.UPLOAD_DIR!).length).toBe(localBefore);
      const res = await run(attachmentLoader, makeRequest(`/attachments/${attachment.id}`), { id: String(attachment.id) });
      expect(res.status).toBe(200);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect(meta.exif).toBeUndefined();
    } finally {
      delete process.env.UPLOADTHING_TOKEN;
    }
  });
});

describe("no half-stored complaint", () => {
  it("a failed transaction leaves no row and deletes the saved photo", async () => {
    const before = await db.complaint.count();
    const filesBefore = filesUnder(process.env.UPLOAD_DIR!).length;
    // The complaint row is inserted, then the next statement of the same transaction fails.
    await db.$executeRawUnsafe(`CREATE TRIGGER "test_fail_event" BEFORE INSERT ON "ComplaintEvent" BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    try {
      await expect(
        createComplaint(
          { unitId: await unitIdBySlugPart("Seberang Ulu Dua"), category: "FACILITY", description: GOOD_DESCRIPTION, privacy: "anonymous" },
          { photos: [{ name: "a.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg(80, 80)) }] },
        ),
      ).rejects.toThrow("disk full");
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER "test_fail_event"`);
    }
    expect(await db.complaint.count()).toBe(before);
    expect(filesUnder(process.env.UPLOAD_DIR!).length).toBe(filesBefore);
  });

  it("a failed photo save leaves no complaint row and no file", async () => {
    const before = await db.complaint.count();
    const filesBefore = filesUnder(process.env.UPLOAD_DIR!).length;
    const { getStorage } = await import("~/lib/storage.server");
    const storage = getStorage();
    const original = storage.put.bind(storage);
    let calls = 0;
    const spy = vi.spyOn(storage, "put").mockImplementation(async (...a) => {
      if (++calls === 2) throw new Error("storage down");
      return original(...a);
    });
    const p = { name: "a.jpg", type: "image/jpeg", bytes: new Uint8Array(await jpeg(80, 80)) };
    await expect(
      createComplaint({ unitId: await unitIdBySlugPart("Seberang Ulu Dua"), category: "FACILITY", description: GOOD_DESCRIPTION, privacy: "anonymous" }, { photos: [p, p] }),
    ).rejects.toThrow("storage down");
    spy.mockRestore();
    expect(await db.complaint.count()).toBe(before);
    expect(filesUnder(process.env.UPLOAD_DIR!).length).toBe(filesBefore);
    void sha256;
  });
});
