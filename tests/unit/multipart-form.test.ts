import { describe, expect, it } from "vitest";
import { parseFormWithPhotos, UploadError, MAX_TEXT_FIELD_BYTES } from "~/lib/uploads.server";

// The multipart reader of every form with photos (app/lib/uploads.server.ts, docs/decisions/0036): what it
// keeps, and where it stops. Each refusal is an UploadError with the status the form answers with.

const BOUNDARY = "----tindakTestBoundary7MA4YWxk";
type Part = { name: string; value: string | Buffer; filename?: string; type?: string };

function multipartBody(parts: Part[], options: { close?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename !== undefined ? `; filename="${part.filename}"` : ""}`;
    const type = part.filename !== undefined ? `\r\nContent-Type: ${part.type ?? "image/jpeg"}` : "";
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`), Buffer.from(part.value), Buffer.from("\r\n"));
  }
  if (options.close !== false) chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

/** A request whose body arrives in 64 KB chunks, counting how many bytes the parser pulled. */
function postOf(body: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) {
  const pulled = { bytes: 0 };
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.length) return controller.close();
      const chunk = body.subarray(offset, offset + 64 * 1024);
      offset += chunk.length;
      pulled.bytes = offset;
      controller.enqueue(new Uint8Array(chunk));
    },
  });
  const request = new Request("http://localhost/complaints/new", { method: "POST", headers: { "Content-Type": contentType }, body: stream, duplex: "half" } as RequestInit);
  return { request, pulled };
}

async function refusal(promise: Promise<unknown>): Promise<UploadError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UploadError);
  return error as UploadError;
}

const jpeg = (size: number) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(Math.max(0, size - 4), 7)]);

describe("parseFormWithPhotos (multipart)", () => {
  it("keeps the text fields (UTF-8, control characters removed) and the photos, skips empty file inputs and files in other fields", async () => {
    const body = multipartBody([
      { name: "description", value: "Antrean panjang — petugas tidak ada\u0000\u0007 sejak pukul 08.00 ✓" },
      { name: "reporterName", value: "Sri Wahyuni" },
      { name: "photos", value: jpeg(3000), filename: "loket pelayanan ü.jpg" },
      // What a browser sends for a file input left empty.
      { name: "photos", value: Buffer.alloc(0), filename: "", type: "application/octet-stream" },
      { name: "attachment", value: jpeg(500), filename: "lain.jpg" },
      { name: "photos", value: jpeg(1200), filename: "kedua.jpg", type: "image/png" },
    ]);
    const { form, photos } = await parseFormWithPhotos(postOf(body).request);
    expect(form.get("description")).toBe("Antrean panjang — petugas tidak ada sejak pukul 08.00 ✓");
    expect(form.get("reporterName")).toBe("Sri Wahyuni");
    expect(form.has("photos")).toBe(false);
    expect(form.has("attachment")).toBe(false);
    expect(photos.map((p) => [p.name, p.type, p.bytes.byteLength])).toEqual([
      ["loket pelayanan ü.jpg", "image/jpeg", 3000],
      ["kedua.jpg", "image/png", 1200],
    ]);
    expect(Buffer.from(photos[0]!.bytes).equals(jpeg(3000))).toBe(true);
  });

  it("refuses a photo over the limit with 413 and stops reading, with the fields read before it", async () => {
    const body = multipartBody([
      { name: "description", value: "Foto terlalu besar" },
      { name: "photos", value: jpeg(3 * 1024 * 1024), filename: "besar.jpg" },
      { name: "after", value: "never read" },
    ]);
    const { request, pulled } = postOf(body);
    const error = await refusal(parseFormWithPhotos(request, { maxPhotoBytes: 1024 * 1024 }));
    expect([error.code, error.status]).toEqual(["photoTooLarge", 413]);
    expect(error.partial.get("description")).toBe("Foto terlalu besar");
    expect(pulled.bytes).toBeLessThan(1.5 * 1024 * 1024);
  });

  it("refuses a text field over 64 KB with 413, and a fourth photo with 400", async () => {
    const long = multipartBody([{ name: "description", value: "a".repeat(MAX_TEXT_FIELD_BYTES + 1) }]);
    const tooLong = await refusal(parseFormWithPhotos(postOf(long).request));
    expect([tooLong.code, tooLong.status]).toEqual(["bodyTooLarge", 413]);
    const exact = multipartBody([{ name: "description", value: "a".repeat(MAX_TEXT_FIELD_BYTES) }]);
    expect((await parseFormWithPhotos(postOf(exact).request)).form.get("description")).toHaveLength(MAX_TEXT_FIELD_BYTES);

    const four = multipartBody([1, 2, 3, 4].map((n) => ({ name: "photos", value: jpeg(100), filename: `${n}.jpg` })));
    const tooMany = await refusal(parseFormWithPhotos(postOf(four).request));
    expect([tooMany.code, tooMany.status]).toEqual(["tooManyPhotos", 400]);
  });

  it("refuses more than 50 text fields, a body cut short and a multipart type without a boundary with 400", async () => {
    const fields = multipartBody(Array.from({ length: 51 }, (_, i) => ({ name: `f${i}`, value: "x" })));
    const many = await refusal(parseFormWithPhotos(postOf(fields).request));
    expect([many.code, many.status]).toEqual(["badForm", 400]);
    expect(many.partial.get("f0")).toBe("x");

    const cut = multipartBody([{ name: "description", value: "tanpa akhir" }], { close: false });
    const cutShort = await refusal(parseFormWithPhotos(postOf(cut).request));
    expect([cutShort.code, cutShort.status]).toEqual(["badForm", 400]);

    const noBoundary = await refusal(parseFormWithPhotos(postOf(multipartBody([]), "multipart/form-data").request));
    expect([noBoundary.code, noBoundary.status]).toEqual(["badForm", 400]);
  });
});
