import type { SqlDialect } from "../engine";

// PostgreSQL's spelling of the expressions that differ between engines (see SqlDialect; SQLite's is
// app/lib/sql/sqlite/dialect.ts). Prisma creates PostgreSQL tables and columns with quoted camelCase
// names, so every identifier the dialect writes is quoted: `c.createdAt` becomes `c."createdAt"`.

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `name` or `alias.name`, with the column (and a table name) quoted; a bad identifier is refused. */
export function quoteIdent(name: string): string {
  const parts = name.split(".");
  if (parts.length > 2 || !parts.every((p) => IDENT.test(p))) throw new Error(`sql: bad identifier ${name}`);
  return parts.length === 2 ? `${parts[0]}."${parts[1]}"` : `"${parts[0]}"`;
}

const param = (name: string) => {
  if (!IDENT.test(name)) throw new Error(`sql: bad parameter name ${name}`);
  return `@${name}`;
};

export const postgresDialect: SqlDialect = {
  name: "postgresql",
  // DateTime columns are TIMESTAMP(3) without a time zone, holding UTC (as Prisma writes them): an ISO
  // string's "Z" is ignored by such a column, which keeps the UTC wall time whatever the server's zone.
  time: (moment) => new Date(moment).toISOString(),
  inList: (column, name) => `${quoteIdent(column)} = ANY(${param(name)})`,
  listValue: (values) => values,
  dayNumber: (column, offsetMs) => `floor((extract(epoch from ${quoteIdent(column)}) * 1000 + ${Math.trunc(offsetMs)}) / 86400000)::integer`,
  // One JSON text for all rows, as SQLite's json_group_array gives: the caller parses one value.
  packedRows: (columns, select) =>
    `SELECT coalesce(json_agg(json_build_array(${columns.map(quoteIdent).join(", ")})), '[]'::json)::text AS data FROM (${select}) packed`,
  insertIgnoringDuplicates: (table, columns, conflict) =>
    `INSERT INTO ${quoteIdent(table)} (${columns.map(quoteIdent).join(", ")}) VALUES (${columns.map(param).join(", ")}) ` +
    `ON CONFLICT (${conflict.map(quoteIdent).join(", ")}) DO NOTHING`,
  countIf: (condition) => `CASE WHEN ${condition} THEN 1 ELSE 0 END`,
  epochMs: (column) => `(extract(epoch from ${quoteIdent(column)}) * 1000)::bigint`,
  // PostgreSQL's planner takes no hints; the index exists (prisma/postgres/migrations) and is chosen on cost.
  indexedBy: () => "",
  returningId: "RETURNING id",
  unindexed: (column) => quoteIdent(column),
  outerLoopJoin: "JOIN",
};
