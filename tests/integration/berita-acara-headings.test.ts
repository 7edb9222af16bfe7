import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { buildPdf } from "~/lib/berita-acara.server";
import { getInspection } from "~/models/inspection/queries.server";
import { demoUsers } from "../support/followups";

// Issue 16, item 3: in the Berita Acara PDF a section heading never stands alone at the foot of a page
// (heading C was left at the bottom of page 1, its directives on page 2). The summary is lengthened line
// by line so that every heading in turn falls near a page break; each page's text is read with poppler's
// pdftotext and its last line must not be a heading.

const HEADINGS = ["A. Hasil daftar periksa", "B. Temuan", "C. Arahan dan batas waktu", "D. Amandemen"];

function pages(pdf: Buffer): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-ba-"));
  try {
    const file = path.join(dir, "ba.pdf");
    fs.writeFileSync(file, pdf);
    return execFileSync("/usr/bin/pdftotext", ["-enc", "UTF-8", "-layout", file, "-"], { encoding: "utf8" }).split("\f").filter((p) => p.trim());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("Berita Acara PDF page breaks", () => {
  it("keeps every section heading on the page of its section's first lines", async () => {
    const { inspector } = await demoUsers();
    const inspection = await db.inspection.findFirstOrThrow({ where: { status: "SUBMITTED", findings: { some: { directive: { not: null } } } }, orderBy: { id: "asc" } });
    const view = await getInspection(inspector, inspection.id);
    const seen = new Set<string>();
    let breaksNearHeadings = 0;
    for (let lines = 0; lines <= 45; lines += 5) {
      const summary = Array.from({ length: lines }, (_, i) => `Catatan ringkasan baris ${i + 1}.`).join("\n");
      const pdf = await buildPdf({ ...view, summary: summary || view.summary }, new Map(), { unitHeadName: "Kepala Unit", kecamatanName: "Seberang Ulu Dua", kelurahanName: "" });
      const texts = pages(pdf);
      for (const [i, page] of texts.entries()) {
        const pageLines = page.split("\n").map((l) => l.trim()).filter(Boolean);
        const last = pageLines[pageLines.length - 1] ?? "";
        if (i < texts.length - 1) expect(HEADINGS.some((h) => last.startsWith(h)), `summary of ${lines} lines, page ${i + 1} ends with "${last}"`).toBe(false);
        // A heading at the top of a page: the break came right before it (what the rule is for).
        const first = pageLines.find((l) => HEADINGS.some((h) => l.startsWith(h)));
        if (i > 0 && first && pageLines.indexOf(first) <= 1) breaksNearHeadings++;
        for (const h of HEADINGS) if (page.includes(h)) seen.add(h);
      }
    }
    expect([...seen]).toEqual(expect.arrayContaining(HEADINGS.slice(0, 3)));
    expect(breaksNearHeadings).toBeGreaterThan(0); // the sweep did reach the case
  }, 30_000);
});
