import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { computeScores } from "~/models/inspection/scores";
import * as indexRoute from "~/routes/admin.checklists._index";
import * as templateRoute from "~/routes/admin.checklists.$id";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { itemsOf, startSidak, SU2, unitByName } from "./inspections-support";
import { translate } from "~/i18n";

// Admins edit the checklist templates (add, reorder, deactivate); a new sidak uses what is active.

let admin: string;
let inspector: string;
let dukcapil: { id: number };

beforeAll(async () => {
  [admin, inspector] = await Promise.all([cookieFor(DEMO.admin), cookieFor(DEMO.inspector)]);
  dukcapil = await db.checklistTemplate.findFirstOrThrow({ where: { unitType: "DUKCAPIL", active: true } });
});

const postTemplate = (cookie: string, form: Record<string, string>) =>
  run(templateRoute.action as never, makeRequest(`/admin/checklists/${dukcapil.id}`, { cookie, form }), { id: String(dukcapil.id) });
const items = () => db.checklistItem.findMany({ where: { templateId: dukcapil.id }, orderBy: [{ position: "asc" }, { id: "asc" }] });

describe("checklist administration", () => {
  it("is for admins only", async () => {
    for (const cookie of [inspector, await cookieFor(DEMO.headSu2)]) {
      expect((await run(indexRoute.loader as never, makeRequest("/admin/checklists", { cookie }))).status).toBe(403);
      expect((await postTemplate(cookie, { intent: "deactivate", itemId: "1" })).status).toBe(403);
    }
    const res = await run(indexRoute.loader as never, makeRequest("/admin/checklists", { cookie: admin }));
    expect(res.status).toBe(200);
    const types = (await res.json()).templates.map((t: { unitType: string }) => t.unitType);
    expect(types).toEqual(expect.arrayContaining(["DUKCAPIL", "PUSKESMAS"]));
  });

  it("adds an item at the end, moves it up, deactivates it, each with an audit event", async () => {
    const before = await items();
    let res = await postTemplate(admin, { intent: "add-item", section: "Sarana", label: "Papan informasi antrean berfungsi", numberLabel: "", numberUnit: "", findingCategory: "FACILITY" });
    expect(res.status).toBe(303);
    let after = await items();
    const added = after.at(-1)!;
    expect(after).toHaveLength(before.length + 1);
    expect(added).toMatchObject({ label: "Papan informasi antrean berfungsi", findingCategory: "FACILITY", active: true, numberLabel: null });

    res = await postTemplate(admin, { intent: "up", itemId: String(added.id) });
    expect(res.status).toBe(303);
    after = await items();
    expect(after.at(-2)!.id).toBe(added.id);
    expect(after.map((i) => i.position)).toEqual(after.map((_, k) => k + 1));

    res = await postTemplate(admin, { intent: "deactivate", itemId: String(added.id) });
    expect(res.status).toBe(303);
    expect((await db.checklistItem.findUniqueOrThrow({ where: { id: added.id } })).active).toBe(false);
    const audit = await db.auditEvent.findMany({ where: { entityType: "ChecklistItem", entityId: String(added.id) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["checklist.item.create", "checklist.item.move", "checklist.item.deactivate"]);

    // A new sidak at a Dukcapil unit does not ask the deactivated item.
    const su2 = await unitByName(SU2);
    const id = await startSidak(inspector, su2.id);
    expect((await itemsOf(id)).map((i) => i.id)).not.toContain(added.id);
  });

  it("refuses an item without a label or with an unknown category, storing nothing", async () => {
    const before = await items();
    let res = await postTemplate(admin, { intent: "add-item", section: "Sarana", label: " ", findingCategory: "FACILITY" });
    expect(res.status).toBe(400);
    expect(translate("id", (await res.json()).fieldErrors.label[0])).toBe("Wajib diisi.");
    res = await postTemplate(admin, { intent: "add-item", section: "Sarana", label: "X", findingCategory: "NOPE" });
    expect(res.status).toBe(400);
    expect(await items()).toHaveLength(before.length);
  });
});

describe("scores", () => {
  it("are pass / (pass + fail) per section and in total, not counting N/A or unanswered items", () => {
    const items = [
      { id: 1, section: "A" },
      { id: 2, section: "A" },
      { id: 3, section: "A" },
      { id: 4, section: "B" },
      { id: 5, section: "B" },
      { id: 6, section: "C" },
    ];
    const scores = computeScores(items, [
      { itemId: 1, result: "PASS" },
      { itemId: 2, result: "FAIL" },
      { itemId: 3, result: "NA" },
      { itemId: 4, result: "PASS" },
      { itemId: 5, result: "PASS" },
    ]);
    expect(scores.sections).toEqual([
      { section: "A", pass: 1, fail: 1, na: 1, unanswered: 0, score: 50 },
      { section: "B", pass: 2, fail: 0, na: 0, unanswered: 0, score: 100 },
      { section: "C", pass: 0, fail: 0, na: 0, unanswered: 1, score: null },
    ]);
    expect(scores.total).toBe(75);
    expect(computeScores(items, [{ itemId: 3, result: "NA" }]).total).toBeNull();
  });
});
