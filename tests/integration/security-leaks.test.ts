import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/lib/db.server";
import { getStorage, newStorageKey } from "~/lib/storage.server";
import { formatDateTime } from "~/lib/time";
import { createFollowUp } from "~/models/follow-up/create.server";
import { resolveTrackingHash } from "~/models/complaint/tracking.server";
import * as newComplaint from "~/routes/complaints.new";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { signIn } from "../support/http";
import { DEMO, makeRequest, run } from "../support/requests";
import { fill, routeTable, type RouteInfo } from "../support/routes";
import { GOOD_DESCRIPTION, jpeg } from "../support/complaints";

// Issue 12, "a test generated from the route table": every role walks every GET route of the app — the
// page, its loader payload (`?_data=<route id>`), and the print view, PDF, CSV, GeoJSON, map JSON and
// Open311 outputs, all of them routes — over plain HTTP against the real built server, and each response
// (body and headers; a PDF also as the text pdftotext reads) is searched for marker strings planted in
// this file's own copy of the demo database. What each role may see is the policy
// (app/models/policy.server.ts): a confidential complaint's reporter and text, its photos, the detail of
// an EXTORTION finding, the exact filing time and internal id of a protected complaint are for
// inspectors and admins. A route with a param needs an entry in PARAMS, so a new route fails
// "every route with a param has a filler" until somebody says which records it is walked with.

// accusedHead: the head of the unit the planted records accuse (UPT Dukcapil Seberang Ulu Dua);
// otherHead: another unit's (Alang-Alang Lebar); demoPungliHead: the head of a unit the demo data's own
// pungli finding accuses (issue 12 item 1, reproduced on the demo data).
type Role = "anonymous" | "resident" | "accusedHead" | "otherHead" | "demoPungliHead" | "inspector" | "admin";
const ROLES: Role[] = ["anonymous", "resident", "accusedHead", "otherHead", "demoPungliHead", "inspector", "admin"];
const LOGIN: Partial<Record<Role, string>> = { accusedHead: DEMO.headSu2, otherHead: DEMO.headAal, inspector: DEMO.inspector, admin: DEMO.admin };
const STAFF: Role[] = ["inspector", "admin"];

const tag = crypto.randomBytes(4).toString("hex").toUpperCase();
const digits = String(crypto.randomInt(1000, 9999));
/** The instant the protected complaints were filed: ms precision, so any finer-than-day leak is literal. */
const FILED = new Date("2026-10-07T03:41:27.389Z");
/** Internal ids given to the protected complaints: distinctive enough to search for as text. */
const CONFIDENTIAL_ID = 48_213_977;
const PUNGLI_ID = 48_213_978;

const M = {
  reporterName: `Pelapor Rahasia ${tag}`,
  reporterPhone: `081377${digits}55`,
  reporterEmail: `pelapor.${tag.toLowerCase()}@contoh.id`,
  reporterIpHash: crypto.createHash("sha256").update(tag).digest("hex"),
  reporterAgent: `AgenPelapor/${tag}`,
  confidentialText: `TEKSRAHASIA-${tag}`,
  reporterPhoto: `FOTOPELAPOR-${tag}`,
  pungliText: `TEKSPUNGLI-${tag}`,
  pungliReporter: `Saksi Pungli ${tag}`,
  witness: `SAKSIPUNGLI-${tag}`,
  witnessPhone: `0813-9911-${digits}`,
  checklistNote: `CATATANPUNGLI-${tag}`,
  findingPhoto: `FOTOTEMUAN-${tag}`,
  directive: `ARAHAN-${tag}`,
  anonymousText: `TEKSANONIM-${tag}`,
  anonymousName: `Pelapor Anonim ${tag}`,
  anonymousPhone: `085277${digits}31`,
  anonymousEmail: `anonim.${tag.toLowerCase()}@contoh.id`,
  resident: `WARGA-${tag}`,
};

