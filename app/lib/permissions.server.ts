import type { Role } from "./codes";
import { requireUser } from "./auth.server";
import { forbidden, notFound } from "./http.server";
import type { SessionUser } from "./session.server";

// One place that says who may do what. Loaders and actions call `requirePermission`; model queries
// take the user and put `unitScope(user)` into their `where`, so a record out of reach is never read.

export const PERMISSIONS = {
  "admin:manage": ["ADMIN"],
  "inspection:write": ["INSPECTOR"],
  "inspection:read": ["INSPECTOR", "ADMIN", "UNIT_HEAD"],
  "complaint:triage": ["INSPECTOR"],
  "complaint:moderate": ["INSPECTOR", "ADMIN"],
  "complaint:read-identity": ["INSPECTOR", "ADMIN"],
  "followup:read": ["INSPECTOR", "ADMIN", "UNIT_HEAD"],
  "followup:answer": ["UNIT_HEAD"],
  "followup:verify": ["INSPECTOR"],
  "outbox:read": ["ADMIN"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(user: Pick<SessionUser, "role"> | null | undefined, permission: Permission): boolean {
  return !!user && (PERMISSIONS[permission] as readonly string[]).includes(user.role);
}

/** Signed in (else redirect to /login) and allowed (else 403). */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, permission)) forbidden();
  return user;
}

/**
 * The `where` fragment that limits any row with a `unitId` to what `user` may see: a unit head sees
 * their own unit only; inspectors and admins see all. A unit head without a unit sees nothing.
 */
export function unitScope(user: Pick<SessionUser, "role" | "unitId">): { unitId?: number } {
  if (user.role === "UNIT_HEAD") return { unitId: user.unitId ?? -1 };
  return {};
}

export function isStaff(user: Pick<SessionUser, "role"> | null | undefined): boolean {
  return !!user && (user.role === "INSPECTOR" || user.role === "ADMIN");
}

/** Throws the 404 that a missing record gives when `record` is null. */
export function found<T>(record: T | null | undefined): T {
  if (record === null || record === undefined) notFound();
  return record;
}
