import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { hashPassword } from "~/lib/auth.server";
import { wibDateKey } from "~/lib/time";
import { addCalendarDays } from "~/lib/working-days";
import * as newRoute from "~/routes/inspections.new";
import * as listRoute from "~/routes/inspections._index";
import * as pageRoute from "~/routes/inspections.$id";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { countAll, itemsOf, NAGASWIDAK, post, startSidak, SU2, unitByName, validFinding } from "./inspections-support";
import { translate } from "~/i18n";

// Issue 4's "Bad input": each answered with a 4xx and a clear message, and nothing stored.

let inspector: string;
let otherInspector: string;
let su2Head: string;
let su2: { id: number };
let draftId: number;

beforeAll(async () => {
  inspector = await cookieFor(DEMO.inspector);
  su2Head = await cookieFor(DEMO.headSu2);
  su2 = await unitByName(SU2);
  await db.user.create({ data: { email: "inspektur2@uji.tindak.id", name: "Inspektur Kedua", role: "INSPECTOR", passwordHash: await hashPassword("uji-coba-sandi-2026") } });
  otherInspector = await cookieFor("inspektur2@uji.tindak.id");
  draftId = await startSidak(inspector, su2.id);
});

async function expectRefused(res: Response, status: number, field: string | null, message: RegExp, before: number[]) {
  expect(res.status).toBe(status);
  const body = await res.json();
  // The reply carries message keys; the page shows them in Bahasa Indonesia.
  if (field) expect(translate("id", body.fieldErrors?.[field]?.[0], body.vars)).toMatch(message);
  else expect(translate("id", body.formError, body.vars)).toMatch(message);
  expect(await countAll()).toEqual(before);
}

describe("finding quantities and dates", () => {
  const cases: Array<[string, Record<string, string>, string, RegExp]> = [
    ["a negative quantity", { quantity: "-5" }, "quantity", /tidak boleh negatif/],
    ["a non-numeric quantity", { quantity: "banyak" }, "quantity", /bilangan bulat/],
    ["a decimal quantity", { quantity: "12.5" }, "quantity", /bilangan bulat/],
    ["a quantity above 1,000,000", { quantity: "1000001" }, "quantity", /paling banyak 1\.000\.000/],
    ["a quantity above 1,000,000 with separators", { quantity: "2.000.000" }, "quantity", /paling banyak 1\.000\.000/],
    ["an oldest date in the future", { oldestDate: addCalendarDays(wibDateKey(new Date()), 1) }, "oldestDate", /tidak boleh di masa depan/],
    ["an impossible oldest date", { oldestDate: "2021-02-30" }, "oldestDate", /tidak valid/],
    ["an oldest date in a month that does not exist", { oldestDate: "2021-13-01" }, "oldestDate", /tidak valid/],
    ["a directive deadline in a month that does not exist", { directiveDueAt: "2099-13-01" }, "directiveDueAt", /tidak valid/],
    ["a directive deadline in the past", { directiveDueAt: "2020-01-01" }, "directiveDueAt", /sebelum hari ini/],
    ["an unknown category", { category: "TERRORISM" }, "category", /kategori/],
    ["an empty description", { description: "  " }, "description", /Uraikan/],
  ];
  for (const [name, change, field, message] of cases) {
    it(`refuses ${name}`, async () => {
      const before = await countAll();
      const res = await post(inspector, draftId, { ...validFinding, ...change });
      await expectRefused(res, 400, field, message, before);
    });
  }

  it("accepts the boundary 1,000,000 and 0", async () => {
    for (const quantity of ["1000000", "1.000.000", "0"]) {
      const res = await post(inspector, draftId, { ...validFinding, quantity });
      expect(res.status, quantity).toBe(303);
    }
    const quantities = (await db.finding.findMany({ where: { inspectionId: draftId }, orderBy: { id: "asc" } })).map((f) => f.quantity);
    expect(quantities).toEqual([1_000_000, 1_000_000, 0]);
  });
});

