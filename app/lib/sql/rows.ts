import type { Role } from "~/lib/codes";

// The rows Tindak's raw queries return, each declared once (docs/decisions/0026). Dates are Dates here;
// how an engine stores them (SQLite: INTEGER milliseconds) is the query functions' business, which
// convert with `Stored<Row>` as the shape the driver hands over.

/** A row as the driver returns it: DateTime columns as numbers (SQLite's unix milliseconds). */
export type Stored<Row> = { [K in keyof Row]: Row[K] extends Date ? number : Row[K] extends Date | null ? number | null : Row[K] };

/** The signed-in user behind a session id, with what the session row says about its age. */
export type SessionRow = {
  sessionId: string;
  lastSeenAt: Date;
  id: number;
  email: string;
  name: string;
  role: Role;
  unitId: number | null;
  locale: string;
};

/** One public complaint as Open311 serves it (GET requests), with its unit, deadline, photo and note. */
export type Open311RequestRow = {
  id: number;
  ref: string;
  category: string;
  status: string;
  description: string;
  publicDescription: string | null;
  lat: number | null;
  lng: number | null;
  address: string | null;
  /** The public complaint this one duplicates, if public. */
  duplicateOfRef: string | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  unitName: string;
  unitAddress: string | null;
  /** The deadline of the latest follow-up. */
  dueAt: Date | null;
  /** The first photo not hidden by moderation. */
  photoId: number | null;
  /** The latest public note. */
  note: string | null;
};

/** One status change or public note of a public complaint (GET servicerequestupdates). */
export type Open311UpdateRow = {
  id: number;
  ref: string;
  statusTo: string | null;
  current: string;
  body: string | null;
  visibility: string;
  createdAt: Date;
  duplicateOfRef: string | null;
  photoId: number | null;
};

/** The filters of a map layer, as the query reads them (dates as WIB day bounds in milliseconds). */
export type PointFilter = {
  /** Only what the public may see (the policy's rules). */
  publicOnly: boolean;
  category?: string;
  unitId?: number;
  kecamatan?: string;
  fromMs?: number;
  toMs?: number;
  /** Colour states wanted (lower case), and complaint statuses wanted; either matches. */
  states?: string[];
  statuses?: string[];
  overdueOnly: boolean;
};

export type ComplaintPointRow = { id: number; lat: number; lng: number; state: string; category: string; ref: string; unitId: number; status: string; createdAt: number };
export type FindingPointRow = { id: number; lat: number; lng: number; state: string; category: string; unitId: number; severity: string; createdAt: number; inspectionId: number };
export type UnitPointRow = { id: number; lat: number; lng: number; name: string; type: string };

/** Aggregates of the transparency dashboard, per unit. */
export type UnitComplaintCount = { unitId: number; n: number };
export type UnitFollowUpCounts = { unitId: number; total: number; decided: number; onTime: number; answered: number };
export type UnitDayPairCount = { unitId: number; d0: number; d1: number; n: number };
export type UnitOpenCounts = { unitId: number; open: number; overdue: number; outstanding: number | null };
export type MonthComplaints = { month: string; n: number };
/** A red-list follow-up with its unit's name and, when it came from a complaint, that complaint's ref and rule fields. */
export type RedListSqlRow = {
  id: number;
  unitId: number;
  unitName: string;
  category: string;
  dueAt: Date;
  escalationLevel: number;
  instruction: string;
  complaintRef: string | null;
  complaintPrivacy: string | null;
  complaintCategory: string | null;
};
export type MonthFollowUps = { month: string; decided: number; onTime: number };

/** One row of the public complaint list (/complaints), with its unit. */
export type PublicListRow = {
  ref: string;
  category: string;
  status: string;
  privacy: string;
  description: string;
  publicDescription: string | null;
  reporterName: string | null;
  meTooCount: number;
  createdAt: Date;
  unitId: number;
  unitName: string;
  kecamatanCode: string;
};

/** An active unit as the list filters offer it. */
export type FilterUnitRow = { id: number; name: string; type: string; kecamatanCode: string };

/** The inbox figures over a scope: open, due within 2 working days (not yet overdue), overdue. */
export type InboxCountRow = { open: number; dueSoon: number; overdue: number };

/** One row of the follow-up inbox (/follow-ups): what the row shows and nothing else. */
export type InboxListRow = {
  id: number;
  /** The instruction's first characters, one more than the preview (to tell whether it was cut). */
  instruction: string;
  category: string;
  state: string;
  dueAt: Date;
  escalationLevel: number;
  quantity: number | null;
  outstandingQuantity: number | null;
  unitName: string;
  extensionPending: boolean;
};

/** One row of the sidak list (/inspections), with its unit's and inspector's names and its findings. */
export type InspectionListRow = {
  id: number;
  startedAt: Date;
  status: string;
  score: number | null;
  inspectorId: number;
  unitName: string;
  inspectorName: string;
  findings: number;
};
