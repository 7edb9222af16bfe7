import type { ComplaintCategory, Privacy } from "~/lib/codes";

// What the WhatsApp, SMS and e-mail channels say to residents, in Bahasa Indonesia (default) and
// English (on request: "EN"). Server-only on purpose: these strings never go to a browser bundle.

export type ChannelLocale = "id" | "en";

const category: Record<ChannelLocale, Record<ComplaintCategory, string>> = {
  id: {
    UNDISTRIBUTED_DOCUMENT: "Dokumen jadi (e-KTP, KK, akta) belum diserahkan",
    EXTORTION: "Pungutan liar (pungli)",
    SERVICE_QUALITY: "Sikap petugas (senyum, sapa, salam)",
    WAITING_TIME: "Waktu tunggu terlalu lama",
    FACILITY: "Sarana dan prasarana",
    OTHER: "Lainnya",
  },
  en: {
    UNDISTRIBUTED_DOCUMENT: "Finished document (e-KTP, KK, birth certificate) not handed over",
    EXTORTION: "Illegal fees (pungli)",
    SERVICE_QUALITY: "Staff attitude",
    WAITING_TIME: "Waiting too long",
    FACILITY: "Facilities",
    OTHER: "Other",
  },
};

const privacyName: Record<ChannelLocale, Record<Privacy, string>> = {
  id: { public: "Publik", anonymous: "Anonim", confidential: "Rahasia" },
  en: { public: "Public", anonymous: "Anonymous", confidential: "Confidential" },
};

const status: Record<ChannelLocale, Record<string, string>> = {
  id: { NEW: "Baru diterima", VERIFIED: "Terverifikasi", REJECTED: "Ditolak", DUPLICATE: "Duplikat", SENT: "Diteruskan ke unit", ANSWERED: "Dijawab unit", CLOSED: "Selesai" },
  en: { NEW: "Received", VERIFIED: "Verified", REJECTED: "Rejected", DUPLICATE: "Duplicate", SENT: "Sent to the unit", ANSWERED: "Answered by the unit", CLOSED: "Closed" },
};

