import type { ActionFunctionArgs } from "@remix-run/node";
import { smsConfig } from "~/lib/channels/config.server";
import { receiveSms } from "~/lib/channels/webhooks.server";

// The generic SMS gateway's webhook (issue 19): off (404) until SMS_GATEWAY_SECRET and SMS_GATEWAY_URL
// are set; a delivery signed with X-Tindak-Signature is stored and answered at once.

const text = (body: string, status: number) => new Response(body, { status, headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

export async function loader() {
  return text(smsConfig() ? "Gunakan POST / Use POST" : "Kanal SMS tidak aktif / SMS channel is off", smsConfig() ? 405 : 404);
}

export async function action({ request }: ActionFunctionArgs) {
  const config = smsConfig();
  if (!config) return text("Kanal SMS tidak aktif / SMS channel is off", 404);
  const result = await receiveSms(request, config);
  return text(result.message, result.status);
}
