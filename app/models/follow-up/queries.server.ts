import { db } from "~/lib/db.server";
import { notFound } from "~/lib/http.server";
import { wibDateKey } from "~/lib/time";
import { answerNeedsInspectorRelease, findingDetailWhere, isOverdueFollowUp, isProtectedComplaint, isStaff, unitScope, type Actor } from "~/models/policy.server";

// One follow-up as its page (/follow-ups/:id) reads it. The list of follow-ups is in inbox.server.ts.

// The source complaint as the follow-up page reads it: never a reporter field. What a unit head gets of
// it is cut further in getFollowUp by the policy (no internal id, the day only, no protected text).
const complaintOfFollowUp = {
  id: true,
  ref: true,
  category: true,
  privacy: true,
  status: true,
  description: true,
  publicDescription: true,
  createdAt: true,
} as const;

/**
 * One follow-up with everything its page shows, or 404 when missing or out of reach (the unit rule is in
 * the `where`). Staff see the source's original text. A unit head (docs/decisions/0015):
 * - of a complaint: its ref, category, privacy and filing day, never its internal id nor the time of
 *   day; its text only when the complaint is public (then the moderated text);
 * - of a finding: the directive (the instruction) and the deadline; the description only when the
 *   finding is not EXTORTION (read by a second query whose `where` holds the policy's rule).
 */
export async function getFollowUp(user: Actor, id: number, now = new Date()) {
  const followUp = await db.followUp.findFirst({
    where: { id, ...unitScope(user) },
    select: {
      id: true,
      sourceType: true,
      instruction: true,
      category: true,
      severity: true,
      state: true,
      ackDueAt: true,
      dueAt: true,
      originalDueAt: true,
      acknowledgedAt: true,
      answeredAt: true,
      closedAt: true,
      quantity: true,
      outstandingQuantity: true,
      escalationLevel: true,
      overdueAt: true,
      createdAt: true,
      unitId: true,
      unit: { select: { id: true, name: true, kecamatanCode: true } },
      createdBy: { select: { id: true, name: true } },
      complaint: { select: complaintOfFollowUp },
      finding: {
        select: {
          id: true,
          category: true,
          directive: true,
          quantity: true,
          quantityUnit: true,
          oldestDate: true,
          severity: true,
          inspection: { select: { id: true, startedAt: true } },
        },
      },
      responses: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          body: true,
          outstandingQuantity: true,
          verdict: true,
          verdictReason: true,
          verdictAt: true,
          reporterBody: true,
          releasedAt: true,
          createdAt: true,
          author: { select: { name: true } },
          verdictBy: { select: { name: true } },
          attachments: { where: { hiddenAt: null }, select: { id: true, width: true, height: true } },
        },
      },
      extensions: {
        orderBy: { id: "asc" },
        select: {
          id: true,
          reason: true,
          proposedDueAt: true,
          previousDueAt: true,
          state: true,
          decisionNote: true,
          decidedAt: true,
          createdAt: true,
          requestedBy: { select: { name: true } },
          decidedBy: { select: { name: true } },
        },
      },
      escalations: { orderBy: { level: "asc" }, select: { level: true, createdAt: true } },
    },
  });
  if (!followUp) notFound();
  const { complaint: source, finding: sourceFinding, ...rest } = followUp;

  let complaint: { id: number | null; ref: string; category: string; privacy: string; status: string; filedOn: string; text: string | null; textHidden: boolean } | null = null;
  if (source) {
    const staff = isStaff(user);
    const hidden = !staff && isProtectedComplaint(source);
    complaint = {
      id: staff ? source.id : null,
      ref: source.ref,
      category: source.category,
      privacy: source.privacy,
      status: source.status,
      filedOn: wibDateKey(source.createdAt),
      text: hidden ? null : staff ? source.description : (source.publicDescription ?? source.description),
      textHidden: hidden,
    };
  }

  let finding: (typeof sourceFinding & { description: string | null; detailHidden: boolean }) | null = null;
  if (sourceFinding) {
    const detail = await db.finding.findFirst({ where: { id: sourceFinding.id, ...findingDetailWhere(user) }, select: { description: true } });
    finding = { ...sourceFinding, description: detail?.description ?? null, detailHidden: !detail };
  }

  return {
    ...rest,
    complaint,
    finding,
    overdue: isOverdueFollowUp(followUp, now),
    /** The unit's answer reaches the reporter only once an inspector accepts (and may edit) it. */
    answerNeedsRelease: source ? answerNeedsInspectorRelease(source) : false,
    pendingExtension: followUp.extensions.find((e) => e.state === "PENDING") ?? null,
  };
}
