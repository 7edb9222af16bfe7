import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { KECAMATAN_NAMES } from "~/lib/kecamatan";
import { palembangRegions, regionNames } from "~/lib/regions.server";
import { followUpFilterOptions } from "~/models/follow-up/inbox.server";
import { listFilterOptions } from "~/models/complaint/public-list.server";
import { getMapFilterOptions } from "~/models/map.server";
import { getDashboard, makePeriod } from "~/models/dashboard.server";

// Issue 16, item 8: one source of the official kecamatan names; no place shows a code or the
// run-together spellings of idn-area-data ("Bukitkecil", "Sematangborang").

const OFFICIAL = new Set(Object.values(KECAMATAN_NAMES));

function expectOfficial(options: Array<{ code: string; name: string }>, where: string) {
  expect(options.length, where).toBeGreaterThan(0);
  for (const o of options) {
    expect(o.name, `${where}: ${o.code}`).toBe(KECAMATAN_NAMES[o.code]);
    expect(o.name, where).not.toMatch(/^\d/);
  }
  expect(new Set(options.map((o) => o.code)).size, `${where}: each once`).toBe(options.length);
}

describe("kecamatan names", () => {
  it("are the 18 official spellings", () => {
    expect(OFFICIAL.size).toBe(18);
    expect(OFFICIAL).toContain("Bukit Kecil");
    expect(OFFICIAL).toContain("Sematang Borang");
    expect(OFFICIAL).toContain("Alang-Alang Lebar");
  });

  it("are the same in the region lists, every filter and the dashboard", async () => {
    expectOfficial(await palembangRegions(), "regions (admin unit form, inspections filter, Open311)");
    const names = await regionNames();
    expect(names.get("16.71.11")).toBe("Bukit Kecil");
    expectOfficial((await followUpFilterOptions()).kecamatan, "follow-ups filter");
    expectOfficial((await listFilterOptions({})).kecamatan, "public complaints filter");
    expectOfficial((await getMapFilterOptions()).kecamatan, "map filter");
    const dashboard = await getDashboard(makePeriod("2026-01-01", "2026-12-31"), "public");
    expectOfficial(dashboard.kecamatan, "dashboard");
  });

  it("are fixed in stored unit names and addresses by the migration", () => {
    const file = process.env.DATABASE_URL!.replace(/^file:/, "");
    const sqlite = new Database(file);
    try {
      const kec = sqlite.prepare(`SELECT id FROM Unit WHERE kecamatanCode = '16.71.11' LIMIT 1`).get() as { id: number };
      sqlite.prepare(`UPDATE Unit SET name = 'Kantor Kecamatan Bukitkecil', address = 'Jl. Merdeka, Sematangborang / Alang-alang Lebar' WHERE id = ?`).run(kec.id);
      const migration = fs.readdirSync("prisma/migrations").find((d) => d.endsWith("_official_kecamatan_names"))!;
      sqlite.exec(fs.readFileSync(path.join("prisma/migrations", migration, "migration.sql"), "utf8"));
      expect(sqlite.prepare(`SELECT name, address FROM Unit WHERE id = ?`).get(kec.id)).toEqual({
        name: "Kantor Kecamatan Bukit Kecil",
        address: "Jl. Merdeka, Sematang Borang / Alang-Alang Lebar",
      });
      const left = sqlite.prepare(`SELECT count(*) AS n FROM Unit WHERE name GLOB '*Bukitkecil*' OR address GLOB '*Sematangborang*'`).get() as { n: number };
      expect(left.n).toBe(0);
    } finally {
      sqlite.close();
    }
  });
});
