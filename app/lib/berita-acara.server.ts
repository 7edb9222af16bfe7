import path from "node:path";
import { ROLE, usersOfRoleWhere } from "~/models/policy.server";
import PDFDocument from "pdfkit";
import { db } from "./db.server";
import { storageFor } from "./storage.server";
import { regionNames } from "./regions.server";
import { formatDate, formatDateTime, APP_TIMEZONE, wibDateKey } from "./time";
import { translate, type MessageKey, codeKey } from "~/i18n";
import { getInspection, type InspectionView } from "~/models/inspection/queries.server";
import type { Actor } from "~/models/policy.server";

// The Berita Acara Sidak: the signed paper record of an inspection, in Bahasa Indonesia whatever the
// reader's interface language (it is an official document). pdfkit with DejaVu Sans shipped in
// app/fonts, so the same bytes of text come out on every machine (no system font lookup).
// Photos are the stored JPEGs (already re-encoded and stripped of EXIF on upload) embedded as they are:
// pdfkit copies JPEG data without decoding it, which keeps a 40-photo report well under a second.

const FONT_DIR = path.resolve(process.cwd(), "app/fonts");
const REGULAR = path.join(FONT_DIR, "DejaVuSans.ttf");
const BOLD = path.join(FONT_DIR, "DejaVuSans-Bold.ttf");

const tr = (key: MessageKey, vars?: Record<string, string | number>) => translate("id", key, vars);
const num = (n: number) => n.toLocaleString("id-ID");

function longDate(d: Date | string) {
  return new Intl.DateTimeFormat("id-ID", { timeZone: APP_TIMEZONE, weekday: "long", day: "numeric", month: "long", year: "numeric" }).format(new Date(d));
}
function timeOnly(d: Date | string) {
  return `${new Intl.DateTimeFormat("id-ID", { timeZone: APP_TIMEZONE, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(d))} WIB`;
}

/** The deadline a directive has (or will have): the follow-up's, else the inspector's, else the rule's. */
export function directiveDeadline(f: InspectionView["findings"][number]): string {
  const due = f.followUps[0]?.dueAt ?? f.directiveDueAt;
  return due ? formatDateTime(due, "id") : tr("inspections.ba.deadlineAuto");
}

