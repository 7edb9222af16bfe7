import { PRIVACY_WITHOUT_CHOICE } from "~/models/policy.server";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import PostalMime from "postal-mime";
import { SMTPServer, type SMTPServerDataStream } from "smtp-server";
import { db } from "~/lib/db.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { storeInboundRow } from "~/lib/sql/writes/channels.server";
import { ImageError, processImage } from "~/lib/images.server";
import { enqueue } from "~/lib/notify.server";
import { MAX_PHOTO_BYTES, MAX_PHOTOS } from "~/lib/uploads.server";
import { DESCRIPTION_MAX, DESCRIPTION_MIN } from "~/models/complaint/rules";
import { fileChannelComplaint, overDailyLimit } from "./complaints.server";
import { inboundEmailConfig, maskAddress, type EmailConfig } from "./config.server";

// Inbound e-mail complaints (issue 19): an SMTP listener for INBOUND_EMAIL_ADDRESS. A message is
// accepted (250) only after its complaint is written, so the sending server keeps and retries anything
// we could not store. The subject and body are the description, image attachments the photos, the unit
// is the one whose name the message mentions; the reply is the web form's confirmation e-mail with the
// tracking link (outbox). E-mail complaints are confidential: a letter cannot be asked the privacy choice.

const MAX_MESSAGE_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES * 1.4 + 1024 * 1024; // base64 inflates attachments

type Parsed = Awaited<ReturnType<typeof PostalMime.parse>>;

const help = (reason: string) =>
  `${reason}\n\nCara mengadu lewat email: tulis nama unit layanan di subjek atau isi (misalnya "Puskesmas Nagaswidak" atau ` +
  `"UPT Dukcapil Seberang Ulu Dua"), ceritakan masalahnya minimal 20 huruf, dan lampirkan sampai 3 foto (JPEG, PNG, WebP, ` +
  `maksimal 10 MB). Pengaduan lewat email selalu dirahasiakan.\n\n— Tindak, Pemerintah Kota Palembang`;

async function replyWith(toEmail: string, subject: string, body: string) {
  await db.$transaction((tx) => enqueue(tx, { toEmail }, { subject, body }));
}

/** The active unit whose name the text mentions (the longest name wins: "Puskesmas Pembantu X" over "Puskesmas X"). */
async function unitMentioned(text: string) {
  const haystack = text.toLowerCase();
  const units = await db.unit.findMany({ where: { active: true }, select: { id: true, name: true } });
  return units.filter((u) => haystack.includes(u.name.toLowerCase())).sort((a, b) => b.name.length - a.name.length)[0] ?? null;
}

export type EmailOutcome = "created" | "duplicate" | "ignored" | "refused";

