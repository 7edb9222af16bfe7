// Default sidak checklists (issue 4), in the words inspectors use. Each failed item defaults its
// finding to `findingCategory` (waiting time and queues are WAITING_TIME, not SERVICE_QUALITY: issue 16).

export type ChecklistItemSeed = {
  key: string; // stable handle for the seed's own use; not stored
  section: string;
  label: string;
  numberLabel?: string;
  numberUnit?: string;
  asksOldestDate?: boolean;
  findingCategory: string;
};

export type ChecklistTemplateSeed = { unitType: string; name: string; items: ChecklistItemSeed[] };

const DUKCAPIL: ChecklistItemSeed[] = [
  {
    key: "ektp",
    section: "Dokumen kependudukan",
    label: "Tidak ada KTP-el yang sudah jadi tetapi belum diserahkan kepada warga",
    numberLabel: "Jumlah KTP-el belum diserahkan",
    numberUnit: "kartu",
    asksOldestDate: true,
    findingCategory: "UNDISTRIBUTED_DOCUMENT",
  },
  {
    key: "kk",
    section: "Dokumen kependudukan",
    label: "Tidak ada Kartu Keluarga yang sudah jadi tetapi belum diserahkan",
    numberLabel: "Jumlah KK belum diserahkan",
    numberUnit: "dokumen",
    asksOldestDate: true,
    findingCategory: "UNDISTRIBUTED_DOCUMENT",
  },
  {
    key: "akta",
    section: "Dokumen kependudukan",
    label: "Tidak ada akta kelahiran/kematian yang sudah jadi tetapi belum diserahkan",
    numberLabel: "Jumlah akta belum diserahkan",
    numberUnit: "dokumen",
    asksOldestDate: true,
    findingCategory: "UNDISTRIBUTED_DOCUMENT",
  },
  {
    key: "notify",
    section: "Dokumen kependudukan",
    label: "Warga diberi tahu dokumennya sudah jadi lewat SMS/WhatsApp atau kelurahan, tidak hanya lewat media sosial",
    findingCategory: "OTHER",
  },
  {
    key: "gratis",
    section: "Informasi dan biaya",
    label: "Pengumuman \"GRATIS\" (layanan adminduk tanpa biaya) terpasang jelas di loket",
    findingCategory: "OTHER",
  },
  {
    key: "pungli",
    section: "Informasi dan biaya",
    label: "Tidak ada tanda pungutan liar: calo, tarif tidak resmi, permintaan uang",
    findingCategory: "EXTORTION",
  },
  {
    key: "syarat",
    section: "Informasi dan biaya",
    label: "Persyaratan dan alur layanan dipajang",
    findingCategory: "OTHER",
  },
  {
    key: "queue",
    section: "Antrean dan petugas",
    label: "Antrean tertib dan tidak berlebihan",
    numberLabel: "Warga mengantre",
    numberUnit: "orang",
    findingCategory: "WAITING_TIME",
  },
  {
    key: "staff",
    section: "Antrean dan petugas",
    label: "Petugas hadir sesuai jadwal piket",
    numberLabel: "Petugas hadir",
    numberUnit: "orang",
    findingCategory: "STAFF_ABSENCE",
  },
  {
    key: "greet",
    section: "Antrean dan petugas",
    label: "Petugas melayani dengan senyum, sapa, salam",
    findingCategory: "SERVICE_QUALITY",
  },
  {
    key: "box",
    section: "Sarana",
    label: "Kotak atau kanal pengaduan tersedia dan diperiksa rutin",
    findingCategory: "OTHER",
  },
  {
    key: "room",
    section: "Sarana",
    label: "Ruang tunggu bersih dan tempat duduk cukup",
    findingCategory: "FACILITY",
  },
];