async function loadPhotos(view: InspectionView): Promise<Map<number, Buffer>> {
  // Findings' photos only: the checklist is printed as results; its photos stay on the web page.
  const ids = view.findings.flatMap((f) => f.attachments.map((a) => a.id));
  if (ids.length === 0) return new Map();
  const rows = await db.attachment.findMany({ where: { id: { in: ids }, hiddenAt: null }, select: { id: true, storageKey: true, backend: true, remoteUrl: true, mime: true } });
  const out = new Map<number, Buffer>();
  await Promise.all(
    rows.map(async (r) => {
      if (r.mime !== "image/jpeg") return;
      try {
        const bytes = await storageFor(r.backend).get(r.storageKey, r.remoteUrl);
        if (bytes) out.set(r.id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (error) {
        console.error(`[berita-acara] photo ${r.id} unavailable`, error);
      }
    }),
  );
  return out;
}

/** Renders the Berita Acara of inspection `id` as `viewer` may see it (404 when out of reach). */
export async function renderBeritaAcara(viewer: Actor, id: number): Promise<Buffer> {
  const view = await getInspection(viewer, id);
  const [photos, unitHead] = await Promise.all([
    loadPhotos(view),
    db.user.findFirst({ where: usersOfRoleWhere(ROLE.UNIT_HEAD, view.unit.id), orderBy: { id: "asc" }, select: { name: true } }),
  ]);
  let kecamatanName = view.unit.kecamatanCode;
  let kelurahanName = view.unit.kelurahanCode ?? "";
  try {
    const names = await regionNames();
    kecamatanName = names.get(view.unit.kecamatanCode) ?? kecamatanName;
    if (view.unit.kelurahanCode) kelurahanName = names.get(view.unit.kelurahanCode) ?? kelurahanName;
  } catch {
    // Region names are a nicety on paper; the codes are still exact.
  }
  return buildPdf(view, photos, { unitHeadName: unitHead?.name ?? null, kecamatanName, kelurahanName });
}

type Extras = { unitHeadName: string | null; kecamatanName: string; kelurahanName: string };

export function buildPdf(view: InspectionView, photos: Map<number, Buffer>, extras: Extras): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 50, bottom: 60, left: 56, right: 56 },
    bufferPages: true,
    font: REGULAR,
    info: {
      Title: `${tr("inspections.ba.title")} — ${view.unit.name}`,
      Author: view.inspector.name,
      Subject: tr("inspections.ba.number", { id: view.id, year: wibDateKey(view.startedAt).slice(0, 4) }),
      Creator: "Tindak",
      // A fixed creation date: the same inspection gives the same document, whoever prints it when.
      CreationDate: new Date(view.submittedAt ?? view.startedAt),
    },
  });
  doc.registerFont("body", REGULAR);
  doc.registerFont("bold", BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage();
  };
  // A heading moves to the next page together with the first block of its section (`keepWith`, its
  // height): a heading alone at the foot of a page (heading C was, on page 1) reads as a blank section.
  const HEADING_HEIGHT = 36; // the space above, the 12 pt line and the space below
  const heading = (text: string, keepWith: number) => {
    ensure(HEADING_HEIGHT + keepWith + 4);
    doc.moveDown(0.8).font("bold").fontSize(12).text(text, left, doc.y, { width });
    doc.moveDown(0.3).font("body").fontSize(10);
  };
  const row = (label: string, value: string) => {
    doc.font("body").fontSize(10);
    const h = Math.max(doc.heightOfString(label, { width: 130 }), doc.heightOfString(`: ${value}`, { width: width - 130 }));
    ensure(h + 4);
    const top = doc.y;
    doc.text(label, left, top, { width: 130 });
    doc.text(`: ${value}`, left + 130, top, { width: width - 130 });
    doc.y = top + h + 3;
  };

  // Letterhead
  doc.font("bold").fontSize(11).text(tr("inspections.ba.government"), left, doc.y, { width, align: "center" });
  doc.font("bold").fontSize(16).text(tr("inspections.ba.title").toUpperCase(), { width, align: "center" });
  doc.font("body").fontSize(10).text(tr("inspections.ba.number", { id: view.id, year: wibDateKey(view.startedAt).slice(0, 4) }), { width, align: "center" });
  if (view.status === "DRAFT") doc.font("bold").fillColor("#a4161a").text(tr("inspections.ba.draftMark"), { width, align: "center" }).fillColor("black");
  const lineY = doc.y + 6;
  doc.moveTo(left, lineY).lineTo(left + width, lineY).lineWidth(1.5).stroke();
  doc.y = lineY + 10;

  doc.font("body").fontSize(10).text(tr("inspections.ba.opening", { date: longDate(view.startedAt) }), left, doc.y, { width });
  doc.moveDown(0.5);
  row(tr("common.unit"), view.unit.name);
  row(tr("inspections.ba.address"), view.unit.address ?? "—");
  row(tr("inspections.ba.kecamatan"), [extras.kecamatanName, extras.kelurahanName].filter(Boolean).join(" / ") || "—");
  row(tr("inspections.ba.day"), longDate(view.startedAt));
  row(tr("inspections.ba.time"), timeOnly(view.startedAt));
  row(tr("inspections.field.inspector"), view.inspector.name);
  row(tr("inspections.field.team"), view.team.split("\n").filter(Boolean).join(", ") || "—");
  row(tr("inspections.field.trigger"), tr(codeKey("inspections.trigger", view.trigger)));
  if (view.complaints.length) row(tr("inspections.linkedComplaints"), view.complaints.map((c) => c.ref).join(", "));
  row(tr("inspections.score.total"), view.scores.total === null ? "—" : `${num(view.scores.total)}%`);
  if (view.summary) row(tr("inspections.field.summary"), view.summary);

  // A. Checklist
  heading(tr("inspections.ba.sectionChecklist"), 60); // a section title and its first item
  if (view.items.length === 0) doc.text(tr("inspections.noTemplate"), left, doc.y, { width });
  const answers = new Map(view.answers.map((a) => [a.itemId, a]));
  const scoreOf = new Map(view.scores.sections.map((s) => [s.section, s.score]));
  let section: string | null = null;
  let n = 0;
  for (const item of view.items) {
    if (item.section !== section) {
      section = item.section;
      ensure(60); // the section title with at least its first item
      const score = scoreOf.get(section);
      doc.moveDown(0.3).font("bold").fontSize(10).text(`${section} — ${tr("inspections.score.section")}: ${score === null || score === undefined ? "—" : `${num(score)}%`}`, left, doc.y, { width });
      doc.font("body");
    }
    n++;
    const a = answers.get(item.id);
    const result = a ? tr(codeKey("inspections.checklist", a.result)) : tr("inspections.checklist.unanswered");
    const extra = [a?.number !== null && a?.number !== undefined ? `${item.numberLabel ?? tr("inspections.checklist.number")}: ${num(a.number)} ${item.numberUnit ?? ""}`.trim() : null, a?.note ? `${tr("inspections.checklist.note")}: ${a.note}` : null]
      .filter(Boolean)
      .join(" · ");
    const text = `${n}. ${item.label}`;
    const h = doc.heightOfString(text, { width: width - 100 }) + (extra ? doc.heightOfString(extra, { width: width - 100 }) : 0);
    ensure(h + 4);
    const top = doc.y;
    doc.fontSize(9.5).text(text, left, top, { width: width - 100 });
    if (extra) doc.fillColor("#4a5560").text(extra, left + 12, doc.y, { width: width - 112 }).fillColor("black");
    const after = doc.y;
    doc.font("bold").text(result, left + width - 95, top, { width: 95, align: "right" }).font("body");
    doc.y = Math.max(after, doc.y) + 2;
  }

  // B. Findings, with their photos two to a row
  heading(tr("inspections.ba.sectionFindings"), 60); // a finding's first lines (each finding ensures 60)
  if (view.findings.length === 0) doc.text(tr("inspections.ba.noFindings"), left, doc.y, { width });
  view.findings.forEach((f, i) => {
    ensure(60);
    doc.font("bold").fontSize(10).text(`${i + 1}. ${tr(codeKey("category", f.category))} — ${tr("inspections.finding.severity")}: ${tr(codeKey("severity", f.severity))}`, left, doc.y, { width });
    doc.font("body").fontSize(10);
    if (f.description !== null) doc.text(f.description, left + 14, doc.y, { width: width - 14 });
    else doc.fillColor("#4a5560").text(tr("inspections.finding.hiddenForUnit"), left + 14, doc.y, { width: width - 14 }).fillColor("black");
    if (f.quantity !== null) {
      doc.text(`${tr("inspections.finding.quantity")}: ${num(f.quantity)} ${f.quantityUnit ?? ""}`.trim(), left + 14, doc.y, { width: width - 14 });
      if (f.history.length > 1) doc.text(`${tr("inspections.chart.title")}: ${f.history.map((p) => num(p.value)).join(" → ")}`, left + 14, doc.y, { width: width - 14 });
    }
    if (f.oldestDate) doc.text(`${tr("inspections.finding.oldestDate")}: ${formatDate(f.oldestDate, "id")}`, left + 14, doc.y, { width: width - 14 });
    const images = f.attachments.map((a) => photos.get(a.id));
    const cellW = (width - 14 - 10) / 2;
    const cellH = 150;
    for (let k = 0; k < images.length; k += 2) {
      ensure(cellH + 8);
      const top = doc.y + 4;
      for (let c = 0; c < 2 && k + c < images.length; c++) {
        const x = left + 14 + c * (cellW + 10);
        const img = images[k + c];
        if (img) {
          try {
            doc.image(img, x, top, { fit: [cellW, cellH], align: "center", valign: "center" });
          } catch {
            doc.text(tr("inspections.ba.photoMissing"), x, top + cellH / 2, { width: cellW, align: "center" });
          }
        } else {
          doc.rect(x, top, cellW, cellH).strokeColor("#cfd6d4").stroke().strokeColor("black");
          doc.text(tr("inspections.ba.photoMissing"), x, top + cellH / 2, { width: cellW, align: "center" });
        }
      }
      doc.y = top + cellH + 4;
    }
    doc.moveDown(0.5);
  });

  // C. Directives
  const directives = view.findings.filter((f) => f.directive);
  doc.font("body").fontSize(10);
  heading(tr("inspections.ba.sectionDirectives"), directives.length ? doc.heightOfString(`1. ${directives[0]!.directive}`, { width }) + 16 : 16);
  if (directives.length === 0) doc.text(tr("inspections.ba.noDirectives"), left, doc.y, { width });
  directives.forEach((f, i) => {
    const text = `${i + 1}. ${f.directive}`;
    const due = `${tr("common.deadline")}: ${directiveDeadline(f)}`;
    ensure(doc.heightOfString(text, { width }) + 16);
    doc.font("body").fontSize(10).text(text, left, doc.y, { width });
    doc.font("bold").text(due, left + 14, doc.y, { width: width - 14 }).font("body");
    doc.moveDown(0.3);
  });

  if (view.amendments.length) {
    heading(tr("inspections.ba.sectionAmendments"), 40);
    for (const a of view.amendments) {
      ensure(40);
      doc.text(`${formatDateTime(a.createdAt, "id")} — ${a.author.name}: ${a.body}`, left, doc.y, { width });
      doc.moveDown(0.3);
    }
  }

  // Closing and signatures
  ensure(150);
  doc.moveDown(1).font("body").fontSize(10).text(tr("inspections.ba.closing"), left, doc.y, { width });
  doc.moveDown(0.8).text(tr("inspections.ba.place", { date: formatDate(view.submittedAt ?? view.startedAt, "id") }), left, doc.y, { width, align: "right" });
  doc.moveDown(0.8);
  const colW = width / 2 - 20;
  const sigTop = doc.y;
  doc.font("bold").text(tr("inspections.ba.signInspector"), left, sigTop, { width: colW, align: "center" });
  doc.text(tr("inspections.ba.signUnitHead"), left + width / 2 + 20, sigTop, { width: colW, align: "center" });
  const lineAt = sigTop + 80;
  doc.moveTo(left + 10, lineAt).lineTo(left + colW - 10, lineAt).lineWidth(0.8).stroke();
  doc.moveTo(left + width / 2 + 30, lineAt).lineTo(left + width - 10, lineAt).stroke();
  doc.font("body").text(view.inspector.name, left, lineAt + 4, { width: colW, align: "center" });
  doc.text(extras.unitHeadName ?? "………………………………", left + width / 2 + 20, lineAt + 4, { width: colW, align: "center" });

  // Page numbers, now that the page count is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - 40;
    // Writing inside the bottom margin must not open a new page.
    doc.page.margins.bottom = 0;
    doc
      .font("body")
      .fontSize(8)
      .fillColor("#4a5560")
      .text(`${tr("inspections.ba.title")} · ${view.unit.name} · ${tr("inspections.ba.page", { n: i + 1, total: range.count })}`, left, y, { width, align: "center", lineBreak: false })
      .fillColor("black");
  }
  doc.end();
  return done;
}
