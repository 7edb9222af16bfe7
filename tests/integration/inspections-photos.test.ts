import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { storageFor } from "~/lib/storage.server";
import { cookieFor, DEMO } from "../support/requests";
import { countAll, itemsOf, post, startSidak, SU2, unitByName, validFinding } from "./inspections-support";
import { translate } from "~/i18n";

// Sidak photos go through the same pipeline as complaint photos: type by bytes, re-encoded, EXIF gone,
// stored under a generated key, linked to the finding or checklist answer in the same transaction.

let inspector: string;
let draftId: number;
let gpsJpeg: Buffer;

beforeAll(async () => {
  inspector = await cookieFor(DEMO.inspector);
  draftId = await startSidak(inspector, (await unitByName(SU2)).id);
  gpsJpeg = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .withExif({ IFD0: { Make: "KameraUji", Model: "Serial-123" } })
    .jpeg()
    .toBuffer();
  expect(gpsJpeg.includes(Buffer.from("KameraUji"))).toBe(true);
});

function formWith(fields: Record<string, string>, files: Array<[Buffer, string, string]>) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const [bytes, name, type] of files) form.append("photos", new Blob([new Uint8Array(bytes)], { type }), name);
  return form;
}

describe("sidak photos", () => {
  it("stores a finding's photos re-encoded, without EXIF, linked to the finding", async () => {
    const res = await post(inspector, draftId, formWith(validFinding, [[gpsJpeg, "bukti.jpg", "image/jpeg"], [gpsJpeg, "bukti2.jpg", "image/jpeg"]]));
    expect(res.status, await res.clone().text()).toBe(303);
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: draftId }, include: { attachments: true } });
    expect(finding.attachments).toHaveLength(2);
    for (const a of finding.attachments) {
      expect(a.mime).toBe("image/jpeg");
      expect(a.storageKey).not.toContain("bukti");
      const stored = Buffer.from((await storageFor(a.backend).get(a.storageKey))!);
      expect(stored.includes(Buffer.from("KameraUji"))).toBe(false);
      expect((await sharp(stored).metadata()).exif).toBeUndefined();
    }
  });

  it("stores a checklist answer's photo on the answer", async () => {
    const item = (await itemsOf(draftId))[0]!;
    const res = await post(inspector, draftId, formWith({ intent: "answer", itemId: String(item.id), result: "FAIL", note: "lihat foto" }, [[gpsJpeg, "loket.jpg", "image/jpeg"]]));
    expect(res.status).toBe(200);
    const answer = await db.checklistAnswer.findFirstOrThrow({ where: { inspectionId: draftId, itemId: item.id }, include: { attachments: true } });
    expect(answer.attachments).toHaveLength(1);
  });

  it("refuses a file that is not an image with 415, storing nothing", async () => {
    const before = await countAll();
    const res = await post(inspector, draftId, formWith(validFinding, [[Buffer.from("%PDF-1.4 bukan foto"), "foto.jpg", "image/jpeg"]]));
    expect(res.status).toBe(415);
    expect(translate("id", (await res.json()).formError)).toMatch(/Foto ditolak/);
    expect(await countAll()).toEqual(before);
  });

  it("refuses more than three photos with 400, storing nothing", async () => {
    const before = await countAll();
    const res = await post(inspector, draftId, formWith(validFinding, [0, 1, 2, 3].map((i) => [gpsJpeg, `f${i}.jpg`, "image/jpeg"] as [Buffer, string, string])));
    expect(res.status).toBe(400);
    expect(await countAll()).toEqual(before);
  });
});
