import type { offline } from "./offline";

export const offlineEn: Record<keyof typeof offline.id, string> = {
  "offline.error.idempotencyKey": "This form cannot be sent safely. Reload the page and send it again.",
  "offline.page.title": "No internet connection",
  "offline.page.lead": "This page is not stored on your phone. Part of Tindak works without a signal:",
  "offline.page.kept": "The complaint form and the home page are stored on the phone and open without a signal.",
  "offline.page.queued": "A complaint sent without a signal is kept on the phone and sent automatically when the signal returns; the tracking code appears once it is sent.",
  "offline.page.notKept": "Other pages (map, sidak, follow-ups) need a signal. Try again when it returns.",
  "offline.page.newComplaint": "File a complaint",
  "offline.draft.kept": "What you type is kept on this device until it is sent.",
  "offline.draft.restored": "What you typed and had not sent yet was restored from this device.",
  "offline.draft.discard": "Discard draft",
  "offline.queue.waiting": "{n} changes waiting to be sent",
  "offline.queue.queued": "No signal: your complaint is kept on this phone and sent automatically when the connection returns. Do not clear the browser's data before it is sent.",
  "offline.queue.waitingItem": "Waiting for a signal, sent automatically when the connection returns.",
  "offline.queue.photos": "{n} photo(s)",
  "offline.queue.sent": "Sent. Tracking code:",
  "offline.queue.sentNoCode": "Sent.",
  "offline.queue.refused": "Not accepted (code {status}). Put it back into the form to check it and send it again.",
  "offline.queue.restore": "Put back into the form",
  "offline.queue.dismiss": "Close",
  "offline.draft.confirmDiscard": "Discard what you have typed? This cannot be undone.",
};
