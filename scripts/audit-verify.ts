// `npm run audit:verify`: walks the hash-chained audit trail of DATABASE_URL. Prints "ok" and the row
// count, or the first broken link (its id and why) and exits 1, so a cron job or CI can alert on it.
import { db } from "../app/lib/db.server";
import { verifyAuditChain } from "../app/lib/audit.server";

async function main(): Promise<number> {
  const verdict = await verifyAuditChain(db);
  if (verdict.ok) {
    console.log(`ok: ${verdict.rows} audit event(s), chain intact`);
    return 0;
  }
  console.error(`BROKEN at audit event id ${verdict.brokenAtId}: ${verdict.reason} (${verdict.rows} row(s) checked)`);
  console.log(`broken id=${verdict.brokenAtId} reason=${verdict.reason}`);
  return 1;
}

main()
  .then(async (code) => {
    await db.$disconnect();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error);
    await db.$disconnect().catch(() => undefined);
    process.exit(2);
  });
