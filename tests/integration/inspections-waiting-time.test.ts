import fs from "node:fs";
import Database from "better-sqlite3";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { cookieFor, DEMO } from "../support/requests";
import { itemsOf, NAGASWIDAK, post, startSidak, unitByName, validFinding } from "./inspections-support";

// Issue 16, item 4: "Jadikan temuan" on the waiting-time item made a "Sikap pelayanan" finding.
let inspector: string;
beforeAll(async () => {
  inspector = await cookieFor(DEMO.inspector);
});

describe("waiting time as a finding category", () => {
  it("the Puskesmas waiting-time item names WAITING_TIME, and a sidak records a waiting-time finding", async () => {
    const unit = await unitByName(NAGASWIDAK);
    const id = await startSidak(inspector, unit.id);
    const wait = (await itemsOf(id)).find((i) => i.label.startsWith("Waktu tunggu"))!;
    expect(wait.findingCategory).toBe("WAITING_TIME");
    const res = await post(inspector, id, { ...validFinding, category: "WAITING_TIME", quantity: "150", quantityUnit: "menit", oldestDate: "", description: "Pasien menunggu 150 menit dari pendaftaran sampai diperiksa." });
    expect(res.status, await res.clone().text()).toBe(303);
    const finding = await db.finding.findFirstOrThrow({ where: { inspectionId: id }, orderBy: { id: "desc" } });
    expect(finding.category).toBe("WAITING_TIME");
  });

  it("the migration moves existing waiting-time items off SERVICE_QUALITY and leaves attitude items alone", () => {
    const sql = fs.readFileSync("prisma/migrations/20261130030500_waiting_time_findings/migration.sql", "utf8");
    const sqlite = new Database(":memory:");
    sqlite.exec(`CREATE TABLE "ChecklistItem" (id INTEGER PRIMARY KEY, label TEXT, numberLabel TEXT, findingCategory TEXT)`);
    const insert = sqlite.prepare(`INSERT INTO "ChecklistItem" (label, numberLabel, findingCategory) VALUES (?, ?, ?)`);
    insert.run("Waktu tunggu dari pendaftaran sampai diperiksa paling lama 60 menit", "Waktu tunggu", "SERVICE_QUALITY");
    insert.run("Antrean tertib dan tidak berlebihan", "Warga mengantre", "SERVICE_QUALITY");
    insert.run("Petugas melayani dengan senyum, sapa, salam", null, "SERVICE_QUALITY");
    sqlite.exec(sql);
    const rows = sqlite.prepare(`SELECT findingCategory FROM "ChecklistItem" ORDER BY id`).all() as Array<{ findingCategory: string }>;
    expect(rows.map((r) => r.findingCategory)).toEqual(["WAITING_TIME", "WAITING_TIME", "SERVICE_QUALITY"]);
  });
});
