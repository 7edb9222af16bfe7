// Working with a bad signal (issue 15): repeat-safe forms, the send queue, drafts, confirmations.
const id = {
  "offline.error.idempotencyKey": "Formulir ini tidak bisa dikirim dengan aman. Muat ulang halaman lalu kirim lagi.",
} as const;

// English lives in ./offline.en.ts (server-only, see app/i18n/en.server.ts).
export const offline = { id };
