// PostgreSQL's id sequences move only when PostgreSQL picks the id. Rows inserted with their own ids (the
// demo seed builds its history with ids, `npm run db:copy` keeps a city's ids) leave the sequences
// behind, and the next ordinary insert would collide. This statement sets every serial column's
// sequence of the current schema past the highest id in its table. SQLite needs nothing: its
// AUTOINCREMENT continues from the table's largest id by itself.
export const ADVANCE_ID_SEQUENCES_SQL = `DO $$
DECLARE r record;
BEGIN
  FOR r IN
    SELECT c.table_name, c.column_name, pg_get_serial_sequence(format('%I', c.table_name), c.column_name) AS seq
    FROM information_schema.columns c
    WHERE c.table_schema = current_schema()
      AND pg_get_serial_sequence(format('%I', c.table_name), c.column_name) IS NOT NULL
  LOOP
    EXECUTE format('SELECT setval(%L, COALESCE((SELECT MAX(%I) FROM %I), 0) + 1, false)', r.seq, r.column_name, r.table_name);
  END LOOP;
END $$`;
