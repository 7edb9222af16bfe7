import { smsConfig, type SmsConfig, type WhatsAppConfig } from "./config.server";
import { kickInboundProcessing, storeInbound, type NewInbound } from "./inbound.server";
import { validSignature } from "./signature.server";
import { parseWhatsAppWebhook } from "./whatsapp.server";

// The two HTTP webhooks' work: read the raw body (never parsed before: the signature covers its exact
// bytes), check the signature in constant time, store the messages, answer. Nothing is stored for a
// delivery whose signature is missing or wrong.

/** Meta sends small JSON deliveries; anything larger is not from Meta. */
const MAX_BODY_BYTES = 1024 * 1024;

type Answer = { status: number; message: string };

async function rawBody(request: Request): Promise<string | null> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) return null;
  const body = await request.text().catch(() => null);
  return body !== null && Buffer.byteLength(body) <= MAX_BODY_BYTES ? body : null;
}

export async function receiveWhatsAppDelivery(request: Request, config: WhatsAppConfig): Promise<Answer> {
  const body = await rawBody(request);
  if (body === null) return { status: 413, message: "Terlalu besar / Too large" };
  if (!validSignature(config.appSecret, body, request.headers.get("X-Hub-Signature-256"), "sha256=")) {
    return { status: 401, message: "Tanda tangan tidak sah / Invalid signature" };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { status: 400, message: "JSON tidak sah / Invalid JSON" };
  }
  const stored = await storeInbound("WHATSAPP", parseWhatsAppWebhook(json));
  if (stored > 0) kickInboundProcessing();
  return { status: 200, message: "OK" };
}

/**
 * The generic SMS gateway posts JSON `{"id": "...", "from": "+62812...", "text": "..."}` (or the same
 * fields form-encoded), signed with `X-Tindak-Signature` = hex HMAC-SHA256 of the raw body.
 */
export async function receiveSms(request: Request, config: SmsConfig = smsConfig()!): Promise<Answer> {
  const body = await rawBody(request);
  if (body === null) return { status: 413, message: "Terlalu besar / Too large" };
  if (!validSignature(config.secret, body, request.headers.get("X-Tindak-Signature"))) {
    return { status: 401, message: "Tanda tangan tidak sah / Invalid signature" };
  }
  let fields: Record<string, unknown>;
  try {
    fields = (request.headers.get("Content-Type") ?? "").includes("application/x-www-form-urlencoded")
      ? Object.fromEntries(new URLSearchParams(body))
      : (JSON.parse(body) as Record<string, unknown>);
  } catch {
    return { status: 400, message: "Isi tidak sah / Invalid body" };
  }
  const id = typeof fields?.id === "string" || typeof fields?.id === "number" ? String(fields.id) : "";
  const from = typeof fields?.from === "string" ? fields.from.replace(/[\s.\-()]/g, "") : "";
  const text = typeof fields?.text === "string" ? fields.text : "";
  if (!id || id.length > 200 || !/^\+?\d{6,20}$/.test(from) || !text.trim()) {
    return { status: 400, message: "Kolom id, from dan text wajib / id, from and text are required" };
  }
  const message: NewInbound = { externalId: id, address: from, kind: "text", payload: { text: text.slice(0, 2000) } };
  const stored = await storeInbound("SMS", [message]);
  if (stored > 0) kickInboundProcessing();
  return { status: 200, message: "OK" };
}
