import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { sha256 } from "~/lib/crypto.server";
import { action } from "~/routes/complaints.new";
import { makeRequest, run } from "../support/requests";
import { complaintForm, CORRUPT_JPEG, file, filesUnder, GOOD_DESCRIPTION, HTML, jpeg, PDF, png, pngBomb, SVG } from "../support/complaints";

// Issue 3, "Bad input": each gets a 4xx, the form again with its message, and no row or file stored.

const post = (form: FormData, ip = "10.0.0.1") => run(action, makeRequest("/complaints/new", { form, ip }));

async function expectRefused(form: FormData, status: number, field: string) {
  const before = await db.complaint.count();
  const filesBefore = filesUnder(process.env.UPLOAD_DIR!).length;
  const res = await post(form);
  expect(res.status).toBe(status);
  const body = await res.json();
  expect(body.fieldErrors[field]?.length, JSON.stringify(body)).toBeGreaterThan(0);
  expect(await db.complaint.count()).toBe(before);
  expect(filesUnder(process.env.UPLOAD_DIR!).length).toBe(filesBefore);
  return body;
}

describe("POST /complaints/new", () => {
  it("files a complaint with a photo: 303 to /track/<code>, the code stored only as a hash", async () => {
    const before = await db.complaint.count();
    const res = await post(await complaintForm({ reporterName: "Siti Pelapor", reporterPhone: "0812-3456-7890", reporterEmail: "siti@example.id" }, [file(await jpeg())]));
    expect(res.status).toBe(303);
    const location = res.headers.get("Location")!;
    // 26 symbols of Crockford's base32 (130 bits) in groups of five: no I, L, O or U to misread.
    expect(location).toMatch(/^\/track\/([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{6}$/);
    const code = location.split("/").pop()!;
    expect(await db.complaint.count()).toBe(before + 1);
    const c = await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(code.replaceAll("-", "")) }, include: { attachments: true, events: true } });
    expect(c.ref).toMatch(/^ADU-\d{4}-\d{6}$/);
    expect(c.status).toBe("NEW");
    expect(c.reporterPhone).toBe("081234567890");
    expect(c.reporterIpHash).not.toContain("10.0.0.1");
    expect(c.attachments).toHaveLength(1);
    expect(c.events.map((e) => e.kind)).toEqual(["CREATED"]);
    // Nothing in the database holds the code except the reporter's e-mail in the outbox.
    const audit = await db.auditEvent.findMany({ where: { entityType: "Complaint", entityId: String(c.id) } });
    expect(JSON.stringify(audit)).not.toContain(code);
    const mail = await db.notification.findFirstOrThrow({ where: { toEmail: "siti@example.id" } });
    expect(mail.channel).toBe("EMAIL");
    expect(mail.body).toContain(`/track/${code}`);
    expect(mail.subject).toContain(c.ref);
  });

  it("numbers refs per year with six digits, one after another", async () => {
    const a = await post(await complaintForm());
    const b = await post(await complaintForm());
    const refOf = async (r: Response) => (await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(r.headers.get("Location")!.split("/").pop()!.replaceAll("-", "")) } })).ref;
    const [ra, rb] = [await refOf(a), await refOf(b)];
    expect(Number(rb.slice(-6))).toBe(Number(ra.slice(-6)) + 1);
  });

  it("forces EXTORTION to confidential whatever is posted", async () => {
    const res = await post(await complaintForm({ category: "EXTORTION", privacy: "public" }));
    expect(res.status).toBe(303);
    const c = await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(res.headers.get("Location")!.split("/").pop()!.replaceAll("-", "")) } });
    expect(c.privacy).toBe("confidential");
  });

  it("refuses an unknown unit", async () => {
    await expectRefused(await complaintForm({ unitId: "999999" }), 400, "unitId");
  });
  it("refuses an inactive unit", async () => {
    const unit = await db.unit.create({ data: { slug: "tutup-test", name: "Unit Tutup", type: "OTHER", kecamatanCode: "16.71.01", active: false } });
    await expectRefused(await complaintForm({ unitId: String(unit.id) }), 400, "unitId");
  });
  it("refuses an unknown category", async () => {
    await expectRefused(await complaintForm({ category: "BRIBERY" }), 400, "category");
  });
  it("refuses an empty description", async () => {
    await expectRefused(await complaintForm({ description: "" }), 400, "description");
  });
  it("refuses a 5,000-character description", async () => {
    await expectRefused(await complaintForm({ description: "a".repeat(5000) }), 400, "description");
  });
  it("refuses latitude 91", async () => {
    await expectRefused(await complaintForm({ lat: "91", lng: "104.75" }), 400, "lat");
  });
  it("refuses a latitude that is text", async () => {
    await expectRefused(await complaintForm({ lat: "selatan", lng: "104.75" }), 400, "lat");
  });
  it("refuses a phone number that is not Indonesian", async () => {
    await expectRefused(await complaintForm({ reporterPhone: "+1 555 0100" }), 400, "reporterPhone");
  });
  it("refuses a fourth photo", async () => {
    const p = file(await jpeg(64, 64));
    await expectRefused(await complaintForm({}, [p, p, p, p]), 400, "photos");
  });
  it("refuses a 15 MB photo with 413", async () => {
    const big = Buffer.alloc(15 * 1024 * 1024, 7);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const body = await expectRefused(await complaintForm({}, [file(big)]), 413, "photos");
    // The fields sent before the photo come back filled in.
    expect(body.values.description).toBe(GOOD_DESCRIPTION);
  });
  it("refuses a PDF with 415", async () => {
    await expectRefused(await complaintForm({}, [file(PDF, "laporan.pdf", "application/pdf")]), 415, "photos");
  });
  it("refuses an HTML page named x.jpg with 415", async () => {
    await expectRefused(await complaintForm({}, [file(HTML, "x.jpg")]), 415, "photos");
  });
  it("refuses an SVG named x.jpg with 415", async () => {
    await expectRefused(await complaintForm({}, [file(SVG, "x.jpg")]), 415, "photos");
  });
  it("answers an iPhone HEIC with 415 and asks for JPEG", async () => {
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypheic\0\0\0\0mif1heic"), Buffer.alloc(200, 1)]);
    const body = await expectRefused(await complaintForm({}, [file(heic, "IMG_0001.HEIC", "image/heic")]), 415, "photos");
    expect(body.fieldErrors.photos).toEqual(["complaints.error.photoHeic"]);
  });
  it("refuses a corrupt JPEG", async () => {
    const body = await expectRefused(await complaintForm({}, [file(CORRUPT_JPEG)]), 422, "photos");
    expect(body.formError).toBeTruthy();
  });
  it("refuses a 20,000 x 20,000 PNG before decoding it", async () => {
    await expectRefused(await complaintForm({}, [file(pngBomb(), "bom.png", "image/png")]), 413, "photos");
  });
  it("refuses a field posted twice with conflicting values", async () => {
    const form = await complaintForm();
    form.append("category", "EXTORTION");
    await expectRefused(form, 400, "category");
  });
  it("leaves no file behind when the second photo is refused", async () => {
    await expectRefused(await complaintForm({}, [file(await jpeg()), file(HTML, "x.jpg")]), 415, "photos");
  });
  it("ignores extra fields such as status=CLOSED and unitHeadId", async () => {
    const res = await post(await complaintForm({ status: "CLOSED", unitHeadId: "1", meTooCount: "99", ref: "ADU-2000-000001" }));
    expect(res.status).toBe(303);
    const c = await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(res.headers.get("Location")!.split("/").pop()!.replaceAll("-", "")) } });
    expect(c.status).toBe("NEW");
    expect(c.meTooCount).toBe(0);
    expect(c.ref).not.toBe("ADU-2000-000001");
  });
  it("silently refuses a bot that fills the honeypot", async () => {
    const before = await db.complaint.count();
    const res = await post(await complaintForm({ website: "http://spam.example" }));
    expect(res.status).toBe(303);
    expect(res.headers.get("Location")).not.toMatch(/^\/track\//);
    expect(await db.complaint.count()).toBe(before);
  });

  it("re-encodes photos: EXIF and GPS removed, long side at most 2048 px, PNG accepted", async () => {
    const res = await post(await complaintForm({}, [file(await jpeg(3000, 1500, { gps: true })), file(await png(), "s.png", "image/png")]));
    expect(res.status).toBe(303);
    const c = await db.complaint.findUniqueOrThrow({ where: { trackingHash: sha256(res.headers.get("Location")!.split("/").pop()!.replaceAll("-", "")) }, include: { attachments: { orderBy: { id: "asc" } } } });
    const { getStorage } = await import("~/lib/storage.server");
    const bytes = (await getStorage().get(c.attachments[0]!.storageKey))!;
    const meta = await sharp(bytes).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.format).toBe("jpeg");
    expect(Math.max(meta.width!, meta.height!)).toBe(2048);
    expect(Buffer.from(bytes).includes("Budi Pelapor")).toBe(false);
    expect(c.attachments[1]!.mime).toBe("image/jpeg");
  });
});
