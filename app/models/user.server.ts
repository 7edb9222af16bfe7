import { z } from "zod";
import { isAdmin, isUnitHead, type Actor } from "~/models/policy.server";
import { db, type Tx } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { hashPassword } from "~/lib/auth.server";
import { ROLES } from "~/lib/codes";
import { passwordProblem, passwordProblemMessage, PASSWORD_MAX } from "~/lib/password-policy.server";
import { DomainError } from "~/lib/domain-error";

// The User aggregate: officials' accounts (admins, inspectors, unit heads). Accounts are disabled, never
// deleted, so the audit trail and inspections keep their authors. Disabling an account or resetting its
// password ends its sessions in the same transaction, so it takes effect at the very next request.
// Password hashes never enter the audit trail or any loader's data.

const email = z
  .string({ required_error: "validation.required" })
  .trim()
  .toLowerCase()
  .min(1, "validation.required")
  .max(254, "validation.tooLong")
  .email("validation.email");
const name = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(120, "validation.tooLong");
const role = z.enum(ROLES, { errorMap: () => ({ message: "validation.required" }) });
const unitId = z.preprocess(
  (v) => (v === "" || v === null || v === undefined ? undefined : typeof v === "string" && /^\d{1,10}$/.test(v) ? Number(v) : v),
  z.number({ invalid_type_error: "validation.unitMissing" }).int("validation.unitMissing").positive("validation.unitMissing").optional(),
);
// The cap keeps absurd input away from argon2; the policy (length, common passwords) speaks after it.
const password = z
  .string({ required_error: "validation.required" })
  .max(PASSWORD_MAX * 4, "validation.passwordLength")
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: passwordProblemMessage(problem) });
  });

/** Role and unit go together: a unit head needs a unit. */
function unitHeadNeedsUnit(v: { role: string; unitId?: number }, ctx: z.RefinementCtx) {
  if (isUnitHead(v) && !v.unitId) ctx.addIssue({ code: "custom", path: ["unitId"], message: "validation.unitHeadNeedsUnit" });
}

export const NewUserSchema = z.object({ email, name, role, unitId, password });
/** The new-account form and the edit form; the reset-password form. */
export const NewUserForm = NewUserSchema.superRefine(unitHeadNeedsUnit);
export const EditUserForm = z.object({ name, role, unitId }).superRefine(unitHeadNeedsUnit);
export const PasswordForm = z.object({ newPassword: password });

export type NewUser = z.output<typeof NewUserSchema>;
export type UserEdit = z.output<typeof EditUserForm>;

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, unitId: true, disabledAt: true } as const;

/** The unit a unit head is assigned to must exist; others have none. */
async function unitFor(input: { role: string; unitId?: number }): Promise<number | null> {
  if (!isUnitHead(input) || !input.unitId) return null;
  if (!(await db.unit.findUnique({ where: { id: input.unitId }, select: { id: true } }))) throw new DomainError("validation.unitMissing", 400, "unitId");
  return input.unitId;
}

async function requireUser(id: number) {
  const user = await db.user.findUnique({ where: { id }, select: PUBLIC_FIELDS });
  if (!user) throw new DomainError("error.notFound", 404);
  return user;
}

function emailRace(error: unknown): never {
  if (typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002") throw new DomainError("validation.emailTaken", 400, "email");
  throw error;
}

export async function createUser(actor: Actor, input: NewUser): Promise<{ id: number }> {
  const unit = await unitFor(input);
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw new DomainError("validation.emailTaken", 400, "email");
  const passwordHash = await hashPassword(input.password);
  const user = await auditedTransaction(db, async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, unitId: unit, passwordHash },
        select: PUBLIC_FIELDS,
      });
      await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "user.create", entityType: "User", entityId: created.id, after: created });
      return created;
    })
    .catch(emailRace);
  return { id: user.id };
}

