// `npm run db:copy -- --from file:./data/tindak.db --to postgresql://user:pass@host:port/db`: copies a
// SQLite Tindak database into an empty PostgreSQL one (issue 18; app/lib/db-copy.server.ts does the work).
// Exit codes: 0 copied, 2 refused before anything was written (bad arguments, a source that is not a
// migrated Tindak database, a target that already holds rows), 1 failed (PostgreSQL not reachable, a row
// PostgreSQL refused: the target is left as empty as it was).
import { parseArgs } from "node:util";
import { copySqliteToPostgres, DbCopyRefused, withoutPassword } from "../app/lib/db-copy.server";
import { CliError, runCli } from "./lib/cli";

const USAGE = "usage: npm run db:copy -- --from file:./data/tindak.db --to postgresql://user:pass@host:port/db";

runCli("db:copy", async () => {
  let values: { from?: string; to?: string };
  try {
    values = parseArgs({ options: { from: { type: "string" }, to: { type: "string" } } }).values;
  } catch (e) {
    console.error(`[db:copy] ${(e as Error).message}. ${USAGE}`);
    return 2;
  }
  if (!values.from || !values.to) {
    console.error(`[db:copy] --from and --to are both required. ${USAGE}`);
    return 2;
  }
  console.log(`[db:copy] ${values.from} → ${withoutPassword(values.to)}`);
  try {
    const result = await copySqliteToPostgres({ from: values.from, to: values.to, log: (line) => console.log(`[db:copy] ${line}`) });
    console.log(`[db:copy] done: ${result.rows} rows in ${result.tables.length} tables, ${result.ms} ms`);
    return 0;
  } catch (e) {
    if (e instanceof DbCopyRefused) {
      console.error(`[db:copy] refused: ${e.message}`);
      return 2;
    }
    throw new CliError(`failed, nothing was copied: ${(e as Error).message}`);
  }
});
