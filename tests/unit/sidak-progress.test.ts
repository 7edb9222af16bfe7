import { describe, expect, it } from "vitest";
import { sidakProgress } from "~/models/inspection/progress";

// Issue 21: what the sidak progress bar and the review before "Kirim sidak" show.

const items = [
  { id: 11, label: "Loket buka tepat waktu", section: "Pelayanan" },
  { id: 12, label: "Pengumuman GRATIS terpasang", section: "Pelayanan" },
  { id: 21, label: "Kursi ruang tunggu cukup", section: "Sarana" },
  { id: 22, label: "Toilet bersih", section: "Sarana" },
  { id: 31, label: "KTP-el jadi diserahkan", section: "Dokumen" },
];

describe("sidak progress", () => {
  it("counts answered items overall and per section, in checklist order, and points at the first unanswered one", () => {
    const p = sidakProgress(items, [12, 21, 22], []);
    expect([p.answered, p.total]).toEqual([3, 5]);
    expect(p.sections.map((s) => [s.name, s.anchor, s.answered, s.total, s.complete])).toEqual([
      ["Pelayanan", "section-1", 1, 2, false],
      ["Sarana", "section-2", 2, 2, true],
      ["Dokumen", "section-3", 0, 1, false],
    ]);
    expect(p.nextUnansweredId).toBe(11);
    expect(p.unanswered.map((i) => i.id)).toEqual([11, 31]);
  });

  it("has no next item once everything is answered, and an empty checklist is complete", () => {
    expect(sidakProgress(items, [11, 12, 21, 22, 31], []).nextUnansweredId).toBeNull();
    const empty = sidakProgress([], [], []);
    expect([empty.answered, empty.total, empty.sections.length, empty.nextUnansweredId]).toEqual([0, 0, 0, null]);
  });

  it("lists the findings that carry no directive and counts those that do", () => {
    const p = sidakProgress(items, [], [
      { id: 1, category: "FACILITY", severity: "LOW", directive: null },
      { id: 2, category: "EXTORTION", severity: "CRITICAL", directive: "Hentikan pungutan hari ini." },
      { id: 3, category: "OTHER", severity: "MEDIUM", directive: "" },
    ]);
    expect(p.findingsWithoutDirective.map((f) => f.id)).toEqual([1, 3]);
    expect([p.directives, p.findings]).toEqual([1, 3]);
  });
});
