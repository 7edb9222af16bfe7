import { describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { createComplaint } from "~/models/complaint/filing.server";
import { action as newComplaint } from "~/routes/complaints.new";
import { action as triage } from "~/routes/triage.$id";
import { complaintForm, unitIdBySlugPart } from "../support/complaints";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";

// Issue 14 item 1, beyond Open311 (open311-clients.test.ts covers the API and the XML writer): C0
// control characters other than tab and line breaks are removed from what the web form, staff forms and
// the resident channels (which file through createComplaint) store. One such character stored made
// every XML client fail to read the whole request list.

const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

describe("control characters in what people send", () => {
  it("the resident web form stores the text without them, keeping line breaks", async () => {
    const marker = `KODE${Date.now()}`;
    const res = await run(newComplaint, makeRequest("/complaints/new", {
      ip: "10.9.0.1",
      form: await complaintForm({
        description: `E-KTP\u0001 saya sudah jadi\u000b sejak Maret\u001b tetapi belum diserahkan.\r\nBaris kedua ${marker}`,
        reporterName: "Rina\u000c Saputri",
      }),
    }));
    expect(res.status, await res.clone().text()).toBe(303);
    const stored = await db.complaint.findFirstOrThrow({ where: { description: { contains: marker } } });
    expect(stored.description).toBe(`E-KTP saya sudah jadi sejak Maret tetapi belum diserahkan.\r\nBaris kedua ${marker}`);
    expect(stored.reporterName).toBe("Rina Saputri");
  });

  it("a staff form (the inspector's rejection reason) stores the text without them", async () => {
    const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
    const created = await createComplaint({ unitId: String(unitId), category: "WAITING_TIME", privacy: "public", description: "Antrean loket rekam KTP tidak bergerak sejak pagi tadi." });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const cookie = await cookieFor(DEMO.inspector);
    const res = await run(triage, makeRequest(`/triage/${created.complaint.id}`, { cookie, form: { intent: "reject", reason: "Bukan\u0001 kewenangan\u001f Pemerintah\tKota" } }), { id: String(created.complaint.id) });
    expect(res.status, await res.clone().text()).toBe(303);
    const events = await db.complaintEvent.findMany({ where: { complaintId: created.complaint.id, statusTo: "REJECTED" } });
    expect(events).toHaveLength(1);
    expect(events[0]!.body).toBe("Bukan kewenangan Pemerintah\tKota");
    const row = await db.complaint.findUniqueOrThrow({ where: { id: created.complaint.id } });
    expect(row.statusReason ?? "").not.toMatch(CONTROLS);
  });

  it("a complaint filed from a channel (WhatsApp) is stored without them", async () => {
    const unitId = await unitIdBySlugPart("Seberang Ulu Dua");
    const created = await createComplaint(
      { unitId: String(unitId), category: "FACILITY", privacy: "anonymous", description: "Kursi\u0007 ruang tunggu\u0008 patah, warga\u0010 berdiri berjam-jam.", reporterName: "Pak\u001b Budi" },
      { source: "WHATSAPP" },
    );
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const row = await db.complaint.findUniqueOrThrow({ where: { id: created.complaint.id } });
    expect(row.description).toBe("Kursi ruang tunggu patah, warga berdiri berjam-jam.");
    expect(row.reporterName).toBe("Pak Budi");
  });
});
