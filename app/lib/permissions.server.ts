import { requireUser } from "./auth.server";
import { notFound, forbidden } from "./http.server";
import type { SessionUser } from "./session.server";
import { can, type Permission } from "~/models/policy.server";

// Loaders and actions call `requirePermission`; model queries put the policy's `unitScope(user)` into
// their `where`, so a record out of reach is never read. Who may do what is decided in
// app/models/policy.server.ts (docs/decisions/0015); the names are re-exported here for the routes.

export { can, isStaff, PERMISSIONS, unitScope, type Permission } from "~/models/policy.server";

/** Signed in (else redirect to /login) and allowed (else 403). */
export async function requirePermission(request: Request, permission: Permission): Promise<SessionUser> {
  const user = await requireUser(request);
  if (!can(user, permission)) forbidden();
  return user;
}

/** Throws the 404 that a missing record gives when `record` is null. */
export function found<T>(record: T | null | undefined): T {
  if (record === null || record === undefined) notFound();
  return record;
}
