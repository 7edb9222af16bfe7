import { coreEn } from "./messages/core.en";
import { complaintsEn } from "./messages/complaints.en";
import { inspectionsEn } from "./messages/inspections.en";
import { followupsEn } from "./messages/followups.en";
import { mapEn } from "./messages/map.en";
import { transparencyEn } from "./messages/transparency.en";
import { phoneEn } from "./messages/phone.en";
import { offlineEn } from "./messages/offline.en";
import { titlesEn } from "./messages/titles.en";

// The English dictionary, server-only: Bahasa Indonesia (the default) is in every browser bundle,
// English reaches the browser only through the root loader's data when someone chose it, so the
// pages of most residents do not download a language they did not ask for (docs/benchmarks.md).
export const en = { ...coreEn, ...complaintsEn, ...inspectionsEn, ...followupsEn, ...mapEn, ...transparencyEn, ...phoneEn, ...offlineEn, ...titlesEn };