/** One received message. Throws only for failures worth a retry by the sender (database down). */
export async function handleInboundEmail(raw: Buffer, now = new Date()): Promise<EmailOutcome> {
  let mail: Parsed;
  try {
    mail = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
  } catch {
    return "ignored";
  }
  const from = mail.from && "address" in mail.from && mail.from.address ? mail.from.address.trim().toLowerCase() : "";
  if (!from || from.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(from)) return "ignored";
  // Never answer an automatic message (vacation replies, bounces, our own mail): no mail loops.
  const header = (key: string) => mail.headers.find((h) => h.key === key)?.value ?? "";
  if ((header("auto-submitted") && header("auto-submitted") !== "no") || /^(mailer-daemon|postmaster|noreply|no-reply)@/.test(from)) return "ignored";

  const externalId = (mail.messageId?.trim() || `sha256:${crypto.createHash("sha256").update(raw).digest("hex")}`).slice(0, 300);
  const seen = await db.channelInbound.findUnique({ where: { channel_externalId: { channel: "EMAIL", externalId } }, select: { id: true } });
  if (seen) return "duplicate";
  const record = async (lastError: string | null) => {
    await sqlEngine.onPrisma(db).run(
      storeInboundRow({
        channel: "EMAIL",
        externalId,
        address: from,
        kind: "email",
        payload: JSON.stringify({ subject: (mail.subject ?? "").slice(0, 200) }),
        receivedAt: now,
        nextAttemptAt: now,
        attempts: 1,
        processedAt: now,
        lastError,
      }),
    );
  };

  const subject = (mail.subject ?? "").trim().slice(0, 200);
  const body = (mail.text ?? "").replace(/\r\n/g, "\n").trim();
  const description = [subject, body].filter(Boolean).join("\n\n").slice(0, DESCRIPTION_MAX);
  const unit = await unitMentioned(`${subject}\n${body}`);
  const replySubject = `Re: ${subject || "Pengaduan"}`.slice(0, 200);
  if (!unit) {
    await record("no unit named");
    await replyWith(from, replySubject, help("Pengaduan Anda belum bisa kami catat: kami tidak menemukan nama unit layanan di email Anda."));
    return "refused";
  }
  if (description.length < DESCRIPTION_MIN) {
    await record("too short");
    await replyWith(from, replySubject, help("Pengaduan Anda belum bisa kami catat: isinya terlalu pendek."));
    return "refused";
  }
  if (await overDailyLimit("EMAIL", from, now)) {
    await record("daily limit");
    await replyWith(from, replySubject, "Alamat ini sudah mengirim banyak pengaduan hari ini. Silakan coba lagi besok.\n\n— Tindak, Pemerintah Kota Palembang");
    return "refused";
  }

  // Image attachments become photos; what the upload pipeline would refuse is left out and said so.
  const photos: Array<{ name: string; type: string; bytes: Uint8Array }> = [];
  let skipped = 0;
  for (const a of mail.attachments) {
    if (!a.mimeType.startsWith("image/")) continue;
    const bytes = new Uint8Array(a.content as ArrayBuffer);
    if (photos.length >= MAX_PHOTOS || bytes.byteLength > MAX_PHOTO_BYTES) {
      skipped++;
      continue;
    }
    try {
      await processImage(bytes);
      photos.push({ name: a.filename ?? "photo", type: a.mimeType, bytes });
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      skipped++;
    }
  }
  const category = /\bpungli\b|pungutan liar/i.test(description) ? "EXTORTION" : "OTHER";
  const result = await fileChannelComplaint("EMAIL", from, { unitId: unit.id, category, description, privacy: PRIVACY_WITHOUT_CHOICE }, photos, now);
  if (!result.ok) {
    await record(`refused: ${Object.keys(result.errors).join(",")}`);
    await replyWith(from, replySubject, help("Pengaduan Anda belum bisa kami catat."));
    return "refused";
  }
  await record(null);
  // The confirmation with the tracking link was queued by createComplaint (the reporter e-mail is the sender).
  if (skipped) {
    await replyWith(from, `Pengaduan ${result.complaint.ref}: foto yang tidak disertakan`, `${skipped} lampiran tidak kami sertakan (bukan foto JPEG/PNG/WebP, lebih dari 10 MB, atau lebih dari 3 foto).\n\n— Tindak, Pemerintah Kota Palembang`);
  }
  console.log(`[channels] e-mail complaint ${result.complaint.ref} from ${maskAddress(from)}`);
  return "created";
}

async function readStream(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export type InboundEmailListener = { port: number; close: () => Promise<void> };

/** Starts the listener when INBOUND_SMTP_PORT and INBOUND_EMAIL_ADDRESS are set; null otherwise. */
export async function startInboundEmail(config: EmailConfig | null = inboundEmailConfig()): Promise<InboundEmailListener | null> {
  if (!config) return null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    banner: "Tindak",
    size: MAX_MESSAGE_BYTES,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.trim().toLowerCase() !== config.address) return callback(Object.assign(new Error("No such mailbox here"), { responseCode: 550 }));
      callback();
    },
    onData(stream, _session, callback) {
      readStream(stream)
        .then(async (raw) => {
          if (stream.sizeExceeded) return callback(Object.assign(new Error("Message too large"), { responseCode: 552 }));
          await handleInboundEmail(raw);
          callback();
        })
        .catch((error) => {
          console.error("[channels] e-mail", error instanceof Error ? error.message : error);
          callback(Object.assign(new Error("Temporary failure, try again later"), { responseCode: 451 }));
        });
    },
  });
  server.on("error", (error) => console.error("[channels] smtp", error.message));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;
  console.log(`[boot] inbound e-mail for ${maskAddress(config.address)} on SMTP port ${port}`);
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