const PUSKESMAS: ChecklistItemSeed[] = [
  {
    key: "wait",
    section: "Pelayanan",
    label: "Waktu tunggu dari pendaftaran sampai diperiksa paling lama 60 menit",
    numberLabel: "Waktu tunggu",
    numberUnit: "menit",
    findingCategory: "WAITING_TIME",
  },
  {
    key: "greet",
    section: "Pelayanan",
    label: "Petugas menyambut pasien dengan senyum, sapa, salam",
    findingCategory: "SERVICE_QUALITY",
  },
  {
    key: "pungli",
    section: "Pelayanan",
    label: "Tidak ada pungutan di luar tarif resmi atau tanggungan BPJS",
    findingCategory: "EXTORTION",
  },
  {
    key: "info",
    section: "Pelayanan",
    label: "Jadwal poli, tarif dan alur pelayanan dipajang",
    findingCategory: "OTHER",
  },
  {
    key: "staff",
    section: "Petugas",
    label: "Dokter, perawat dan petugas loket hadir sesuai jadwal",
    numberLabel: "Petugas hadir",
    numberUnit: "orang",
    findingCategory: "STAFF_ABSENCE",
  },
  {
    key: "clean",
    section: "Sarana",
    label: "Ruang tunggu, toilet dan ruang periksa bersih",
    findingCategory: "FACILITY",
  },
  {
    key: "medicine",
    section: "Sarana",
    label: "Obat esensial tersedia; pasien tidak disuruh membeli di apotek luar",
    numberLabel: "Jenis obat kosong",
    numberUnit: "jenis",
    findingCategory: "OTHER",
  },
  {
    key: "box",
    section: "Sarana",
    label: "Kotak atau kanal pengaduan tersedia",
    findingCategory: "OTHER",
  },
];

const OFFICE: ChecklistItemSeed[] = [
  {
    key: "open",
    section: "Pelayanan",
    label: "Kantor buka dan loket melayani sesuai jam layanan",
    findingCategory: "STAFF_ABSENCE",
  },
  {
    key: "staff",
    section: "Pelayanan",
    label: "Petugas hadir sesuai jadwal",
    numberLabel: "Petugas hadir",
    numberUnit: "orang",
    findingCategory: "STAFF_ABSENCE",
  },
  {
    key: "greet",
    section: "Pelayanan",
    label: "Petugas melayani dengan senyum, sapa, salam",
    findingCategory: "SERVICE_QUALITY",
  },
  {
    key: "ektp",
    section: "Dokumen",
    label: "Tidak ada KTP-el/KK titipan UPT Dukcapil yang belum dibagikan kepada warga",
    numberLabel: "Dokumen belum dibagikan",
    numberUnit: "dokumen",
    asksOldestDate: true,
    findingCategory: "UNDISTRIBUTED_DOCUMENT",
  },
  {
    key: "gratis",
    section: "Informasi dan biaya",
    label: "Biaya layanan (atau \"GRATIS\") dan persyaratan dipajang",
    findingCategory: "OTHER",
  },
  {
    key: "pungli",
    section: "Informasi dan biaya",
    label: "Tidak ada tanda pungutan liar untuk surat pengantar atau legalisasi",
    findingCategory: "EXTORTION",
  },
  {
    key: "room",
    section: "Sarana",
    label: "Ruang tunggu bersih dan tempat duduk cukup",
    findingCategory: "FACILITY",
  },
  {
    key: "box",
    section: "Sarana",
    label: "Kotak atau kanal pengaduan tersedia",
    findingCategory: "OTHER",
  },
];

export const CHECKLIST_TEMPLATES: ChecklistTemplateSeed[] = [
  { unitType: "DUKCAPIL", name: "Sidak UPT Dukcapil", items: DUKCAPIL },
  { unitType: "PUSKESMAS", name: "Sidak Puskesmas", items: PUSKESMAS },
  // One list serves both office types; a template row each, because templates are chosen by unit type.
  { unitType: "KECAMATAN", name: "Sidak kantor kecamatan", items: OFFICE },
  { unitType: "KELURAHAN", name: "Sidak kantor kelurahan", items: OFFICE },
];
