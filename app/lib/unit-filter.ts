// The unit filter of the lists (/complaints, /follow-ups, /inspections) offers the units of one
// kecamatan: the one chosen, or the chosen unit's. A city has about 200 units; listing them all put every
// name in each page twice (the options, and the loader data that hydrates them): 24 KB of an inspector's
// 54 KB list and 22 KB of the public list's 51 KB, on every visit (issue 17). The kecamatan is chosen
// first, as on SP4N-LAPOR!'s region fields; without JavaScript the form is sent once for the kecamatan,
// then the unit list is there.

type Unit = { id: number; name: string; kecamatanCode: string };

/** The units to offer, by name, and whether a kecamatan must be chosen first (none offered yet). */
export function unitFilterChoices(units: Unit[], filter: { kecamatan?: string; unitId?: number }): { units: Array<{ id: number; name: string }>; chooseKecamatanFirst: boolean } {
  const kecamatan = filter.kecamatan || units.find((u) => u.id === filter.unitId)?.kecamatanCode;
  if (!kecamatan) return { units: [], chooseKecamatanFirst: true };
  return { units: units.filter((u) => u.kecamatanCode === kecamatan).map(({ id, name }) => ({ id, name })), chooseKecamatanFirst: false };
}
