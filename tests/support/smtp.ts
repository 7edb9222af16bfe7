import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { pickFreePort } from "./free-port";

/** One message as the SMTP server received it: the envelope's recipients and the raw text. */
export type CapturedMail = { to: string[]; raw: string };

export type CapturingSmtp = {
  /** `smtp://127.0.0.1:<port>`, what the app's mailer takes as SMTP_URL. */
  url: string;
  /** Every message delivered so far, in the order it arrived. */
  received: CapturedMail[];
  close: () => Promise<void>;
};

/**
 * A real SMTP server (smtp-server) in the test process on a free loopback port, with no TLS and no
 * login, that keeps every message it is given, so a test reads what the app's own mailer really sent.
 */
export async function startCapturingSmtp(): Promise<CapturingSmtp> {
  const received: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An SMTP address with nothing listening: every connection is refused, as when the mail server is down. */
export async function deadSmtpUrl(): Promise<string> {
  return `smtp://127.0.0.1:${await pickFreePort()}`;
}

/** Quoted-printable soft breaks and escapes undone, enough to search a message's text for ASCII. */
export const decodeQuotedPrintable = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)));

/** The text of a single-part message: headers unfolded, body decoded from its transfer encoding (UTF-8). */
export function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split).replace(/\r?\n[ \t]+/g, " ");
  const body = raw.slice(split).trim();
  const encoding = head.match(/^content-transfer-encoding:\s*(\S+)/im)?.[1]?.toLowerCase();
  const text =
    encoding === "base64"
      ? Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8")
      : encoding === "quoted-printable"
        ? Buffer.from(body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1").toString("utf8")
        : body;
  return `${head}\n\n${text}`;
}
