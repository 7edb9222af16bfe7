// The fixed lists of a sidak that forms and pages share (no Zod here, so a page can import them cheaply).

export const MAX_QUANTITY = 1_000_000;
/** Offered under the finding's count (the field still takes any unit up to 30 characters). */
export const QUANTITY_UNITS = ["kartu", "dokumen", "orang", "menit", "jenis", "unit"] as const;
export const TRIGGERS = ["ROUTINE", "COMPLAINTS"] as const;
