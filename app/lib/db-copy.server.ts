import fs from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { Prisma } from "~/generated/prisma/browser";
import { applyPostgresMigrations } from "./migrate-pg.server";
import { pendingMigrations } from "./migrate.server";
import { readReferenceMarks, referenceMarkFile, type ReferenceMarks } from "./reference-marks.server";
import { ADVANCE_ID_SEQUENCES_SQL } from "./sql/postgres/sequences";

// `npm run db:copy` (issue 18, "moving a city's data"): a SQLite Tindak database into an empty
// PostgreSQL one, every id kept.
//
// - The tables and their columns come from the PostgreSQL target once migrated (its migrations are
//   generated from prisma/schema.prisma, docs/decisions/0022), checked against the Prisma models and
//   the source's own columns, so a table added to the schema is copied without anyone listing it here.
// - Tables are copied parents first, from the target's foreign keys (PostgreSQL's are not deferrable).
//   A row that points at a later row of its own table (a complaint marked duplicate of a newer one) is
//   inserted with that column empty and set once the table is in.
// - Values are converted by the target column's type: SQLite holds DateTime as INTEGER unix
//   milliseconds (ADR 0002) and booleans as 0/1.
// - One read transaction on the source (one consistent snapshot), one transaction on the target: a
//   failure leaves the target as empty as it was. Afterwards every serial sequence is moved past the
//   copied ids, and the reference counters are raised to the source's high-water-mark file so no
//   reference acknowledged to anyone is issued twice after the move.

/** The copy was refused before anything was written (exit code 2 on the command line). */
export class DbCopyRefused extends Error {}

export type TableCopy = { table: string; rows: number };
export type DbCopyResult = {
  tables: TableCopy[];
  rows: number;
  ms: number;
  migrationsApplied: string[];
  /** Counters raised from `<source>.refs.json` beyond the copied ReferenceCounter rows. */
  referenceMarksRaised: ReferenceMarks;
};

type Column = { name: string; type: string };
type Table = { name: string; columns: Column[]; primaryKey: string[]; selfReferences: { column: string; references: string }[] };

// PostgreSQL binds at most 65,535 parameters per statement; fewer rows per INSERT also bound the memory
// a table of photos (ChannelMedia) takes at once.
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_INSERT = 500;
const MAX_BYTES_PER_INSERT = 16 * 1024 * 1024;

/**
 * Tables the target keeps for itself: the data version (ADR 0030) is a counter whose row the PostgreSQL
 * migrator creates and whose commit-time triggers move it; the copy's own commit moves it past every
 * version a server may have cached pages under. Not copied, and its row does not make a target "not empty".
 */
const TARGET_OWN_TABLES = new Set(["DataVersion"]);

const quote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

/** postgresql://user:secret@host/db as postgresql://user@host/db: messages never show a password. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = "";
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, "@");
  }
}

/** The file of `file:./data/tindak.db` or of a plain path. */
export function sourceFileOf(from: string): string {
  return from.startsWith("file:") ? from.slice("file:".length) : from;
}

export function isPostgresUrl(to: string): boolean {
  return /^postgres(ql)?:\/\//.test(to);
}

function connectionProblem(e: unknown): string {
  const error = e as Error & { code?: string; errors?: Error[] };
  // Node reports a refused "localhost" (IPv4 and IPv6 tried) as an AggregateError with an empty message.
  const detail = error.message || error.errors?.map((inner) => inner.message).join("; ") || error.code || String(e);
  return detail;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000 });
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    throw new Error(`cannot reach PostgreSQL at ${withoutPassword(url)}: ${connectionProblem(e)}`);
  }
  return client;
}

function openSource(file: string): Database.Database {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new DbCopyRefused(`no SQLite database at ${file} (--from).`);
  let pending: ReturnType<typeof pendingMigrations>;
  try {
    pending = pendingMigrations(file);
  } catch (e) {
    throw new DbCopyRefused(`${file} cannot be read as a SQLite database: ${(e as Error).message}`);
  }
  if (pending.applied === 0) throw new DbCopyRefused(`${file} is not a Tindak database (no migrations recorded).`);
  if (pending.names.length) {
    throw new DbCopyRefused(
      `${file} lacks ${pending.names.length} migration(s) (${pending.names.join(", ")}): run DATABASE_URL=file:${file} npm run db:migrate first.`,
    );
  }
  return new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
}

