import { PRIVACY_WITHOUT_CHOICE } from "~/models/policy.server";
import { db } from "~/lib/db.server";
import type { ComplaintCategory } from "~/lib/codes";
import { fileChannelComplaint, overDailyLimit, statusReply } from "./complaints.server";
import type { ContactState, Incoming, Outcome } from "./conversation.server";

// SMS has no room for a guided conversation: one message files a complaint, in the compact syntax the
// README documents, e.g. "LAPOR 12 PUNGLI diminta uang 50 ribu untuk KTP". SMS complaints are always
// confidential: an SMS cannot explain the privacy choice, so the safest one is taken.

export const SMS_CATEGORIES: Record<string, ComplaintCategory> = {
  DOKUMEN: "UNDISTRIBUTED_DOCUMENT",
  PUNGLI: "EXTORTION",
  SIKAP: "SERVICE_QUALITY",
  ANTRE: "WAITING_TIME",
  ANTRI: "WAITING_TIME",
  FASILITAS: "FACILITY",
  LAIN: "OTHER",
};

const sms = {
  id: {
    help: "Format: LAPOR <nomor unit> <kategori> <isi>. Kategori: DOKUMEN, PUNGLI, SIKAP, ANTRE, FASILITAS, LAIN. Cek: STATUS <kode>. Berhenti: BERHENTI.",
    unit: (u: string) => `Unit "${u}" tidak ditemukan. Nomor unit ada di halaman unit di situs Tindak. Format: LAPOR <nomor unit> <kategori> <isi>`,
    category: "Kategori tidak dikenal. Pilih: DOKUMEN, PUNGLI, SIKAP, ANTRE, FASILITAS, LAIN.",
    short: "Isi pengaduan terlalu pendek (minimal 20 huruf).",
    created: (ref: string, code: string) => `Pengaduan ${ref} diterima (rahasia). Kode pelacakan: ${code} . Simpan, jangan bagikan. Cek: STATUS ${code}`,
    limit: "Nomor ini sudah mengirim banyak pengaduan hari ini. Coba lagi besok.",
    stopped: "Tindak tidak akan mengirim SMS lagi ke nomor ini. Ketik MULAI untuk mengaktifkan lagi.",
    restarted: "SMS dari Tindak aktif lagi.",
  },
};

const words = (text: string) => text.trim().split(/\s+/);

export async function handleSmsText(state: ContactState, message: Incoming, ctx: { address: string; now: Date }): Promise<Outcome> {
  const t = sms.id;
  const base: Outcome = { step: "IDLE", draft: {}, locale: "id", optedOut: state.optedOut, replies: [] };
  const text = (message.payload.text ?? "").trim();
  const [first = "", ...rest] = words(text);
  const command = first.toUpperCase();

  if (command === "BERHENTI" || command === "STOP") return { ...base, optedOut: true, replies: [t.stopped], forceReplies: true };
  if (command === "MULAI" || command === "START") return { ...base, optedOut: false, replies: [t.restarted] };
  if (state.optedOut) return base;
  if (command === "STATUS" || command === "CEK") return { ...base, replies: [await statusReply("id", rest.join(" "))] };
  if (command !== "LAPOR") return { ...base, replies: [t.help] };

  const [unitToken = "", categoryToken = "", ...body] = rest;
  const unit = await db.unit.findFirst({
    where: { active: true, ...(/^\d{1,9}$/.test(unitToken) ? { id: Number(unitToken) } : { slug: unitToken.toLowerCase() }) },
    select: { id: true },
  });
  if (!unit) return { ...base, replies: [t.unit(unitToken.slice(0, 40))] };
  const category = SMS_CATEGORIES[categoryToken.toUpperCase()];
  if (!category) return { ...base, replies: [t.category] };
  const description = body.join(" ").trim();
  if (description.length < 20) return { ...base, replies: [t.short] };
  if (await overDailyLimit("SMS", ctx.address, ctx.now)) return { ...base, replies: [t.limit] };
  const result = await fileChannelComplaint("SMS", ctx.address, { unitId: unit.id, category, description, privacy: PRIVACY_WITHOUT_CHOICE }, [], ctx.now);
  if (!result.ok) return { ...base, replies: [t.help] };
  return { ...base, replies: [t.created(result.complaint.ref, result.trackingCode)] };
}
