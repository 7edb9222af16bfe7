// Strings of the transparency capability. Bahasa Indonesia first; English must have the same keys.
const id = {} as const;

const en: Record<keyof typeof id, string> = {};

export const transparency = { id, en };
