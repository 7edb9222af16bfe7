// Which resident channels are on (issue 19). Each channel is off until all of its variables are set,
// and the variables are read on every call, so tests (and an operator editing a service file and
// restarting) see the current values. Nothing here is cached.

export type Channel = "WHATSAPP" | "SMS" | "EMAIL";
export const CHANNELS: Channel[] = ["WHATSAPP", "SMS", "EMAIL"];

export const DEFAULT_WHATSAPP_API_URL = "https://graph.facebook.com/v21.0";

export type WhatsAppConfig = {
  verifyToken: string;
  appSecret: string;
  token: string;
  phoneNumberId: string;
  apiUrl: string;
  /** Approved template names for messages outside the 24-hour customer-service window. */
  statusTemplate: string;
  templateLanguage: string;
};

const set = (name: string) => {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
};

export function whatsappConfig(): WhatsAppConfig | null {
  const verifyToken = set("WHATSAPP_VERIFY_TOKEN");
  const appSecret = set("WHATSAPP_APP_SECRET");
  const token = set("WHATSAPP_TOKEN");
  const phoneNumberId = set("WHATSAPP_PHONE_NUMBER_ID");
  if (!verifyToken || !appSecret || !token || !phoneNumberId) return null;
  return {
    verifyToken,
    appSecret,
    token,
    phoneNumberId,
    apiUrl: (set("WHATSAPP_API_URL") ?? DEFAULT_WHATSAPP_API_URL).replace(/\/+$/, ""),
    statusTemplate: set("WHATSAPP_TEMPLATE_STATUS") ?? "tindak_status_update",
    templateLanguage: set("WHATSAPP_TEMPLATE_LANGUAGE") ?? "id",
  };
}

export type SmsConfig = { secret: string; url: string };

export function smsConfig(): SmsConfig | null {
  const secret = set("SMS_GATEWAY_SECRET");
  const url = set("SMS_GATEWAY_URL");
  return secret && url ? { secret, url } : null;
}

export type EmailConfig = { port: number; address: string; host: string };

export function inboundEmailConfig(): EmailConfig | null {
  const port = set("INBOUND_SMTP_PORT");
  const address = set("INBOUND_EMAIL_ADDRESS");
  if (port === undefined || !address || !/^\d+$/.test(port) || Number(port) > 65535) return null;
  return { port: Number(port), address: address.toLowerCase(), host: set("INBOUND_SMTP_HOST") ?? "0.0.0.0" };
}

export function channelConfigured(channel: Channel): boolean {
  if (channel === "WHATSAPP") return whatsappConfig() !== null;
  if (channel === "SMS") return smsConfig() !== null;
  return inboundEmailConfig() !== null;
}

/** Complaints one number or address may file per day on a channel (the web form's per-IP rule is 30). */
export function channelDailyLimit(): number {
  const n = Number(process.env.CHANNEL_COMPLAINT_LIMIT_PER_DAY ?? 10);
  return Number.isFinite(n) && n > 0 ? n : 10;
}

/**
 * A phone number or e-mail address as it may appear in a log line: "62812****7890", "r***@example.org".
 * The full value is reporter contact data (CONTRACT: never public, never to unit heads).
 */
export function maskAddress(address: string): string {
  const at = address.indexOf("@");
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  if (address.length <= 6) return "***";
  return `${address.slice(0, 5)}****${address.slice(-4)}`;
}
