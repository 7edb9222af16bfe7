import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ComplaintInputSchema } from "~/models/complaint/schema.server";
import { checkComplaintForm } from "~/models/complaint/rules";

// The browser's light check (no Zod in the page's bundle) must never stop a complaint the server
// would accept, and should catch the common slips with the server's message keys.

const base = { unitId: "3", category: "WAITING_TIME", description: "Antrean tidak bergerak selama dua jam.", privacy: "anonymous" };
const serverErrors = (input: Record<string, unknown>) => {
  const r = ComplaintInputSchema.safeParse(input);
  return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [String(i.path[0]), i.message]));
};
const browserErrors = (input: Record<string, unknown>) => Object.fromEntries(Object.entries(checkComplaintForm(input)).map(([k, v]) => [k, v[0]]));

describe("checkComplaintForm (the complaint form's check in the browser)", () => {
  it("gives the server's message for the usual slips", () => {
    const cases: Record<string, unknown>[] = [
      { description: "pendek" },
      { description: `   ${"a".repeat(19)}   ` },
      { description: "a".repeat(4001) },
      { unitId: "" },
      { unitId: "3abc" },
      { category: "" },
      { privacy: "semua" },
      { lat: "-6.2", lng: "106.8" },
      { lat: "-2.98" },
      { lng: "104.76" },
      { unitId: "", lat: "-3" }, // both messages at once, not the pair only after the unit is fixed
      { reporterPhone: "0711 123456" },
      { reporterEmail: "rina@" },
      { reporterName: "x".repeat(121) },
    ];
    for (const c of cases) expect(browserErrors({ ...base, ...c }), JSON.stringify(c)).toEqual(serverErrors({ ...base, ...c }));
  });

  it("accepts a complete, valid complaint", () => {
    const ok = { ...base, lat: "-2.98", lng: "104.76", reporterName: "Rina", reporterPhone: "+62 812-3456-7890", reporterEmail: "rina@contoh.id" };
    expect(checkComplaintForm(ok)).toEqual({});
    expect(serverErrors(ok)).toEqual({});
  });

  it("never refuses a complaint the server accepts, and refuses nothing but what the server refuses too", () => {
    const field = fc.constantFrom("unitId", "category", "description", "privacy", "lat", "lng", "reporterName", "reporterPhone", "reporterEmail");
    const value = fc.oneof(fc.string(), fc.stringMatching(/^[-+]?\d{1,3}(\.\d{1,6})?$/), fc.emailAddress(), fc.stringMatching(/^(\+62|62|0)8[1-9][\d .-]{6,14}$/));
    fc.assert(
      fc.property(fc.dictionary(field, value, { maxKeys: 4 }), (patch) => {
        const input = { ...base, ...patch };
        const server = serverErrors(input);
        const browser = checkComplaintForm(input);
        if (Object.keys(server).length === 0) expect(browser, JSON.stringify(input)).toEqual({});
        // A field the browser marks is one the server refuses, or (coordinates) its pair.
        for (const name of Object.keys(browser)) {
          const pair = name === "lat" || name === "lng" ? ["lat", "lng"] : [name];
          expect(pair.some((n) => n in server), `${name} in ${JSON.stringify(input)}`).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
