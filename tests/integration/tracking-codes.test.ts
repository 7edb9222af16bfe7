import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { translate } from "~/i18n";
import { sha256 } from "~/lib/crypto.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { loader as trackLoader } from "~/routes/track.$code";
import { action as trackIndexAction } from "~/routes/track._index";
import { DEMO_TRACKING_CODES } from "../../prisma/seed";
import { makeRequest, run } from "../support/requests";
import { GOOD_DESCRIPTION, unitIdBySlugPart } from "../support/complaints";

// Issue 16, item 2: a resident types the tracking code back from a note or a screenshot on a phone.
let su2: number;
beforeAll(async () => {
  su2 = await unitIdBySlugPart("Seberang Ulu Dua");
});

async function fileOne() {
  const result = await createComplaint({ unitId: su2, category: "FACILITY", description: GOOD_DESCRIPTION, privacy: "anonymous" }, { ip: "10.2.2.2" });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result;
}

const postCode = (code: string) => run(trackIndexAction, makeRequest("/track", { form: { code } }));
const openCode = (code: string) => run(trackLoader, makeRequest(`/track/${encodeURIComponent(code)}`), { code });

describe("tracking codes people can type back", () => {
  it("are 26 Crockford base32 symbols (130 bits) in groups of five, all different", async () => {
    const codes = await Promise.all([fileOne(), fileOne(), fileOne()]);
    for (const { trackingCode } of codes) {
      expect(trackingCode).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{6}$/);
      expect(trackingCode.replaceAll("-", "")).toHaveLength(26); // 26 × 5 bits = 130 bits ≥ 128
    }
    expect(new Set(codes.map((c) => c.trackingCode)).size).toBe(3);
  });

  it("open whatever the case, spaces and hyphens, and with O/I/L for 0/1", async () => {
    const { trackingCode, complaint } = await fileOne();
    const bare = trackingCode.replaceAll("-", "");
    const typed = [
      trackingCode.toLowerCase(),
      bare.match(/.{1,4}/g)!.join(" "), // grouped differently, with spaces
      ` ${bare.slice(0, 9)} - ${bare.slice(9)} `,
      trackingCode.replaceAll("0", "o").replaceAll("1", "l"), // look-alikes (when the code has any)
    ];
    for (const code of typed) {
      const res = await postCode(code);
      expect(res.status, code).toBe(303);
      expect(res.headers.get("Location")).toBe(`/track/${trackingCode}`);
      const page = await openCode(code);
      expect(page.status, code).toBe(200);
      expect((await page.json()).complaint.ref).toBe(complaint.ref);
    }
  });

  it("keep older codes working: a base64url code as issued, and the demo codes in any case", async () => {
    const legacy = crypto.randomBytes(16).toString("base64url");
    const { complaint } = await fileOne();
    await db.complaint.update({ where: { id: complaint.id }, data: { trackingHash: sha256(legacy) } });
    expect((await openCode(legacy)).status).toBe(200);
    expect((await postCode(` ${legacy} `)).headers.get("Location")).toBe(`/track/${legacy}`);

    for (const demo of Object.values(DEMO_TRACKING_CODES)) {
      for (const typed of [demo, demo.toLowerCase()]) {
        expect((await openCode(typed)).status, typed).toBe(200);
        expect((await postCode(typed)).status, typed).toBe(303);
      }
    }
  });

  it("answer a wrong code with 404, 'kode tidak dikenali', the form again and help", async () => {
    const { trackingCode } = await fileOne();
    // One symbol changed: the right shape, but nobody holds it.
    const last = trackingCode.at(-1) === "7" ? "8" : "7";
    const wrong = trackingCode.slice(0, -1) + last;
    const res = await postCode(wrong);
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(translate("id", body.fieldErrors.code[0])).toBe("Kode tidak dikenali. Periksa lagi kodenya.");
    expect(body.values.code).toBe(wrong); // kept in the field, to correct rather than retype
    expect((await openCode(wrong)).status).toBe(404);
    expect((await postCode("")).status).toBe(404);
    expect((await postCode("x".repeat(5000))).status).toBe(404);
  });
});
