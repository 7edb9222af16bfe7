// Strings of the complaints capability. Bahasa Indonesia first; English must have the same keys.
const id = {} as const;

const en: Record<keyof typeof id, string> = {};

export const complaints = { id, en };