/** The target's tables (those of the Prisma models), their columns and keys, parents before children. */
async function targetTables(client: pg.Client): Promise<Table[]> {
  const { rows: columnRows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.table_name <> '_prisma_migrations'
     ORDER BY c.table_name, c.ordinal_position`,
  );
  const { rows: keyRows } = await client.query<{ table_name: string; columns: string[] }>(
    `SELECT rel.relname AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS columns
     FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
     CROSS JOIN LATERAL unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
     JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
     WHERE con.contype = 'p' AND rel.relnamespace = current_schema()::regnamespace
     GROUP BY rel.relname`,
  );
  const { rows: foreignRows } = await client.query<{ table_name: string; referenced: string; columns: string[]; referenced_columns: string[]; deferrable: boolean }>(
    `SELECT rel.relname AS table_name, ref.relname AS referenced, con.condeferrable AS deferrable,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
       (SELECT array_agg(a.attname::text ORDER BY k.ord) FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns
     FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid JOIN pg_class ref ON ref.oid = con.confrelid
     WHERE con.contype = 'f' AND rel.relnamespace = current_schema()::regnamespace`,
  );

  const tables = new Map<string, Table>();
  for (const r of columnRows) {
    const table = tables.get(r.table_name) ?? { name: r.table_name, columns: [], primaryKey: [], selfReferences: [] };
    table.columns.push({ name: r.column_name, type: r.data_type });
    tables.set(r.table_name, table);
  }
  // The schema's models without @@map are table names; one missing means a PostgreSQL migration is missing.
  const missing = Object.values(Prisma.ModelName).filter((model) => !tables.has(model));
  if (missing.length) throw new Error(`the migrated target has no table for model(s) ${missing.join(", ")}: its PostgreSQL migrations are incomplete.`);
  for (const r of keyRows) {
    const table = tables.get(r.table_name);
    if (table) table.primaryKey = r.columns;
  }

  const parents = new Map<string, Set<string>>([...tables.keys()].map((name) => [name, new Set<string>()]));
  for (const fk of foreignRows) {
    if (!tables.has(fk.table_name)) continue;
    if (fk.table_name !== fk.referenced) {
      parents.get(fk.table_name)!.add(fk.referenced);
      continue;
    }
    if (fk.columns.length !== 1) throw new Error(`table ${fk.table_name} has a multi-column foreign key to itself, which db:copy cannot order.`);
    tables.get(fk.table_name)!.selfReferences.push({ column: fk.columns[0]!, references: fk.referenced_columns[0]! });
  }

  // Parents first (depth-first topological order; names sorted so the order is the same every run).
  const ordered: Table[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]) => {
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`the tables' foreign keys form a cycle (${[...path, name].join(" → ")}); db:copy cannot order them.`);
    state.set(name, "visiting");
    for (const parent of [...parents.get(name)!].sort()) visit(parent, [...path, name]);
    state.set(name, "done");
    ordered.push(tables.get(name)!);
  };
  for (const name of [...tables.keys()].sort()) visit(name, []);
  return ordered;
}

/** Refuses unless the source table has exactly the target's columns (a schema drift shows here, by name). */
function checkSourceColumns(source: Database.Database, table: Table) {
  const sourceColumns = (source.prepare(`SELECT name FROM pragma_table_info(?)`).all(table.name) as { name: string }[]).map((c) => c.name);
  if (sourceColumns.length === 0) throw new DbCopyRefused(`the source has no table ${table.name}.`);
  const targetColumns = table.columns.map((c) => c.name);
  const onlySource = sourceColumns.filter((c) => !targetColumns.includes(c));
  const onlyTarget = targetColumns.filter((c) => !sourceColumns.includes(c));
  if (onlySource.length || onlyTarget.length) {
    throw new DbCopyRefused(
      `table ${table.name} differs between source and target (${[...onlySource.map((c) => `${c} only in the source`), ...onlyTarget.map((c) => `${c} only in the target`)].join(", ")}).`,
    );
  }
}

const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** A SQLite value as the PostgreSQL column of type `type` takes it; throws on a value it cannot be. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "timestamp without time zone":
    case "timestamp with time zone":
    case "date": {
      // Prisma's SQLite adapter stores unix milliseconds; an older or hand-written row may hold text.
      let ms: number;
      if (typeof value === "number" || typeof value === "bigint") ms = Number(value);
      else if (typeof value === "string" && /^-?\d+$/.test(value.trim())) ms = Number(value);
      else if (typeof value === "string") ms = Date.parse(ISO_WITHOUT_ZONE.test(value.trim()) ? `${value.trim().replace(" ", "T")}Z` : value);
      else ms = NaN;
      if (!Number.isFinite(ms) || Number.isNaN(new Date(ms).getTime())) throw new Error(`${JSON.stringify(value)} is not a time`);
      // The columns are TIMESTAMP(3) in UTC; PostgreSQL ignores the Z of a zoned literal for them.
      return new Date(ms).toISOString();
    }
    case "boolean":
      if (value === 1 || value === 1n || value === "1" || value === "true") return true;
      if (value === 0 || value === 0n || value === "0" || value === "false") return false;
      throw new Error(`${JSON.stringify(value)} is not a boolean`);
    case "bytea":
      if (Buffer.isBuffer(value)) return value;
      if (typeof value === "string") return Buffer.from(value, "utf8");
      throw new Error(`a ${typeof value} is not bytes`);
    case "text":
    case "character varying":
    case "json":
    case "jsonb":
      if (Buffer.isBuffer(value)) throw new Error("bytes in a text column");
      return typeof value === "string" ? value : String(value);
    default:
      return typeof value === "bigint" ? value.toString() : value;
  }
}

