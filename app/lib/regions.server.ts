import { getDistricts, getVillages } from "idn-area-data";
import { PALEMBANG_REGION_CODE } from "./codes";
import { kecamatanName } from "./kecamatan";

// The official kecamatan (18) and kelurahan (107) of Kota Palembang (region 16.71), from idn-area-data
// (Kemendagri codes; kecamatan names from ./kecamatan, the official spellings: "16.71.03" for a kecamatan, "16.71.03.1001" for a kelurahan, as the demo seed uses).
// The package parses the whole country's CSV (about 84,000 villages), so the result is read once per
// process and kept in memory.

export type Region = { code: string; name: string };
export type KecamatanRegion = Region & { kelurahan: Region[] };

let cached: Promise<KecamatanRegion[]> | undefined;

/** The 18 kecamatan of Palembang in code order, each with its kelurahan in code order. */
export function palembangRegions(): Promise<KecamatanRegion[]> {
  cached ??= load().catch((error) => {
    cached = undefined; // a failed read is retried next time rather than cached
    throw error;
  });
  return cached;
}

async function load(): Promise<KecamatanRegion[]> {
  const prefix = `${PALEMBANG_REGION_CODE}.`;
  const [districts, villages] = await Promise.all([getDistricts(), getVillages()]);
  const byCode = (a: Region, b: Region) => a.code.localeCompare(b.code);
  const kelurahanOf = new Map<string, Region[]>();
  for (const v of villages) {
    if (!v.code.startsWith(prefix)) continue;
    const list = kelurahanOf.get(v.district_code) ?? [];
    list.push({ code: v.code, name: v.name });
    kelurahanOf.set(v.district_code, list);
  }
  const result = districts
    .filter((d) => d.code.startsWith(prefix))
    .map((d) => ({ code: d.code, name: kecamatanName(d.code), kelurahan: (kelurahanOf.get(d.code) ?? []).sort(byCode) }))
    .sort(byCode);
  if (result.length === 0) throw new Error(`idn-area-data has no kecamatan for region ${PALEMBANG_REGION_CODE}`);
  return result;
}

/** The 18 kecamatan as filter choices (code and official name), in code order. */
export async function kecamatanChoices(): Promise<Region[]> {
  return (await palembangRegions()).map((k) => ({ code: k.code, name: k.name }));
}

export async function findKecamatan(code: string | null | undefined): Promise<KecamatanRegion | undefined> {
  if (!code) return undefined;
  return (await palembangRegions()).find((k) => k.code === code);
}

/** The kelurahan with this code, only when it lies in the given kecamatan. */
export async function findKelurahan(kecamatanCode: string, kelurahanCode: string): Promise<Region | undefined> {
  return (await findKecamatan(kecamatanCode))?.kelurahan.find((k) => k.code === kelurahanCode);
}

/** code → name for both levels, for showing stored codes. */
export async function regionNames(): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const kec of await palembangRegions()) {
    names.set(kec.code, kec.name);
    for (const kel of kec.kelurahan) names.set(kel.code, kel.name);
  }
  return names;
}
