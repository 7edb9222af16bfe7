// Working with a bad signal (issue 15): repeat-safe forms, the send queue, drafts, confirmations.
const id = {
  "offline.error.idempotencyKey": "Formulir ini tidak bisa dikirim dengan aman. Muat ulang halaman lalu kirim lagi.",
  "offline.page.title": "Tidak ada koneksi internet",
  "offline.page.lead": "Halaman ini belum tersimpan di ponsel Anda. Tindak tetap bisa dipakai sebagian tanpa sinyal:",
  "offline.page.kept": "Formulir pengaduan dan halaman depan tersimpan di ponsel dan bisa dibuka tanpa sinyal.",
  "offline.page.queued": "Pengaduan yang dikirim tanpa sinyal disimpan di ponsel dan dikirim otomatis saat sinyal kembali; nomor pelacakan muncul setelah terkirim.",
  "offline.page.notKept": "Halaman lain (peta, tindak lanjut) perlu sinyal; sidak draf inspektur tersimpan setelah daftar sidak dibuka dengan sinyal. Coba lagi saat sinyal kembali.",
  "offline.page.newComplaint": "Buat pengaduan",
  "offline.draft.kept": "Isian Anda disimpan di perangkat ini sampai dikirim.",
  "offline.draft.restored": "Isian yang belum terkirim dikembalikan dari perangkat ini.",
  "offline.draft.discard": "Buang draf",
  "offline.queue.waiting": "{n} perubahan menunggu dikirim",
  "offline.queue.queued": "Belum ada sinyal: pengaduan Anda disimpan di ponsel ini dan dikirim otomatis saat koneksi kembali. Jangan hapus data peramban sebelum terkirim.",
  "offline.queue.queuedAnswer": "Belum ada sinyal: jawaban Anda disimpan di ponsel ini dan dikirim otomatis saat koneksi kembali. Jika tindak lanjut ini berubah sebelum itu, jawaban tidak diterima dan isinya bisa dikembalikan ke formulir.",
  "offline.queue.waitingItem": "Menunggu sinyal, dikirim otomatis saat koneksi kembali.",
  "offline.queue.photos": "{n} foto",
  "offline.queue.sent": "Terkirim. Nomor pelacakan:",
  "offline.queue.sentNoCode": "Terkirim.",
  "offline.queue.refused": "Tidak diterima (kode {status}). Kembalikan ke formulir untuk memeriksa isinya lalu kirim lagi.",
  "offline.queue.restore": "Kembalikan ke formulir",
  "offline.queue.dismiss": "Tutup",
  "offline.photos.shrinking": "Mengecilkan foto sebelum dikirim…",
  "offline.photos.cancel": "Batal",
  "offline.draft.confirmDiscard": "Buang isian yang sudah Anda ketik? Tindakan ini tidak bisa dibatalkan.",
  "offline.queue.refusedKept": "Tidak diterima (kode {status}). Isinya tetap tercantum di sini agar bisa dibandingkan dengan halaman; tutup bila sudah tidak diperlukan.",
  "offline.queue.findingQueued": "Belum ada sinyal: temuan ini disimpan di ponsel ini dan dikirim otomatis saat koneksi kembali, sesudah jawaban yang menunggu.",
  "offline.queue.sidakSubmitQueued": "Belum ada sinyal: sidak dikirim otomatis saat koneksi kembali, sesudah jawaban dan temuan yang menunggu. Jika sidak ini dikirim atau diubah dari perangkat lain sebelum itu, kiriman ini ditolak dan tampil di sini.",
  "offline.queue.sidakSubmitSummary": "Kirim sidak {unit}",
  "offline.queue.sidakTitle": "Isian sidak di ponsel ini",
} as const;

// English lives in ./offline.en.ts (server-only, see app/i18n/en.server.ts).
export const offline = { id };
