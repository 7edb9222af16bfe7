import { core } from "./messages/core";
import { complaints } from "./messages/complaints";
import { inspections } from "./messages/inspections";
import { followups } from "./messages/followups";
import { map } from "./messages/map";
import { transparency } from "./messages/transparency";
import { phone } from "./messages/phone";
import { offline } from "./messages/offline";
import { titles } from "./messages/titles";

// The whole Bahasa Indonesia dictionary, server-only, for what the server writes itself (e-mails, the
// Berita Acara, Open311 answers). A page never reads it: a page reads the shell's dictionaries and the
// ones its routes list in `handle.messages`, on the server as in the browser (docs/decisions/0027).
export const id = { ...core.id, ...complaints.id, ...inspections.id, ...followups.id, ...map.id, ...transparency.id, ...phone.id, ...offline.id, ...titles.id };
