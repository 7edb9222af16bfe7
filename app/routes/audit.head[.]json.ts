import { auditHead } from "~/lib/audit.server";

// GET /audit/head.json: the audit trail's head (row count and newest hash), live. Whoever saves it can
// later run `npm run audit:verify -- --expect <count>:<hash>` and prove that no row up to it was removed.
export async function loader() {
  const head = await auditHead();
  return new Response(JSON.stringify({ ...head, expect: `${head.count}:${head.hash}` }), {
    headers: { "Content-Type": "application/json", "Cache-Control": "public, max-age=300" },
  });
}
