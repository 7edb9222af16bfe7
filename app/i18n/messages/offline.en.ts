import type { offline } from "./offline";

export const offlineEn: Record<keyof typeof offline.id, string> = {
  "offline.error.idempotencyKey": "This form cannot be sent safely. Reload the page and send it again.",
};
