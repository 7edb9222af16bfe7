import { db } from "~/lib/db.server";
import { ANSWER_FOR_REPORTER_WHERE, checklistItemDetailWhere, findingDetailWhere, isStaff, isUnitHead, PUBLIC_COMPLAINT_WHERE, type Actor } from "~/models/policy.server";
import { storageFor } from "~/lib/storage.server";

// Photos are served only through the access rule of the record they belong to, written here as one
// `where`: a photo nobody may see does not match, and answers 404 like one that does not exist.
//   complaint photo: public if the complaint is public (policy: not confidential, never EXTORTION) and the
//     photo not hidden; staff; its reporter
//   reporter's later photo (complaint event): staff; its reporter
//   finding / checklist answer / inspection photo: staff; the unit's head once the inspection is
//     SUBMITTED, and never for an EXTORTION finding
//   response photo: staff; the unit's head; the public when the follow-up's complaint is public; the
//     reporter once the answer may reach them (for a confidential or pungli complaint: once released)
// The rules themselves are the policy's (app/models/policy.server.ts).

export type AttachmentViewer = { user: Pick<Actor, "role" | "unitId"> | null; trackingHash?: string | null };

export function attachmentAccessWhere(viewer: AttachmentViewer) {
  if (isStaff(viewer.user)) return {};
  const or: object[] = [
    { hiddenAt: null, complaint: PUBLIC_COMPLAINT_WHERE },
    { hiddenAt: null, response: { followUp: { complaint: PUBLIC_COMPLAINT_WHERE } } },
  ];
  const user = viewer.user;
  if (user && isUnitHead(user) && user.unitId) {
    const unitId = user.unitId;
    or.push(
      { response: { followUp: { unitId } } },
      { finding: { unitId, ...findingDetailWhere(user), deletedAt: null, inspection: { status: "SUBMITTED" } } },
      // A pungli checklist item's photos could show who reported it: never to the unit's head.
      { checklistAnswer: { inspection: { unitId, status: "SUBMITTED" }, item: checklistItemDetailWhere(user) } },
      { inspection: { unitId, status: "SUBMITTED" } },
    );
  }
  if (viewer.trackingHash) {
    const trackingHash = viewer.trackingHash;
    or.push(
      { complaint: { trackingHash } },
      { complaintEvent: { complaint: { trackingHash } } },
      // An answer's photos reach the reporter with the answer: for a protected complaint, once released.
      { hiddenAt: null, response: { followUp: { complaint: { trackingHash } }, ...ANSWER_FOR_REPORTER_WHERE } },
    );
  }
  return { OR: or };
}

export async function findAttachmentForViewer(id: number, viewer: AttachmentViewer) {
  return db.attachment.findFirst({
    where: { id, ...attachmentAccessWhere(viewer) },
    select: { id: true, storageKey: true, backend: true, remoteUrl: true, mime: true },
  });
}

const EXT: Record<string, string> = { "image/jpeg": "jpg", "image/webp": "webp", "image/png": "png" };

/** The HTTP answer for an attachment the viewer may see, or null (→ 404). */
export async function attachmentResponse(id: number, viewer: AttachmentViewer): Promise<Response | null> {
  const attachment = await findAttachmentForViewer(id, viewer);
  if (!attachment) return null;
  const bytes = await storageFor(attachment.backend).get(attachment.storageKey, attachment.remoteUrl);
  if (!bytes) return null;
  const mime = EXT[attachment.mime] ? attachment.mime : "application/octet-stream";
  // A photo anyone may see (the public rule, as for a visitor with no session) may be shown by other
  // sites, e.g. an Open311 client displaying media_url (issue 14); every other photo stays same-origin.
  const isPublic = (await findAttachmentForViewer(id, { user: null })) !== null;
  return new Response(Buffer.from(bytes), {
    status: 200,
    headers: {
      "Content-Type": mime,
      "Content-Length": String(bytes.byteLength),
      "X-Content-Type-Options": "nosniff",
      "Content-Disposition": `inline; filename="foto-${attachment.id}.${EXT[mime] ?? "bin"}"`,
      // Access depends on who asks: no shared cache may keep it.
      "Cache-Control": "private, max-age=300",
      "Content-Security-Policy": "default-src 'none'; sandbox",
      "Cross-Origin-Resource-Policy": isPublic ? "cross-origin" : "same-origin",
    },
  });
}
