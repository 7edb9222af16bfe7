import { getDistricts, getVillages } from "idn-area-data";
import { PALEMBANG_REGION_CODE } from "../../app/lib/codes";
import { kecamatanName } from "../../app/lib/kecamatan";

// Kota Palembang as the demo knows it. Codes and official names come from idn-area-data (the
// Kemendagri codes); the package writes some names run together ("Bukitkecil", "Alang-alang Lebar"),
// so the display names come from app/lib/kecamatan.ts, the one source of the official spellings. Centres are approximate, placed so
// that the Seberang Ulu kecamatan (south bank) lie south of the Musi, which crosses the city at about
// latitude -2.99 near the Ampera bridge.

export type Kecamatan = {
  code: string; // "16.71.03"
  name: string; // display name
  officialName: string; // as in idn-area-data
  short: string; // slug part: "su2"
  lat: number;
  lng: number;
  kelurahan: Array<{ code: string; name: string }>;
};

const META: Record<string, { short: string; lat: number; lng: number }> = {
  "16.71.01": { short: "ib2", lat: -2.9905, lng: 104.7415 },
  "16.71.02": { short: "su1", lat: -3.0035, lng: 104.7605 },
  "16.71.03": { short: "su2", lat: -3.0005, lng: 104.7860 },
  "16.71.04": { short: "ib1", lat: -2.9670, lng: 104.7290 },
  "16.71.05": { short: "it1", lat: -2.9800, lng: 104.7545 },
  "16.71.06": { short: "it2", lat: -2.9775, lng: 104.7905 },
  "16.71.07": { short: "sukarami", lat: -2.9330, lng: 104.7180 },
  "16.71.08": { short: "sako", lat: -2.9420, lng: 104.8050 },
  "16.71.09": { short: "kemuning", lat: -2.9610, lng: 104.7550 },
  "16.71.10": { short: "kalidoni", lat: -2.9570, lng: 104.7900 },
  "16.71.11": { short: "bukit-kecil", lat: -2.9860, lng: 104.7490 },
  "16.71.12": { short: "gandus", lat: -2.9960, lng: 104.6900 },
  "16.71.13": { short: "kertapati", lat: -3.0300, lng: 104.7450 },
  "16.71.14": { short: "plaju", lat: -3.0060, lng: 104.8080 },
  "16.71.15": { short: "aal", lat: -2.9400, lng: 104.7280 },
  "16.71.16": { short: "sematang-borang", lat: -2.9330, lng: 104.8300 },
  "16.71.17": { short: "jakabaring", lat: -3.0180, lng: 104.7830 },
  "16.71.18": { short: "it3", lat: -2.9720, lng: 104.7730 },
};

let cached: Promise<Kecamatan[]> | undefined;

/** The 18 kecamatan of Kota Palembang with their kelurahan, in code order. */
export function loadPalembang(): Promise<Kecamatan[]> {
  cached ??= (async () => {
    const prefix = `${PALEMBANG_REGION_CODE}.`;
    const [districts, villages] = await Promise.all([getDistricts(), getVillages()]);
    const result: Kecamatan[] = districts
      .filter((d) => d.code.startsWith(prefix))
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((d) => {
        const meta = META[d.code];
        if (!meta) throw new Error(`idn-area-data has a Palembang kecamatan the seed does not know: ${d.code}`);
        return {
          code: d.code,
          name: kecamatanName(d.code),
          officialName: d.name,
          short: meta.short,
          lat: meta.lat,
          lng: meta.lng,
          kelurahan: villages
            .filter((v) => v.district_code === d.code)
            .sort((a, b) => a.code.localeCompare(b.code))
            .map((v) => ({ code: v.code, name: v.name })),
        };
      });
    if (result.length !== 18) throw new Error(`Expected 18 kecamatan in Palembang, idn-area-data has ${result.length}`);
    return result;
  })();
  return cached;
}

export type UnitSeed = {
  slug: string;
  name: string;
  type: "DUKCAPIL" | "PUSKESMAS" | "KECAMATAN" | "KELURAHAN";
  kecamatanCode: string;
  kelurahanCode: string | null;
  address: string;
  lat: number;
  lng: number;
  phone: string | null;
};

