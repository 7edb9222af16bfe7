// SQL pieces with named parameters: the one parameter style of Tindak's raw SQL (docs/decisions/0026).
//
// A fragment is SQL text that names its values `@name` and carries them in `params`. Fragments compose
// (andSql, joinSql) and reach a database only through an engine (app/lib/sql/), which turns the names
// into its own placeholders: better-sqlite3 binds `@name` itself; for Prisma's raw calls (SQLite `?`,
// PostgreSQL `$1`) `bindPositional` rewrites them in order. Nothing here knows which engine runs it.

/** A bound value. A list is bound whole (PostgreSQL `= ANY(@list)`); SQLite's dialect passes lists as JSON text. */
export type SqlValue = string | number | bigint | null | readonly (string | number)[];
export type SqlParams = Record<string, SqlValue>;
export type SqlFragment = { sql: string; params: SqlParams };

/** A fragment from text and its named values. */
export function sqlFragment(sql: string, params: SqlParams = {}): SqlFragment {
  return { sql, params };
}

/** Merges named values; the same name bound to two different values is a bug, refused loudly. */
function mergeParams(parts: SqlFragment[]): SqlParams {
  const params: SqlParams = {};
  for (const p of parts) {
    for (const [k, v] of Object.entries(p.params)) {
      if (k in params && params[k] !== v) throw new Error(`sql: parameter @${k} bound twice with different values`);
      params[k] = v;
    }
  }
  return params;
}

/** Joins fragments with a separator (", ", " OR " …). */
export function joinSql(parts: SqlFragment[], separator: string): SqlFragment {
  return { sql: parts.map((p) => p.sql).join(separator), params: mergeParams(parts) };
}

/** Joins fragments with AND, each in parentheses; none is TRUE (a boolean on every engine, unlike 1). */
export function andSql(...parts: SqlFragment[]): SqlFragment {
  return { sql: parts.length ? parts.map((p) => `(${p.sql})`).join(" AND ") : "TRUE", params: mergeParams(parts) };
}

const NAMED = /@([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The fragment with each `@name` replaced by `placeholder(i)` (i from 1) and its values in that order,
 * for drivers that bind by position. A name without a value is refused before anything runs.
 */
export function bindPositional(fragment: SqlFragment, placeholder: (index: number) => string): { text: string; values: SqlValue[] } {
  const values: SqlValue[] = [];
  const text = fragment.sql.replace(NAMED, (_m, name: string) => {
    if (!(name in fragment.params)) throw new Error(`sql: no value for @${name}`);
    values.push(fragment.params[name]!);
    return placeholder(values.length);
  });
  return { text, values };
}
