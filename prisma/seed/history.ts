import { sha256 } from "../../app/lib/crypto.server";
import { resolveDeadlineRule } from "../../app/lib/holidays.server";
import { wibDateKey } from "../../app/lib/time";
import { formatReference } from "../../app/lib/reference";
import { referenceSeriesFor } from "../../app/models/policy.server";
import { addCalendarDays, addWorkingDays, isWorkingDay, weekdayOfKey } from "../../app/lib/working-days";
import type { CoreContext, SeededItem, SeededUnit } from "./core";
import { simulateFollowUp, type AuditEntry, type IdCounter, type SimResult, type Step } from "./followup-sim";
import { Rng } from "./prng";
import {
  ANSWERS,
  COMPLAINT_INSTRUCTIONS,
  COMPLAINT_REJECT_REASONS,
  REJECT_REASONS,
  USER_AGENTS,
  complaintText,
  emailFor,
  personName,
  phoneNumber,
} from "./texts";
import { atKey, DAY, HOUR, MINUTE, wdBack, wdForward, workingDayOnOrBefore } from "./timeline";

// About a year of Palembang history, relative to the real current time (so it always looks current)
// but with every random choice drawn from a fixed seed. It retells the news report the project started
// from (../shared/seed): the sidak at UPT Dukcapil Seberang Ulu Dua that found 1,240 finished e-KTP cards,
// the piles at Alang-Alang Lebar, service at Puskesmas Nagaswidak, and the warning against pungli.

/** Well-known tracking codes for the README and demos (a real code is 32 random base64url characters). */
export const DEMO_TRACKING_CODES = {
  /** A public complaint at UPT Dukcapil Seberang Ulu Dua that the unit has answered (status ANSWERED). */
  public: "DEMO-LACAK-SU2-2026",
  /** A confidential pungli report (EXTORTION), sent to the unit and awaiting its answer. */
  extortion: "DEMO-LACAK-PUNGLI-2026",
} as const;

const HISTORY_SEED = 20220324; // the day of the sidak in the news report

export type HistoryRows = {
  complaints: Array<Record<string, unknown>>;
  complaintEvents: Array<Record<string, unknown>>;
  inspections: Array<Record<string, unknown>>;
  inspectionComplaints: Array<{ inspectionId: number; complaintId: number }>;
  answers: Array<Record<string, unknown>>;
  findings: Array<Record<string, unknown>>;
  followUps: Array<Record<string, unknown>>;
  responses: Array<Record<string, unknown>>;
  extensions: Array<Record<string, unknown>>;
  escalations: Array<Record<string, unknown>>;
  audits: AuditEntry[];
};

export type IdBases = Record<
  "complaint" | "complaintEvent" | "inspection" | "answer" | "finding" | "followUp" | "response" | "extension" | "escalation",
  number
>;

const counter = (start: number): IdCounter => {
  let n = start;
  return { next: () => n++ };
};

type FuFate = "done" | "stuck" | "partial";

type ComplaintPlan = {
  unit: SeededUnit;
  category: string;
  createdAt: Date;
  privacy?: string;
  /** What happens to it, if time allows */
  fate: "rejected" | "duplicate" | "verified" | "sent";
  fuFate?: FuFate;
  /** Explicit follow-up steps, given the moment it was sent */
  fuSteps?: (sentAt: Date) => Step[];
  /** Explicit verification and sending times */
  verifiedAt?: Date;
  sentAt?: Date;
  trackingCode?: string;
  description?: string;
  source?: string;
};

type FindingPlan = {
  itemKey?: string;
  category: string;
  severity: string;
  description: string;
  quantity?: number | null;
  quantityUnit?: string | null;
  oldestDate?: Date | null;
  directive: string;
  fuFate?: FuFate;
  fuSteps?: (createdAt: Date) => Step[];
};

type AnswerOverride = { result: "PASS" | "FAIL" | "NA"; number?: number | null; note?: string | null };

type InspectionPlan = {
  unit: SeededUnit;
  startedAt: Date;
  trigger: "ROUTINE" | "COMPLAINTS";
  summary: string;
  status?: "SUBMITTED" | "DRAFT";
  answers?: Record<string, AnswerOverride>;
  /** Explicit findings; otherwise derived from the failed items */
  findings?: FindingPlan[];
  complaintIds?: number[];
};

