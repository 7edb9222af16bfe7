import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { dialect, sqlEngine } from "~/lib/sql/index.server";
import { createApiKey } from "~/models/api-key.server";
import * as root from "~/routes/open311.v2.$file";
import { call, ensureDemoKey, expectErrors, postForm, validRequest } from "./open311-support";

// Issue 17: a key's quotas are counted from its submission numbers (newest − first in the window + 1),
// two index lookups inside the filing's write transaction, where counting the rows walked a busy key's
// whole day. The windows must stay exact: what is older than a minute or a day no longer counts, and
// Retry-After says when the oldest submission in the window leaves it. Runs on both engines.

const HOUR = 60 * 60 * 1000;

const post = (key: string) => call(root.action, postForm("/open311/v2/requests.json", validRequest({ api_key: key })), "requests.json");

/** Moves a key's submissions numbered `seqs` to `ago` ms before now, as if they had been made then. */
async function age(apiKeyId: number, seqs: number[], ago: number) {
  const at = dialect.time(Date.now() - ago);
  await sqlEngine.writeTransaction(async (tx) => {
    for (const seq of seqs) {
      await tx.run({ sql: `UPDATE "Open311Submission" SET "createdAt" = @at WHERE "apiKeyId" = @apiKeyId AND "seq" = @seq`, params: { at, apiKeyId, seq } });
    }
  });
}

let adminId: number;
beforeAll(async () => {
  await ensureDemoKey();
  adminId = (await db.user.findFirstOrThrow({ where: { role: "ADMIN" } })).id;
});

describe("Open311 quotas counted from submission numbers", () => {
  it("numbers each key's submissions 1, 2, 3 … on its own", async () => {
    const a = await createApiKey({ name: "Bot nomor A", createdById: adminId });
    const b = await createApiKey({ name: "Bot nomor B", createdById: adminId });
    for (const key of [a.key, b.key, a.key, a.key, b.key]) expect((await post(key)).status).toBe(200);
    const seqs = async (apiKeyId: number) => (await db.open311Submission.findMany({ where: { apiKeyId }, orderBy: { id: "asc" } })).map((s) => s.seq);
    expect(await seqs(a.id)).toEqual([1, 2, 3]);
    expect(await seqs(b.id)).toEqual([1, 2]);
  });

  it("counts only the submissions inside each window, and Retry-After is when the oldest of them leaves", async () => {
    const { id, key } = await createApiKey({ name: "Bot jendela kuota", createdById: adminId });
    for (let i = 0; i < 5; i++) expect((await post(key)).status).toBe(200);
    // Two from yesterday (outside the day), two from three hours ago, one from half a minute ago.
    await age(id, [1, 2], 25 * HOUR);
    await age(id, [3, 4], 3 * HOUR);
    await age(id, [5], 30_000);
    await db.apiKey.update({ where: { id }, data: { perMinuteLimit: 3, perDayLimit: 5 } });

    // In the minute: 1 of 3; in the day: 3 of 5. Two more fit.
    for (let i = 0; i < 2; i++) expect((await post(key)).status).toBe(200);
    // The minute now holds 3: refused until the half-minute-old one is a minute old.
    const perMinute = await post(key);
    expect((await expectErrors(perMinute.clone(), 429))[0]!.description).toMatch(/3 pengaduan per menit/);
    const minuteRetry = Number(perMinute.headers.get("retry-after"));
    expect(minuteRetry).toBeGreaterThanOrEqual(25);
    expect(minuteRetry).toBeLessThanOrEqual(31);

    // A minute later the minute is empty, but the day holds 5 of 5 (numbers 3 to 7): refused until the
    // three-hour-old ones are a day old, 21 hours from now.
    await age(id, [5, 6, 7], 2 * 60_000);
    const perDay = await post(key);
    expect((await expectErrors(perDay.clone(), 429))[0]!.description).toMatch(/5 pengaduan per hari/);
    const dayRetry = Number(perDay.headers.get("retry-after"));
    expect(dayRetry).toBeGreaterThanOrEqual(21 * 3600 - 60);
    expect(dayRetry).toBeLessThanOrEqual(21 * 3600 + 1);

    // When those two leave the day, three of five are left: the key files again, as number 8.
    await age(id, [3, 4], 25 * HOUR);
    expect((await post(key)).status).toBe(200);
    expect((await db.open311Submission.findFirstOrThrow({ where: { apiKeyId: id }, orderBy: { seq: "desc" } })).seq).toBe(8);
    expect(await db.complaint.count({ where: { apiKeyId: id } })).toBe(8);
  });
});