/**
 * Changes name, role and unit (this is how a unit head is assigned to a unit). An admin cannot take away
 * their own admin role, so the system never loses its last way in.
 */
export async function updateUser(actor: Actor, id: number, input: UserEdit): Promise<void> {
  const before = await requireUser(id);
  const unit = await unitFor(input);
  if (id === actor.id && !isAdmin(input)) throw new DomainError("admin.user.selfRole", 400, "role");
  await auditedTransaction(db, async (tx) => {
    const after = await tx.user.update({ where: { id }, data: { name: input.name, role: input.role, unitId: unit }, select: PUBLIC_FIELDS });
    await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "user.update", entityType: "User", entityId: id, before, after });
    // A changed role or unit changes what the account may see: make it sign in again.
    if (before.role !== after.role || before.unitId !== after.unitId) await endSessions(tx, id);
  });
}

/** Sets a new password chosen by the admin (checked by PasswordForm) and ends the account's sessions. */
export async function resetPassword(actor: Actor, id: number, newPassword: string): Promise<void> {
  await requireUser(id);
  const passwordHash = await hashPassword(newPassword);
  await auditedTransaction(db, async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash } });
    await endSessions(tx, id);
    await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "user.password_reset", entityType: "User", entityId: id });
  });
}

/**
 * Disables or re-enables an account. Disabling deletes every session of the account in the same
 * transaction (what `deleteUserSessions` does, but inside the change, so no request can slip between).
 * An admin cannot disable their own account.
 */
export async function setUserDisabled(actor: Actor, id: number, disabled: boolean): Promise<void> {
  const before = await requireUser(id);
  if (disabled && id === actor.id) throw new DomainError("admin.user.selfDisable", 400);
  if (!!before.disabledAt === disabled) return;
  await auditedTransaction(db, async (tx) => {
    const after = await tx.user.update({ where: { id }, data: { disabledAt: disabled ? new Date() : null }, select: PUBLIC_FIELDS });
    if (disabled) await endSessions(tx, id);
    await appendAudit(tx, {
      actorId: actor.id,
      actorKind: "USER",
      action: disabled ? "user.disable" : "user.enable",
      entityType: "User",
      entityId: id,
      before: { disabledAt: before.disabledAt },
      after: { disabledAt: after.disabledAt },
    });
  });
}

async function endSessions(tx: Tx, userId: number) {
  await tx.session.deleteMany({ where: { userId } });
}

export const USERS_PER_PAGE = 50;

export type UserFilters = { q?: string; role?: string; unitId?: number; status?: "active" | "disabled"; page?: number };

export async function listUsers(filters: UserFilters = {}) {
  const q = filters.q?.trim().slice(0, 100);
  const where = {
    ...(q ? { OR: [{ name: { contains: q } }, { email: { contains: q.toLowerCase() } }] } : {}),
    ...(filters.role && (ROLES as readonly string[]).includes(filters.role) ? { role: filters.role } : {}),
    ...(filters.unitId ? { unitId: filters.unitId } : {}),
    ...(filters.status === "active" ? { disabledAt: null } : filters.status === "disabled" ? { disabledAt: { not: null } } : {}),
  };
  const page = Math.max(1, Math.min(filters.page ?? 1, 10_000));
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ role: "asc" }, { name: "asc" }],
      skip: (page - 1) * USERS_PER_PAGE,
      take: USERS_PER_PAGE,
      select: { ...PUBLIC_FIELDS, unit: { select: { id: true, name: true } } },
    }),
  ]);
  return { total, page, pages: Math.max(1, Math.ceil(total / USERS_PER_PAGE)), users };
}

export function getUser(id: number) {
  return db.user.findUnique({
    where: { id },
    select: {
      ...PUBLIC_FIELDS,
      createdAt: true,
      updatedAt: true,
      unit: { select: { id: true, name: true, active: true } },
      _count: { select: { sessions: true } },
    },
  });
}
