// Read-only SQLite connections of a worker thread (app/lib/map-cluster-worker.mjs and
// app/lib/sqlite-read-worker.mjs), one per database file. Plain JavaScript, as the workers are (see
// app/lib/map-cluster-worker.mjs). Tests switch database files, so only the last `keep` stay open.
import Database from "better-sqlite3";

export function workerConnections(keep) {
  /** file -> { db, statements } */
  const connections = new Map();

  function connection(file) {
    let open = connections.get(file);
    if (!open) {
      const db = new Database(file, { readonly: true, fileMustExist: true, timeout: 10_000 });
      db.pragma("query_only = ON");
      open = { db, statements: new Map() };
      connections.set(file, open);
      while (connections.size > keep) {
        const [oldest, old] = connections.entries().next().value;
        connections.delete(oldest);
        old.db.close();
      }
    }
    return open;
  }

  return {
    /** The prepared statement of `sql` on the connection to `file`, kept for its next use (up to 64 a file). */
    statement(file, sql) {
      const open = connection(file);
      let statement = open.statements.get(sql);
      if (!statement) {
        statement = open.db.prepare(sql);
        if (open.statements.size < 64) open.statements.set(sql, statement);
      }
      return statement;
    },
  };
}