export function buildHistory(ctx: CoreContext, now: number, bases: IdBases): HistoryRows {
  const rng = new Rng(HISTORY_SEED);
  const H = ctx.holidays;
  const rows: HistoryRows = {
    complaints: [],
    complaintEvents: [],
    inspections: [],
    inspectionComplaints: [],
    answers: [],
    findings: [],
    followUps: [],
    responses: [],
    extensions: [],
    escalations: [],
    audits: [],
  };
  const ids = {
    complaintEvent: counter(bases.complaintEvent),
    inspection: counter(bases.inspection),
    answer: counter(bases.answer),
    finding: counter(bases.finding),
    followUp: counter(bases.followUp),
    response: counter(bases.response),
    extension: counter(bases.extension),
    escalation: counter(bases.escalation),
  };
  const unit = (slug: string) => {
    const u = ctx.unitBySlug.get(slug);
    if (!u) throw new Error(`Seed unit missing: ${slug}`);
    return u;
  };
  const todayKey = wibDateKey(now);
  // The last working day before today: the latest day on which "yesterday's" demo events happen,
  // so that nothing is dated in the future whatever hour the seed runs.
  const lastWorkingDay = workingDayOnOrBefore(addCalendarDays(todayKey, -1), H);
  const minutes = () => rng.int(0, 59);
  const at = (key: string, hFrom: number, hTo: number) => atKey(key, rng.int(hFrom, hTo), minutes());
  const wd = (from: Date | string, k: number) => wdForward(from, k, H);
  const daysAgoKey = (days: number) => workingDayOnOrBefore(wibDateKey(now - days * DAY), H);

  // ---------------------------------------------------------------------------------------------
  // Follow-up step recipes
  const answerText = (category: string) => rng.pick(ANSWERS[category] ?? ANSWERS.OTHER);
  const genericSteps = (createdAt: Date, category: string, severity: string, quantity: number | null, fate: FuFate): Step[] => {
    const rule = resolveDeadlineRule(ctx.rules, category, severity);
    const steps: Step[] = [];
    if (fate === "stuck") {
      if (rng.chance(0.5)) steps.push({ kind: "ack", at: at(wd(createdAt, 1), 8, 10) });
      return steps;
    }
    steps.push({ kind: "ack", at: at(wd(createdAt, 1), 8, 9) });
    // Most answer within the deadline, some a few days late (their escalations stay on the record).
    const answerDay = rng.int(1, rule.answerDays + (rng.chance(0.25) ? 4 : 0));
    const firstAt = at(wd(createdAt, Math.max(answerDay, 1)), 10, 15);
    const rejectFirst = fate === "partial" || rng.chance(0.2);
    const partial = quantity != null ? Math.round(quantity * rng.float(0.2, 0.5)) : null;
    steps.push({ kind: "answer", at: firstAt, body: answerText(category), outstanding: quantity != null ? (rejectFirst ? partial : 0) : null });
    if (rejectFirst) {
      const rejectAt = at(wd(firstAt, 1), 9, 11);
      steps.push({ kind: "verdict", at: rejectAt, accept: false, reason: rng.pick(REJECT_REASONS) });
      if (fate === "partial") return steps;
      const secondAt = at(wd(rejectAt, rng.int(1, 4)), 10, 15);
      steps.push({ kind: "answer", at: secondAt, body: answerText(category), outstanding: quantity != null ? 0 : null });
      steps.push({ kind: "verdict", at: at(wd(secondAt, 1), 9, 11), accept: true });
    } else {
      steps.push({ kind: "verdict", at: at(wd(firstAt, rng.int(1, 2)), 9, 11), accept: true });
    }
    return steps;
  };

  const sims: SimResult[] = [];
  const runFollowUp = (args: {
    sourceType: "FINDING" | "COMPLAINT";
    findingId?: number;
    complaintId?: number;
    unit: SeededUnit;
    instruction: string;
    category: string;
    severity: string;
    createdAt: Date;
    quantity?: number | null;
    steps: Step[];
  }): SimResult => {
    const sim = simulateFollowUp(
      {
        id: ids.followUp.next(),
        sourceType: args.sourceType,
        findingId: args.findingId ?? null,
        complaintId: args.complaintId ?? null,
        unitId: args.unit.id,
        instruction: args.instruction,
        category: args.category,
        severity: args.severity,
        createdAt: args.createdAt,
        quantity: args.quantity ?? null,
        steps: args.steps,
      },
      ctx,
      now,
      ids,
    );
    sims.push(sim);
    return sim;
  };

  // ---------------------------------------------------------------------------------------------
  // Complaints: planned first (ids and refs follow creation time), then played forward.
  const plans: ComplaintPlan[] = [];
  const units = ctx.units;
  const byType = (t: string) => units.filter((u) => u.type === t);
  const pickUnit = () =>
    rng.pick(byType(rng.weighted({ DUKCAPIL: 45, PUSKESMAS: 38, KECAMATAN: 11, KELURAHAN: 6 })));
  const categoryFor = (u: SeededUnit) =>
    u.type === "DUKCAPIL"
      ? rng.weighted({ UNDISTRIBUTED_DOCUMENT: 35, EXTORTION: 10, SERVICE_QUALITY: 18, WAITING_TIME: 20, FACILITY: 9, OTHER: 8 })
      : u.type === "PUSKESMAS"
        ? rng.weighted({ SERVICE_QUALITY: 30, WAITING_TIME: 30, FACILITY: 20, EXTORTION: 5, OTHER: 12, UNDISTRIBUTED_DOCUMENT: 3 })
        : rng.weighted({ UNDISTRIBUTED_DOCUMENT: 20, EXTORTION: 15, SERVICE_QUALITY: 20, WAITING_TIME: 15, FACILITY: 12, OTHER: 18 });

  // The story's dates: the SU2 sidak about ten months ago, on a Thursday like the one in the report;
  // Alang-Alang Lebar a few weeks before it.
  let su2Key = wibDateKey(now - 300 * DAY);
  while (weekdayOfKey(su2Key) !== 4 || !isWorkingDay(su2Key, H)) su2Key = addCalendarDays(su2Key, -1);
  const aalKey = daysAgoKey(326);

  // Complaints that led to the story's sidak (linked to the inspections below).
  const storyComplaints = {
    su2: [
      { unit: unit("dukcapil-su2"), category: "UNDISTRIBUTED_DOCUMENT", createdAt: at(wdBack(su2Key, 12, H), 9, 20), fate: "sent", fuFate: "done" },
      { unit: unit("dukcapil-su2"), category: "UNDISTRIBUTED_DOCUMENT", createdAt: at(wdBack(su2Key, 6, H), 9, 20), fate: "verified" },
    ] as ComplaintPlan[],
    nagaswidak: [
      { unit: unit("puskesmas-nagaswidak"), category: "SERVICE_QUALITY", createdAt: at(wdBack(su2Key, 15, H), 7, 21), fate: "sent", fuFate: "done" },
      { unit: unit("puskesmas-nagaswidak"), category: "WAITING_TIME", createdAt: at(wdBack(su2Key, 9, H), 7, 21), fate: "verified" },
      { unit: unit("puskesmas-nagaswidak"), category: "SERVICE_QUALITY", createdAt: at(wdBack(su2Key, 4, H), 7, 21), fate: "verified" },
    ] as ComplaintPlan[],
    aal: [
      { unit: unit("dukcapil-aal"), category: "UNDISTRIBUTED_DOCUMENT", createdAt: at(wdBack(aalKey, 8, H), 8, 20), fate: "verified" },
    ] as ComplaintPlan[],
  };
  plans.push(...storyComplaints.su2, ...storyComplaints.nagaswidak, ...storyComplaints.aal);

  // Follow-ups in every state the app knows, timed from today so they are in that state now.
  const sentOn = (key: string) => at(key, 9, 11);
  const rule = (category: string, severity = "MEDIUM") => resolveDeadlineRule(ctx.rules, category, severity);
  // Overdue by k working days (k = 1 → level 1, 3 → level 2, 8 → level 3): sent answerDays before its due date.
  const overdueSentKey = (category: string, k: number) => wdBack(wdBack(todayKey, k, H), rule(category).answerDays, H);
  const special = {
    // OPEN, overdue level 1: never acknowledged.
    level1: { unit: unit("puskesmas-sako"), category: "WAITING_TIME", fate: "sent", fuSteps: () => [] } as Partial<ComplaintPlan>,
    // OPEN, overdue level 3.
    level3: { unit: unit("puskesmas-kertapati"), category: "FACILITY", fate: "sent", fuSteps: (s: Date) => [{ kind: "ack", at: at(wd(s, 1), 8, 9) }] } as Partial<ComplaintPlan>,
  };
  {
    const k1 = overdueSentKey("WAITING_TIME", 1);
    plans.push({ ...(special.level1 as ComplaintPlan), createdAt: at(wdBack(k1, 2, H), 7, 20), verifiedAt: at(wdBack(k1, 1, H), 9, 15), sentAt: sentOn(k1), privacy: "public" });
    const k3 = overdueSentKey("FACILITY", 8);
    plans.push({ ...(special.level3 as ComplaintPlan), createdAt: at(wdBack(k3, 2, H), 7, 20), verifiedAt: at(wdBack(k3, 1, H), 9, 15), sentAt: sentOn(k3), privacy: "anonymous" });
  }
  // ANSWERED with a pending response: UPT Dukcapil SU2's head answered yesterday, the inspector has not judged it.
  {
    const sentKey = wdBack(lastWorkingDay, 3, H);
    plans.push({
      unit: unit("dukcapil-su2"),
      category: "UNDISTRIBUTED_DOCUMENT",
      createdAt: at(wdBack(sentKey, 2, H), 7, 20),
      verifiedAt: at(wdBack(sentKey, 1, H), 9, 15),
      sentAt: sentOn(sentKey),
      fate: "sent",
      privacy: "anonymous",
      description: "Kartu Keluarga kami (pecah KK) sudah jadi sejak dua bulan lalu, tetapi tiap datang ke UPT disuruh menunggu pengumuman di media sosial.",
      fuSteps: (s) => [
        { kind: "ack", at: at(wd(s, 1), 8, 9) },
        { kind: "answer", at: at(lastWorkingDay, 13, 15), body: "KK pemohon sudah kami siapkan dan warga dihubungi lewat WhatsApp untuk mengambil di loket 2; bisa juga diantar melalui kelurahan." },
      ],
    });
  }
  // The public demo tracking code: the unit has answered, the inspector has not judged it yet, so the
  // reporter can confirm it is fixed on /track.
  {
    const sentKey = wdBack(lastWorkingDay, 4, H);
    plans.push({
      unit: unit("dukcapil-su2"),
      category: "UNDISTRIBUTED_DOCUMENT",
      createdAt: at(wdBack(sentKey, 2, H), 7, 20),
      verifiedAt: at(wdBack(sentKey, 1, H), 9, 15),
      sentAt: sentOn(sentKey),
      fate: "sent",
      privacy: "public",
      trackingCode: DEMO_TRACKING_CODES.public,
      description: "KTP-el saya sudah jadi sejak Agustus, tetapi setiap ke UPT Dukcapil Seberang Ulu Dua hanya disuruh memantau Instagram. Mohon segera diserahkan.",
      fuSteps: (s) => [
        { kind: "ack", at: at(wd(s, 1), 8, 9) },
        { kind: "answer", at: at(wd(s, 3), 10, 14), body: "KTP-el pelapor sudah kami temukan dan siap diambil di loket 1 setiap hari kerja pukul 08.00–15.00, atau diantar lewat Kelurahan 14 Ulu.", outstanding: null },
      ],
    });
  }
  // The confidential demo tracking code: a pungli report, sent to the unit, not yet due.
  {
    const sentKey = wdBack(lastWorkingDay, 1, H);
    plans.push({
      unit: unit("dukcapil-kertapati"),
      category: "EXTORTION",
      createdAt: at(wdBack(sentKey, 1, H), 7, 20),
      verifiedAt: at(sentKey, 8, 9),
      sentAt: at(sentKey, 10, 11),
      fate: "sent",
      trackingCode: DEMO_TRACKING_CODES.extortion,
      description: "Waktu mengurus KK baru saya dimintai Rp150.000 oleh petugas di loket belakang supaya selesai hari itu. Saya tidak diberi kuitansi. Saya takut kalau nama saya diketahui.",
      fuSteps: (s) => [{ kind: "ack", at: at(wd(s, 0), 14, 15) }],
    });
  }
  // Extension refused: the unit asked for more time, the inspector said no, and it is now late.
  {
    const sentKey = overdueSentKey("OTHER", 3);
    plans.push({
      unit: unit("kecamatan-sukarami"),
      category: "OTHER",
      createdAt: at(wdBack(sentKey, 2, H), 7, 20),
      verifiedAt: at(wdBack(sentKey, 1, H), 9, 15),
      sentAt: sentOn(sentKey),
      fate: "sent",
      privacy: "public",
      description: "Kantor kecamatan tutup pada hari Jumat pukul 13.30 padahal jam layanan sampai 16.00.",
      fuSteps: (s) => [
        { kind: "ack", at: at(wd(s, 1), 8, 9) },
        { kind: "extension", at: at(wd(s, 3), 10, 12), reason: "Menunggu rapat staf untuk menyusun jadwal piket baru.", proposedDueAt: addWorkingDays(s, 15, H) },
        { kind: "extensionDecision", at: at(wd(s, 4), 9, 10), approve: false, note: "Jadwal piket bisa disusun dalam tenggat semula; tidak perlu menunggu rapat." },
      ],
    });
  }
  // OPEN and on time, for Nagaswidak's and Alang-Alang Lebar's heads.
  plans.push({
    unit: unit("puskesmas-nagaswidak"),
    category: "SERVICE_QUALITY",
    createdAt: at(wdBack(lastWorkingDay, 1, H), 7, 20),
    verifiedAt: at(lastWorkingDay, 8, 9),
    sentAt: at(lastWorkingDay, 10, 11),
    fate: "sent",
    privacy: "anonymous",
    description: "Petugas loket pendaftaran tidak menyapa dan menjawab ketus ketika ibu saya bertanya ruang poli lansia.",
    fuSteps: () => [],
  });
  plans.push({
    unit: unit("dukcapil-aal"),
    category: "WAITING_TIME",
    createdAt: at(wdBack(lastWorkingDay, 1, H), 7, 20),
    verifiedAt: at(lastWorkingDay, 8, 9),
    sentAt: at(lastWorkingDay, 10, 11),
    fate: "sent",
    privacy: "public",
    fuSteps: () => [],
  });

  // The rest of the year, at random. A handful within the last day and a half are still NEW.
  const generic = 150 - plans.length;
  for (let i = 0; i < generic; i++) {
    const u = pickUnit();
    const recent = i < 6;
    const createdAt = new Date(now - (recent ? rng.int(1, 36) * HOUR : rng.int(2 * 24, 365 * 24) * HOUR) + rng.int(0, 59) * MINUTE);
    // Residents file at any hour, but not in the small hours.
    const hour = Number(new Date(createdAt.getTime() + 7 * HOUR).toISOString().slice(11, 13));
    const t = hour < 6 ? new Date(createdAt.getTime() + (6 - hour) * HOUR) : createdAt;
    const fate = rng.weighted({ rejected: 8, duplicate: 6, verified: 4, sent: 82 }) as ComplaintPlan["fate"];
    plans.push({
      unit: u,
      category: categoryFor(u),
      createdAt: t.getTime() >= now ? new Date(now - HOUR) : t,
      fate,
      fuFate: rng.chance(0.05) ? "stuck" : "done",
      source: rng.chance(0.06) ? "OPEN311" : "WEB",
    });
  }

  plans.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  // Numbered per series and year as the app numbers them (ADU public, RHS confidential and pungli),
  // in creation order; the ref is set once the privacy is drawn, before any later complaint reads it.
  const perSeriesYear = new Map<string, number>();
  const complaintIdOf = new Map<ComplaintPlan, number>();
  const planned: Array<{ plan: ComplaintPlan; id: number; ref: string }> = plans.map((plan, i) => {
    const id = bases.complaint + i;
    complaintIdOf.set(plan, id);
    return { plan, id, ref: "" };
  });

  for (const entry of planned) {
    const { plan, id } = entry;
    const u = plan.unit;
    const category = plan.category;
    const privacy = category === "EXTORTION" ? "confidential" : plan.privacy ?? rng.weighted({ public: 55, anonymous: 35, confidential: 10 });
    const series = referenceSeriesFor({ privacy, category });
    const year = wibDateKey(plan.createdAt).slice(0, 4);
    const n = (perSeriesYear.get(`${series}-${year}`) ?? 0) + 1;
    perSeriesYear.set(`${series}-${year}`, n);
    const ref = (entry.ref = formatReference(series, year, n));
    const hasName = rng.chance(0.88);
    const name = hasName ? personName(rng) : null;
    const events: Array<Record<string, unknown>> = [];
    const event = (e: Record<string, unknown>) => {
      if ((e.createdAt as Date).getTime() >= now) return false;
      events.push({ id: ids.complaintEvent.next(), complaintId: id, fromReporter: false, visibility: "PUBLIC", authorId: null, body: null, statusFrom: null, statusTo: null, ...e });
      return true;
    };
    const audit = (e: Omit<AuditEntry, "entityType" | "entityId">) => rows.audits.push({ entityType: "Complaint", entityId: id, ...e });
    const source = plan.source ?? "WEB";
    const trackingCode = plan.trackingCode ?? rng.token(24);
    const complaint: Record<string, unknown> = {
      id,
      ref,
      trackingHash: sha256(trackingCode),
      unitId: u.id,
      category,
      privacy,
      description: plan.description ?? complaintText(rng, u.type, category),
      status: "NEW",
      statusReason: null,
      duplicateOfId: null,
      reporterName: name,
      reporterPhone: hasName && rng.chance(0.85) ? phoneNumber(rng) : null,
      reporterEmail: hasName && rng.chance(0.55) ? emailFor(name!, rng) : null,
      reporterIpHash: source === "WEB" ? rng.hex(32) : null,
      reporterUserAgent: source === "WEB" ? rng.pick(USER_AGENTS) : null,
      lat: Math.round((u.lat + rng.float(-0.004, 0.004)) * 1e6) / 1e6,
      lng: Math.round((u.lng + rng.float(-0.004, 0.004)) * 1e6) / 1e6,
      source,
      apiKeyId: source === "OPEN311" ? ctx.open311KeyId : null,
      meTooCount: 0,
      createdAt: plan.createdAt,
      updatedAt: plan.createdAt,
      closedAt: null,
    };
    event({ kind: "CREATED", createdAt: plan.createdAt, statusTo: "NEW", visibility: "PUBLIC", fromReporter: true });
    audit({ at: plan.createdAt, actorId: null, actorKind: source === "OPEN311" ? "API" : "REPORTER", action: "complaint.create", after: { ref, status: "NEW", category } });

    const setStatus = (
      to: string,
      t: Date,
      opts: { body?: string | null; actorId?: number | null; reason?: string | null; visibility?: string; kind?: string; action?: string } = {},
    ) => {
      const from = String(complaint.status);
      const actorId = opts.actorId === undefined ? ctx.inspectorId : opts.actorId;
      const kind = opts.kind ?? "STATUS";
      const ok = event({ kind, createdAt: t, statusFrom: from, statusTo: to, body: opts.body ?? null, authorId: actorId, visibility: opts.visibility ?? "PUBLIC" });
      if (!ok) return false;
      complaint.status = to;
      complaint.updatedAt = t;
      if (opts.reason !== undefined) complaint.statusReason = opts.reason;
      complaint.closedAt = to === "CLOSED" ? t : null;
      // Triage is audited on the complaint; steps that follow its follow-up are audited there.
      if (opts.action) {
        audit({ at: t, actorId, actorKind: actorId ? "USER" : "SYSTEM", action: opts.action, before: { status: from }, after: { status: to, reason: opts.reason ?? undefined } });
      }
      return true;
    };

    // Triage as app/models/complaint/triage.server.ts does it: verify, reject, mark duplicate, send to the unit.
    const decideAt = plan.verifiedAt ?? at(wd(plan.createdAt, rng.int(1, 2)), 8, 15);
    if (plan.fate === "rejected") {
      const reason = rng.pick(COMPLAINT_REJECT_REASONS);
      setStatus("REJECTED", decideAt, { body: reason, reason, visibility: "REPORTER", action: "complaint.reject" });
    } else if (plan.fate === "duplicate") {
      const earlier = planned.filter((p) => p.id < id && p.plan.unit.id === u.id && p.plan.fate !== "duplicate");
      const target = earlier.find((p) => p.plan.category === category) ?? earlier[earlier.length - 1];
      if (target) {
        complaint.duplicateOfId = target.id;
        setStatus("DUPLICATE", decideAt, { reason: target.ref, action: "complaint.duplicate" });
      } else {
        setStatus("VERIFIED", decideAt, { action: "complaint.verify" });
      }
    } else if (setStatus("VERIFIED", decideAt, { action: "complaint.verify" }) && plan.fate === "sent") {
      const sentAt = plan.sentAt ?? new Date(decideAt.getTime() + rng.int(20, 180) * MINUTE);
      if (setStatus("SENT", sentAt, { action: "complaint.send" })) {
        const severity = category === "EXTORTION" ? "HIGH" : rng.chance(0.2) ? "LOW" : "MEDIUM";
        const sim = runFollowUp({
          sourceType: "COMPLAINT",
          complaintId: id,
          unit: u,
          // A confidential report is not named to the unit at all: the instruction is all they get.
          instruction: privacy === "confidential" ? COMPLAINT_INSTRUCTIONS[category] : `${COMPLAINT_INSTRUCTIONS[category]} (Pengaduan ${ref})`,
          category,
          severity,
          createdAt: sentAt,
          steps: plan.fuSteps ? plan.fuSteps(sentAt) : genericSteps(sentAt, category, severity, null, plan.fuFate ?? "done"),
        });
        // The complaint follows its follow-up (app/models/follow-up.server.ts, stepComplaint). The answer
        // to a confidential or pungli complaint is held: an internal step until the inspector accepts
        // it, and then released to the reporter as it was (docs/decisions/0015).
        const held = privacy === "confidential" || category === "EXTORTION";
        if (held) {
          for (const r of sim.responses) {
            if (r.verdict === "ACCEPTED") Object.assign(r, { releasedAt: r.verdictAt, reporterBody: r.body });
          }
        }
        sim.transitions.forEach((tr, i) => {
          const next = sim.transitions[i + 1];
          if (tr.kind === "answer" && held) {
            event({ kind: "ANSWER", createdAt: tr.at, body: tr.body, authorId: tr.authorId, visibility: "INTERNAL" });
          } else if (tr.kind === "answer") {
            setStatus("ANSWERED", tr.at, { kind: "ANSWER", body: tr.body, actorId: tr.authorId, visibility: "REPORTER" });
            // Some reporters confirm on /track before the inspector has judged the answer.
            if (next?.kind === "accept" && rng.chance(0.3)) {
              const t = new Date((tr.at.getTime() + next.at.getTime()) / 2);
              if (setStatus("CLOSED", t, { kind: "CONFIRMED", actorId: null, visibility: "REPORTER", body: "Sudah beres, terima kasih." })) {
                events[events.length - 1].fromReporter = true;
                audit({ at: t, actorId: null, actorKind: "REPORTER", action: "complaint.confirm_fixed", before: { status: "ANSWERED" }, after: { status: "CLOSED" } });
              }
            }
          } else if (complaint.status === "CLOSED") {
            // Already confirmed by the reporter: the verdict changes nothing on the complaint.
          } else if (tr.kind === "reject" && held) {
            // The reporter never read the held answer, so its rejection is no news to them either.
          } else if (tr.kind === "reject") {
            setStatus("SENT", tr.at, {
              body: `Jawaban unit belum memadai dan dikembalikan untuk ditindaklanjuti: ${tr.body}`,
              actorId: tr.authorId,
              visibility: "REPORTER",
            });
          } else {
            if (held) event({ kind: "ANSWER", createdAt: tr.at, body: tr.body, authorId: tr.authorId, visibility: "REPORTER" });
            setStatus("CLOSED", tr.at, {
              body: "Jawaban unit telah diverifikasi dan pengaduan dinyatakan selesai.",
              actorId: tr.authorId,
              visibility: "REPORTER",
            });
          }
        });
      }
    }
    // "Saya juga" from other residents on a few public complaints.
    if (privacy !== "confidential" && rng.chance(0.12)) {
      const n = rng.int(1, 9);
      const end = Math.min(now - MINUTE, (complaint.closedAt as Date | null)?.getTime() ?? now - MINUTE);
      for (let k = 0; k < n; k++) {
        const t = new Date(plan.createdAt.getTime() + rng.next() * (end - plan.createdAt.getTime()));
        if (event({ kind: "ME_TOO", createdAt: t, visibility: "PUBLIC", fromReporter: true })) complaint.meTooCount = Number(complaint.meTooCount) + 1;
      }
    }
    events.sort((a, b) => (a.createdAt as Date).getTime() - (b.createdAt as Date).getTime());
    rows.complaints.push(complaint);
    rows.complaintEvents.push(...events);
  }
  // Event ids in time order within each complaint: renumber after sorting.
  rows.complaintEvents.forEach((e, i) => (e.id = bases.complaintEvent + i));

  // ---------------------------------------------------------------------------------------------
  // Inspections
  const inspectionPlans: InspectionPlan[] = [];
  const cid = (p: ComplaintPlan) => complaintIdOf.get(p)!;
  const oldest = (iso: string) => new Date(`${iso}T00:00:00+07:00`);

  // Alang-Alang Lebar: piles of cards, answered once with 540 still there, rejected, and never again.
  inspectionPlans.push({
    unit: unit("dukcapil-aal"),
    startedAt: atKey(aalKey, 9, 10),
    trigger: "COMPLAINTS",
    summary: "Tumpukan KTP-el yang sudah dicetak ditemukan di ruang arsip; sebagian sejak 2021. Petugas menunggu warga datang sendiri.",
    complaintIds: storyComplaints.aal.map(cid),
    answers: {
      ektp: { result: "FAIL", number: 860, note: "Disimpan dalam 6 kardus di ruang arsip." },
      notify: { result: "FAIL", note: "Pemberitahuan hanya di Instagram UPT." },
      staff: { result: "PASS", number: 9 },
    },
    findings: [
      {
        itemKey: "ektp",
        category: "UNDISTRIBUTED_DOCUMENT",
        severity: "HIGH",
        description: "Ditemukan 860 keping KTP-el yang sudah dicetak tetapi belum diserahkan kepada warga; yang tertua dicetak Maret 2021.",
        quantity: 860,
        quantityUnit: "kartu",
        oldestDate: oldest("2021-03-15"),
        directive: "Serahkan seluruh KTP-el yang sudah jadi kepada warga, bekerja sama dengan kecamatan dan kelurahan; laporkan sisa yang belum diserahkan.",
        fuSteps: (c) => [
          { kind: "ack", at: at(wd(c, 1), 8, 9) },
          { kind: "answer", at: at(wd(c, 5), 13, 15), body: "Sebanyak 320 keping sudah diserahkan melalui kelurahan; sisanya menunggu pemilik datang.", outstanding: 540 },
          { kind: "verdict", at: at(wd(c, 6), 9, 10), accept: false, reason: "Masih 540 keping. Jangan menunggu warga datang: antar melalui kelurahan dan RT." },
        ],
      },
    ],
  });

  // Seberang Ulu Dua: the sidak of the news report. 1,240 cards, the oldest from 2020; 600 left, then none.
  inspectionPlans.push({
    unit: unit("dukcapil-su2"),
    startedAt: atKey(su2Key, 9, 15),
    trigger: "COMPLAINTS",
    summary:
      "Ditemukan KTP-el yang sudah jadi tetapi tidak diserahkan kepada warga, sebagian sejak 2020. Petugas beralasan menunggu pemilik mengambil sendiri dan hanya mengumumkan lewat media sosial.",
    complaintIds: storyComplaints.su2.map(cid),
    answers: {
      ektp: { result: "FAIL", number: 1240, note: "Tersimpan di lemari arsip dan kardus di belakang loket." },
      notify: { result: "FAIL", note: "Informasi KTP-el yang sudah jadi hanya disampaikan lewat media sosial." },
      gratis: { result: "PASS" },
      staff: { result: "PASS", number: 8 },
      greet: { result: "PASS" },
    },
    findings: [
      {
        itemKey: "ektp",
        category: "UNDISTRIBUTED_DOCUMENT",
        severity: "HIGH",
        description: "Ditemukan 1.240 keping KTP-el yang sudah dicetak tetapi belum diserahkan kepada warga; yang tertua dicetak tahun 2020.",
        quantity: 1240,
        quantityUnit: "kartu",
        oldestDate: oldest("2020-06-08"),
        directive: "Serahkan seluruh KTP-el yang sudah jadi kepada warga, bekerja sama dengan kecamatan dan kelurahan",
        fuSteps: (c) => [
          { kind: "ack", at: at(wd(c, 1), 8, 9) },
          { kind: "answer", at: at(wd(c, 5), 14, 15), body: "640 keping sudah diserahkan: 410 diambil warga setelah dihubungi lewat RT, 230 diantar melalui kantor kelurahan. Daftar nama terlampir.", outstanding: 600 },
          { kind: "verdict", at: at(wd(c, 6), 9, 10), accept: false, reason: "Masih 600 keping belum diserahkan; lanjutkan sampai habis." },
          { kind: "answer", at: at(wd(c, 10), 14, 15), body: "Seluruh KTP-el sudah diserahkan; 37 keping milik warga yang pindah dikirim ke Dukcapil daerah tujuan. Berita acara penyerahan terlampir.", outstanding: 0 },
          { kind: "verdict", at: at(wd(c, 11), 9, 10), accept: true },
        ],
      },
      {
        itemKey: "notify",
        category: "OTHER",
        severity: "MEDIUM",
        description: "Warga hanya diberi tahu lewat media sosial bahwa KTP-el mereka sudah jadi.",
        directive: "Beri tahu setiap pemilik lewat SMS/WhatsApp dan lewat kelurahan serta RT, bukan hanya media sosial.",
        fuFate: "done",
      },
    ],
  });

  // Puskesmas Nagaswidak, the same afternoon, after residents' complaints about service.
  inspectionPlans.push({
    unit: unit("puskesmas-nagaswidak"),
    startedAt: atKey(su2Key, 13, 30),
    trigger: "COMPLAINTS",
    summary: "Pelayanan loket pendaftaran dikeluhkan warga; petugas belum menerapkan senyum, sapa, salam. Diminta melayani tanpa pamrih dan tanpa pungutan.",
    complaintIds: storyComplaints.nagaswidak.map(cid),
    answers: {
      greet: { result: "FAIL", note: "Pasien lansia tidak disapa; petugas menjawab ketus." },
      wait: { result: "FAIL", number: 95 },
      pungli: { result: "PASS" },
      clean: { result: "PASS" },
    },
    findings: [
      {
        itemKey: "greet",
        category: "SERVICE_QUALITY",
        severity: "MEDIUM",
        description: "Petugas loket pendaftaran tidak menerapkan senyum, sapa, salam; pasien lansia dijawab ketus.",
        directive: "Lakukan pembinaan seluruh petugas pelayanan tentang senyum, sapa, salam dan pasang nomor pengaduan di loket.",
        fuFate: "done",
      },
      {
        itemKey: "wait",
        category: "SERVICE_QUALITY",
        severity: "MEDIUM",
        description: "Waktu tunggu dari pendaftaran sampai diperiksa rata-rata 95 menit.",
        quantity: 95,
        quantityUnit: "menit",
        directive: "Buka loket pendaftaran kedua pada jam sibuk dan terapkan antrean daring.",
        fuFate: "done",
      },
    ],
  });

  // Pungli found at a sidak: a critical finding, dealt with in days.
  {
    const key = daysAgoKey(47);
    inspectionPlans.push({
      unit: unit("dukcapil-kertapati"),
      startedAt: atKey(key, 8, 40),
      trigger: "ROUTINE",
      summary: "Warga di ruang tunggu menyampaikan adanya permintaan uang untuk mempercepat KK. Pengumuman GRATIS tidak terpasang.",
      answers: { pungli: { result: "FAIL" }, gratis: { result: "FAIL", note: "Tidak ada pengumuman di loket." } },
      findings: [
        {
          itemKey: "pungli",
          category: "EXTORTION",
          severity: "CRITICAL",
          description: "Dugaan pungutan liar: warga dimintai uang untuk mempercepat penerbitan Kartu Keluarga.",
          directive: "Hentikan segala pungutan di luar ketentuan, pindahkan petugas terkait dari loket selama pemeriksaan, dan pasang pengumuman \"GRATIS\" di setiap loket.",
          fuSteps: (c) => [
            { kind: "ack", at: at(wd(c, 0), 14, 15) },
            { kind: "answer", at: at(wd(c, 2), 10, 12), body: "Petugas terkait dibebastugaskan dari loket dan diperiksa Inspektorat; pengumuman GRATIS dan nomor pengaduan dipasang di semua loket (foto terlampir)." },
            { kind: "verdict", at: at(wd(c, 3), 9, 10), accept: true },
          ],
        },
        {
          itemKey: "gratis",
          category: "OTHER",
          severity: "LOW",
          description: "Pengumuman bahwa layanan adminduk tidak dipungut biaya tidak terpasang.",
          directive: "Pasang pengumuman \"GRATIS\" yang jelas di setiap loket.",
          fuFate: "done",
        },
      ],
    });
  }

  // Recent sidak whose follow-ups are in the states the inbox has to show.
  // Overdue level 2: staff absence at UPT Dukcapil Ilir Timur Dua.
  {
    const created = wdBack(wdBack(todayKey, 3, H), rule("STAFF_ABSENCE").answerDays, H);
    inspectionPlans.push({
      unit: unit("dukcapil-it2"),
      startedAt: atKey(created, 8, 5),
      trigger: "ROUTINE",
      summary: "Pukul 08.05 baru 3 dari 8 petugas terjadwal yang hadir; antrean sudah mengular.",
      answers: { staff: { result: "FAIL", number: 3, note: "3 dari 8 petugas terjadwal hadir pukul 08.05." }, queue: { result: "FAIL", number: 46 } },
      findings: [
        {
          itemKey: "staff",
          category: "STAFF_ABSENCE",
          severity: "MEDIUM",
          description: "Hanya 3 dari 8 petugas terjadwal yang hadir saat pelayanan dibuka.",
          quantity: 5,
          quantityUnit: "orang",
          directive: "Tegakkan disiplin kehadiran dan kirim rekap absensi harian ke Inspektorat selama satu bulan.",
          fuSteps: (c) => [{ kind: "ack", at: at(wd(c, 1), 8, 9) }],
        },
      ],
    });
  }
  // Rejected, then answered again and waiting: Puskesmas Nagaswidak's waiting time, a month ago.
  {
    const created = wdBack(lastWorkingDay, 8, H);
    inspectionPlans.push({
      unit: unit("puskesmas-nagaswidak"),
      startedAt: atKey(created, 8, 20),
      trigger: "ROUTINE",
      summary: "Kunjungan ulang: sikap petugas membaik, tetapi waktu tunggu poli umum masih panjang.",
      answers: { greet: { result: "PASS" }, wait: { result: "FAIL", number: 110, note: "Dokter poli umum datang pukul 09.40." } },
      findings: [
        {
          itemKey: "wait",
          category: "SERVICE_QUALITY",
          severity: "MEDIUM",
          description: "Waktu tunggu poli umum 110 menit; dokter datang pukul 09.40.",
          quantity: 110,
          quantityUnit: "menit",
          directive: "Pastikan dokter poli umum mulai melayani pukul 08.00 dan laporkan waktu tunggu harian selama dua minggu.",
          fuSteps: (c) => [
            { kind: "ack", at: at(wd(c, 1), 8, 9) },
            { kind: "answer", at: at(wd(c, 3), 13, 14), body: "Dokter sudah ditegur." },
            { kind: "verdict", at: at(wd(c, 4), 9, 10), accept: false, reason: "Jawaban belum menjawab pokok masalah: lampirkan jadwal dokter dan catatan waktu tunggu." },
            { kind: "answer", at: at(lastWorkingDay, 11, 14), body: "Jadwal dokter poli umum kini mulai 07.45; catatan waktu tunggu 10 hari terakhir rata-rata 38 menit (terlampir)." },
          ],
        },
      ],
    });
  }
  // Extension approved: a broken toilet needs a contractor. Deadline moved, the original kept.
  {
    const created = wdBack(lastWorkingDay, 6, H);
    inspectionPlans.push({
      unit: unit("puskesmas-merdeka"),
      startedAt: atKey(created, 9, 0),
      trigger: "ROUTINE",
      summary: "Toilet pasien rusak dan ruang tunggu kurang kursi; pelayanan lain baik.",
      answers: { clean: { result: "FAIL", note: "Toilet pasien tidak berfungsi." } },
      findings: [
        {
          itemKey: "clean",
          category: "FACILITY",
          severity: "MEDIUM",
          description: "Toilet pasien tidak berfungsi dan ruang tunggu kekurangan kursi.",
          directive: "Perbaiki toilet pasien dan tambah kursi ruang tunggu.",
          fuSteps: (c) => [
            { kind: "ack", at: at(wd(c, 1), 8, 9) },
            { kind: "extension", at: at(wd(c, 3), 10, 12), reason: "Perbaikan pipa memerlukan penyedia jasa melalui pengadaan langsung.", proposedDueAt: addWorkingDays(c, 14, H) },
            { kind: "extensionDecision", at: at(wd(c, 4), 9, 10), approve: true, note: "Disetujui; kirim foto progres setiap minggu." },
          ],
        },
      ],
    });
  }
  // Extension pending: UPT Dukcapil Plaju asks for more time to hand out 75 KKs.
  {
    const created = wdBack(lastWorkingDay, 3, H);
    inspectionPlans.push({
      unit: unit("dukcapil-plaju"),
      startedAt: atKey(created, 8, 30),
      trigger: "ROUTINE",
      summary: "Ditemukan Kartu Keluarga yang sudah jadi belum diserahkan.",
      answers: { kk: { result: "FAIL", number: 75 }, ektp: { result: "PASS", number: 0 } },
      findings: [
        {
          itemKey: "kk",
          category: "UNDISTRIBUTED_DOCUMENT",
          severity: "MEDIUM",
          description: "75 Kartu Keluarga yang sudah dicetak belum diserahkan; yang tertua dari bulan lalu.",
          quantity: 75,
          quantityUnit: "dokumen",
          oldestDate: new Date(now - 40 * DAY),
          directive: "Serahkan seluruh KK yang sudah jadi kepada pemiliknya melalui kelurahan.",
          fuSteps: (c) => [
            { kind: "ack", at: at(wd(c, 1), 8, 9) },
            { kind: "extension", at: at(lastWorkingDay, 14, 15), reason: "Sebagian pemilik sudah pindah alamat; perlu penelusuran lewat RT.", proposedDueAt: addWorkingDays(c, 12, H) },
          ],
        },
      ],
    });
  }

  // Routine sidak across the year.
  const routineCount = 25 - inspectionPlans.length;
  for (let i = 0; i < routineCount; i++) {
    const u = rng.pick(byType(rng.weighted({ DUKCAPIL: 45, PUSKESMAS: 40, KECAMATAN: 10, KELURAHAN: 5 })));
    const key = daysAgoKey(rng.int(20, 355));
    const linked = planned.filter((p) => p.plan.unit.id === u.id && p.plan.createdAt.getTime() < atKey(key, 8).getTime()).slice(-2);
    inspectionPlans.push({
      unit: u,
      startedAt: atKey(key, rng.int(8, 10), rng.int(0, 59)),
      trigger: linked.length && rng.chance(0.4) ? "COMPLAINTS" : "ROUTINE",
      summary: "",
      complaintIds: [],
    });
    const plan = inspectionPlans[inspectionPlans.length - 1];
    if (plan.trigger === "COMPLAINTS") plan.complaintIds = linked.map((p) => p.id);
  }
  // A sidak under way right now: a draft.
  inspectionPlans.push({
    unit: unit("puskesmas-sako"),
    startedAt: new Date(now - 50 * MINUTE),
    trigger: "ROUTINE",
    summary: "",
    status: "DRAFT",
  });
  inspectionPlans.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());

  const teamLines = [
    "Rina Marlina Kusuma (Inspektur)",
    `${personName(rng)} (Inspektorat Kota)`,
    `${personName(rng)} (Bagian Organisasi Setda)`,
    `${personName(rng)} (Ombudsman mitra, pengamat)`,
  ];

  for (const plan of inspectionPlans) {
    const inspectionId = ids.inspection.next();
    const template = ctx.templates.get(plan.unit.type);
    const isDraft = plan.status === "DRAFT";
    const submittedAt = isDraft ? null : new Date(plan.startedAt.getTime() + rng.int(70, 150) * MINUTE);
    const items = template?.items ?? [];
    const answers: Array<{ item: SeededItem; result: string; number: number | null; note: string | null }> = [];
    const answeredItems = isDraft ? items.slice(0, Math.ceil(items.length / 2)) : items;
    for (const item of answeredItems) {
      const o = plan.answers?.[item.key];
      const explicit = plan.findings !== undefined;
      const failP = item.findingCategory === "EXTORTION" ? 0.04 : 0.2;
      const result = o?.result ?? (explicit || isDraft ? (rng.chance(0.9) ? "PASS" : "NA") : rng.chance(failP) ? "FAIL" : rng.chance(0.93) ? "PASS" : "NA");
      let number: number | null = o?.number ?? null;
      if (number == null && item.numberUnit && result !== "NA") {
        number =
          item.numberUnit === "kartu" || item.numberUnit === "dokumen"
            ? result === "PASS" ? 0 : rng.int(25, 700)
            : item.numberUnit === "menit"
              ? result === "PASS" ? rng.int(15, 55) : rng.int(75, 180)
              : item.numberUnit === "jenis"
                ? result === "PASS" ? 0 : rng.int(2, 7)
                : item.key === "queue"
                  ? result === "PASS" ? rng.int(3, 25) : rng.int(40, 90)
                  : result === "PASS" ? rng.int(6, 12) : rng.int(2, 5);
      }
      answers.push({ item, result, number, note: o?.note ?? null });
    }
    const pass = answers.filter((a) => a.result === "PASS").length;
    const fail = answers.filter((a) => a.result === "FAIL").length;
    const score = isDraft || pass + fail === 0 ? null : Math.round((pass / (pass + fail)) * 1000) / 10;

    // Findings: explicit ones, or one per failed item (at most three) for routine sidak.
    let findingPlans = plan.findings;
    if (!findingPlans && !isDraft) {
      findingPlans = answers
        .filter((a) => a.result === "FAIL")
        .slice(0, 3)
        .map((a) => routineFinding(rng, a.item, a.number, plan.startedAt));
    }
    const summary =
      plan.summary ||
      (isDraft ? "" : fail === 0 ? "Pelayanan sesuai standar; tidak ada temuan." : `Ditemukan ${fail} hal yang perlu ditindaklanjuti; lihat temuan.`);

    rows.inspections.push({
      id: inspectionId,
      unitId: plan.unit.id,
      inspectorId: ctx.inspectorId,
      templateId: template?.id ?? null,
      startedAt: plan.startedAt,
      team: teamLines.slice(0, rng.int(2, 4)).join("\n"),
      trigger: plan.trigger,
      summary: summary || null,
      status: isDraft ? "DRAFT" : "SUBMITTED",
      submittedAt,
      score,
      createdAt: plan.startedAt,
      updatedAt: submittedAt ?? new Date(now - 5 * MINUTE),
    });
    for (const complaintId of plan.complaintIds ?? []) rows.inspectionComplaints.push({ inspectionId, complaintId });
    for (const a of answers) {
      rows.answers.push({
        id: ids.answer.next(),
        inspectionId,
        itemId: a.item.id,
        result: a.result,
        number: a.number,
        note: a.note,
        updatedAt: isDraft ? new Date(now - rng.int(5, 45) * MINUTE) : submittedAt,
      });
    }
    if (isDraft || !submittedAt) continue;
    rows.audits.push({
      at: submittedAt,
      actorId: ctx.inspectorId,
      actorKind: "USER",
      action: "inspection.submit",
      entityType: "Inspection",
      entityId: inspectionId,
      after: { status: "SUBMITTED", score, findings: findingPlans?.length ?? 0 },
    });
    for (const f of findingPlans ?? []) {
      const findingId = ids.finding.next();
      const item = f.itemKey ? items.find((i) => i.key === f.itemKey) : undefined;
      rows.findings.push({
        id: findingId,
        inspectionId,
        unitId: plan.unit.id,
        itemId: item?.id ?? null,
        category: f.category,
        severity: f.severity,
        description: f.description,
        quantity: f.quantity ?? null,
        quantityUnit: f.quantityUnit ?? null,
        oldestDate: f.oldestDate ?? null,
        directive: f.directive,
        lat: plan.unit.lat,
        lng: plan.unit.lng,
        createdAt: submittedAt,
        updatedAt: submittedAt,
        deletedAt: null,
      });
      rows.audits.push({
        at: submittedAt,
        actorId: ctx.inspectorId,
        actorKind: "USER",
        action: "finding.create",
        entityType: "Finding",
        entityId: findingId,
        after: { category: f.category, severity: f.severity, quantity: f.quantity ?? null },
      });
      const fuCreated = new Date(submittedAt.getTime() + MINUTE);
      runFollowUp({
        sourceType: "FINDING",
        findingId,
        unit: plan.unit,
        instruction: f.directive,
        category: f.category,
        severity: f.severity,
        createdAt: fuCreated,
        quantity: f.quantity != null && f.quantityUnit !== "menit" ? f.quantity : null,
        steps: f.fuSteps
          ? f.fuSteps(fuCreated)
          : genericSteps(
              fuCreated,
              f.category,
              f.severity,
              f.quantity != null && f.quantityUnit !== "menit" ? f.quantity : null,
              f.fuFate ?? (rng.chance(0.08) ? "stuck" : rng.chance(0.06) ? "partial" : "done"),
            ),
      });
    }
  }

  for (const sim of sims) {
    rows.followUps.push(sim.followUp);
    rows.responses.push(...sim.responses);
    rows.extensions.push(...sim.extensions);
    rows.escalations.push(...sim.escalations);
    rows.audits.push(...sim.audits);
  }
  // The chain reads best in the order things happened.
  rows.audits.sort((a, b) => a.at.getTime() - b.at.getTime());
  return rows;
}

