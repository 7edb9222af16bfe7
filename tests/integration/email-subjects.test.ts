import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { runEscalation } from "~/models/follow-up/escalation.server";
import { demoUsers, makeFollowUp } from "../support/followups";

// E-mail and in-app subjects are written in each recipient's language (issue 20): a user who chose
// English gets English subjects, everybody else Bahasa Indonesia.

const subjectsOf = async (userId: number, link: string) =>
  (await db.notification.findMany({ where: { userId, link }, select: { subject: true, channel: true }, orderBy: { id: "asc" } })).map((n) => `${n.channel}: ${n.subject}`);

describe("notification subjects", () => {
  it("follow the recipient's language", async () => {
    const users = await demoUsers();
    await db.user.update({ where: { id: users.headSu2.id }, data: { locale: "en" } });
    const english = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id });
    const indonesian = await makeFollowUp({ unitId: users.headAal.unitId!, createdById: users.inspector.id });

    expect(await subjectsOf(users.headSu2.id, `/follow-ups/${english.id}`)).toEqual([
      `IN_APP: New follow-up #${english.id} for your unit`,
      `EMAIL: New follow-up #${english.id} for your unit`,
    ]);
    expect(await subjectsOf(users.headAal.id, `/follow-ups/${indonesian.id}`)).toEqual([
      `IN_APP: Tindak lanjut baru #${indonesian.id} untuk unit Anda`,
      `EMAIL: Tindak lanjut baru #${indonesian.id} untuk unit Anda`,
    ]);

    // The overdue reminder of the escalation job, too.
    await db.followUp.updateMany({ where: { id: { in: [english.id, indonesian.id] } }, data: { dueAt: new Date(Date.now() - 3_600_000) } });
    await runEscalation();
    expect(await subjectsOf(users.headSu2.id, `/follow-ups/${english.id}`)).toContain(`EMAIL: Follow-up #${english.id} is past its deadline`);
    expect(await subjectsOf(users.headAal.id, `/follow-ups/${indonesian.id}`)).toContain(`EMAIL: Tindak lanjut #${indonesian.id} melewati batas waktu`);
  });
});
