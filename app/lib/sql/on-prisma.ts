import { bindPositional, type SqlFragment } from "./fragment";
import type { PrismaRaw, SqlRunner } from "./engine";

/**
 * The module's fragments on Prisma's connection (inside its transaction when given one): Prisma's raw
 * calls bind by position, so each `@name` becomes the engine's placeholder (`?` on SQLite, `$n` on PostgreSQL).
 */
export function runnerOnPrisma(client: PrismaRaw, placeholder: (index: number) => string): SqlRunner {
  const bound = (q: SqlFragment) => bindPositional(q, placeholder);
  return {
    all: async <Row>(q: SqlFragment) => {
      const { text, values } = bound(q);
      return client.$queryRawUnsafe<Row[]>(text, ...values);
    },
    get: async <Row>(q: SqlFragment) => {
      const { text, values } = bound(q);
      return (await client.$queryRawUnsafe<Row[]>(text, ...values))[0];
    },
    run: async (q: SqlFragment) => {
      const { text, values } = bound(q);
      return { changes: await client.$executeRawUnsafe(text, ...values) };
    },
  };
}
