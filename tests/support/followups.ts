import crypto from "node:crypto";
import { db } from "~/lib/db.server";
import { createFollowUp } from "~/models/follow-up/create.server";
import { DEMO } from "./requests";
import type { Role } from "~/lib/codes";

// Fixtures for the follow-up tests: a complaint with a full reporter identity, sent to a unit as a
// follow-up, created through the app's own createFollowUp (deadline rules, audit, outbox).

export const REPORTER = {
  name: "Siti Rahmawati Fixture",
  phone: "+62 812-7777-0421",
  email: "siti.fixture@warga.example",
} as const;

export async function demoUsers() {
  const [inspector, headSu2, headAal, admin] = await Promise.all(
    [DEMO.inspector, DEMO.headSu2, DEMO.headAal, DEMO.admin].map(async (email) => {
      const user = await db.user.findUniqueOrThrow({ where: { email } });
      return { ...user, role: user.role as Role };
    }),
  );
  return { inspector, headSu2, headAal, admin };
}

export const sha256 = (s: string) => crypto.createHash("sha256").update(s).digest("hex");

export async function makeComplaint(options: {
  unitId: number;
  category?: string;
  privacy?: "public" | "anonymous" | "confidential";
  description?: string;
  trackingCode?: string;
  status?: string;
}) {
  const code = options.trackingCode ?? crypto.randomBytes(16).toString("base64url");
  const complaint = await db.complaint.create({
    data: {
      ref: `ADU-TEST-${crypto.randomBytes(4).toString("hex").toUpperCase()}`,
      trackingHash: sha256(code),
      unitId: options.unitId,
      category: options.category ?? "UNDISTRIBUTED_DOCUMENT",
      privacy: options.privacy ?? "public",
      description: options.description ?? "KTP-el saya sudah jadi sejak tiga bulan tetapi belum diserahkan.",
      status: options.status ?? "SENT",
      reporterName: REPORTER.name,
      reporterPhone: REPORTER.phone,
      reporterEmail: REPORTER.email,
      reporterIpHash: sha256("203.0.113.9"),
    },
  });
  return { complaint, code };
}

export async function makeFollowUp(options: {
  unitId: number;
  createdById: number;
  complaintId?: number;
  quantity?: number | null;
  instruction?: string;
  category?: string;
  now?: Date;
}) {
  return db.$transaction((tx) =>
    createFollowUp(tx, {
      sourceType: options.complaintId ? "COMPLAINT" : "FINDING",
      complaintId: options.complaintId ?? null,
      unitId: options.unitId,
      instruction: options.instruction ?? "Serahkan seluruh KTP-el yang sudah jadi kepada pemiliknya.",
      category: options.category ?? "UNDISTRIBUTED_DOCUMENT",
      quantity: options.quantity ?? null,
      createdById: options.createdById,
      now: options.now,
    }),
  );
}
