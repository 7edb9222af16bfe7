import type { Rng } from "./prng";

// Invented people and the words of their complaints. Names are combinations of common Indonesian given
// names and family names; none is meant to be a real official or resident (../shared/GLOSSARY.md).

const GIVEN = [
  "Ahmad", "Rizki", "Dedi", "Fajar", "Hendra", "Iwan", "Joko", "Kurniawan", "Muhammad", "Nanda", "Rudi",
  "Sandi", "Taufik", "Wahyu", "Yudi", "Agus", "Bayu", "Candra", "Eko", "Firman", "Ayu", "Dewi", "Fitri",
  "Indah", "Lestari", "Maya", "Nurul", "Putri", "Rina", "Sari", "Siti", "Tuti", "Wulan", "Yuni", "Zahra",
  "Anisa", "Citra", "Desi", "Eka", "Hana", "Meilinda", "Novi", "Oktavia", "Ratna", "Septi", "Umi",
];
const FAMILY = [
  "Saputra", "Pratama", "Wijaya", "Kusuma", "Hidayat", "Setiawan", "Ramadhan", "Lestari", "Anggraini",
  "Permata", "Siregar", "Harahap", "Nasution", "Syahputra", "Utami", "Wulandari", "Firmansyah",
  "Gunawan", "Hakim", "Irawan", "Junaidi", "Marlina", "Novita", "Purnama", "Rahmawati", "Sumantri",
  "Tanjung", "Yusuf", "Zulkarnain", "Halim", "Santoso", "Oktaviani",
];

export function personName(rng: Rng): string {
  return `${rng.pick(GIVEN)} ${rng.pick(FAMILY)}`;
}

/** Indonesian mobile numbers; the 0812-99xx block keeps them recognisably fake. */
export function phoneNumber(rng: Rng): string {
  return `081299${String(rng.int(0, 999999)).padStart(6, "0")}`;
}

export function emailFor(name: string, rng: Rng): string {
  const base = name.toLowerCase().replace(/[^a-z]+/g, ".");
  return `${base}${rng.int(1, 99)}@contoh.id`;
}

export const USER_AGENTS = [
  "Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 12; Redmi Note 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0 Safari/537.36",
];

type Pool = Record<string, string[]>;

// Per category, by the kind of unit the complaint is about.
const DUKCAPIL_TEXT: Pool = {
  UNDISTRIBUTED_DOCUMENT: [
    "KTP-el saya sudah jadi sejak {month} tetapi belum diserahkan. Petugas bilang cek pengumuman di Instagram saja.",
    "Kartu Keluarga hasil pecah KK sudah dicetak menurut petugas, tetapi tiga kali datang selalu disuruh kembali minggu depan.",
    "Akta kelahiran anak saya katanya sudah selesai, tetapi belum bisa diambil karena petugasnya tidak ada.",
    "KTP-el orang tua saya (lansia) sudah jadi lama, tidak pernah ada pemberitahuan ke kelurahan.",
    "Sudah rekam ulang KTP-el {months} bulan lalu, sampai sekarang belum ada kabar padahal tetangga yang rekam bersamaan sudah dapat.",
  ],
  EXTORTION: [
    "Saya dimintai uang Rp{amount} oleh oknum petugas supaya KTP-el cepat jadi.",
    "Ada calo di depan kantor yang menawarkan KK jadi satu hari dengan bayar Rp{amount}, katanya kenal orang dalam.",
    "Untuk mengambil akta kelahiran saya diminta 'uang map' Rp{amount}. Padahal tertulis gratis.",
  ],
  SERVICE_QUALITY: [
    "Petugas loket tidak ramah, tidak ada senyum sapa salam, malah sibuk main HP waktu melayani.",
    "Saya dibentak waktu bertanya persyaratan pindah domisili.",
    "Berkas saya dinyatakan kurang tanpa penjelasan apa yang kurang, disuruh datang lagi besok.",
  ],
  WAITING_TIME: [
    "Antre dari jam 07.30 sampai jam 12.00 belum dipanggil, nomor antrean tidak jalan.",
    "Nomor antrean sudah habis jam 08.15, warga yang datang jam 08.00 disuruh pulang.",
    "Server katanya offline seharian, warga menunggu tanpa kepastian.",
  ],
  FACILITY: [
    "Kursi ruang tunggu kurang, banyak lansia dan ibu hamil berdiri lama.",
    "Toilet umum terkunci dan tidak bisa dipakai.",
    "Kipas angin dan AC di ruang tunggu mati, sangat panas.",
  ],
  OTHER: [
    "Jam buka di papan pengumuman 08.00 tetapi pukul 08.45 loket masih tutup.",
    "Informasi persyaratan di media sosial berbeda dengan yang diminta petugas di loket.",
  ],
};