async function insertRows(client: pg.Client, table: Table, rows: unknown[][]) {
  if (rows.length === 0) return;
  const width = table.columns.length;
  const values = rows.map((_, r) => `(${table.columns.map((__, c) => `$${r * width + c + 1}`).join(", ")})`).join(", ");
  await client.query(`INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(", ")}) VALUES ${values}`, rows.flat());
}

function approximateBytes(row: unknown[]): number {
  let bytes = 0;
  for (const v of row) bytes += Buffer.isBuffer(v) ? v.length : typeof v === "string" ? v.length * 2 : 8;
  return bytes;
}

async function copyTable(source: Database.Database, client: pg.Client, table: Table): Promise<number> {
  const order = (table.primaryKey.length ? table.primaryKey : ["rowid"]).map(quote).join(", ");
  const select = source.prepare(`SELECT ${table.columns.map((c) => quote(c.name)).join(", ")} FROM ${quote(table.name)} ORDER BY ${order}`);
  const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / table.columns.length)));
  // Self references to a row not inserted yet: inserted empty, set afterwards.
  const selfColumns = table.selfReferences.map((ref) => ({ ...ref, index: table.columns.findIndex((c) => c.name === ref.column), target: table.columns.findIndex((c) => c.name === ref.references) }));
  const inserted = selfColumns.map(() => new Set<unknown>());
  const later: { key: unknown[]; column: string; value: unknown }[] = [];
  const keyIndexes = table.primaryKey.map((k) => table.columns.findIndex((c) => c.name === k));

  let batch: unknown[][] = [];
  let batchBytes = 0;
  let copied = 0;
  for (const raw of select.raw().iterate() as Iterable<unknown[]>) {
    const row = raw.map((value, i) => {
      try {
        return convert(value, table.columns[i]!.type);
      } catch (e) {
        const key = keyIndexes.map((k) => String(raw[k])).join(", ");
        throw new Error(`${table.name}.${table.columns[i]!.name} of the row ${key ? `with key ${key}` : copied + 1}: ${(e as Error).message}`);
      }
    });
    selfColumns.forEach((ref, s) => {
      inserted[s]!.add(row[ref.target]);
      const value = row[ref.index];
      if (value !== null && !inserted[s]!.has(value)) {
        later.push({ key: keyIndexes.map((k) => row[k]), column: ref.column, value });
        row[ref.index] = null;
      }
    });
    batch.push(row);
    batchBytes += approximateBytes(row);
    if (batch.length >= rowsPerInsert || batchBytes >= MAX_BYTES_PER_INSERT) {
      await insertRows(client, table, batch);
      copied += batch.length;
      batch = [];
      batchBytes = 0;
    }
  }
  await insertRows(client, table, batch);
  copied += batch.length;
  for (const fix of later) {
    const where = table.primaryKey.map((k, i) => `${quote(k)} = $${i + 2}`).join(" AND ");
    await client.query(`UPDATE ${quote(table.name)} SET ${quote(fix.column)} = $1 WHERE ${where}`, [fix.value, ...fix.key]);
  }
  return copied;
}

