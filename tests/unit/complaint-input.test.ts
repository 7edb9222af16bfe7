import { describe, expect, it } from "vitest";
import { ComplaintInputSchema } from "~/models/complaint/schema.server";
import { sniffImageType } from "~/lib/images.server";

const base = { unitId: "3", category: "WAITING_TIME", description: "Antrean tidak bergerak selama dua jam.", privacy: "anonymous" };
const errorsOf = (input: Record<string, unknown>) => {
  const r = ComplaintInputSchema.safeParse({ ...base, ...input });
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};

describe("ComplaintInputSchema (shared by the browser, the form and Open311)", () => {
  it("accepts Indonesian mobile numbers in the usual ways and normalises them", () => {
    for (const phone of ["0812 3456 7890", "081234567890", "+62 812-3456-7890", "62812.3456.7890", "(0812) 3456 789"]) {
      const r = ComplaintInputSchema.safeParse({ ...base, reporterPhone: phone });
      expect(r.success, phone).toBe(true);
      if (r.success) expect(r.data.reporterPhone).toMatch(/^(\+62|62|0)8\d+$/);
    }
  });
  it("refuses numbers that are not Indonesian mobiles", () => {
    for (const phone of ["+1 555 0100", "0711 123456", "0812", "08123456789012345", "nomor saya"]) {
      expect(errorsOf({ reporterPhone: phone }).reporterPhone, phone).toBe("complaints.error.phone");
    }
  });
  it("keeps pins inside Kota Palembang and wants both coordinates or none", () => {
    expect(errorsOf({ lat: "-2.98", lng: "104.76" })).toEqual({});
    expect(errorsOf({ lat: "91", lng: "104.76" }).lat).toBe("complaints.error.lat");
    expect(errorsOf({ lat: "-6.2", lng: "106.8" }).lat).toBe("complaints.error.lat"); // Jakarta
    expect(errorsOf({ lat: "1e1", lng: "104.76" }).lat).toBe("complaints.error.lat");
    expect(errorsOf({ lat: "-2.98" }).lng).toBe("complaints.error.latLngPair");
  });
  it("counts the description's length after trimming: 20 to 4,000", () => {
    expect(errorsOf({ description: `   ${"a".repeat(19)}   ` }).description).toBe("complaints.error.descriptionShort");
    expect(errorsOf({ description: "a".repeat(20) })).toEqual({});
    expect(errorsOf({ description: "a".repeat(4001) }).description).toBe("complaints.error.descriptionLong");
  });
  it("takes numbers as numbers too (Open311 callers)", () => {
    expect(errorsOf({ unitId: 3, lat: -2.98, lng: 104.76 })).toEqual({});
    expect(errorsOf({ unitId: "3abc" }).unitId).toBe("complaints.error.unit");
  });
});

describe("sniffImageType", () => {
  it("tells images by their bytes, not their name", () => {
    expect(sniffImageType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
    expect(sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("png");
    expect(sniffImageType(new TextEncoder().encode("RIFF\0\0\0\0WEBPVP8 "))).toBe("webp");
    expect(sniffImageType(new TextEncoder().encode("\0\0\0\x18ftypheic"))).toBe("heic");
    expect(sniffImageType(new TextEncoder().encode("<svg xmlns="))).toBeNull();
    expect(sniffImageType(new TextEncoder().encode("%PDF-1.4"))).toBeNull();
  });
});
