import type { OutboxMessage, OutboxSubject } from "~/lib/notify.server";
import { formatDateTime } from "~/lib/time";

// The messages follow-up work sends (in-app and e-mail, through the outbox), written once here so the
// commands read as what they do. Bodies in Indonesian, the language of the service's letters; subjects
// are message keys, written in each recipient's language by enqueue (notify.server.ts). Only the instruction, deadlines and the
// unit's or inspector's own words go in: never a reporter's identity, whatever the complaint's privacy.

/** At most `n` characters, with an ellipsis when cut. */
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

const link = (followUpId: number) => `/follow-ups/${followUpId}`;

type FollowUpRef = { id: number };

/** To the unit heads: new work for their unit. */
export function newWorkMessage(f: FollowUpRef & { instruction: string }, dueAt: Date): OutboxMessage {
  return {
    subject: { key: "emailSubject.followUpNew", vars: { id: f.id } },
    body: `Ada tindak lanjut baru untuk unit Anda:\n\n${clip(f.instruction, 600)}\n\nBatas waktu: ${formatDateTime(dueAt)}.`,
    link: link(f.id),
  };
}

/** To the inspectors: the unit answered, please verify. */
export function answeredMessage(f: FollowUpRef, body: string): OutboxMessage {
  return {
    subject: { key: "emailSubject.followUpAnswered", vars: { id: f.id } },
    body: `Unit telah menjawab tindak lanjut #${f.id}:\n\n${clip(body, 1000)}\n\nMohon verifikasi jawaban ini.`,
    link: link(f.id),
  };
}

/** To the inspectors: the unit asks for more time. */
export function extensionRequestedMessage(f: FollowUpRef & { dueAt: Date }, proposed: Date, reason: string): OutboxMessage {
  return {
    subject: { key: "emailSubject.extensionRequested", vars: { id: f.id } },
    body: `Unit meminta perpanjangan batas waktu dari ${formatDateTime(f.dueAt)} menjadi ${formatDateTime(proposed)}.\n\nAlasan: ${clip(reason, 1000)}`,
    link: link(f.id),
  };
}

/** To the unit heads: their answer was accepted, the follow-up is done. */
export function acceptedMessage(f: FollowUpRef): OutboxMessage {
  return {
    subject: { key: "emailSubject.followUpDone", vars: { id: f.id } },
    body: `Jawaban unit Anda untuk tindak lanjut #${f.id} telah diverifikasi inspektur. Tindak lanjut ini selesai.`,
    link: link(f.id),
  };
}

/** To the unit heads: their answer was sent back, with the reason and the new deadline. */
export function rejectedMessage(f: FollowUpRef, reason: string, dueAt: Date): OutboxMessage {
  return {
    subject: { key: "emailSubject.answerReturned", vars: { id: f.id } },
    body: `Inspektur mengembalikan jawaban Anda.\n\nAlasan: ${clip(reason, 1000)}\n\nBatas waktu baru: ${formatDateTime(dueAt)}.`,
    link: link(f.id),
  };
}

/** To the unit heads: the inspector's decision on their request for more time. */
export function extensionDecidedMessage(f: FollowUpRef, approved: boolean, dueAt: Date, note: string): OutboxMessage {
  const noteText = note ? `\n\nCatatan: ${clip(note, 1000)}` : "";
  return {
    subject: { key: approved ? "emailSubject.extensionApproved" : "emailSubject.extensionRejected", vars: { id: f.id } },
    body: approved ? `Batas waktu baru: ${formatDateTime(dueAt)}.${noteText}` : `Batas waktu tetap: ${formatDateTime(dueAt)}.${noteText}`,
    link: link(f.id),
  };
}

/** To the reporter (by e-mail only; the tracking code is hashed, so the message cannot link to it). */
function reporterMessage(subject: OutboxSubject, body: string): OutboxMessage {
  return { subject, body: `${body}\n\nUntuk melihat rinciannya, buka halaman lacak (/track) dengan kode Anda.`, link: "/track" };
}

/** The reporter's e-mail when the unit answered a public complaint. */
export const reporterAnsweredMessage = (body: string) => reporterMessage({ key: "emailSubject.residentAnswered" }, `Jawaban unit:\n\n${clip(body, 1500)}`);

/** The reporter's e-mail when their complaint is closed; with the released answer for a held one. */
export function reporterClosedMessage(released: string | null): OutboxMessage {
  const closed = "Jawaban unit atas pengaduan Anda telah diverifikasi dan pengaduan dinyatakan selesai.";
  return reporterMessage({ key: "emailSubject.residentDone" }, released !== null ? `${closed}\n\nJawaban unit:\n\n${clip(released, 1500)}` : closed);
}

/** The escalation job's reminder (level 1, to the unit heads) or alarm (levels 2 and 3, to the inspectors). */
export function escalationMessage(f: FollowUpRef & { dueAt: Date; instruction: string; unit: { name: string } }, level: number): OutboxMessage {
  const instruction = clip(f.instruction, 300);
  const dedupeKey = `escalation:${f.id}:${level}`;
  if (level === 1) {
    return {
      subject: { key: "emailSubject.overdue", vars: { id: f.id } },
      body: `Batas waktu tindak lanjut ini sudah lewat (${formatDateTime(f.dueAt)}). Segera jawab atau ajukan perpanjangan.\n\n${instruction}`,
      link: link(f.id),
      dedupeKey,
    };
  }
  return {
    subject: { key: level === 2 ? "emailSubject.escalation2" : "emailSubject.escalation3", vars: { id: f.id, unit: f.unit.name } },
    body: `Tindak lanjut untuk ${f.unit.name} belum dijawab sejak batas waktu ${formatDateTime(f.dueAt)}.\n\n${instruction}`,
    link: link(f.id),
    dedupeKey,
  };
}

// Texts stored on the record itself (the complaint's history the reporter reads, the response's
// verdict), in the record's language like the audit trail: written here so the commands speak none.

/** The verdict note when an answer is accepted with some still outstanding (75 of 180 cards). */
export const acceptedWithOutstandingNote = (outstanding: number, total: number) => `Diterima dengan ${outstanding} dari ${total} masih tersisa.`;

/** The complaint's closing step when the inspector gave no reason of their own. */
export const COMPLAINT_CLOSED_STEP = "Jawaban unit telah diverifikasi dan pengaduan dinyatakan selesai.";

/** The complaint's step when the unit's answer is sent back. */
export const answerReturnedStep = (reason: string) => `Jawaban unit belum memadai dan dikembalikan untuk ditindaklanjuti: ${reason}`;
