import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import Database from "better-sqlite3";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, stopAndClean, type TestServer } from "../support/server";
import { DEMO } from "../support/requests";
import { sessionCookie } from "../support/http";
import { jpeg } from "../support/complaints";

// Issue 9, security 2 "Reporter protection", against the real production server with its logs on.
// Three complaints (anonymous, confidential, extortion) filed through the real form from a distinctive
// forwarded IP, each with a photo carrying EXIF; the inspector sends them to the unit and links them to a
// submitted sidak. Then everything the unit head and the public can reach (pages, ?_data= payloads,
// exports, Open311, the Berita Acara PDF, photos), the e-mails in the outbox, the server's log and the
// stored photo files are searched for the reporters' names, phones, e-mails and IP.
// (tests/integration/complaints-server.test.ts walks the head's links; this file adds the rest.)

const tag = crypto.randomBytes(3).toString("hex");
const IP = "203.0.113.77";
const REPORTERS = {
  anonymous: { name: `Sulastri Anonimah ${tag}`, phone: "0812 7000 1111", phoneStored: "081270001111", email: `sulastri.${tag}@contoh.id`, category: "WAITING_TIME", privacy: "anonymous" },
  confidential: { name: `Hendro Rahasiawan ${tag}`, phone: "0812 7000 2222", phoneStored: "081270002222", email: `hendro.${tag}@contoh.id`, category: "SERVICE_QUALITY", privacy: "confidential" },
  extortion: { name: `Yusuf Pungliyanto ${tag}`, phone: "+62 812 7000 3333", phoneStored: "+6281270003333", email: `yusuf.${tag}@contoh.id`, category: "EXTORTION", privacy: "public" },
} as const;
const NEEDLES = [IP, "Budi Pelapor", "Rahasia-9000", ...Object.values(REPORTERS).flatMap((r) => [r.name, r.phone, r.phoneStored, r.email])];

let server: TestServer;
let head: string;
let inspector: string;
const filed: Array<{ kind: keyof typeof REPORTERS; id: number; ref: string; attachmentIds: number[]; followUpIds: number[] }> = [];
let inspectionId = 0;

function post(pathname: string, cookie: string, fields: Record<string, string>) {
  return fetch(server.url + pathname, {
    method: "POST",
    redirect: "manual",
    headers: { cookie, origin: server.url, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields),
  });
}

function sql() {
  return new Database(server.dbFile, { readonly: true });
}