/** `photosOnly`: the markers live in photo bytes, so only the outputs (the photo routes) can show them. */
type Group = { name: string; maySee: Role[]; markers: string[]; photosOnly?: boolean };
type Ctx = {
  unitId: number;
  otherUnitId: number;
  accusedHeadUserId: number;
  confidentialRef: string;
  pungliRef: string;
  residentRef: string;
  residentCode: string;
  anonymousId: number;
  reporterPhotoId: number;
  findingPhotoId: number;
  inspectionId: number;
  followUpIds: number[];
  /** Follow-ups and inspections of EXTORTION findings in the demo data, of both heads' units. */
  demoPungliFollowUpIds: number[];
  demoPungliInspectionIds: number[];
  templateId: number;
  /** What the demo pungli finding's follow-up tells its unit to do (its head reads this, not the finding). */
  demoPungliInstruction: string;
  groups: Group[];
};
type Params = Record<string, string | number>;

/**
 * The records each route with a param is walked with: the protected ones (to try to reach them) and
 * ordinary ones (so the walk sees real pages). Add every new param route here.
 */
const PARAMS: Record<string, (c: Ctx, role: Role) => Params[]> = {
  "routes/admin.checklists.$id": (c) => [{ id: c.templateId }],
  "routes/admin.units.$id": (c) => [{ id: c.unitId }],
  "routes/admin.users.$id": (c) => [{ id: c.accusedHeadUserId }],
  "routes/attachments.$id": (c) => [{ id: c.reporterPhotoId }, { id: c.findingPhotoId }],
  "routes/complaints.$ref": (c) => [{ ref: c.confidentialRef }, { ref: c.pungliRef }, { ref: c.residentRef }],
  "routes/follow-ups.$id": (c) => [...c.followUpIds, ...c.demoPungliFollowUpIds].map((id) => ({ id })),
  "routes/inspections.$id": (c) => [c.inspectionId, ...c.demoPungliInspectionIds].map((id) => ({ id })),
  "routes/inspections.$id_.print": (c) => [c.inspectionId, ...c.demoPungliInspectionIds].map((id) => ({ id })),
  "routes/inspections.$id.report[.]pdf": (c) => [{ id: c.inspectionId }],
  "routes/open311.v2.$": () => [{ splat: "tidak-ada.json" }],
  "routes/open311.v2.$file": () => ["discovery.json", "services.json", "requests.json", "requests.xml"].map((file) => ({ file })),
  "routes/open311.v2.services.$file": () => [{ file: "EXTORTION.json" }, { file: "WAITING_TIME.xml" }],
  "routes/open311.v2.requests.$file": (c) =>
    [`${c.confidentialRef}.json`, `${CONFIDENTIAL_ID}.json`, `${c.pungliRef}.xml`, `${PUNGLI_ID}.xml`, `${c.residentRef}.json`].map((file) => ({ file })),
  "routes/open311.v2.tokens.$file": () => [{ file: "0123456789abcdef0123456789abcdef.json" }],
  // A tracking code is the reporter's key: the resident walks with their own, everyone else with none.
  "routes/track.$code": (c, role) => [{ code: role === "resident" ? c.residentCode : "TIDAK-ADA-KODE-INI" }],
  "routes/track.$code.photos.$id": (c, role) =>
    [c.reporterPhotoId, c.findingPhotoId].map((id) => ({ code: role === "resident" ? c.residentCode : "TIDAK-ADA-KODE-INI", id })),
  "routes/triage.$id": (c) => [{ id: CONFIDENTIAL_ID }, { id: PUNGLI_ID }, { id: c.anonymousId }],
  "routes/units.$id": (c) => [{ id: c.unitId }, { id: c.otherUnitId }],
};

/** Filters that narrow a list or an output onto the protected records (besides the plain URL). */
const QUERIES: Record<string, (c: Ctx) => string[]> = {
  "routes/complaints._index": (c) => [`unitId=${c.unitId}`, "category=EXTORTION"],
  "routes/exports.complaints[.]csv": (c) => [`unitId=${c.unitId}`, "category=EXTORTION"],
  "routes/exports.complaints[.]geojson": (c) => [`unitId=${c.unitId}`, "category=EXTORTION"],
  "routes/map.data[.]json": (c) => [`zoom=18&unitId=${c.unitId}`, "zoom=18&category=EXTORTION", "layer=findings&zoom=18"],
  "routes/follow-ups._index": (c) => [`unitId=${c.unitId}`, "category=EXTORTION"],
  "routes/triage._index": () => ["status=SENT"],
  "routes/dashboard": () => ["all=1"],
};

let server: TestServer;
let ctx: Ctx;
const cookies: Partial<Record<Role, string>> = {};

