import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { whatsappConfig } from "~/lib/channels/config.server";
import { receiveWhatsAppDelivery } from "~/lib/channels/webhooks.server";

// Meta's webhook for the WhatsApp Business Cloud API (issue 19). Off (404) until the WHATSAPP_*
// variables are set. GET: the verification handshake. POST: a signed delivery, stored and answered
// at once; the conversation is worked off the queue (app/lib/channels/inbound.server.ts).

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function loader({ request }: LoaderFunctionArgs) {
  const config = whatsappConfig();
  if (!config) return text("Kanal WhatsApp tidak aktif / WhatsApp channel is off", 404);
  const url = new URL(request.url);
  const challenge = url.searchParams.get("hub.challenge") ?? "";
  if (url.searchParams.get("hub.mode") === "subscribe" && url.searchParams.get("hub.verify_token") === config.verifyToken && challenge) {
    return text(challenge.slice(0, 200), 200);
  }
  return text("Verifikasi ditolak / Verification refused", 403);
}

export async function action({ request }: ActionFunctionArgs) {
  const config = whatsappConfig();
  if (!config) return text("Kanal WhatsApp tidak aktif / WhatsApp channel is off", 404);
  if (request.method !== "POST") return text("Metode tidak diizinkan / Method not allowed", 405);
  const result = await receiveWhatsAppDelivery(request, config);
  return text(result.message, result.status);
}