describe("ownership", () => {
  it("refuses a finding on a submitted inspection of another inspector", async () => {
    const id = await startSidak(inspector, su2.id);
    await post(inspector, id, { intent: "submit" });
    const before = await countAll();
    const res = await post(otherInspector, id, { ...validFinding });
    await expectRefused(res, 403, null, /milik inspektur lain/, before);
  });

  it("refuses any change to another inspector's draft", async () => {
    const items = await itemsOf(draftId);
    const before = await countAll();
    for (const form of <Array<Record<string, string>>>[
      { intent: "answer", itemId: String(items[0]!.id), result: "PASS" },
      { ...validFinding },
      { intent: "submit" },
      { intent: "header", startedAt: "2026-01-01T09:00", team: "X", trigger: "ROUTINE" },
    ]) {
      const res = await post(otherInspector, draftId, form);
      await expectRefused(res, 403, null, /milik inspektur lain/, before);
    }
    expect((await db.inspection.findUniqueOrThrow({ where: { id: draftId } })).status).toBe("DRAFT");
  });

  it("answers 403 to a unit head posting to any inspection route, storing nothing", async () => {
    const items = await itemsOf(draftId);
    const before = await countAll();
    const refused = async (fn: () => Promise<Response>) => expect((await fn()).status).toBe(403);
    await refused(() => run(newRoute.action as never, makeRequest("/inspections/new", { cookie: su2Head, form: { unitId: String(su2.id), startedAt: "2026-01-01T09:00", team: "X", trigger: "ROUTINE" } })));
    for (const form of <Array<Record<string, string>>>[
      { intent: "answer", itemId: String(items[0]!.id), result: "PASS" },
      { ...validFinding },
      { intent: "submit" },
      { intent: "amend", body: "x" },
      { intent: "finding-delete", findingId: "1" },
      { intent: "discard" },
    ]) {
      await refused(() => run(pageRoute.action as never, makeRequest(`/inspections/${draftId}`, { cookie: su2Head, form }), { id: String(draftId) }));
    }
    // The start page itself is an inspector's page.
    await refused(() => run(newRoute.loader as never, makeRequest("/inspections/new", { cookie: su2Head })));
    expect(await countAll()).toEqual(before);
  });
});

describe("checklist answers", () => {
  it("refuses an answer for an item of another template", async () => {
    const puskesmas = await unitByName(NAGASWIDAK);
    const other = await db.checklistTemplate.findFirstOrThrow({ where: { unitType: "PUSKESMAS" }, include: { items: true } });
    expect(puskesmas.type).toBe("PUSKESMAS");
    const before = await countAll();
    const res = await post(inspector, draftId, { intent: "answer", itemId: String(other.items[0]!.id), result: "FAIL", number: "3" });
    await expectRefused(res, 400, "itemId", /bukan bagian dari daftar periksa/, before);
  });

  it("refuses a finding linked to an item of another template", async () => {
    const other = await db.checklistTemplate.findFirstOrThrow({ where: { unitType: "PUSKESMAS" }, include: { items: true } });
    const before = await countAll();
    const res = await post(inspector, draftId, { ...validFinding, itemId: String(other.items[0]!.id) });
    await expectRefused(res, 400, "itemId", /bukan bagian dari daftar periksa/, before);
  });

  it("refuses an unknown result and an out-of-range number", async () => {
    const items = await itemsOf(draftId);
    const withNumber = items.find((i) => i.numberLabel)!;
    const before = await countAll();
    await expectRefused(await post(inspector, draftId, { intent: "answer", itemId: String(items[0]!.id), result: "MAYBE" }), 400, "result", /Pilih sesuai/, before);
    await expectRefused(await post(inspector, draftId, { intent: "answer", itemId: String(withNumber.id), result: "FAIL", number: "-3" }), 400, "number", /0 sampai 1\.000\.000/, before);
  });
});