const PUSKESMAS_TEXT: Pool = {
  UNDISTRIBUTED_DOCUMENT: ["Surat keterangan sehat yang sudah dibayar belum juga diberikan setelah seminggu."],
  EXTORTION: [
    "Pasien BPJS diminta membayar Rp{amount} untuk 'biaya administrasi' di loket pendaftaran.",
    "Untuk surat rujukan saya dimintai Rp{amount} tanpa kuitansi.",
  ],
  SERVICE_QUALITY: [
    "Petugas pendaftaran ketus dan tidak menyapa, ibu saya yang sudah sepuh dimarahi karena lupa bawa kartu.",
    "Perawat di poli umum tidak menjelaskan obat yang diberikan, ditanya malah dijawab 'baca sendiri'.",
    "Tidak ada senyum sapa salam, pasien dibiarkan bingung mencari ruangan.",
  ],
  WAITING_TIME: [
    "Menunggu di poli umum hampir 3 jam, dokter baru datang jam 10.30.",
    "Antrean pendaftaran sangat lama, hanya satu loket yang buka.",
    "Anak saya demam tinggi tetapi tetap harus menunggu lebih dari 2 jam.",
  ],
  FACILITY: [
    "Toilet pasien kotor dan airnya tidak mengalir.",
    "Ruang tunggu bocor kalau hujan, lantai licin.",
    "Kursi roda rusak semua, pasien lansia dipapah keluarga.",
  ],
  OTHER: [
    "Obat yang diresepkan kosong, pasien disuruh membeli di apotek luar.",
    "Jadwal poli gigi tidak sesuai pengumuman, dokternya tidak ada.",
  ],
};

const OFFICE_TEXT: Pool = {
  UNDISTRIBUTED_DOCUMENT: [
    "KTP-el titipan dari UPT Dukcapil katanya sudah di kantor kecamatan tetapi tidak bisa diambil karena petugasnya tidak ada.",
    "KK saya dititipkan ke kelurahan sejak {month} tetapi belum diberikan.",
  ],
  EXTORTION: [
    "Untuk surat pengantar dari kelurahan saya diminta Rp{amount}.",
    "Legalisasi dokumen di kantor camat dipungut Rp{amount} per lembar tanpa kuitansi.",
  ],
  SERVICE_QUALITY: [
    "Petugas pelayanan tidak ramah dan meminta saya datang lagi tanpa alasan jelas.",
    "Tidak ada yang menyapa, warga dibiarkan menunggu tanpa informasi.",
  ],
  WAITING_TIME: ["Mengurus surat keterangan pindah memakan waktu tiga hari padahal dijanjikan selesai hari itu juga."],
  FACILITY: ["Ruang pelayanan sempit dan tidak ada tempat duduk untuk warga.", "Tidak ada akses kursi roda ke ruang pelayanan."],
  OTHER: [
    "Kantor tutup pada jam kerja tanpa pengumuman.",
    "Papan informasi layanan sudah usang dan tidak terbaca.",
  ],
};

const MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"];

