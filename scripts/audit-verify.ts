// `npm run audit:verify [-- --expect <count>:<hash>]`: walks the hash-chained audit trail of DATABASE_URL.
// Prints "ok", the row count and the current head, or the first broken link (its id and why) and exits 1,
// so a cron job or CI can alert on it. With --expect, a head saved earlier (from /audit/head.json or the
// dashboard) must still be in the log at its position: removing the newest rows is caught.
import { parseArgs } from "node:util";
import { parseAuditHead } from "../app/lib/audit.server";
import { databaseEngineOf, getEnv } from "../app/lib/env.server";
import { CliError, existingDatabaseFile, runCli } from "./lib/cli";

const USAGE = "usage: npm run audit:verify [-- --expect <count>:<sha256 hex>]";

runCli("audit:verify", async () => {
  let expectText: string | undefined;
  try {
    expectText = parseArgs({ options: { expect: { type: "string" } } }).values.expect;
  } catch {
    throw new CliError(USAGE);
  }
  const expect = expectText === undefined ? undefined : parseAuditHead(expectText);
  if (expect === null) throw new CliError(`--expect "${expectText}" is not <count>:<sha256 hex>. ${USAGE}`);
  // A SQLite file must exist (opening would create an empty one); a PostgreSQL server answers for itself.
  if (databaseEngineOf(getEnv().DATABASE_URL) === "sqlite") existingDatabaseFile();
  const { db } = await import("../app/lib/db.server");
  const { auditHead, verifyAuditChain } = await import("../app/lib/audit.server");
  try {
    const verdict = await verifyAuditChain(db, 5000, expect);
    if (!verdict.ok) {
      console.error(`BROKEN${verdict.brokenAtId === null ? "" : ` at audit event id ${verdict.brokenAtId}`}: ${verdict.reason} (${verdict.rows} row(s) checked)`);
      console.log(`broken id=${verdict.brokenAtId ?? "-"} reason=${verdict.reason}`);
      return 1;
    }
    const head = await auditHead(db);
    console.log(`ok: ${verdict.rows} audit event(s), chain intact${expect ? `, expected head ${expect.count}:${expect.hash.slice(0, 12)}… present` : ""}`);
    console.log(`head ${head.count}:${head.hash}`);
    return 0;
  } finally {
    await db.$disconnect();
  }
});
