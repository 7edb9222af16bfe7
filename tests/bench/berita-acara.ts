// Render time of the Berita Acara Sidak PDF for a large report: 20 findings with 40 photos (issue 4
// asks for under 3 s). Synthetic data, no database: `npx tsx tests/bench/berita-acara.ts`.
// Prints each run and the median; an integration test (inspections-pdf) measures the same through
// the database and the storage backend.
import sharp from "sharp";
import { processImage } from "../../app/lib/images.server";
import { buildPdf } from "../../app/lib/berita-acara.server";
import type { InspectionView } from "../../app/models/inspection/queries.server";

const RUNS = Number(process.env.RUNS ?? 5);

// A phone-like photo after the upload pipeline: 2048 × 1536, re-encoded JPEG.
const raw = await sharp({ create: { width: 2048, height: 1536, channels: 3, background: { r: 90, g: 120, b: 110 }, noise: { type: "gaussian", mean: 0, sigma: 18 } } })
  .jpeg({ quality: 90 })
  .toBuffer();
const photo = Buffer.from((await processImage(new Uint8Array(raw))).bytes);
const photos = new Map<number, Buffer>();
for (let i = 1; i <= 40; i++) photos.set(i, photo);

const now = new Date();
const findings = Array.from({ length: 20 }, (_, i) => ({
  id: i + 1,
  itemId: null,
  category: "UNDISTRIBUTED_DOCUMENT",
  severity: "HIGH",
  description: `Temuan ${i + 1}: KTP-el jadi tersimpan dalam kardus dan belum diserahkan kepada warga.`,
  quantity: 1240 - i * 10,
  quantityUnit: "kartu",
  oldestDate: new Date("2020-03-02T00:00:00+07:00"),
  directive: "Serahkan seluruh dokumen kepada warga bersama kecamatan dan kelurahan.",
  directiveDueAt: new Date(now.getTime() + 14 * 86_400_000),
  createdAt: now,
  attachments: [{ id: 2 * i + 1, mime: "image/jpeg", width: 2048, height: 1536, hiddenAt: null }, { id: 2 * i + 2, mime: "image/jpeg", width: 2048, height: 1536, hiddenAt: null }],
  followUps: [],
  history: [{ at: now.toISOString(), value: 1240, source: "INSPECTION" as const }],
}));
const view = {
  id: 1,
  status: "SUBMITTED",
  startedAt: now,
  submittedAt: now,
  team: "Wakil Wali Kota\nKepala Dinas Dukcapil\nInspektorat",
  trigger: "COMPLAINTS",
  summary: null,
  score: 40,
  inspectorId: 1,
  templateId: null,
  unit: { id: 1, name: "UPT Dukcapil Seberang Ulu Dua", type: "DUKCAPIL", address: "Jl. KH Azhari", kecamatanCode: "16.71.03", kelurahanCode: null },
  inspector: { id: 1, name: "Inspektur" },
  template: null,
  items: [],
  answers: [],
  scores: { sections: [], total: 40 },
  findings,
  complaints: [],
  amendments: [],
  attachments: [],
} as unknown as InspectionView;

const times: number[] = [];
let size = 0;
for (let r = 0; r < RUNS; r++) {
  const started = performance.now();
  const pdf = await buildPdf(view, photos, { unitHeadName: "Kepala UPT", kecamatanName: "Seberang Ulu Dua", kelurahanName: "" });
  times.push(performance.now() - started);
  size = pdf.byteLength;
  console.log(`run ${r + 1}: ${times.at(-1)!.toFixed(0)} ms`);
}
times.sort((a, b) => a - b);
console.log(`Berita Acara, 20 findings, 40 photos of ${(photo.byteLength / 1024).toFixed(0)} KB: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, ${(size / 1024 / 1024).toFixed(1)} MB`);
