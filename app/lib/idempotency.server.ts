import crypto from "node:crypto";
import { db, type Tx } from "./db.server";
import type { SqlTx } from "./sql/index.server";
import { insertKeptAnswer, keptAnswerRow } from "./sql/writes/idempotency.server";

/**
 * Idempotency keys (CONTRACT: the optional hidden `idempotencyKey` field of every form that creates a
 * record). The browser makes a random key per form filling and sends it with every try of that post:
 * the first try that succeeds keeps its answer (the redirect, or the JSON the page reads) next to the
 * key, in the same transaction as the record it created; a repeat gets that answer back and writes
 * nothing. A try that failed keeps nothing, so its retry is processed afresh.
 *
 * A key is scoped: by form kind, by the signed-in user, and by the record the form belongs to, so a key
 * never answers for another person's form or another sidak. Nothing readable is stored: `keyHash` is a
 * SHA-256 of scope and key, and the answer (for a complaint it holds the tracking code) is encrypted
 * with AES-256-GCM under a key derived from the raw key, which only the sender knows.
 */

/** What a repeat gets: a 303 to `location`, or `body` as JSON (status 200). */
export type KeptAnswer = { location: string; complaintId?: number } | { body: unknown };

export type IdempotencyClaim = { scope: string; keyHash: string; cipherKey: Buffer };

/** The field's name in every form; the browser fills it (app/components/idempotency-key-field.tsx). */
export const IDEMPOTENCY_FIELD = "idempotencyKey";

/** 16 to 128 URL-safe characters: a UUID, or base64url of 12+ random bytes. */
const KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The claim for a form's key: null when the form has none (a browser without JavaScript; the field is
 * optional), "invalid" when it is present but malformed or posted twice with different values.
 */
export function idempotencyClaim(form: FormData, scope: string): IdempotencyClaim | null | "invalid" {
  const values = [...new Set(form.getAll(IDEMPOTENCY_FIELD).map(String))].filter((v) => v !== "");
  if (values.length === 0) return null;
  if (values.length > 1 || !KEY_PATTERN.test(values[0]!)) return "invalid";
  const key = values[0]!;
  return {
    scope,
    keyHash: crypto.createHash("sha256").update(`tindak-idempotency-id\0${scope}\0${key}`).digest("hex"),
    cipherKey: crypto.createHash("sha256").update(`tindak-idempotency-answer\0${scope}\0${key}`).digest(),
  };
}

function seal(claim: IdempotencyClaim, answer: KeptAnswer): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", claim.cipherKey, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(answer), "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), sealed].map((b) => b.toString("base64url")).join(".");
}

function open(claim: IdempotencyClaim, stored: string): KeptAnswer {
  const [iv, tag, sealed] = stored.split(".").map((part) => Buffer.from(part, "base64url"));
  const decipher = crypto.createDecipheriv("aes-256-gcm", claim.cipherKey, iv!);
  decipher.setAuthTag(tag!);
  return JSON.parse(Buffer.concat([decipher.update(sealed!), decipher.final()]).toString("utf8")) as KeptAnswer;
}

/** The answer kept for this claim, if an earlier try succeeded. */
export async function findKeptAnswer(claim: IdempotencyClaim): Promise<KeptAnswer | null> {
  const row = await db.idempotencyKey.findUnique({ where: { scope_keyHash: { scope: claim.scope, keyHash: claim.keyHash } }, select: { answer: true } });
  return row ? open(claim, row.answer) : null;
}

/** Thrown inside a transaction when the key was used meanwhile: the transaction rolls back, the route replays. */
export class RepeatedRequest extends Error {
  constructor(readonly answer: KeptAnswer) {
    super("repeated idempotency key");
  }
}

/** Keeps the answer inside the write's Prisma transaction; throws RepeatedRequest if a try got there first. */
export async function keepAnswer(tx: Tx, claim: IdempotencyClaim, answer: KeptAnswer): Promise<void> {
  const first = await tx.idempotencyKey.findUnique({ where: { scope_keyHash: { scope: claim.scope, keyHash: claim.keyHash } }, select: { answer: true } });
  if (first) throw new RepeatedRequest(open(claim, first.answer));
  // The primary key is the last guard: a concurrent insert from another process fails this one.
  await tx.idempotencyKey.create({ data: { scope: claim.scope, keyHash: claim.keyHash, answer: seal(claim, answer) } });
}

/** The kept answer read inside a raw write transaction (the filing's), or null. */
export async function keptAnswerRaw(tx: SqlTx, claim: IdempotencyClaim): Promise<KeptAnswer | null> {
  const row = await tx.get<{ answer: string }>(keptAnswerRow(claim.scope, claim.keyHash));
  return row ? open(claim, row.answer) : null;
}

/** Keeps the answer inside the caller's raw write transaction. */
export async function keepAnswerRaw(tx: SqlTx, claim: IdempotencyClaim, answer: KeptAnswer): Promise<void> {
  await tx.run(insertKeptAnswer(claim.scope, claim.keyHash, seal(claim, answer), new Date()));
}

/** The kept answer as the route's response. */
export function replayAnswer(answer: KeptAnswer, headers?: HeadersInit): Response {
  if ("location" in answer) return new Response(null, { status: 303, headers: { ...Object.fromEntries(new Headers(headers)), Location: answer.location } });
  return new Response(JSON.stringify(answer.body), { status: 200, headers: { ...Object.fromEntries(new Headers(headers)), "Content-Type": "application/json; charset=utf-8" } });
}

/**
 * A step a model function runs last inside its write transaction: the routes pass
 * `(tx) => keepAnswer(tx, claim, answer)`, so the record and its idempotency answer commit together.
 */
export type AlsoInTransaction = (tx: Tx) => Promise<void>;
