// Phone-first screens (issue 21): the sidak progress bar, the map options, detail-page jumps (the header menu is in core).
const id = {
  "phone.mapOptions": "Saring dan keterangan peta",
  "phone.progress": "{done} dari {total} terjawab",
  "phone.progressTitle": "Kemajuan sidak",
  "phone.sectionProgress": "{section}: {done}/{total}",
  "phone.nextUnanswered": "Belum dijawab",
  "phone.allAnswered": "Semua butir terjawab",
  "phone.toFindings": "Ke temuan",
  "phone.toActions": "Tindakan",
  "phone.sections": "Bagian {done}/{total}",
  "phone.sectionCount": "{done}/{total} terjawab",
  "phone.sectionDone": "lengkap",
  "phone.toFindingsCount": "Temuan ({n})",
  "phone.toReview": "Tinjau & kirim",
  "phone.review.title": "Tinjau lalu kirim",
  "phone.review.unanswered": "Belum dijawab ({n})",
  "phone.review.allAnswered": "Semua butir sudah dijawab.",
  "phone.review.noDirective": "Temuan tanpa arahan ({n})",
  "phone.review.noDirectiveHint": "Temuan tanpa arahan tidak menjadi tindak lanjut untuk unit.",
} as const;

// English lives in ./phone.en.ts (server-only, see app/i18n/en.server.ts).
export const phone = { id };
