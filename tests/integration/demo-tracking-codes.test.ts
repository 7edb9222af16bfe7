import { describe, expect, it } from "vitest";
import { DEMO_TRACKING_CODES } from "../../prisma/seed";
import { loader } from "~/routes/track.$code";
import { makeRequest, run } from "../support/requests";

// The README invites people to try the tracking page with the demo codes: they must open.
describe("demo tracking codes", () => {
  for (const [kind, code] of Object.entries(DEMO_TRACKING_CODES)) {
    it(`/track/${code} opens the ${kind} demo complaint`, async () => {
      const res = await run(loader, makeRequest(`/track/${code}`), { code });
      expect(res.status).toBe(200);
      const data = await res.json();
      // The pungli one is numbered in the confidential RHS series, the public one in ADU.
      expect(data.complaint.ref).toMatch(kind === "extortion" ? /^RHS-\d{4}-\d{6}$/ : /^ADU-\d{4}-\d{6}$/);
      if (kind === "extortion") expect(data.complaint.category).toBe("EXTORTION");
    });
  }
});
