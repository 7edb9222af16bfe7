// The one source of Kota Palembang's kecamatan names (codes 16.71.xx, Kemendagri). idn-area-data has the
// codes but writes some names run together ("Bukitkecil", "Sematangborang", "Alang-alang Lebar"); these
// are the official spellings, as on the offices' signs. Every page, export and the seed read them here;
// plain module (no server imports) so browser code may use it too.

export const KECAMATAN_NAMES: Readonly<Record<string, string>> = {
  "16.71.01": "Ilir Barat Dua",
  "16.71.02": "Seberang Ulu Satu",
  "16.71.03": "Seberang Ulu Dua",
  "16.71.04": "Ilir Barat Satu",
  "16.71.05": "Ilir Timur Satu",
  "16.71.06": "Ilir Timur Dua",
  "16.71.07": "Sukarami",
  "16.71.08": "Sako",
  "16.71.09": "Kemuning",
  "16.71.10": "Kalidoni",
  "16.71.11": "Bukit Kecil",
  "16.71.12": "Gandus",
  "16.71.13": "Kertapati",
  "16.71.14": "Plaju",
  "16.71.15": "Alang-Alang Lebar",
  "16.71.16": "Sematang Borang",
  "16.71.17": "Jakabaring",
  "16.71.18": "Ilir Timur Tiga",
};

/** The official name of a kecamatan code; an unknown code is shown as it is rather than hidden. */
export function kecamatanName(code: string): string {
  return KECAMATAN_NAMES[code] ?? code;
}

/** Filter choices for a set of kecamatan codes: each once, named, in alphabetical order of the name. */
export function kecamatanOptions(codes: Iterable<string>): Array<{ code: string; name: string }> {
  return [...new Set(codes)].map((code) => ({ code, name: kecamatanName(code) })).sort((a, b) => a.name.localeCompare(b.name, "id"));
}