describe("starting a sidak", () => {
  const start = (form: Record<string, string>) => run(newRoute.action as never, makeRequest("/inspections/new", { cookie: inspector, form }));

  it("refuses a complaint of another unit, a missing team and a time in the future", async () => {
    const aalComplaint = await db.complaint.findFirstOrThrow({ where: { unit: { name: "UPT Dukcapil Alang-Alang Lebar" } } });
    const before = await countAll();
    let res = await start({ unitId: String(su2.id), startedAt: "2026-01-05T09:00", team: "Tim", trigger: "COMPLAINTS", complaints: aalComplaint.ref });
    await expectRefused(res, 400, "complaints", /tidak ditemukan di unit ini/, before);
    res = await start({ unitId: String(su2.id), startedAt: "2026-01-05T09:00", team: "  ", trigger: "ROUTINE" });
    await expectRefused(res, 400, "team", /anggota tim/, before);
    res = await start({ unitId: String(su2.id), startedAt: "2999-01-05T09:00", team: "Tim", trigger: "ROUTINE" });
    await expectRefused(res, 400, "startedAt", /tidak di masa depan/, before);
    res = await start({ unitId: String(su2.id), startedAt: "2026-01-05T09:00", team: "Tim", trigger: "COMPLAINTS" });
    await expectRefused(res, 400, "complaints", /paling sedikit satu nomor pengaduan/, before);
  });

  it("links the unit's own complaints by reference", async () => {
    const complaints = await db.complaint.findMany({ where: { unitId: su2.id }, take: 2, orderBy: { id: "asc" } });
    expect(complaints.length).toBe(2);
    const res = await start({ unitId: String(su2.id), startedAt: "2026-01-05T09:00", team: "Tim", trigger: "COMPLAINTS", complaints: `${complaints[0]!.ref.toLowerCase()}, ${complaints[1]!.ref}` });
    expect(res.status).toBe(303);
    const id = Number(res.headers.get("Location")!.split("/").pop());
    const linked = await db.inspectionComplaint.findMany({ where: { inspectionId: id } });
    expect(linked.map((l) => l.complaintId).sort()).toEqual(complaints.map((c) => c.id).sort());
  });
});

// Issue 15: the send queue may post an answer, a finding or the submission long after it was made on
// the phone. If the sidak was submitted (or its draft deleted) meanwhile, the late post is refused with a
// 4xx reply the queue shows with its reason, never written over what happened elsewhere.
describe("a late post from the browser's send queue", () => {
  it("refuses a finding written for the draft once the sidak has been submitted (409), instead of amending it", async () => {
    const id = await startSidak(inspector, su2.id);
    expect((await post(inspector, id, { intent: "submit" })).status).toBe(303);
    const before = await countAll();
    await expectRefused(await post(inspector, id, { ...validFinding, expectedStatus: "DRAFT" }), 409, null, /sudah dikirim/, before);
    // The same finding written on the submitted page (no expectedStatus) is an amendment, as before.
    expect((await post(inspector, id, { ...validFinding })).status).toBe(303);
    expect(await db.inspectionAmendment.count({ where: { inspectionId: id } })).toBe(1);
  });

  it("refuses an answer and a second submission to a submitted sidak with 409 and a message", async () => {
    const id = await startSidak(inspector, su2.id);
    const [item] = await itemsOf(id);
    expect((await post(inspector, id, { intent: "submit" })).status).toBe(303);
    const before = await countAll();
    await expectRefused(await post(inspector, id, { intent: "answer", itemId: String(item!.id), result: "FAIL", idempotencyKey: "late-answer-0000000001" }), 409, null, /sudah dikirim/, before);
    await expectRefused(await post(inspector, id, { intent: "submit", idempotencyKey: "late-submit-0000000001" }), 409, null, /sudah dikirim/, before);
  });

  it("answers a post to a deleted draft with 404 and a message, storing nothing", async () => {
    const id = await startSidak(inspector, su2.id);
    const [item] = await itemsOf(id);
    expect((await post(inspector, id, { intent: "discard" })).status).toBe(303);
    const before = await countAll();
    for (const form of <Array<Record<string, string>>>[{ intent: "answer", itemId: String(item!.id), result: "PASS" }, { ...validFinding, expectedStatus: "DRAFT" }, { intent: "submit" }]) {
      await expectRefused(await post(inspector, id, form), 404, null, /tidak ditemukan/, before);
    }
  });
});

describe("the list's date filters", () => {
  it("take a day that does not exist as no filter, not a server error", async () => {
    // Found by the loader fuzzing (to=2026-13-01): the shape was checked, not the calendar.
    for (const query of ["to=2026-13-01", "from=2026-02-30", "from=2026-00-10&to=2026-99-99"]) {
      const res = await run(listRoute.loader, makeRequest(`/inspections?${query}`, { cookie: inspector }));
      expect(res.status, query).toBe(200);
      const body = await res.json();
      expect(body.rows.length, query).toBeGreaterThan(0);
    }
  });
});
