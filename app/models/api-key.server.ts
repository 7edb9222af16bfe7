import { db } from "~/lib/db.server";
import { appendAudit, auditedTransaction } from "~/lib/audit.server";
import { randomToken, sha256 } from "~/lib/crypto.server";
import { activeApiKeyByHash } from "~/lib/sql/queries/open311.server";

// The ApiKey aggregate: keys for Open311 clients. Only the SHA-256 of a key is stored, with a short
// prefix so an admin can tell keys apart; the key itself is shown once, when it is created.

export const API_KEY_PREFIX_LENGTH = 8;

export type ApiKeyRow = {
  id: number;
  name: string;
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  perMinuteLimit: number;
  perDayLimit: number;
  createdBy: { name: string } | null;
  _count: { complaints: number };
};

export function listApiKeys(): Promise<ApiKeyRow[]> {
  return db.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      createdAt: true,
      revokedAt: true,
      lastUsedAt: true,
      perMinuteLimit: true,
      perDayLimit: true,
      createdBy: { select: { name: true } },
      _count: { select: { complaints: true } },
    },
  });
}

/** Creates a key and returns it in clear text: the only time it is ever available. */
export async function createApiKey(input: { name: string; createdById: number | null; key?: string }) {
  // 32 random bytes: guessing is hopeless, so a plain SHA-256 (no slow hash) is enough to store it.
  const key = input.key ?? `t311_${randomToken(32)}`;
  const row = await auditedTransaction(db, async (tx) => {
    const created = await tx.apiKey.create({
      data: { name: input.name, keyHash: sha256(key), prefix: key.slice(0, API_KEY_PREFIX_LENGTH), createdById: input.createdById },
      select: { id: true, name: true, prefix: true },
    });
    await appendAudit(tx, {
      actorId: input.createdById,
      actorKind: input.createdById ? "USER" : "SYSTEM",
      action: "apikey.create",
      entityType: "ApiKey",
      entityId: created.id,
      after: { name: created.name, prefix: created.prefix },
    });
    return created;
  });
  return { ...row, key };
}

/** Revokes a key; revoking twice changes nothing. Returns false when there is no such key. */
export async function revokeApiKey(id: number, actorId: number): Promise<boolean> {
  return auditedTransaction(db, async (tx) => {
    const key = await tx.apiKey.findUnique({ where: { id }, select: { id: true, revokedAt: true } });
    if (!key) return false;
    if (key.revokedAt) return true;
    const now = new Date();
    await tx.apiKey.update({ where: { id }, data: { revokedAt: now } });
    await appendAudit(tx, {
      actorId,
      actorKind: "USER",
      action: "apikey.revoke",
      entityType: "ApiKey",
      entityId: id,
      before: { revokedAt: null },
      after: { revokedAt: now.toISOString() },
      at: now,
    });
    return true;
  });
}


/**
 * Sets how many complaints a key may create per minute and per day (only created requests count).
 * Returns the key's name, or null when there is no such key. The change is audited.
 */
export async function setApiKeyQuota(id: number, quota: { perMinuteLimit: number; perDayLimit: number }, actorId: number): Promise<{ name: string } | null> {
  return auditedTransaction(db, async (tx) => {
    const found = await tx.apiKey.findUnique({ where: { id }, select: { name: true, perMinuteLimit: true, perDayLimit: true } });
    if (!found) return null;
    const { name, ...key } = found;
    if (key.perMinuteLimit === quota.perMinuteLimit && key.perDayLimit === quota.perDayLimit) return { name };
    await tx.apiKey.update({ where: { id }, data: quota });
    await appendAudit(tx, {
      actorId,
      actorKind: "USER",
      action: "apikey.quota",
      entityType: "ApiKey",
      entityId: id,
      before: key,
      after: quota,
    });
    return { name };
  });
}

// lastUsedAt is written at most once a minute per key, so a busy client does not cost a write per call.
const TOUCH_EVERY_MS = 60_000;

/** The active key with this clear-text value, or null (unknown, empty or revoked). */
export async function findActiveApiKey(
  key: string | null | undefined,
): Promise<{ id: number; name: string; perMinuteLimit: number; perDayLimit: number } | null> {
  if (!key || key.length > 200) return null;
  const row = await activeApiKeyByHash(sha256(key));
  if (!row) return null;
  const now = Date.now();
  if (row.lastUsedAt === null || now - row.lastUsedAt > TOUCH_EVERY_MS) {
    await db.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { id: row.id, name: row.name, perMinuteLimit: row.perMinuteLimit, perDayLimit: row.perDayLimit };
}
