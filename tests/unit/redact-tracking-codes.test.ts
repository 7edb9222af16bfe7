import { describe, expect, it } from "vitest";
import { groupTrackingCode, redactTrackingCodes, trackingCodeFromBytes } from "~/lib/tracking-code";
import { texts } from "~/lib/channels/texts.server";

// Issue 23 item 6: once a message is sent, the outbox keeps no tracking code (codes are stored only as
// SHA-256). Every message that carries a code, in each language and channel, loses it; nothing else does.

const code = groupTrackingCode(trackingCodeFromBytes(new Uint8Array(26).fill(7)));
const link = `https://tindak.example.go.id/track/${code}`;

describe("redactTrackingCodes", () => {
  const messages = {
    "WhatsApp/e-mail reply (id)": texts.id.created("ADU-2026-000123", code, link),
    "WhatsApp/e-mail reply (en)": texts.en.created("ADU-2026-000123", code, link),
    "SMS reply": `Pengaduan RHS-2026-000004 diterima (rahasia). Kode pelacakan: ${code} . Simpan, jangan bagikan. Cek: STATUS ${code}`,
    "e-mail confirmation": `Nomor pengaduan: ADU-2026-000123\nIkuti perkembangannya di:\n${link}\n\nSimpan tautan ini.`,
    "a legacy code": "Kode pelacakan: DEMO-LACAK-SU2-2026 . Cek: STATUS DEMO-LACAK-SU2-2026 atau /track/DEMO-LACAK-SU2-2026",
  };
  for (const [name, text] of Object.entries(messages)) {
    it(`removes the code from: ${name}`, () => {
      const redacted = redactTrackingCodes(text);
      expect(redacted).not.toContain(code);
      expect(redacted).not.toContain("DEMO-LACAK");
      expect(redacted.length).toBeGreaterThan(20);
    });
  }
  it("keeps references, ordinary words and staff links", () => {
    const text = "Pengaduan ADU-2026-000123: STATUS berubah. Buka https://tindak.example.go.id/follow-ups/111";
    expect(redactTrackingCodes(text)).toBe(text);
    expect(redactTrackingCodes(texts.id.created("RHS-2026-000009", code, link))).toContain("RHS-2026-000009");
  });
});
