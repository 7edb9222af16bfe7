import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import * as listRoute from "~/routes/inspections._index";
import * as printRoute from "~/routes/inspections.$id_.print";
import * as pdfRoute from "~/routes/inspections.$id.report[.]pdf";
import { inspectionAttachmentScope } from "~/models/inspection/access.server";
import { inspectionsOfUnit } from "~/models/inspection/queries.server";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { AAL, itemsOf, page, post, startSidak, SU2, unitByName, validFinding } from "./inspections-support";

// Who reads which inspection: inspectors and admins all; a unit head only their own unit's submitted
// ones, and never who reported an extortion. Out of reach answers 404, like a missing record.

let inspector: string;
let admin: string;
let su2Head: string;
let aalHead: string;
let su2: { id: number };
let aal: { id: number };
let draftId: number;
let submittedId: number;
let aalSubmittedId: number;
// The list rows are lean (issue 17): what a row does not print (the unit's id and kecamatan) is read
// from the database for the ids the list returned.
async function stored(rows: Array<{ id: number }>) {
  return db.inspection.findMany({ where: { id: { in: rows.map((r) => r.id) } }, select: { unitId: true, status: true, unit: { select: { kecamatanCode: true } } } });
}

const SECRET = "Pelapor: Ibu Sari, pedagang di depan kantor, nomor 0812-0000-1111";

beforeAll(async () => {
  [inspector, admin, su2Head, aalHead] = await Promise.all([cookieFor(DEMO.inspector), cookieFor(DEMO.admin), cookieFor(DEMO.headSu2), cookieFor(DEMO.headAal)]);
  su2 = await unitByName(SU2);
  aal = await unitByName(AAL);
  draftId = await startSidak(inspector, su2.id);
  submittedId = await startSidak(inspector, su2.id);
  const items = await itemsOf(submittedId);
  const pungliItem = items.find((i) => i.findingCategory === "EXTORTION")!;
  await post(inspector, submittedId, { intent: "answer", itemId: String(pungliItem.id), result: "FAIL", note: SECRET });
  await post(inspector, submittedId, { ...validFinding });
  await post(inspector, submittedId, {
    intent: "finding-create",
    category: "EXTORTION",
    severity: "CRITICAL",
    itemId: String(pungliItem.id),
    description: `Calo meminta Rp50.000 untuk KTP-el. ${SECRET}`,
    directive: "Hentikan pungutan apa pun dan pasang pengumuman GRATIS di loket.",
  });
  await post(inspector, submittedId, { intent: "submit" });
  aalSubmittedId = await startSidak(inspector, aal.id);
  await post(inspector, aalSubmittedId, { intent: "submit" });
});