beforeAll(async () => {
  server = await startServer({ TINDAK_QUIET: "0", TRUST_PROXY: "1" });
  const db = sql();
  const su2 = (db.prepare(`SELECT id FROM Unit WHERE name = 'UPT Dukcapil Seberang Ulu Dua'`).get() as { id: number }).id;
  db.close();
  const photo = await jpeg(240, 180, { gps: true });
  for (const [kind, r] of Object.entries(REPORTERS) as Array<[keyof typeof REPORTERS, (typeof REPORTERS)[keyof typeof REPORTERS]]>) {
    const form = new FormData();
    const fields = {
      unitId: String(su2), category: r.category, privacy: r.privacy, lat: "-2.9950", lng: "104.7600",
      description: `Loket lambat dan petugas minta uang tambahan untuk mempercepat KTP (${kind} ${tag}).`,
      reporterName: r.name, reporterPhone: r.phone, reporterEmail: r.email,
    };
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append("photos", new File([new Uint8Array(photo)], `${r.name}.jpg`, { type: "image/jpeg" }));
    const res = await fetch(`${server.url}/complaints/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: server.url, "x-forwarded-for": IP } });
    expect(res.status, await res.clone().text()).toBe(303);
    const db2 = sql();
    const row = db2.prepare(`SELECT id, ref FROM Complaint WHERE reporterEmail = ?`).get(r.email) as { id: number; ref: string };
    const attachmentIds = (db2.prepare(`SELECT id FROM Attachment WHERE complaintId = ?`).all(row.id) as Array<{ id: number }>).map((a) => a.id);
    db2.close();
    expect(attachmentIds.length).toBe(1);
    filed.push({ kind, ...row, attachmentIds, followUpIds: [] });
  }

  inspector = await sessionCookie(server, DEMO.inspector);
  head = await sessionCookie(server, DEMO.headSu2);
  for (const c of filed) {
    const res = await post(`/triage/${c.id}`, inspector, { intent: "send", instruction: "Mohon periksa pelayanan loket dan laporkan perbaikannya.", severity: "HIGH" });
    expect(res.status, await res.clone().text()).toBe(303);
  }
  // A sidak prompted by the three complaints, submitted, so its Berita Acara exists and links them.
  const startedAt = new Date(Date.now() + 7 * 3600_000 - 120_000).toISOString().slice(0, 16);
  const form = new URLSearchParams({ unitId: String(su2), startedAt, team: "Wakil Wali Kota", trigger: "COMPLAINTS" });
  for (const c of filed) form.append("complaintRef", c.ref);
  const started = await fetch(`${server.url}/inspections/new`, { method: "POST", redirect: "manual", headers: { cookie: inspector, origin: server.url, "content-type": "application/x-www-form-urlencoded" }, body: form });
  expect(started.status, await started.clone().text()).toBe(303);
  inspectionId = Number(started.headers.get("location")!.split("/").pop());
  const finding = await post(`/inspections/${inspectionId}`, inspector, {
    intent: "finding-create", category: "EXTORTION", severity: "HIGH", description: "Pungutan di loket KTP sesuai pengaduan warga.", directive: "Hentikan pungutan dan pasang papan tarif nol rupiah.",
  });
  expect(finding.status).toBeLessThan(400);
  const submitted = await post(`/inspections/${inspectionId}`, inspector, { intent: "submit" });
  expect(submitted.status, await submitted.clone().text()).toBeLessThan(400);

  const db3 = sql();
  for (const c of filed) c.followUpIds = (db3.prepare(`SELECT id FROM FollowUp WHERE complaintId = ?`).all(c.id) as Array<{ id: number }>).map((f) => f.id);
  const linked = db3.prepare(`SELECT COUNT(*) AS n FROM InspectionComplaint WHERE inspectionId = ?`).get(inspectionId) as { n: number };
  const status = db3.prepare(`SELECT status FROM Inspection WHERE id = ?`).get(inspectionId) as { status: string };
  db3.close();
  expect(linked.n).toBe(3);
  expect(status.status).toBe("SUBMITTED");
  expect(filed.every((c) => c.followUpIds.length === 1)).toBe(true);
}, 240_000);

afterAll(async () => stopAndClean(server));

function pdfText(buf: Buffer): string {
  const file = path.join(os.tmpdir(), `ba-${tag}-${crypto.randomBytes(3).toString("hex")}.pdf`);
  fs.writeFileSync(file, buf);
  try {
    return execFileSync("/usr/bin/pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const variants = (p: string, routeId?: string) => (routeId ? [p, `${p}${p.includes("?") ? "&" : "?"}_data=${encodeURIComponent(routeId)}`] : [p]);

describe("reporter protection", () => {
  it("nothing a unit head or the public can reach names the reporter, their phone, e-mail or IP", async () => {
    const urls: string[] = [
      "/", "/map", "/dashboard", "/complaints", "/follow-ups", "/inspections", "/escalations", "/notifications",
      "/exports/complaints.csv", "/exports/complaints.geojson",
      "/map/data.json?layer=units,complaints,findings&bbox=104.6,-3.1,104.9,-2.8&zoom=18",
      "/map/data.json?layer=complaints&bbox=104.6,-3.1,104.9,-2.8&zoom=5",
      "/open311/v2/requests.json", "/open311/v2/requests.xml", "/open311/v2/requests.json?status=open",
      ...variants(`/inspections/${inspectionId}`, "routes/inspections.$id"),
      ...variants(`/inspections/${inspectionId}/print`, "routes/inspections.$id_.print"),
    ];
    for (const c of filed) {
      urls.push(...variants(`/complaints/${c.ref}`, "routes/complaints.$ref"), `/open311/v2/requests/${c.ref}.json`, `/open311/v2/requests/${c.ref}.xml`, `/open311/v2/requests/${c.id}.json`);
      urls.push(...variants(`/triage/${c.id}`, "routes/triage.$id"));
      for (const f of c.followUpIds) urls.push(...variants(`/follow-ups/${f}`, "routes/follow-ups.$id"));
      for (const a of c.attachmentIds) urls.push(`/attachments/${a}`);
    }
    const hits: string[] = [];
    let headSawFollowUp = 0;
    let headSawPhoto = 0;
    let pdfChecked = 0;
    for (const [who, cookie] of [["unit head", head], ["public", ""]] as const) {
      for (const url of urls) {
        const res = await fetch(server.url + url, { headers: cookie ? { cookie } : {}, redirect: "manual" });
        const buf = Buffer.from(await res.arrayBuffer());
        const type = res.headers.get("content-type") ?? "";
        const text = buf.toString("utf8") + buf.toString("latin1");
        for (const n of NEEDLES) if (text.includes(n)) hits.push(`${who} ${url}: ${n}`);
        if (who === "unit head" && res.status === 200 && url.startsWith("/follow-ups/")) headSawFollowUp++;
        if (res.status === 200 && type.startsWith("image/")) {
          if (who === "unit head") headSawPhoto++;
          const meta = await sharp(buf).metadata();
          if (meta.exif || meta.xmp || meta.iptc) hits.push(`${who} ${url}: photo carries EXIF/XMP/IPTC`);
        }
      }
      // The Berita Acara as text (the PDF's streams are compressed, so the bytes alone prove nothing).
      const pdf = await fetch(`${server.url}/inspections/${inspectionId}/report.pdf`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
      if (pdf.status === 200) {
        const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
        expect(text).toContain("Hentikan pungutan dan pasang papan tarif");
        pdfChecked++;
        for (const n of NEEDLES) if (text.includes(n)) hits.push(`${who} report.pdf: ${n}`);
      }
    }
    // The walk reached what the head is meant to see, so an empty list means something.
    expect(headSawFollowUp).toBeGreaterThanOrEqual(3);
    expect(pdfChecked).toBe(1);
    console.log(`reporter protection: ${urls.length * 2} responses checked, head saw ${headSawPhoto} photos, Berita Acara checked as text`);
    expect(hits).toEqual([]);
  }, 240_000);

  it("the inspector does see the identity (the search would find it if it leaked)", async () => {
    const c = filed.find((f) => f.kind === "confidential")!;
    const res = await fetch(`${server.url}/triage/${c.id}?_data=${encodeURIComponent("routes/triage.$id")}`, { headers: { cookie: inspector } });
    expect(await res.text()).toContain(REPORTERS.confidential.name);
  });

  it("no e-mail in the outbox addressed to a unit head names a reporter", () => {
    const db = sql();
    const rows = db
      .prepare(`SELECT n.* FROM Notification n JOIN User u ON u.id = n.userId WHERE u.role = 'UNIT_HEAD'`)
      .all() as Array<Record<string, unknown>>;
    db.close();
    const hits: string[] = [];
    const mine = rows.filter((r) => filed.some((c) => JSON.stringify(r).includes(c.ref) || c.followUpIds.some((f) => JSON.stringify(r).includes(`/follow-ups/${f}`))));
    for (const r of rows) for (const n of NEEDLES) if (JSON.stringify(r).includes(n)) hits.push(`notification ${r.id}: ${n}`);
    expect(mine.length).toBeGreaterThanOrEqual(3);
    expect(hits).toEqual([]);
  });

  it("no server log line carries a reporter's identity or IP", () => {
    const log = server.output();
    expect(log).toMatch(/POST \/complaints\/new/); // the log is on and records requests
    const hits = NEEDLES.filter((n) => log.includes(n));
    expect(hits).toEqual([]);
  });

  it("stored photo files carry no EXIF, XMP or IPTC, and are not named after the upload", async () => {
    const db = sql();
    const keys = filed.flatMap((c) => c.attachmentIds).map((id) => (db.prepare(`SELECT storageKey FROM Attachment WHERE id = ?`).get(id) as { storageKey: string }).storageKey);
    db.close();
    const files = fs.readdirSync(server.uploadDir, { recursive: true }).map(String).filter((f) => keys.some((k) => f.includes(k.split("/").pop()!)));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const full = path.join(server.uploadDir, f);
      if (fs.statSync(full).isDirectory()) continue;
      const meta = await sharp(full).metadata();
      expect(meta.exif, f).toBeUndefined();
      expect(meta.xmp, f).toBeUndefined();
      expect(meta.iptc, f).toBeUndefined();
      for (const n of NEEDLES) expect(f).not.toContain(n);
    }
  });
});
