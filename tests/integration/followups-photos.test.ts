import fs from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import * as detail from "~/routes/follow-ups.$id";
import * as attachment from "~/routes/attachments.$id";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { readReply } from "../support/form-reply";
import { demoUsers, makeFollowUp } from "../support/followups";

// Evidence photos on an answer: re-encoded and stored with the answer in one go; a refused answer leaves
// no row and no file behind; the photo is served to the unit's head and staff only.

let users: Awaited<ReturnType<typeof demoUsers>>;
let jpeg: Uint8Array;

beforeAll(async () => {
  users = await demoUsers();
  jpeg = new Uint8Array(await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer());
});

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

function answerForm(fields: Record<string, string>, files: Array<[Uint8Array, string, string]>) {
  const form = new FormData();
  form.set("intent", "answer");
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const [bytes, name, type] of files) form.append("photos", new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
  return form;
}

describe("evidence photos", () => {
  it("stores the photos with the answer and serves them to the unit head, not to another unit's head", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, quantity: 10 });
    const cookie = await cookieFor(DEMO.headSu2);
    const res = await run(
      detail.action,
      makeRequest(`/follow-ups/${fu.id}`, { cookie, form: answerForm({ body: "Foto serah terima terlampir.", outstandingQuantity: "2" }, [[jpeg, "serah-terima.jpg", "image/jpeg"], [jpeg, "daftar.jpg", "image/jpeg"]]) }),
      { id: String(fu.id) },
    );
    expect(res.status).toBe(303);
    const response = await db.response.findFirstOrThrow({ where: { followUpId: fu.id }, include: { attachments: true } });
    expect(response.attachments).toHaveLength(2);
    const [photo] = response.attachments;
    expect(photo!.mime).toBe("image/jpeg");

    const mine = await run(attachment.loader, makeRequest(`/attachments/${photo!.id}`, { cookie }), { id: String(photo!.id) });
    expect(mine.status).toBe(200);
    expect(mine.headers.get("Content-Type")).toBe("image/jpeg");
    const other = await run(attachment.loader, makeRequest(`/attachments/${photo!.id}`, { cookie: await cookieFor(DEMO.headAal) }), { id: String(photo!.id) });
    expect(other.status).toBe(404);

    const page = await (await run(detail.loader, makeRequest(`/follow-ups/${fu.id}`, { cookie: await cookieFor(DEMO.inspector) }), { id: String(fu.id) })).json();
    expect(page.followUp.responses[0].attachments).toHaveLength(2);
  });

  it("a refused answer keeps no photo row and no file", async () => {
    const fu = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, quantity: 10 });
    const cookie = await cookieFor(DEMO.headSu2);
    const filesBefore = filesUnder(process.env.UPLOAD_DIR!).length;
    const rowsBefore = await db.attachment.count();
    const tooMany = await run(
      detail.action,
      makeRequest(`/follow-ups/${fu.id}`, { cookie, form: answerForm({ body: "Sudah.", outstandingQuantity: "11" }, [[jpeg, "a.jpg", "image/jpeg"]]) }),
      { id: String(fu.id) },
    );
    expect(tooMany.status).toBe(400);
    const notImage = await run(
      detail.action,
      makeRequest(`/follow-ups/${fu.id}`, { cookie, form: answerForm({ body: "Sudah.", outstandingQuantity: "1" }, [[new TextEncoder().encode("%PDF-1.4 bukan foto"), "surat.pdf", "application/pdf"]]) }),
      { id: String(fu.id) },
    );
    expect(notImage.status).toBe(415);
    expect((await readReply(notImage)).text).toMatch(/JPEG, PNG atau WebP/);
    expect(await db.attachment.count()).toBe(rowsBefore);
    expect(filesUnder(process.env.UPLOAD_DIR!).length).toBe(filesBefore);
    expect((await db.followUp.findUniqueOrThrow({ where: { id: fu.id } })).state).toBe("OPEN");
  });
});
