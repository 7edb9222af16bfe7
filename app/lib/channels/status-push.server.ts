import { db, type Db } from "~/lib/db.server";
import { sqlEngine } from "~/lib/sql/index.server";
import { threadsWithStatusNews } from "~/lib/sql/writes/channels.server";
import { whatsappConfig } from "./config.server";
import { enqueueChannelMessage } from "./outbox.server";
import { statusLabel, textsFor } from "./texts.server";

// Status changes of complaints filed on WhatsApp or SMS go back on the same channel (issue 19). A job
// reads the reporter-visible STATUS events after each ChannelComplaint's `lastEventId` and, in one
// transaction, moves the mark (only from where it read it: the claim) and writes the message to the
// outbox, so each change is sent once, a crash cannot lose or repeat one, and two app servers pushing
// at the same moment push it once. Nothing in the staff code has to remember to notify. Outside
// WhatsApp's 24-hour window the outbox sends the approved template instead (WHATSAPP_TEMPLATE_STATUS,
// parameters: reference and status). E-mail complaints get no push here: their reporter e-mail is
// already the complaint's, and the tracking link in the confirmation shows every change.

export async function pushStatusChanges(options: { now?: Date; batch?: number; client?: Db } = {}): Promise<number> {
  const client = options.client ?? db;
  const now = options.now ?? new Date();
  const whatsapp = whatsappConfig();
  // Only the threads with news: one indexed join instead of a look at every complaint ever filed.
  const due = await sqlEngine.read.all<{ id: number }>(threadsWithStatusNews(200));
  if (!due.length) return 0;
  const threads = await client.channelComplaint.findMany({
    where: { id: { in: due.map((d) => Number(d.id)) } },
    select: { id: true, complaintId: true, channel: true, address: true, lastEventId: true },
  });
  let pushed = 0;
  for (const thread of threads) {
    const events = await client.complaintEvent.findMany({
      where: { complaintId: thread.complaintId, id: { gt: thread.lastEventId }, kind: "STATUS", visibility: { in: ["PUBLIC", "REPORTER"] } },
      orderBy: { id: "asc" },
      take: options.batch ?? 20,
      select: { id: true, statusTo: true, body: true, visibility: true, complaint: { select: { ref: true } } },
    });
    if (!events.length) continue;
    const contact = await client.channelContact.findUnique({
      where: { channel_address: { channel: thread.channel, address: thread.address } },
      select: { locale: true },
    });
    const locale = contact?.locale ?? "id";
    pushed += await client.$transaction(async (tx) => {
      // The claim: the mark moves only from where this run read it. Another run (another app server)
      // that read the same mark waits here for this commit, then moves nothing and writes no message.
      const claim = await tx.channelComplaint.updateMany({
        where: { id: thread.id, lastEventId: thread.lastEventId },
        data: { lastEventId: events[events.length - 1]!.id },
      });
      if (claim.count !== 1) return 0;
      for (const event of events) {
        const label = statusLabel(locale, event.statusTo ?? "");
        // A rejection's reason is written for the reporter; other notes may be internal wording.
        const note = event.statusTo === "REJECTED" && event.body ? event.body.slice(0, 500) : null;
        await enqueueChannelMessage(
          tx,
          {
            channel: thread.channel as "WHATSAPP" | "SMS",
            to: thread.address,
            body: textsFor(locale).statusPush(event.complaint.ref, label, note),
            template:
              thread.channel === "WHATSAPP" && whatsapp
                ? { name: whatsapp.statusTemplate, language: whatsapp.templateLanguage, parameters: [event.complaint.ref, statusLabel(whatsapp.templateLanguage, event.statusTo ?? "")] }
                : null,
            dedupeKey: `channel-status:${event.id}`,
          },
          now,
        );
      }
      return events.length;
    });
  }
  return pushed;
}