// Puskesmas of Palembang by kecamatan: [name, kelurahan name as in idn-area-data (or null), offset].
// The offsets spread units of one kecamatan apart on the map (degrees, about 100 m per 0.001).
const PUSKESMAS: Record<string, Array<[string, string | null, number, number]>> = {
  "16.71.01": [["Makrayu", "Tiga-puluh-dua Ilir", -0.002, -0.006]],
  "16.71.02": [["4 Ulu", "Tiga Empat Ulu", 0.002, 0.004], ["7 Ulu", "Tujuh Ulu", -0.003, 0.007]],
  "16.71.03": [["Nagaswidak", "Tanggatakat", -0.006, 0.005], ["11 Ulu", "Sebelas Ulu", 0.003, -0.008]],
  "16.71.04": [["Kampus", "Lorokpakjo", 0.004, 0.006], ["Padang Selasa", "Bukitlama", -0.004, -0.004]],
  "16.71.05": [["Dempo", "Lima-belas Ilir", -0.003, 0.003]],
  "16.71.06": [["Boom Baru", "Tiga Ilir", -0.004, 0.006]],
  "16.71.07": [["Sukarami", "Sukarami", 0.003, -0.005], ["Talang Betutu", "Talangbetutu", 0.018, -0.012]],
  "16.71.08": [["Sako", "Sako", 0.004, 0.004], ["Multiwahana", "Sialang", -0.006, -0.006]],
  "16.71.09": [["Sekip", "Sekipjaya", 0.003, -0.003]],
  "16.71.10": [["Kenten", "Bukitsangkal", 0.006, -0.006], ["Kalidoni", "Kalidoni", -0.003, 0.004]],
  "16.71.11": [["Merdeka", "Talangsemut", 0.002, -0.004], ["23 Ilir", "Dua-puluh-tiga Ilir", -0.002, 0.002]],
  "16.71.12": [["Gandus", "Gandus", 0.003, 0.005]],
  "16.71.13": [["Kertapati", "Kemasrindo", 0.004, 0.004], ["Keramasan", "Keramasan", -0.006, -0.012]],
  "16.71.14": [["Plaju", "Plaju Ulu", -0.003, -0.003]],
  "16.71.15": [["Alang-Alang Lebar", "Alang-Alang Lebar", -0.004, 0.003]],
  "16.71.16": [["Sematang Borang", "Srimulya", 0.004, -0.004]],
  "16.71.17": [["Opi", "Silaberanti", -0.004, 0.006]],
  "16.71.18": [["11 Ilir", "Sebelas Ilir", 0.003, 0.003]],
};

// A few kantor kelurahan, so that unit type has examples in the demo too.
const KELURAHAN_OFFICES: Array<[string, string, number, number]> = [
  ["16.71.03", "Tanggatakat", -0.004, 0.008],
  ["16.71.03", "Sentosa", -0.007, -0.003],
  ["16.71.15", "Srijaya", 0.006, 0.006],
  ["16.71.11", "Talangsemut", 0.004, -0.002],
  ["16.71.06", "Lawangkidul", 0.002, 0.009],
  ["16.71.17", "Silaberanti", -0.003, -0.006],
];

const slugify = (s: string) =>
  s.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");

/** The official code of a kelurahan named as in idn-area-data; a typo fails loudly instead of seeding null. */
function kelurahanCode(kec: Kecamatan, name: string | null): string | null {
  if (!name) return null;
  const found = kec.kelurahan.find((k) => k.name.toLowerCase() === name.toLowerCase());
  if (!found) throw new Error(`No kelurahan "${name}" in ${kec.name} in idn-area-data`);
  return found.code;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * The demo's units: one UPT Dukcapil and one kantor kecamatan per kecamatan, the Puskesmas above and a
 * few kantor kelurahan. Slugs of the Dukcapil units use the kecamatan's short name ("dukcapil-su2"),
 * which the contract's demo e-mail addresses are built from.
 */
export function palembangUnits(kecamatan: Kecamatan[]): UnitSeed[] {
  const units: UnitSeed[] = [];
  for (const kec of kecamatan) {
    const first = kec.kelurahan[0];
    units.push({
      slug: `dukcapil-${kec.short}`,
      name: `UPT Dukcapil ${kec.name}`,
      type: "DUKCAPIL",
      kecamatanCode: kec.code,
      kelurahanCode: first?.code ?? null,
      address: `Kantor UPT Dukcapil, Kecamatan ${kec.name}, Palembang`,
      lat: round6(kec.lat + 0.0012),
      lng: round6(kec.lng - 0.0015),
      phone: null,
    });
    units.push({
      slug: `kecamatan-${kec.short}`,
      name: `Kantor Kecamatan ${kec.name}`,
      type: "KECAMATAN",
      kecamatanCode: kec.code,
      kelurahanCode: first?.code ?? null,
      address: `Kantor Camat ${kec.name}, Palembang`,
      lat: round6(kec.lat),
      lng: round6(kec.lng),
      phone: null,
    });
    for (const [name, kel, dLat, dLng] of PUSKESMAS[kec.code] ?? []) {
      units.push({
        slug: `puskesmas-${slugify(name)}`,
        name: `Puskesmas ${name}`,
        type: "PUSKESMAS",
        kecamatanCode: kec.code,
        kelurahanCode: kelurahanCode(kec, kel),
        address: `Puskesmas ${name}, Kecamatan ${kec.name}, Palembang`,
        lat: round6(kec.lat + dLat),
        lng: round6(kec.lng + dLng),
        phone: null,
      });
    }
  }
  for (const [code, kel, dLat, dLng] of KELURAHAN_OFFICES) {
    const kec = kecamatan.find((k) => k.code === code)!;
    const kelCode = kelurahanCode(kec, kel)!;
    const display = kec.kelurahan.find((k) => k.code === kelCode)!.name;
    units.push({
      slug: `kelurahan-${slugify(display)}`,
      name: `Kantor Lurah ${display}`,
      type: "KELURAHAN",
      kecamatanCode: code,
      kelurahanCode: kelCode,
      address: `Kantor Lurah ${display}, Kecamatan ${kec.name}, Palembang`,
      lat: round6(kec.lat + dLat),
      lng: round6(kec.lng + dLng),
      phone: null,
    });
  }
  return units;
}
