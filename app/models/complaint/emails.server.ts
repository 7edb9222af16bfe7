import { DEFAULT_LOCALE, translate } from "~/i18n";
import { formatDateTime } from "~/lib/time";

// The e-mails the complaint capability writes to a reporter. Written in Indonesian, the language of
// the service's letters (the reporter's locale is not known when an e-mail is queued).

export type ReporterEmail = { toEmail: string; subject: string; body: string; link: string };

/** "Pengaduan … sudah kami terima": the receipt with the private tracking link. */
export function receiptEmail(input: { toEmail: string; ref: string; unitName: string; filedAt: Date; link: string }): ReporterEmail {
  const { toEmail, ref, unitName, filedAt, link } = input;
  return {
    toEmail,
    subject: translate(DEFAULT_LOCALE, "emailSubject.complaintReceived", { ref }),
    body:
      `Terima kasih. Pengaduan Anda tentang ${unitName} sudah kami terima pada ${formatDateTime(filedAt)}.\n\n` +
      `Nomor pengaduan: ${ref}\n` +
      `Ikuti perkembangannya, tambahkan keterangan, atau konfirmasi jika sudah selesai di:\n${link}\n\n` +
      `Simpan tautan ini dan jangan bagikan: siapa pun yang memegangnya dapat melihat dan menanggapi pengaduan Anda.\n\n— Tindak, Pemerintah Kota Palembang`,
    link,
  };
}
