import { describe, expect, it } from "vitest";
import { maskPersonalData } from "~/lib/mask-personal-data";

// What residents actually type into a complaint, and what the public must read instead (issue 12, item 4).

const MASKED: [string, string, Partial<Record<"nik" | "phone" | "email", number>>][] = [
  ["NIK saya 1671012345678901 belum jadi", "NIK saya **************** belum jadi", { nik: 1 }],
  ["KK: 1671 0123 4567 8901.", "KK: **** **** **** ****.", { nik: 1 }],
  ["nik 1671.0123.4567.8901", "nik ****.****.****.****", { nik: 1 }],
  ["NIK 167101-120390-0003", "NIK ******-******-****", { nik: 1 }],
  ["hubungi 081234567890", "hubungi 0812******90", { phone: 1 }],
  ["WA 0812-3456-7890 ya", "WA 0812-****-**90 ya", { phone: 1 }],
  ["HP 0813 7788 1290", "HP 0813 **** **90", { phone: 1 }],
  ["telp 0857.1234.5678", "telp 0857.****.**78", { phone: 1 }],
  ["+6281234567890", "+62812******90", { phone: 1 }],
  ["+62 812-3456-7890", "+62 812-****-**90", { phone: 1 }],
  ["(+62) 812 3456 789", "(+62) 812 **** *89", { phone: 1 }],
  ["62 812 3456 7890", "62 812 **** **90", { phone: 1 }],
  ["6281234567890.", "62812******90.", { phone: 1 }],
  ["SAKSI: Ibu Marlina HP 0813-7788-1290", "SAKSI: Ibu Marlina HP 0813-****-**90", { phone: 1 }],
  ["email budi.santoso@gmail.com", "email b***@***.com", { email: 1 }],
  ["Kirim ke siti_r+adu@warga.co.id!", "Kirim ke s***@***.id!", { email: 1 }],
  [
    "Saya Budi (NIK 1671012345678901), WA 0812-3456-7890, budi@mail.id",
    "Saya Budi (NIK ****************), WA 0812-****-**90, b***@***.id",
    { nik: 1, phone: 1, email: 1 },
  ],
];

const UNTOUCHED = [
  "Datang tanggal 12-08-2026 jam 08.30",
  "tanggal 08-12-2026",
  "tgl 2026-11-03",
  "Masih ada 1.240 kartu belum diserahkan",
  "Rp150.000 diminta petugas, Rp 1.500.000 untuk KK",
  "Lihat ADU-2026-000123 dan RHS-2026-000001",
  "antrean nomor 0812 dari 1000",
  "Sudah 3 bulan sejak 2025",
  "Loket 8, 10 orang, 45 menit",
  "kode 08123",
  "nomor surat 470/0812/2026",
  "17 digit 16710123456789012",
];

describe("maskPersonalData", () => {
  it.each(MASKED)("masks %j", (input, expected, counts) => {
    const result = maskPersonalData(input);
    expect(result.text).toBe(expected);
    expect(result.counts).toEqual({ nik: 0, phone: 0, email: 0, ...counts });
    expect(result.masked).toBe(true);
  });

  it.each(UNTOUCHED)("leaves ordinary numbers alone: %j", (input) => {
    const result = maskPersonalData(input);
    expect(result.text).toBe(input);
    expect(result.masked).toBe(false);
  });

  it("keeps no digit of the middle of a number it masked", () => {
    const { text } = maskPersonalData("WA 0812-3456-7890 dan NIK 1671012345678901");
    expect(text).not.toMatch(/3456|4567|1234567/);
  });
});
