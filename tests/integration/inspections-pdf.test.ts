import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { processImage } from "~/lib/images.server";
import { getStorage, newStorageKey } from "~/lib/storage.server";
import { formatDateTime, wibDateKey } from "~/lib/time";
import { addCalendarDays } from "~/lib/working-days";
import { renderBeritaAcara } from "~/lib/berita-acara.server";
import * as pdfRoute from "~/routes/inspections.$id.report[.]pdf";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { post, startSidak, SU2, unitByName, validFinding } from "./inspections-support";

// The Berita Acara Sidak as a reader gets it: the PDF's text, extracted with poppler's pdftotext,
// names the unit, the finding's quantity and the directive's deadline. The 20-finding, 40-photo
// report's render time is printed (issue 4 asks for under 3 s), never asserted.

const PDFTOTEXT = "/usr/bin/pdftotext";

function pdfText(pdf: Uint8Array): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-pdf-"));
  try {
    const file = path.join(dir, "ba.pdf");
    fs.writeFileSync(file, pdf);
    return execFileSync(PDFTOTEXT, ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

let inspector: string;
let su2: { id: number; name: string };

beforeAll(async () => {
  inspector = await cookieFor(DEMO.inspector);
  su2 = await unitByName(SU2);
});

describe("Berita Acara Sidak PDF", () => {
  it("answers application/pdf whose text names the unit, the quantity and the deadline", async () => {
    const id = await startSidak(inspector, su2.id);
    const due = addCalendarDays(wibDateKey(new Date()), 7);
    await post(inspector, id, { ...validFinding, directiveDueAt: due });
    await post(inspector, id, { intent: "submit" });
    const followUp = await db.followUp.findFirstOrThrow({ where: { finding: { inspectionId: id } } });

    const res = await run(pdfRoute.loader as never, makeRequest(`/inspections/${id}/report.pdf`, { cookie: inspector }), { id: String(id) });
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/pdf");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    const text = pdfText(bytes);
    expect(text).toContain("BERITA ACARA SIDAK");
    expect(text).toContain(su2.name);
    expect(text).toContain("1.240 kartu");
    expect(text).toContain(validFinding.directive);
    expect(text).toContain(formatDateTime(followUp.dueAt, "id"));
    expect(text).toContain("Kepala unit");
    expect(text).toContain("Inspektur");
  });

  it("renders a report of 20 findings with 40 photos (time printed)", async () => {
    const id = await startSidak(inspector, su2.id);
    // A phone-like photo: gradient with noise, re-encoded through the real image pipeline once, then
    // stored 40 times (the PDF embeds the stored JPEG bytes as they are).
    const raw = await sharp({ create: { width: 2048, height: 1536, channels: 3, background: { r: 90, g: 120, b: 110 }, noise: { type: "gaussian", mean: 0, sigma: 18 } } })
      .jpeg({ quality: 90 })
      .toBuffer();
    const image = await processImage(new Uint8Array(raw));
    const storage = getStorage();
    for (let i = 0; i < 20; i++) {
      const res = await post(inspector, id, {
        ...validFinding,
        description: `Temuan nomor ${i + 1}: dokumen kependudukan belum diserahkan kepada warga.`,
        quantity: String(100 + i),
      });
      expect(res.status).toBe(303);
    }
    const findings = await db.finding.findMany({ where: { inspectionId: id }, orderBy: { id: "asc" } });
    for (const f of findings) {
      for (let k = 0; k < 2; k++) {
        const stored = await storage.put(newStorageKey("jpg"), image.bytes, image.mime);
        await db.attachment.create({ data: { storageKey: stored.key, backend: stored.backend, remoteUrl: stored.remoteUrl, mime: image.mime, bytes: stored.bytes, width: image.width, height: image.height, findingId: f.id } });
      }
    }
    await post(inspector, id, { intent: "submit" });
    const viewer = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });

    const started = performance.now();
    const pdf = await renderBeritaAcara({ id: viewer.id, role: "INSPECTOR", unitId: null }, id);
    const ms = performance.now() - started;
    console.log(`[bench] Berita Acara, 20 findings, 40 photos (${(image.bytes.byteLength / 1024).toFixed(0)} KB each): ${ms.toFixed(0)} ms, ${(pdf.byteLength / 1024 / 1024).toFixed(1)} MB`);

    const text = pdfText(pdf);
    expect(text).toContain("Temuan nomor 20");
    // Every photo is embedded: 40 image XObjects.
    expect(pdf.toString("latin1").match(/\/Subtype \/Image/g)?.length).toBe(40);
  });
});