/** Files a complaint through the app's own form action; its tracking code. */
async function file(fields: Record<string, string>, photo?: Buffer): Promise<string> {
  const form = new FormData();
  for (const [k, v] of Object.entries({ intent: "submit", lat: "", lng: "", ...fields })) form.append(k, v);
  if (photo) form.append("photos", new File([new Uint8Array(photo)], "bukti.jpg", { type: "image/jpeg" }));
  const res = await run(newComplaint.action as never, makeRequest("/complaints/new", { form, headers: { "User-Agent": "Mozilla/5.0" } }));
  expect(res.status).toBe(303);
  return decodeURIComponent(res.headers.get("Location")!.replace("/track/", ""));
}

/**
 * The part of a demo text that reads the same in HTML, JSON and PDF (up to the first character that
 * HTML or JSON escape), so the search stays literal.
 */
function literal(text: string): string {
  return text.split(/[&<>"'\\]/)[0]!.trim();
}

/** The complaint a tracking code opens. */
async function complaintOf(code: string) {
  const trackingHash = await resolveTrackingHash(code);
  expect(trackingHash).not.toBeNull();
  return db.complaint.findUniqueOrThrow({ where: { trackingHash: trackingHash! } });
}

/** Gives a complaint filed just now a distinctive id and filing time, and the reporter markers. */
async function protect(code: string, id: number, reporter: { name: string; phone?: string; email?: string }) {
  const row = await complaintOf(code);
  // Attachments, events and follow-ups follow the id (ON UPDATE CASCADE).
  await db.$executeRawUnsafe(`UPDATE Complaint SET id = ? WHERE id = ?`, id, row.id);
  await db.complaint.update({
    where: { id },
    data: { createdAt: FILED, reporterName: reporter.name, reporterPhone: reporter.phone ?? null, reporterEmail: reporter.email ?? null, reporterIpHash: M.reporterIpHash, reporterUserAgent: M.reporterAgent },
  });
  await db.complaintEvent.updateMany({ where: { complaintId: id }, data: { createdAt: FILED } });
  await db.attachment.updateMany({ where: { complaintId: id }, data: { createdAt: FILED } });
  return db.complaint.findUniqueOrThrow({ where: { id } });
}

/** Stores a photo whose bytes carry `marker`, so serving it is a literal leak. */
async function markedPhoto(marker: string, owner: { findingId?: number }) {
  const bytes = Buffer.concat([await jpeg(64, 48), Buffer.from(marker)]);
  const stored = await getStorage().put(newStorageKey(), bytes, "image/jpeg");
  return db.attachment.create({ data: { storageKey: stored.key, backend: stored.backend, mime: "image/jpeg", bytes: bytes.length, width: 64, height: 48, ...owner } });
}

beforeAll(async () => {
  const unit = await db.unit.findFirstOrThrow({ where: { name: "UPT Dukcapil Seberang Ulu Dua" } });
  const head = await db.user.findUniqueOrThrow({ where: { email: DEMO.headSu2 } });
  const otherHead = await db.user.findUniqueOrThrow({ where: { email: DEMO.headAal } });
  const inspector = await db.user.findUniqueOrThrow({ where: { email: DEMO.inspector } });

  // A confidential complaint with a photo, a pungli report stored (wrongly) as public, and the resident's own.
  const confidentialCode = await file(
    { unitId: String(unit.id), category: "SERVICE_QUALITY", privacy: "confidential", description: `${M.confidentialText} ${GOOD_DESCRIPTION}`, reporterName: "x", reporterPhone: "", reporterEmail: "" },
    await jpeg(120, 90),
  );
  const confidential = await protect(confidentialCode, CONFIDENTIAL_ID, { name: M.reporterName, phone: M.reporterPhone, email: M.reporterEmail });
  const pungliCode = await file({ unitId: String(unit.id), category: "EXTORTION", privacy: "confidential", description: `${M.pungliText} Petugas loket meminta Rp150.000 untuk mempercepat KK.` });
  await protect(pungliCode, PUNGLI_ID, { name: M.pungliReporter });
  const pungli = await db.complaint.update({ where: { id: PUNGLI_ID }, data: { privacy: "public" } });
  // An anonymous complaint is public, its reporter is not.
  const anonymousCode = await file({ unitId: String(unit.id), category: "WAITING_TIME", privacy: "anonymous", description: `${M.anonymousText} Antrean rekam KTP-el lebih dari tiga jam.` });
  const anonymous = await complaintOf(anonymousCode);
  await db.complaint.update({ where: { id: anonymous.id }, data: { reporterName: M.anonymousName, reporterPhone: M.anonymousPhone, reporterEmail: M.anonymousEmail } });
  const residentCode = await file({ unitId: String(unit.id), category: "UNDISTRIBUTED_DOCUMENT", privacy: "public", description: `${M.resident} ${GOOD_DESCRIPTION}`, reporterName: "Warga Terbuka" });
  const resident = await complaintOf(residentCode);
  // The reporter's photo: its stored bytes carry a marker.
  const reporterPhoto = await db.attachment.findFirstOrThrow({ where: { complaintId: CONFIDENTIAL_ID } });
  fs.appendFileSync(path.join(process.env.UPLOAD_DIR!, reporterPhoto.storageKey), M.reporterPhoto);

  // A sidak of the accused unit with a pungli finding naming a witness, a note on the pungli checklist
  // item, and a photo of the finding.
  const answer = await db.checklistAnswer.findFirst({
    where: { inspection: { unitId: unit.id, status: "SUBMITTED" }, item: { findingCategory: "EXTORTION" } },
    orderBy: { id: "desc" },
  });
  expect(answer, "the demo data has a submitted sidak of the unit with the pungli checklist item").not.toBeNull();
  await db.checklistAnswer.update({ where: { id: answer!.id }, data: { note: `${M.checklistNote} Warga menyebut nama petugas.` } });
  const finding = await db.finding.create({
    data: {
      inspectionId: answer!.inspectionId,
      unitId: unit.id,
      category: "EXTORTION",
      severity: "HIGH",
      description: `${M.witness} SAKSI: Ibu Marlina HP ${M.witnessPhone}`,
      directive: `${M.directive} Hentikan pungutan di loket 2.`,
    },
  });
  const findingPhoto = await markedPhoto(M.findingPhoto, { findingId: finding.id });

  const followUp = (input: { complaintId?: number; findingId?: number; category: string }) =>
    db.$transaction((tx) =>
      createFollowUp(tx, {
        sourceType: input.complaintId ? "COMPLAINT" : "FINDING",
        complaintId: input.complaintId ?? null,
        findingId: input.findingId ?? null,
        unitId: unit.id,
        instruction: `${M.directive} Periksa layanan loket dan laporkan langkah yang diambil.`,
        category: input.category,
        createdById: inspector.id,
      }),
    );
  const followUps = [
    await followUp({ complaintId: CONFIDENTIAL_ID, category: confidential.category }),
    await followUp({ complaintId: PUNGLI_ID, category: pungli.category }),
    await followUp({ findingId: finding.id, category: "EXTORTION" }),
  ];

  // The demo data's own pungli findings: their text is what a head must never read.
  const demoFindings = await db.finding.findMany({
    where: { category: "EXTORTION", id: { not: finding.id } },
    select: { description: true, unitId: true, inspectionId: true, followUps: { select: { id: true, instruction: true } } },
  });
  const demoPungli = demoFindings.find((f) => f.followUps.length > 0);
  expect(demoPungli, "the demo data has a pungli finding with a follow-up").toBeDefined();
  const demoPungliHead = await db.user.findFirstOrThrow({ where: { role: "UNIT_HEAD", unitId: demoPungli!.unitId, disabledAt: null } });
  LOGIN.demoPungliHead = demoPungliHead.email;
  const heads = [unit.id, otherHead.unitId!, demoPungli!.unitId];
  const ofHeads = demoFindings.filter((f) => heads.includes(f.unitId));

  const time = [FILED.toISOString().slice(0, 16), String(FILED.getTime()), String(Math.floor(FILED.getTime() / 1000)), "2026-10-07T10:41", formatDateTime(FILED, "id"), formatDateTime(FILED, "en")];
  ctx = {
    unitId: unit.id,
    otherUnitId: otherHead.unitId!,
    accusedHeadUserId: head.id,
    confidentialRef: confidential.ref,
    pungliRef: pungli.ref,
    residentRef: resident.ref,
    residentCode,
    anonymousId: anonymous.id,
    reporterPhotoId: reporterPhoto.id,
    findingPhotoId: findingPhoto.id,
    inspectionId: answer!.inspectionId,
    followUpIds: followUps.map((f) => f.id),
    demoPungliFollowUpIds: ofHeads.flatMap((f) => f.followUps.map((fu) => fu.id)),
    demoPungliInspectionIds: [...new Set(ofHeads.map((f) => f.inspectionId))],
    demoPungliInstruction: literal(demoPungli!.followUps[0]!.instruction),
    templateId: (await db.checklistTemplate.findFirstOrThrow({ select: { id: true } })).id,
    groups: [
      { name: "reporter identity of a confidential complaint", maySee: STAFF, markers: [M.reporterName, M.reporterPhone, M.reporterEmail, M.reporterIpHash, M.reporterAgent] },
      { name: "reporter identity of an anonymous complaint", maySee: STAFF, markers: [M.anonymousName, M.anonymousPhone, M.anonymousEmail] },
      { name: "text of a confidential complaint", maySee: STAFF, markers: [M.confidentialText] },
      { name: "reporter's photo of a confidential complaint", maySee: STAFF, markers: [M.reporterPhoto], photosOnly: true },
      { name: "pungli report stored as public: text and reporter", maySee: STAFF, markers: [M.pungliText, M.pungliReporter] },
      { name: "EXTORTION finding detail (witness, phone, checklist note, photo)", maySee: STAFF, markers: [M.witness, M.witnessPhone, M.checklistNote, M.findingPhoto] },
      { name: "EXTORTION finding texts of the demo data", maySee: STAFF, markers: [...new Set(demoFindings.map((f) => literal(f.description)))].filter((d) => d.length >= 30) },
      { name: "exact filing time of protected complaints", maySee: STAFF, markers: time },
      { name: "internal id of protected complaints", maySee: STAFF, markers: [String(CONFIDENTIAL_ID), String(PUNGLI_ID)] },
      { name: "the accused unit's follow-ups", maySee: ["accusedHead", ...STAFF], markers: [M.directive] },
    ],
  };
  expect(ctx.groups.every((g) => g.markers.length > 0)).toBe(true);

  server = await startServer({}, { dbFile: process.env.DATABASE_URL!.replace(/^file:/, ""), uploadDir: process.env.UPLOAD_DIR! });
  for (const role of ROLES) {
    const email = LOGIN[role];
    if (!email) continue;
    const res = await signIn(server, email);
    expect(res.cookie, `sign in as ${email}`).not.toBeNull();
    cookies[role] = res.cookie!;
  }
}, 60_000);

afterAll(async () => stopAndClean(server));

function pdfText(pdf: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tindak-leaks-"));
  try {
    fs.writeFileSync(path.join(dir, "a.pdf"), pdf);
    return execFileSync("/usr/bin/pdftotext", ["-enc", "UTF-8", path.join(dir, "a.pdf"), "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type Seen = { url: string; status: number; text: string; ms: number };

/** Every URL a role walks: each route (filled), its filters, and the payload of routes that render a page. */
function urlsFor(role: Role, routes: RouteInfo[]): string[] {
  const urls: string[] = [];
  for (const route of routes) {
    const paramSets = route.params.length ? PARAMS[route.id]?.(ctx, role) ?? [] : [{}];
    const queries = ["", ...(QUERIES[route.id]?.(ctx) ?? [])];
    for (const params of paramSets) {
      for (const q of queries) {
        const url = fill(route.pattern, params) + (q ? `?${q}` : "");
        urls.push(url);
        if (route.hasLoader && route.hasComponent) urls.push(`${url}${q ? "&" : "?"}_data=${encodeURIComponent(route.id)}`);
      }
    }
  }
  return urls;
}

async function walk(role: Role, urls: string[]): Promise<Seen[]> {
  const seen: Seen[] = [];
  let next = 0;
  // Four at a time: quicker than one by one, gentle on a shared two-core machine.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const started = performance.now();
        const res = await fetch(server.url + url, { headers: cookies[role] ? { cookie: cookies[role]! } : {}, redirect: "manual" }).catch((error: Error) => error);
        if (res instanceof Error) {
          // The server stopped answering: say so with what it printed last, not as a leak.
          seen.push({ url, status: 0, text: `${res.message}: ${String(res.cause)}\n${server.output().slice(-2000)}`, ms: 0 });
          continue;
        }
        const bytes = Buffer.from(await res.arrayBuffer());
        const headers = [...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n");
        let text = `${headers}\n\n${bytes.toString("utf8")}`;
        if ((res.headers.get("content-type") ?? "").includes("pdf")) text += `\n${pdfText(bytes)}`;
        seen.push({ url, status: res.status, text, ms: Math.round(performance.now() - started) });
      }
    }),
  );
  return seen;
}

const routes = routeTable();
const paramRoutes = routes.filter((r) => r.params.length > 0);

describe("no leak, generated from the route table: every role walks every GET route, page and payload", () => {
  it("every route with a param has a filler in PARAMS", () => {
    expect(routes.length).toBeGreaterThan(40);
    const missing = paramRoutes.filter((r) => !PARAMS[r.id]).map((r) => r.id);
    expect(missing, `Add these routes to PARAMS in tests/integration/security-leaks.test.ts: ${missing.join(", ")}`).toEqual([]);
    const stale = Object.keys({ ...PARAMS, ...QUERIES }).filter((id) => !routes.some((r) => r.id === id));
    expect(stale, "PARAMS or QUERIES name routes that no longer exist").toEqual([]);
  });

  // The walk in two parts per role, so no test runs long on a busy machine: the pages (HTML and their
  // `?_data=` payloads) and the outputs (resource routes: photos, PDF, CSV, GeoJSON, map data, Open311).
  const PARTS = {
    pages: routes.filter((r) => r.hasComponent),
    outputs: routes.filter((r) => !r.hasComponent),
  };
  type Part = keyof typeof PARTS;

  // What each role must reach in each part (one marker of each list), so a walk that only met 404s and
  // login redirects cannot pass, and each marker group is shown findable where the policy allows it.
  const REACH: Record<Part, Record<Role, (c: Ctx) => string[][]>> = {
    pages: {
      anonymous: () => [[M.resident], [M.anonymousText]],
      resident: () => [[M.resident]],
      accusedHead: () => [[M.directive]],
      otherHead: () => [],
      demoPungliHead: (c) => [[c.demoPungliInstruction]],
      inspector: (c) => c.groups.filter((g) => !g.photosOnly).map((g) => g.markers),
      admin: (c) => c.groups.filter((g) => !g.photosOnly).map((g) => g.markers),
    },
    outputs: {
      anonymous: () => [[M.resident], [M.anonymousText]],
      resident: () => [[M.resident]],
      accusedHead: () => [[M.directive]],
      otherHead: () => [],
      demoPungliHead: () => [],
      inspector: () => [[M.reporterPhoto], [M.findingPhoto], [M.witness]],
      admin: () => [[M.reporterPhoto], [M.findingPhoto], [M.witness]],
    },
  };

  const cases = ROLES.flatMap((role) => (["pages", "outputs"] as const).map((part) => [role, part] as [Role, Part]));
  it.each(cases)("%s, %s: sees nothing the policy keeps from them", async (role, part) => {
    const seen = await walk(role, urlsFor(role, PARTS[part]));
    // A URL the walker typed may come back (a 404 page, a login redirect): that tells the client nothing new.
    const shows = (s: Seen, marker: string) => s.text.includes(marker) && !decodeURIComponent(s.url).includes(marker);
    const problems: string[] = [];
    for (const s of seen) {
      if (s.status >= 500 || s.status === 0) problems.push(`${s.url}: ${s.status || s.text}`);
      for (const group of ctx.groups) {
        if (group.maySee.includes(role)) continue;
        for (const marker of group.markers) if (shows(s, marker)) problems.push(`${s.url} (${s.status}): ${group.name}: "${marker}"`);
      }
    }
    for (const markers of REACH[part][role](ctx)) {
      if (!seen.some((s) => markers.some((m) => shows(s, m)))) problems.push(`the walk never reached any of ${JSON.stringify(markers)}`);
    }
    const ok = seen.filter((s) => s.status === 200).length;
    const reached = ctx.groups.filter((g) => seen.some((s) => g.markers.some((m) => shows(s, m)))).map((g) => g.name);
    const slowest = [...seen].sort((a, b) => b.ms - a.ms).slice(0, 3).map((s) => `${s.url} ${s.ms} ms`);
    console.log(`${role}, ${part}: ${seen.length} responses, ${ok} answered 200; reached: ${reached.join("; ") || "nothing"}; slowest: ${slowest.join(", ")}`);
    expect(ok).toBeGreaterThan(part === "pages" ? 10 : 5);
    expect(problems).toEqual([]);
  });
});
