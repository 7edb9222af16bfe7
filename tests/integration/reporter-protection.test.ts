import { beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import * as followUpPage from "~/routes/follow-ups.$id";
import * as publicPage from "~/routes/complaints.$ref";
import * as triagePage from "~/routes/triage.$id";
import * as open311One from "~/routes/open311.v2.requests.$file";
import * as csvRoute from "~/routes/exports.complaints[.]csv";
import * as geoRoute from "~/routes/exports.complaints[.]geojson";
import { cookieFor, DEMO, makeRequest, run } from "../support/requests";
import { demoUsers, makeComplaint, makeFollowUp } from "../support/followups";

// Issue 12, items 1 and 3, as the accused unit head would try them: their own follow-up pages and
// the `?_data=` payloads behind them (the loader's JSON is exactly that payload).

let users: Awaited<ReturnType<typeof demoUsers>>;

beforeAll(async () => {
  users = await demoUsers();
});

async function payload(id: number, cookie: string) {
  const res = await run(followUpPage.loader, makeRequest(`/follow-ups/${id}?_data=routes/follow-ups.$id`, { cookie }), { id: String(id) });
  expect(res.status).toBe(200);
  return res.text();
}

describe("item 1: an EXTORTION finding's description never reaches the accused unit head", () => {
  it("on the demo data: the head reads the directive and the deadline, never the finding's text", async () => {
    // Every follow-up made from a pungli finding in the seeded history, and the head of its unit.
    const followUps = await db.followUp.findMany({
      where: { finding: { category: "EXTORTION" } },
      select: { id: true, unitId: true, instruction: true, dueAt: true, finding: { select: { description: true } } },
    });
    expect(followUps.length).toBeGreaterThan(0);
    let checked = 0;
    for (const fu of followUps) {
      const head = await db.user.findFirst({ where: { role: "UNIT_HEAD", unitId: fu.unitId, disabledAt: null } });
      if (!head) continue;
      const raw = await payload(fu.id, await cookieFor(head.email));
      const data = JSON.parse(raw);
      expect(raw).not.toContain(fu.finding!.description);
      expect(data.followUp.finding.description).toBeNull();
      expect(data.followUp.finding.detailHidden).toBe(true);
      // What to do and by when are still there.
      expect(data.followUp.instruction).toBe(fu.instruction);
      expect(Date.parse(data.followUp.dueAt)).toBe(fu.dueAt.getTime());
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("a witness's phone in a pungli finding stays with the inspectors; other findings stay readable", async () => {
    const inspection = await db.inspection.findFirstOrThrow({ where: { unitId: users.headSu2.unitId!, status: "SUBMITTED" }, select: { id: true } });
    const witness = "SAKSI: Ibu Marlina HP 0813-7788-1290 zqxwitness";
    const pungli = await db.finding.create({
      data: { inspectionId: inspection.id, unitId: users.headSu2.unitId!, category: "EXTORTION", severity: "HIGH", description: witness, directive: "Hentikan pungutan di loket 2." },
    });
    const plain = await db.finding.create({
      data: { inspectionId: inspection.id, unitId: users.headSu2.unitId!, category: "FACILITY", severity: "LOW", description: "Kursi ruang tunggu rusak zqxplain", directive: "Perbaiki kursi." },
    });
    const fuPungli = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, category: "EXTORTION", instruction: "Hentikan pungutan di loket 2." });
    await db.followUp.update({ where: { id: fuPungli.id }, data: { findingId: pungli.id } });
    const fuPlain = await makeFollowUp({ unitId: users.headSu2.unitId!, createdById: users.inspector.id, category: "FACILITY", instruction: "Perbaiki kursi." });
    await db.followUp.update({ where: { id: fuPlain.id }, data: { findingId: plain.id } });

    const head = await cookieFor(DEMO.headSu2);
    const hidden = await payload(fuPungli.id, head);
    expect(hidden).not.toContain("zqxwitness");
    expect(hidden).not.toContain("0813");
    expect(hidden).toContain("Hentikan pungutan di loket 2.");
    expect(await payload(fuPlain.id, head)).toContain("zqxplain");
    // Inspectors and admins read the whole finding.
    expect(await payload(fuPungli.id, await cookieFor(DEMO.inspector))).toContain("zqxwitness");
    expect(await payload(fuPungli.id, await cookieFor(DEMO.admin))).toContain("zqxwitness");
    // Every e-mail and in-app notice the head was sent about it carries the directive only.
    const notices = await db.notification.findMany({ where: { userId: users.headSu2.id } });
    for (const n of notices) expect(`${n.subject} ${n.body}`).not.toContain("zqxwitness");
  });
});

describe("item 3: a unit head gets no internal id and no time finer than the day of a protected complaint", () => {
  it("confidential and EXTORTION complaints: no id, no createdAt, only the filing day", async () => {
    const unitId = users.headSu2.unitId!;
    const filedAt = new Date("2026-11-03T02:17:43.512Z"); // 09:17:43.512 WIB
    const head = await cookieFor(DEMO.headSu2);
    for (const [category, privacy] of [
      ["EXTORTION", "confidential"],
      ["FACILITY", "confidential"],
      ["EXTORTION", "public"], // mis-filed: still protected
    ] as const) {
      const { complaint } = await makeComplaint({ unitId, category, privacy, description: "Isi rahasia zqxhidden" });
      await db.complaint.update({ where: { id: complaint.id }, data: { createdAt: filedAt } });
      const fu = await makeFollowUp({ unitId, createdById: users.inspector.id, complaintId: complaint.id, category });
      const raw = await payload(fu.id, head);
      const source = JSON.parse(raw).followUp.complaint;
      expect(source.id).toBeNull();
      expect(source.createdAt).toBeUndefined();
      expect(source.filedOn).toBe("2026-11-03");
      expect(raw).not.toContain("2026-11-03T02:17");
      expect(raw).not.toContain("zqxhidden");
      expect(raw).not.toContain(`"complaintId":${complaint.id}`);
      // Staff still see the internal id.
      const staff = JSON.parse(await payload(fu.id, await cookieFor(DEMO.inspector))).followUp.complaint;
      expect(staff.id).toBe(complaint.id);
    }
  });
});

describe("item 4: personal data typed into a public complaint is masked wherever the public reads it", () => {
  it("public page, Open311, CSV and GeoJSON show the masked text; the triage page shows the original and what was masked", async () => {
    const text = "Saya Budi NIK 1671012345678901, WA 0812-3456-7890, budi.santoso@gmail.com. Masih ada 1.240 kartu sejak 12-08-2026.";
    const { complaint } = await makeComplaint({ unitId: users.headSu2.unitId!, category: "UNDISTRIBUTED_DOCUMENT", privacy: "anonymous", description: text });
    const ref = `ADU-2026-${String(900000 + complaint.id).slice(-6)}`;
    await db.complaint.update({ where: { id: complaint.id }, data: { ref } });
    const secrets = ["1671012345678901", "3456-7890", "budi.santoso", "gmail"];
    const pages = [
      await run(publicPage.loader, makeRequest(`/complaints/${ref}?_data=routes/complaints.$ref`), { ref }),
      await run(open311One.loader, makeRequest(`/open311/v2/requests/${ref}.json`), { file: `${ref}.json` }),
      await run(csvRoute.loader, makeRequest("/exports/complaints.csv")),
      await run(geoRoute.loader, makeRequest("/exports/complaints.geojson")),
    ];
    for (const res of pages) {
      expect(res.status).toBe(200);
      const body = await res.text();
      expect(body).toContain("NIK ****************");
      expect(body).toContain("0812-****-**90");
      // Ordinary numbers survive.
      expect(body).toContain("1.240 kartu sejak 12-08-2026");
      for (const s of secrets) expect(body).not.toContain(s);
    }
    const triage = await run(triagePage.loader, makeRequest(`/triage/${complaint.id}`, { cookie: await cookieFor(DEMO.inspector) }), { id: String(complaint.id) });
    const staff = JSON.parse(await triage.text()).complaint;
    expect(staff.description).toBe(text);
    expect(staff.publicMasking).toEqual({ nik: 1, phone: 1, email: 1 });
    expect(staff.publicMaskedText).toContain("NIK ****************");
  });
});