describe("a unit head", () => {
  it("reads their own unit's submitted inspection", async () => {
    const res = await page(su2Head, submittedId);
    expect(res.status).toBe(200);
    const data = await res.json();
    expect(data.inspection.unit.name).toBe(SU2);
    expect(data.canEdit).toBe(false);
  });

  it("gets 404 for a draft of their unit and for another unit's inspection, on every page", async () => {
    for (const id of [draftId, aalSubmittedId, 999_999]) {
      expect((await page(su2Head, id)).status, `page ${id}`).toBe(404);
      expect((await run(printRoute.loader as never, makeRequest(`/inspections/${id}/print`, { cookie: su2Head }), { id: String(id) })).status).toBe(404);
      expect((await run(pdfRoute.loader as never, makeRequest(`/inspections/${id}/report.pdf`, { cookie: su2Head }), { id: String(id) })).status).toBe(404);
    }
    // The other unit's head reads theirs but not SU2's.
    expect((await page(aalHead, aalSubmittedId)).status).toBe(200);
    expect((await page(aalHead, submittedId)).status).toBe(404);
  });

  it("lists only their own unit's submitted inspections, whatever the filters ask", async () => {
    for (const query of ["", "?status=DRAFT", `?unitId=${aal.id}`, "?kecamatan=16.71.15"]) {
      const res = await run(listRoute.loader as never, makeRequest(`/inspections${query}`, { cookie: su2Head }));
      expect(res.status).toBe(200);
      const data = await res.json();
      for (const row of await stored(data.rows)) {
        expect(row.unitId, query).toBe(su2.id);
        expect(row.status, query).toBe("SUBMITTED");
      }
      if (query === "") expect(data.rows.map((r: { id: number }) => r.id)).toContain(submittedId);
    }
  });

  it("reads the directive of an extortion finding and nothing about who reported it", async () => {
    const data = await (await page(su2Head, submittedId)).json();
    const text = JSON.stringify(data);
    expect(text).not.toContain("Ibu Sari");
    expect(text).not.toContain("0812-0000-1111");
    const extortion = data.inspection.findings.find((f: { category: string }) => f.category === "EXTORTION");
    expect(extortion.directive).toBe("Hentikan pungutan apa pun dan pasang pengumuman GRATIS di loket.");
    expect(extortion.description).toBeNull();
    // The inspector still reads everything.
    const full = JSON.stringify(await (await page(inspector, submittedId)).json());
    expect(full).toContain("Ibu Sari");
  });

  it("cannot reach photos of an extortion finding through the attachment scope", async () => {
    const extortion = await db.finding.findFirstOrThrow({ where: { inspectionId: submittedId, category: "EXTORTION" } });
    const normal = await db.finding.findFirstOrThrow({ where: { inspectionId: submittedId, category: "UNDISTRIBUTED_DOCUMENT" } });
    const photo = { backend: "local", mime: "image/jpeg", bytes: 1, width: 1, height: 1, remoteUrl: null };
    const a = await db.attachment.create({ data: { ...photo, storageKey: "2026/11/" + "a".repeat(32) + ".jpg", findingId: extortion.id } });
    const b = await db.attachment.create({ data: { ...photo, storageKey: "2026/11/" + "b".repeat(32) + ".jpg", findingId: normal.id } });
    const head = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 } });
    const visible = async (viewer: { id: number; role: "UNIT_HEAD" | "INSPECTOR" | "ADMIN"; unitId: number | null }) =>
      (await db.attachment.findMany({ where: { AND: [{ id: { in: [a.id, b.id] } }, inspectionAttachmentScope(viewer)] } })).map((x) => x.id).sort();
    expect(await visible({ id: head.id, role: "UNIT_HEAD", unitId: head.unitId })).toEqual([b.id]);
    expect(await visible({ id: 1, role: "UNIT_HEAD", unitId: aal.id })).toEqual([]);
    expect(await visible({ id: 1, role: "INSPECTOR", unitId: null })).toEqual([a.id, b.id].sort());
  });
});

describe("inspectors and admins", () => {
  it("read every inspection, drafts included; only the owner may edit", async () => {
    for (const cookie of [inspector, admin]) {
      for (const id of [draftId, submittedId, aalSubmittedId]) expect((await page(cookie, id)).status).toBe(200);
    }
    expect((await (await page(inspector, draftId)).json()).canEdit).toBe(true);
    expect((await (await page(admin, draftId)).json()).canEdit).toBe(false);
    // An admin reads but does not write sidak records.
    const res = await post(admin, draftId, { ...validFinding });
    expect(res.status).toBe(403);
  });

  it("filter the list by unit, kecamatan, status and date range", async () => {
    const list = async (query: string) => (await (await run(listRoute.loader as never, makeRequest(`/inspections${query}`, { cookie: inspector }))).json()).rows as { id: number; status: string }[];
    const byUnit = await list(`?unitId=${aal.id}`);
    expect(byUnit.length).toBeGreaterThan(0);
    expect((await stored(byUnit)).every((r) => r.unitId === aal.id)).toBe(true);
    const drafts = await list(`?status=DRAFT&unitId=${su2.id}`);
    expect(drafts.map((r) => r.id)).toContain(draftId);
    expect(drafts.every((r) => r.status === "DRAFT")).toBe(true);
    const unitRow = await db.unit.findUniqueOrThrow({ where: { id: aal.id } });
    const byKecamatan = await list(`?kecamatan=${unitRow.kecamatanCode}`);
    expect((await stored(byKecamatan)).every((r) => r.unit.kecamatanCode === unitRow.kecamatanCode)).toBe(true);
    expect(byKecamatan.map((r) => r.id)).toContain(aalSubmittedId);
    expect(await list("?from=2000-01-01&to=2000-01-31")).toEqual([]);
  });

  it("list a unit's inspections with their scores for the unit page (submitted only without a viewer)", async () => {
    const publicList = await inspectionsOfUnit(su2.id);
    expect(publicList.map((i) => i.id)).toContain(submittedId);
    expect(publicList.map((i) => i.id)).not.toContain(draftId);
    expect(publicList.every((i) => i.status === "SUBMITTED")).toBe(true);
    const staff = await inspectionsOfUnit(su2.id, { id: 1, role: "INSPECTOR", unitId: null });
    expect(staff.map((i) => i.id)).toContain(draftId);
    const row = staff.find((i) => i.id === submittedId)!;
    // Answered: one FAIL, nothing else → 0 %.
    expect(row.score).toBe(0);
  });
});