/** Raises ReferenceCounter to the source's high-water marks; returns the counters that moved. */
async function raiseReferenceCounters(client: pg.Client, marks: ReferenceMarks): Promise<ReferenceMarks> {
  const raised: ReferenceMarks = {};
  for (const [key, last] of Object.entries(marks).sort()) {
    const { rows } = await client.query<{ before: number | null; last: number }>(
      `WITH previous AS (SELECT "last" FROM "ReferenceCounter" WHERE "series" = $1 AND "year" = $2)
       INSERT INTO "ReferenceCounter" ("series", "year", "last") VALUES ($1, $2, $3)
       ON CONFLICT ("series", "year") DO UPDATE SET "last" = GREATEST("ReferenceCounter"."last", excluded."last")
       RETURNING (SELECT "last" FROM previous) AS before, "last"`,
      [key.slice(0, 3), Number(key.slice(4)), last],
    );
    if (rows[0] && rows[0].before !== rows[0].last) raised[key] = rows[0].last;
  }
  return raised;
}

/** The first table of the target that holds a row, with its count, or null when all are empty. */
async function firstNonEmptyTable(client: pg.Client, tables: Table[]): Promise<{ table: string; rows: number } | null> {
  for (const table of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(table.name)}`);
    if (Number(rows[0]!.n) > 0) return { table: table.name, rows: Number(rows[0]!.n) };
  }
  return null;
}

export async function copySqliteToPostgres(
  options: { from: string; to: string; log?: (line: string) => void },
): Promise<DbCopyResult> {
  const log = options.log ?? (() => undefined);
  if (!isPostgresUrl(options.to)) throw new DbCopyRefused(`--to must be a postgresql:// or postgres:// URL (got "${options.to.split(":")[0]}:…").`);
  const file = sourceFileOf(options.from);
  const started = Date.now();
  const source = openSource(file);
  try {
    // Reached first, so a server that does not answer is named as such rather than as a migration failure.
    const client = await connect(options.to);
    try {
      const migrated = await applyPostgresMigrations(options.to);
      if (migrated.applied.length) log(`migrations applied to the target: ${migrated.applied.join(", ")}`);
      const tables = (await targetTables(client)).filter((table) => !TARGET_OWN_TABLES.has(table.name));
      for (const table of tables) checkSourceColumns(source, table);
      const marks = readReferenceMarks(referenceMarkFile(file));

      // One snapshot of the source for the whole copy: a server writing to it meanwhile changes nothing we read.
      source.exec("BEGIN");
      await client.query("BEGIN");
      try {
        const occupied = await firstNonEmptyTable(client, tables);
        if (occupied) throw new DbCopyRefused(`target is not empty: table ${occupied.table} has ${occupied.rows} rows; db:copy only fills an empty database.`);
        const copied: TableCopy[] = [];
        for (const table of tables) {
          const tableStarted = Date.now();
          const rows = await copyTable(source, client, table).catch((e: Error) => {
            throw new Error(`copying ${table.name}: ${e.message}`);
          });
          copied.push({ table: table.name, rows });
          log(`${table.name.padEnd(20)} ${String(rows).padStart(8)} rows  ${Date.now() - tableStarted} ms`);
        }
        // New rows must get ids above the copied ones: every serial sequence set past its table's highest id.
        await client.query(ADVANCE_ID_SEQUENCES_SQL);
        const referenceMarksRaised = await raiseReferenceCounters(client, marks);
        for (const [key, last] of Object.entries(referenceMarksRaised)) log(`reference counter ${key} raised to ${last} (${referenceMarkFile(file)})`);
        await client.query("COMMIT");
        // The planner's statistics now, not when autovacuum next gets to it: until then it takes every
        // table for empty, and the first visitors after a move get plans made for no rows.
        await client.query("ANALYZE");
        log("statistics gathered (ANALYZE)");
        const rows = copied.reduce((sum, t) => sum + t.rows, 0);
        return { tables: copied, rows, ms: Date.now() - started, migrationsApplied: migrated.applied, referenceMarksRaised };
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        source.exec("COMMIT");
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  } finally {
    source.close();
  }
}
