import { expect } from "vitest";
import { db } from "~/lib/db.server";
import * as newRoute from "~/routes/inspections.new";
import * as pageRoute from "~/routes/inspections.$id";
import { wibDateTimeInput } from "~/models/inspection/schema";
import { makeRequest, run } from "../support/requests";

// Helpers shared by the inspections-*.test.ts files: drive the real routes with real Requests.

export const SU2 = "UPT Dukcapil Seberang Ulu Dua";
export const AAL = "UPT Dukcapil Alang-Alang Lebar";
export const NAGASWIDAK = "Puskesmas Nagaswidak";

export function unitByName(name: string) {
  return db.unit.findFirstOrThrow({ where: { name } });
}

/** Starts a sidak through POST /inspections/new and returns its id. */
export async function startSidak(cookie: string, unitId: number, extra: Record<string, string | string[]> = {}) {
  const res = await run(
    newRoute.action as never,
    makeRequest("/inspections/new", {
      cookie,
      form: { unitId: String(unitId), startedAt: wibDateTimeInput(new Date(Date.now() - 60_000)), team: "Wakil Wali Kota\nKepala Dinas Dukcapil", trigger: "ROUTINE", ...extra },
    }),
  );
  expect(res.status, await res.clone().text()).toBe(303);
  const id = Number(res.headers.get("Location")!.split("/").pop());
  expect(id).toBeGreaterThan(0);
  return id;
}

/** POST /inspections/<id> with an intent. */
export function post(cookie: string, id: number, form: Record<string, string | string[] | Blob> | FormData) {
  return run(pageRoute.action as never, makeRequest(`/inspections/${id}`, { cookie, form }), { id: String(id) });
}

export async function page(cookie: string, id: number | string) {
  return run(pageRoute.loader as never, makeRequest(`/inspections/${id}`, { cookie }), { id: String(id) });
}

export async function itemsOf(inspectionId: number) {
  const inspection = await db.inspection.findUniqueOrThrow({ where: { id: inspectionId }, select: { templateId: true } });
  return db.checklistItem.findMany({ where: { templateId: inspection.templateId!, active: true }, orderBy: { position: "asc" } });
}

export const validFinding = {
  intent: "finding-create",
  category: "UNDISTRIBUTED_DOCUMENT",
  severity: "HIGH",
  description: "1.240 KTP-el sudah dicetak belum diserahkan, tersimpan dalam kardus.",
  quantity: "1240",
  quantityUnit: "kartu",
  oldestDate: "2020-03-02",
  directive: "Serahkan seluruh KTP-el kepada warga bersama kecamatan dan kelurahan.",
};

export function countAll() {
  return Promise.all([db.finding.count(), db.checklistAnswer.count(), db.followUp.count(), db.inspectionAmendment.count(), db.attachment.count(), db.inspection.count()]);
}
