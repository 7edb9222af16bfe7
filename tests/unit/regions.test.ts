import { describe, expect, it } from "vitest";
import { findKecamatan, findKelurahan, palembangRegions, regionNames } from "~/lib/regions.server";

// The official lists the admin chooses from (idn-area-data, Kota Palembang = 16.71).

describe("Palembang regions", () => {
  it("has the 18 kecamatan and 107 kelurahan with Kemendagri codes", async () => {
    const regions = await palembangRegions();
    expect(regions).toHaveLength(18);
    expect(regions.reduce((n, k) => n + k.kelurahan.length, 0)).toBe(107);
    for (const kec of regions) {
      expect(kec.code).toMatch(/^16\.71\.\d{2}$/);
      expect(kec.kelurahan.length).toBeGreaterThan(0);
      for (const kel of kec.kelurahan) expect(kel.code.startsWith(`${kec.code}.`) && /^16\.71\.\d{2}\.\d{4}$/.test(kel.code)).toBe(true);
    }
    expect(regions.map((r) => r.code)).toEqual([...regions.map((r) => r.code)].sort());
    expect(await palembangRegions()).toBe(regions); // read once, kept in memory
  });

  it("finds a kelurahan only inside its own kecamatan", async () => {
    expect((await findKecamatan("16.71.03"))?.name).toBe("Seberang Ulu Dua");
    expect(await findKecamatan("16.72.01")).toBeUndefined();
    expect((await findKelurahan("16.71.03", "16.71.03.1006"))?.name).toBe("Tanggatakat");
    expect(await findKelurahan("16.71.01", "16.71.03.1006")).toBeUndefined();
    expect((await regionNames()).get("16.71.15")).toBe("Alang-Alang Lebar");
    expect((await findKecamatan("16.71.11"))?.name).toBe("Bukit Kecil");
    expect((await findKecamatan("16.71.16"))?.name).toBe("Sematang Borang");
  });
});
