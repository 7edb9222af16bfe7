import { db } from "~/lib/db.server";
import { publicUrl } from "~/lib/env.server";
import { canonicalTrackingCode, groupTrackingCode } from "~/lib/tracking-code";
import { getComplaintByTrackingCode } from "~/models/complaint/queries.server";
import { createComplaint, type CreateComplaintResult } from "~/models/complaint/filing.server";
import { PHONE_PATTERN } from "~/models/complaint/rules";
import type { UploadedPhoto } from "~/lib/uploads.server";
import { channelDailyLimit, type Channel } from "./config.server";
import { statusLabel, textsFor } from "./texts.server";

// What the channels share about complaints: filing one through the web form's own model function
// (so every rule of the form applies), the per-number limit, the STATUS answer and absolute links.

const DAY = 24 * 60 * 60 * 1000;

/** The public origin for links in messages: the one accessor in env.server.ts (PUBLIC_URL; never a Host header). */
export { publicUrl };

export function trackLink(code: string): string {
  return `${publicUrl()}/track/${encodeURIComponent(code)}`;
}

/** Abuse limit, counted on complaints actually created from this number or address in the last 24 h. */
export async function overDailyLimit(channel: Channel, address: string, now = new Date()): Promise<boolean> {
  const count = await db.channelComplaint.count({ where: { channel, address, createdAt: { gt: new Date(now.getTime() - DAY) } } });
  return count >= channelDailyLimit();
}

export type ChannelDraft = {
  unitId: number;
  category: string;
  description: string;
  privacy: string;
  lat?: number | null;
  lng?: number | null;
};

/**
 * Files the complaint with createComplaint (source = the channel) and records where its status changes
 * go. A WhatsApp or SMS number that is an Indonesian mobile number is also the complaint's reporter
 * phone, an e-mail sender its reporter e-mail: the same identity rules as the web form then protect it.
 */
export async function fileChannelComplaint(
  channel: Channel,
  address: string,
  draft: ChannelDraft,
  photos: UploadedPhoto[],
  now = new Date(),
): Promise<CreateComplaintResult> {
  const contact =
    channel === "EMAIL" ? { reporterEmail: address } : PHONE_PATTERN.test(address) ? { reporterPhone: address } : {};
  const input = {
    unitId: draft.unitId,
    category: draft.category,
    description: draft.description,
    privacy: draft.privacy,
    ...(draft.lat != null && draft.lng != null ? { lat: draft.lat, lng: draft.lng } : {}),
    ...contact,
  };
  const result = await createComplaint(input, { source: channel, photos, now });
  if (result.ok) {
    // Events up to now (the CREATED one) are not news to the reporter: start pushing after them.
    const last = await db.complaintEvent.findFirst({ where: { complaintId: result.complaint.id }, orderBy: { id: "desc" }, select: { id: true } });
    await db.channelComplaint.create({ data: { complaintId: result.complaint.id, channel, address, lastEventId: last?.id ?? 0, createdAt: now } });
  }
  return result;
}

/** The answer to `STATUS <code>`. */
export async function statusReply(locale: string, code: string | undefined): Promise<string> {
  const t = textsFor(locale);
  const clean = code?.trim();
  if (!clean) return t.statusUsage;
  const complaint = await getComplaintByTrackingCode(clean);
  if (!complaint) return t.statusNotFound;
  // The link carries the code as issued (grouped capitals), however the resident typed it.
  const canonical = canonicalTrackingCode(clean);
  const linkCode = canonical ? groupTrackingCode(canonical) : clean.replace(/\s+/g, "");
  return t.statusAnswer(complaint.ref, statusLabel(locale, complaint.status), trackLink(linkCode));
}