/** A finding for a failed checklist item of a routine sidak. */
function routineFinding(rng: Rng, item: SeededItem, number: number | null, startedAt: Date): FindingPlan {
  const c = item.findingCategory;
  switch (c) {
    case "UNDISTRIBUTED_DOCUMENT": {
      const q = number ?? rng.int(25, 700);
      const years = rng.int(0, 3);
      return {
        itemKey: item.key,
        category: c,
        severity: q >= 500 ? "HIGH" : "MEDIUM",
        description: `Ditemukan ${q.toLocaleString("id-ID")} ${item.numberUnit ?? "dokumen"} yang sudah jadi tetapi belum diserahkan kepada warga.`,
        quantity: q,
        quantityUnit: item.numberUnit ?? "dokumen",
        oldestDate: new Date(startedAt.getTime() - (years * 365 + rng.int(30, 300)) * DAY),
        directive: "Serahkan seluruh dokumen yang sudah jadi kepada pemiliknya, bekerja sama dengan kecamatan dan kelurahan; laporkan sisa yang belum diserahkan.",
      };
    }
    case "EXTORTION":
      return {
        itemKey: item.key,
        category: c,
        severity: "CRITICAL",
        description: "Ada indikasi pungutan di luar ketentuan; warga menyebut nominal yang diminta petugas.",
        directive: "Hentikan segala pungutan di luar ketentuan, pasang pengumuman \"GRATIS\" dan laporkan pemeriksaan terhadap petugas terkait.",
      };
    case "STAFF_ABSENCE":
      return {
        itemKey: item.key,
        category: c,
        severity: "MEDIUM",
        description: `Hanya ${number ?? 3} petugas hadir dari jadwal piket saat sidak.`,
        quantity: number != null ? Math.max(1, 8 - number) : null,
        quantityUnit: number != null ? "orang" : null,
        directive: "Tegakkan disiplin kehadiran dan kirim rekap absensi harian selama satu bulan.",
      };
    case "SERVICE_QUALITY":
      return item.numberUnit === "menit"
        ? {
            itemKey: item.key,
            category: c,
            severity: "MEDIUM",
            description: `Waktu tunggu mencapai ${number ?? 90} menit.`,
            quantity: number ?? 90,
            quantityUnit: "menit",
            directive: "Tambah petugas loket pada jam sibuk dan terapkan antrean daring.",
          }
        : {
            itemKey: item.key,
            category: c,
            severity: "MEDIUM",
            description: item.key === "queue" ? `Antrean ${number ?? 40} orang tanpa pengaturan.` : "Petugas belum menerapkan senyum, sapa, salam.",
            directive: "Lakukan pembinaan petugas pelayanan dan laporkan hasilnya.",
          };
    case "FACILITY":
      return {
        itemKey: item.key,
        category: c,
        severity: rng.chance(0.5) ? "LOW" : "MEDIUM",
        description: "Ruang tunggu atau toilet tidak layak: kotor, rusak atau kurang tempat duduk.",
        directive: "Perbaiki sarana dan kirim foto setelah perbaikan.",
      };
    default:
      return {
        itemKey: item.key,
        category: "OTHER",
        severity: "LOW",
        description: `Tidak terpenuhi: ${item.label}.`,
        directive: "Penuhi standar ini dan kirim bukti foto.",
      };
  }
}
