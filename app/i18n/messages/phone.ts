// Phone-first screens (issue 21): the compact header's menu, the sidak progress bar, detail-page jumps.
const id = {
  "phone.menu": "Menu",
  "phone.menuClose": "Tutup menu",
  "phone.signedInAs": "Masuk sebagai {name} · {role}",
  "phone.mapOptions": "Saring dan keterangan peta",
  "phone.progress": "{done} dari {total} terjawab",
  "phone.progressTitle": "Kemajuan sidak",
  "phone.sectionProgress": "{section}: {done}/{total}",
  "phone.nextUnanswered": "Ke yang belum dijawab",
  "phone.allAnswered": "Semua butir terjawab",
  "phone.toFindings": "Ke temuan",
  "phone.toActions": "Tindakan",
} as const;

// English lives in ./phone.en.ts (server-only, see app/i18n/en.server.ts).
export const phone = { id };