export const texts = {
  id: {
    greeting:
      "Halo, ini layanan pengaduan *Tindak* Pemerintah Kota Palembang. Kami akan menanyakan unit layanan, jenis masalah, uraian dan foto (boleh tanpa foto).\n" +
      "Ketik BATAL kapan saja untuk membatalkan, STATUS <kode> untuk mengecek pengaduan, BERHENTI agar tidak dikirimi pesan lagi. For English, type EN.",
    expired: "Pengaduan yang belum selesai sudah kedaluwarsa (lebih dari 24 jam tanpa balasan), jadi kita mulai lagi.",
    askUnit: "Langkah 1/6: Di unit layanan mana? Ketik nama unitnya (misalnya \"Dukcapil\" atau \"Puskesmas\"), atau bagikan lokasi Anda untuk melihat unit terdekat.",
    unitList: (lines: string) => `Pilih unit dengan membalas nomornya:\n${lines}\n\nAtau ketik nama lain untuk mencari lagi.`,
    unitNone: (q: string) => `Tidak ada unit dengan nama "${q}". Coba kata lain (misalnya nama kecamatan), atau bagikan lokasi Anda.`,
    unitBadNumber: (n: number) => `Balas dengan nomor 1 sampai ${n}, atau ketik nama unit untuk mencari.`,
    unitChosen: (name: string) => `Unit: ${name}.`,
    askCategory: (lines: string) => `Langkah 2/6: Apa masalahnya? Balas dengan nomornya:\n${lines}`,
    categoryBad: "Balas dengan nomor 1 sampai 6.",
    askDescription: "Langkah 3/6: Ceritakan masalahnya: apa yang terjadi, kapan, dan di bagian mana. Minimal 20 huruf.",
    descriptionShort: "Uraian terlalu pendek. Tulis minimal 20 huruf: apa yang terjadi, kapan, dan di bagian mana.",
    descriptionLong: "Uraian terlalu panjang (maksimal 4.000 huruf). Ringkas sedikit, lalu kirim lagi.",
    askPhotos: "Langkah 4/6: Kirim sampai 3 foto sebagai bukti (boleh dilewati). Ketik LANJUT jika tidak ada foto atau sudah selesai.",
    photoReceived: (n: number) => `Foto ${n} dari 3 diterima. Kirim foto lain atau ketik LANJUT.`,
    photoMax: "Sudah 3 foto, itu batasnya.",
    photoTooLarge: "Foto itu terlalu besar (maksimal 10 MB). Kirim foto yang lebih kecil, atau ketik LANJUT.",
    photoNotImage: "Itu bukan foto yang bisa kami terima. Kirim foto JPEG, PNG atau WebP, atau ketik LANJUT.",
    photoHeic: "Foto HEIC (iPhone) belum bisa kami baca. Kirim sebagai JPEG (atau tangkapan layar), atau ketik LANJUT.",
    photoBroken: "Foto itu tidak bisa dibuka. Kirim foto lain, atau ketik LANJUT.",
    photoNotNow: "Foto bisa dikirim setelah memilih unit dan jenis masalah.",
    askPrivacy:
      "Langkah 5/6: Siapa yang boleh membaca pengaduan ini? Balas dengan nomornya:\n" +
      "1. Publik: isi pengaduan tampil di situs Tindak.\n" +
      "2. Anonim: isi pengaduan tampil di situs, tetapi tidak ada yang tahu siapa pengirimnya selain inspektur Pemkot.\n" +
      "3. Rahasia: isi pengaduan tidak tampil di situs; hanya inspektur Pemkot yang membacanya.\n" +
      "Nomor WhatsApp Anda tidak pernah ditampilkan dan tidak pernah diberikan kepada unit yang diadukan.",
    privacyBad: "Balas dengan 1 (Publik), 2 (Anonim) atau 3 (Rahasia).",
    extortionConfidential:
      "Pengaduan pungli selalu *rahasia*: isinya tidak tampil di situs dan identitas Anda tidak diberikan kepada unit yang diadukan. Hanya inspektur Pemkot yang membacanya.",
    summary: (s: { unit: string; category: string; description: string; photos: number; privacy: string }) =>
      `Langkah 6/6: Periksa pengaduan Anda.\nUnit: ${s.unit}\nMasalah: ${s.category}\nUraian: ${s.description}\nFoto: ${s.photos}\nKerahasiaan: ${s.privacy}\n\nBalas YA untuk mengirim, atau BATAL untuk membatalkan.`,
    confirmBad: "Balas YA untuk mengirim pengaduan, atau BATAL untuk membatalkan.",
    created: (ref: string, code: string, link: string) =>
      `Terima kasih, pengaduan Anda sudah kami terima.\nNomor pengaduan: ${ref}\nKode pelacakan: ${code}\n\n` +
      `Simpan kode ini dan jangan bagikan. Cek status dengan mengetik STATUS ${code} atau buka ${link}\nKami akan mengabari Anda di sini setiap ada perubahan.`,
    limit: "Nomor ini sudah mengirim banyak pengaduan hari ini. Silakan coba lagi besok.",
    invalid: "Maaf, pengaduan belum bisa disimpan. Ketik BATAL lalu mulai lagi.",
    cancelled: "Pengaduan dibatalkan dan datanya dihapus. Kirim pesan apa saja untuk memulai lagi.",
    nothingToCancel: "Tidak ada pengaduan yang sedang diisi. Kirim pesan apa saja untuk memulai.",
    stopped: "Baik, Tindak tidak akan mengirim pesan lagi ke nomor ini, termasuk kabar status pengaduan. Ketik MULAI untuk mengaktifkannya lagi.",
    restarted: "Pesan dari Tindak aktif lagi untuk nomor ini.",
    statusUsage: "Ketik STATUS lalu kode pelacakan Anda, misalnya: STATUS AbCd1234EfGh5678IjKl90",
    statusNotFound: "Kode pelacakan itu tidak kami temukan. Periksa lagi kodenya (huruf besar dan kecil berbeda).",
    statusAnswer: (ref: string, statusLabel: string, link: string) => `Pengaduan ${ref}: ${statusLabel}.\nRincian: ${link}`,
    statusPush: (ref: string, statusLabel: string, note: string | null) =>
      `Kabar pengaduan ${ref}: statusnya sekarang *${statusLabel}*.${note ? `\n${note}` : ""}\nCek dengan STATUS <kode pelacakan> atau di halaman pelacakan Anda.`,
    unsupported: "Maaf, kami belum bisa membaca pesan jenis ini (stiker, suara, video, kontak). Kirim teks, foto, atau lokasi.",
    language: "Baik, kita lanjutkan dalam Bahasa Indonesia.",
    failed: "Maaf, pesan Anda tidak dapat kami proses saat ini. Silakan coba lagi nanti.",
  },
  en: {
    greeting:
      "Hello, this is the *Tindak* complaint service of the Palembang city government. We will ask for the service unit, the kind of problem, a description and photos (optional).\n" +
      "Type BATAL at any time to cancel, STATUS <code> to check a complaint, BERHENTI to stop all messages. Untuk Bahasa Indonesia, ketik ID.",
    expired: "The unfinished complaint expired (more than 24 hours without a reply), so we start again.",
    askUnit: "Step 1/6: Which service unit? Type its name (e.g. \"Dukcapil\" or \"Puskesmas\"), or share your location to see the nearest units.",
    unitList: (lines: string) => `Choose a unit by replying with its number:\n${lines}\n\nOr type another name to search again.`,
    unitNone: (q: string) => `No unit is called "${q}". Try another word (e.g. the kecamatan), or share your location.`,
    unitBadNumber: (n: number) => `Reply with a number from 1 to ${n}, or type a unit name to search.`,
    unitChosen: (name: string) => `Unit: ${name}.`,
    askCategory: (lines: string) => `Step 2/6: What is the problem? Reply with its number:\n${lines}`,
    categoryBad: "Reply with a number from 1 to 6.",
    askDescription: "Step 3/6: Describe the problem: what happened, when, and where. At least 20 characters.",
    descriptionShort: "The description is too short. Write at least 20 characters: what happened, when, and where.",
    descriptionLong: "The description is too long (at most 4,000 characters). Shorten it and send it again.",
    askPhotos: "Step 4/6: Send up to 3 photos as evidence (optional). Type LANJUT when you have none or are done.",
    photoReceived: (n: number) => `Photo ${n} of 3 received. Send another or type LANJUT.`,
    photoMax: "That makes 3 photos, the limit.",
    photoTooLarge: "That photo is too large (at most 10 MB). Send a smaller one, or type LANJUT.",
    photoNotImage: "That is not a photo we can accept. Send a JPEG, PNG or WebP photo, or type LANJUT.",
    photoHeic: "HEIC (iPhone) photos cannot be read yet. Send it as JPEG (or a screenshot), or type LANJUT.",
    photoBroken: "That photo cannot be opened. Send another one, or type LANJUT.",
    photoNotNow: "Photos can be sent after choosing the unit and the kind of problem.",
    askPrivacy:
      "Step 5/6: Who may read this complaint? Reply with its number:\n" +
      "1. Public: the complaint is shown on the Tindak site.\n" +
      "2. Anonymous: the complaint is shown on the site, but nobody except the city's inspectors knows who sent it.\n" +
      "3. Confidential: the complaint is not shown on the site; only the city's inspectors read it.\n" +
      "Your WhatsApp number is never shown and never given to the unit you complain about.",
    privacyBad: "Reply with 1 (Public), 2 (Anonymous) or 3 (Confidential).",
    extortionConfidential:
      "Complaints about illegal fees are always *confidential*: not shown on the site, and your identity is never given to the unit. Only the city's inspectors read them.",
    summary: (s: { unit: string; category: string; description: string; photos: number; privacy: string }) =>
      `Step 6/6: Check your complaint.\nUnit: ${s.unit}\nProblem: ${s.category}\nDescription: ${s.description}\nPhotos: ${s.photos}\nPrivacy: ${s.privacy}\n\nReply YA (yes) to send it, or BATAL to cancel.`,
    confirmBad: "Reply YA (yes) to send the complaint, or BATAL to cancel.",
    created: (ref: string, code: string, link: string) =>
      `Thank you, we have received your complaint.\nReference: ${ref}\nTracking code: ${code}\n\n` +
      `Keep this code to yourself. Check the status by typing STATUS ${code} or open ${link}\nWe will tell you here whenever something changes.`,
    limit: "This number has sent many complaints today. Please try again tomorrow.",
    invalid: "Sorry, the complaint could not be saved. Type BATAL and start again.",
    cancelled: "The complaint was cancelled and its data deleted. Send any message to start again.",
    nothingToCancel: "No complaint is being filled in. Send any message to start.",
    stopped: "OK, Tindak will send no more messages to this number, status updates included. Type MULAI to turn them on again.",
    restarted: "Messages from Tindak are on again for this number.",
    statusUsage: "Type STATUS followed by your tracking code, e.g.: STATUS AbCd1234EfGh5678IjKl90",
    statusNotFound: "We could not find that tracking code. Check it again (upper and lower case differ).",
    statusAnswer: (ref: string, statusLabel: string, link: string) => `Complaint ${ref}: ${statusLabel}.\nDetails: ${link}`,
    statusPush: (ref: string, statusLabel: string, note: string | null) =>
      `Update on complaint ${ref}: its status is now *${statusLabel}*.${note ? `\n${note}` : ""}\nCheck with STATUS <tracking code> or on your tracking page.`,
    unsupported: "Sorry, we cannot read this kind of message (stickers, voice, video, contacts). Send text, a photo or a location.",
    language: "OK, we continue in English.",
    failed: "Sorry, your message cannot be processed right now. Please try again later.",
  },
} as const;

export type Texts = (typeof texts)["id"];

export function textsFor(locale: string): Texts {
  return (locale === "en" ? texts.en : texts.id) as Texts;
}
export function categoryLabel(locale: string, code: ComplaintCategory): string {
  return category[locale === "en" ? "en" : "id"][code];
}
export function privacyLabel(locale: string, code: Privacy): string {
  return privacyName[locale === "en" ? "en" : "id"][code];
}
export function statusLabel(locale: string, code: string): string {
  return status[locale === "en" ? "en" : "id"][code] ?? code;
}
