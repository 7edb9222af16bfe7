import { pingDatabase } from "~/lib/db.server";

// 200 after a database round trip; 503 otherwise (../shared/CONTRACT.md).
export async function loader() {
  const ok = await pingDatabase();
  return new Response(JSON.stringify(ok ? { status: "ok" } : { status: "unavailable" }), {
    status: ok ? 200 : 503,
    headers: { "Content-Type": "application/json", "Cache-Control": "no-store" },
  });
}
