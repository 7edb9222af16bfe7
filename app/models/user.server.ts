import { z } from "zod";
import { isAdmin, isUnitHead } from "~/models/policy.server";
import { db, type Tx } from "~/lib/db.server";
import { appendAudit } from "~/lib/audit.server";
import { hashPassword } from "~/lib/auth.server";
import { ROLES } from "~/lib/codes";
import { passwordProblem, passwordProblemMessage, PASSWORD_MAX } from "~/lib/password-policy.server";
import type { MessageKey } from "~/i18n";
import type { SessionUser } from "~/lib/session.server";
import type { FieldErrors, Result } from "./unit.server";

// The User aggregate: officials' accounts (admins, inspectors, unit heads). Accounts are disabled, never
// deleted, so the audit trail and inspections keep their authors. Disabling an account or resetting its
// password ends its sessions in the same transaction, so it takes effect at the very next request.
// Password hashes never enter the audit trail or any loader's data.

type Actor = Pick<SessionUser, "id">;

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
// Checked against the policy after parsing; the cap here only keeps absurd input away from argon2.
const password = z.string({ required_error: "validation.required" }).max(PASSWORD_MAX * 4, "validation.passwordLength");

export const NewUserSchema = z.object({ email, name, role, unitId, password });
export const EditUserSchema = z.object({ name, role, unitId });

const PUBLIC_FIELDS = { id: true, email: true, name: true, role: true, unitId: true, disabledAt: true } as const;

function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) errors[String(issue.path[0] ?? "form")] ??= issue.message as MessageKey;
  return errors;
}

/** Role and unit go together: a unit head needs an existing unit; others have none. */
async function checkUnit(roleValue: string, unit: number | undefined, errors: FieldErrors): Promise<number | null> {
  if (!isUnitHead({ role: roleValue })) return null;
  if (!unit) {
    errors.unitId = "validation.unitHeadNeedsUnit";
    return null;
  }
  const exists = await db.unit.findUnique({ where: { id: unit }, select: { id: true } });
  if (!exists) errors.unitId = "validation.unitMissing";
  return unit;
}

function checkPassword(value: string | undefined, errors: FieldErrors, field = "password") {
  if (!value) {
    errors[field] = "validation.required";
    return;
  }
  const problem = passwordProblem(value);
  if (problem) errors[field] = passwordProblemMessage(problem);
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export async function createUser(actor: Actor, values: unknown): Promise<Result<{ id: number }>> {
  const parsed = NewUserSchema.safeParse(values);
  const errors = parsed.success ? {} : zodErrors(parsed.error);
  if (!parsed.success) {
    // Still tell about the password at once, so a second submit is not needed to learn it is too common.
    const raw = (values ?? {}) as Record<string, unknown>;
    if (!errors.password && typeof raw.password === "string") checkPassword(raw.password, errors);
    return { ok: false, errors };
  }
  const input = parsed.data;
  const unit = await checkUnit(input.role, input.unitId, errors);
  checkPassword(input.password, errors);
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) errors.email = "validation.emailTaken";
  if (Object.keys(errors).length) return { ok: false, errors };
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, unitId: unit, passwordHash },
        select: PUBLIC_FIELDS,
      });
      await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "user.create", entityType: "User", entityId: created.id, after: created });
      return created;
    });
    return { ok: true, value: { id: user.id } };
  } catch (error) {
    if (isUniqueViolation(error)) return { ok: false, errors: { email: "validation.emailTaken" } };
    throw error;
  }
}

/**
 * Changes name, role and unit (this is how a unit head is assigned to a unit). Null when there is no such
 * user. An admin cannot take away their own admin role, so the system never loses its last way in.
 */
export async function updateUser(actor: Actor, id: number, values: unknown): Promise<Result<{ id: number }> | null> {
  const before = await db.user.findUnique({ where: { id }, select: PUBLIC_FIELDS });
  if (!before) return null;
  const parsed = EditUserSchema.safeParse(values);
  if (!parsed.success) return { ok: false, errors: zodErrors(parsed.error) };
  const errors: FieldErrors = {};
  const unit = await checkUnit(parsed.data.role, parsed.data.unitId, errors);
  if (id === actor.id && !isAdmin(parsed.data)) errors.role = "admin.user.selfRole";
  if (Object.keys(errors).length) return { ok: false, errors };
  await db.$transaction(async (tx) => {
    const after = await tx.user.update({ where: { id }, data: { name: parsed.data.name, role: parsed.data.role, unitId: unit }, select: PUBLIC_FIELDS });
    await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "user.update", entityType: "User", entityId: id, before, after });
    // A changed role or unit changes what the account may see: make it sign in again.
    if (before.role !== after.role || before.unitId !== after.unitId) await endSessions(tx, id);
  });
  return { ok: true, value: { id } };
}

/** Sets a new password chosen by the admin and ends the account's sessions. Null when there is no such user. */
export async function resetPassword(actor: Actor, id: number, newPassword: unknown): Promise<Result<{ id: number }> | null> {
  const exists = await db.user.findUnique({ where: { id }, select: { id: true } });
  if (!exists) return null;
  const errors: FieldErrors = {};
  if (typeof newPassword !== "string" || newPassword.length > PASSWORD_MAX * 4) errors.newPassword = "validation.passwordLength";
  else checkPassword(newPassword, errors, "newPassword");
  if (Object.keys(errors).length) return { ok: false, errors };
  const passwordHash = await hashPassword(newPassword as string);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id }, data: { passwordHash } });
    await endSessions(tx, id);
    await appendAudit(tx, { actorId: actor.id, actorKind: "USER", action: "user.password_reset", entityType: "User", entityId: id });
  });
  return { ok: true, value: { id } };
}

/**
 * Disables or re-enables an account. Disabling deletes every session of the account in the same
 * transaction (what `deleteUserSessions` does, but inside the change, so no request can slip between).
 * An admin cannot disable their own account. Result null when there is no such user.
 */
export async function setUserDisabled(actor: Actor, id: number, disabled: boolean): Promise<Result<{ id: number }> | null> {
  const before = await db.user.findUnique({ where: { id }, select: PUBLIC_FIELDS });
  if (!before) return null;
  if (disabled && id === actor.id) return { ok: false, errors: { form: "admin.user.selfDisable" } };
  if (!!before.disabledAt === disabled) return { ok: true, value: { id } };
  await db.$transaction(async (tx) => {
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
  return { ok: true, value: { id } };
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
