import { dialect, type SqlFragment } from "../index.server";

// The idempotency keys' statements for the raw write path (the web form's filing, which keeps its
// answer in the filing transaction). The Prisma path (app/lib/idempotency.server.ts) says the same
// through Prisma's API.

export function keptAnswerRow(scope: string, keyHash: string): SqlFragment {
  return { sql: `SELECT answer FROM "IdempotencyKey" WHERE scope = @scope AND "keyHash" = @keyHash`, params: { scope, keyHash } };
}

export function insertKeptAnswer(scope: string, keyHash: string, answer: string, now: Date): SqlFragment {
  return {
    sql: `INSERT INTO "IdempotencyKey" (scope, "keyHash", answer, "createdAt") VALUES (@scope, @keyHash, @answer, @now)`,
    params: { scope, keyHash, answer, now: dialect.time(now) },
  };
}