export function complaintText(rng: Rng, unitType: string, category: string): string {
  const pool = unitType === "DUKCAPIL" ? DUKCAPIL_TEXT : unitType === "PUSKESMAS" ? PUSKESMAS_TEXT : OFFICE_TEXT;
  const options = pool[category] ?? pool.OTHER;
  return rng
    .pick(options)
    .replace("{month}", rng.pick(MONTHS))
    .replace("{months}", String(rng.int(3, 9)))
    .replace("{amount}", rng.pick(["25.000", "50.000", "100.000", "150.000", "200.000"]));
}

/** What the unit is told to do about a complaint: no reporter identity, ever (CONTRACT.md, roles). */
export const COMPLAINT_INSTRUCTIONS: Record<string, string> = {
  UNDISTRIBUTED_DOCUMENT:
    "Periksa dokumen warga yang sudah jadi tetapi belum diserahkan, serahkan kepada pemiliknya dan laporkan jumlah yang masih tertahan.",
  EXTORTION:
    "Periksa dugaan pungutan liar pada layanan unit Anda, hentikan praktik tersebut dan laporkan langkah yang diambil terhadap petugas terkait.",
  SERVICE_QUALITY:
    "Tindak lanjuti keluhan sikap petugas: lakukan pembinaan senyum, sapa, salam dan laporkan hasilnya.",
  WAITING_TIME: "Tindak lanjuti keluhan waktu tunggu: tambah loket atau petugas pada jam sibuk dan laporkan hasilnya.",
  FACILITY: "Perbaiki sarana yang dikeluhkan dan lampirkan foto setelah perbaikan.",
  OTHER: "Tindak lanjuti pengaduan warga ini dan laporkan langkah yang diambil.",
};

export const ANSWERS: Record<string, string[]> = {
  UNDISTRIBUTED_DOCUMENT: [
    "Dokumen sudah diserahkan langsung kepada pemilik; sisa dokumen diantar melalui kelurahan.",
    "Kami menghubungi warga lewat WhatsApp dan RT; dokumen sudah diambil.",
  ],
  EXTORTION: [
    "Petugas yang bersangkutan sudah diperiksa dan dipindahkan dari loket; pengumuman GRATIS dipasang di setiap loket.",
    "Sudah dilakukan pemeriksaan internal; tidak ada lagi pungutan dan nomor pengaduan dipajang di loket.",
  ],
  SERVICE_QUALITY: [
    "Sudah dilakukan pembinaan kepada seluruh petugas loket tentang senyum, sapa, salam.",
    "Petugas yang bersangkutan sudah ditegur dan mengikuti pembinaan pelayanan prima.",
  ],
  WAITING_TIME: [
    "Loket kedua dibuka mulai pukul 07.30 dan antrean daring diaktifkan.",
    "Jadwal petugas pada jam sibuk sudah ditambah; rata-rata waktu tunggu kini di bawah 45 menit.",
  ],
  FACILITY: ["Perbaikan sudah selesai, foto terlampir.", "Kursi ruang tunggu ditambah 20 buah dan toilet sudah diperbaiki."],
  STAFF_ABSENCE: ["Rekap absensi harian kini dikirim ke kecamatan; petugas yang mangkir sudah diberi teguran tertulis."],
  OTHER: ["Sudah ditindaklanjuti sesuai arahan; informasi layanan diperbarui."],
};

export const REJECT_REASONS = [
  "Belum ada bukti foto atau berita acara penyerahan; mohon dilengkapi.",
  "Jawaban belum menjawab pokok masalah; jelaskan langkah konkret dan waktunya.",
  "Masih ada dokumen yang belum diserahkan; lanjutkan sampai habis.",
];

export const COMPLAINT_REJECT_REASONS = [
  "Laporan tidak cukup jelas: unit dan waktu kejadian tidak disebutkan.",
  "Bukan kewenangan Pemerintah Kota Palembang; diteruskan ke instansi terkait.",
  "Isi laporan tidak dapat diverifikasi setelah dihubungi dua kali.",
];
