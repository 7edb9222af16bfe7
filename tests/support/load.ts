import crypto from "node:crypto";
import Database from "better-sqlite3";

// Traffic for the reliability tests: complaints posted the way a browser without JavaScript posts the
// contract's form, and what the database holds afterwards.

export type Submission = { ok: boolean; status: number; trackingCode?: string; error?: string };

export function activeUnitIds(dbFile: string): number[] {
  const db = new Database(dbFile, { readonly: true, timeout: 10_000 });
  try {
    return (db.prepare("SELECT id FROM Unit WHERE active = 1 ORDER BY id").all() as { id: number }[]).map((r) => r.id);
  } finally {
    db.close();
  }
}

export function complaintForm(unitId: number, n: number, photo?: Buffer): FormData {
  const form = new FormData();
  form.set("unitId", String(unitId));
  form.set("category", n % 3 === 0 ? "WAITING_TIME" : "SERVICE_QUALITY");
  form.set("privacy", n % 2 === 0 ? "public" : "anonymous");
  form.set(
    "description",
    `Uji keandalan nomor ${n}: antrean panjang dan petugas tidak menyapa warga yang datang pagi ini.`,
  );
  form.set("lat", String(-2.98 + (n % 50) * 0.001));
  form.set("lng", String(104.75 + (n % 40) * 0.001));
  form.set("reporterName", `Penguji ${n}`);
  form.set("reporterPhone", "081234567890");
  form.set("reporterEmail", "");
  if (photo) form.append("photos", new Blob([new Uint8Array(photo)], { type: "image/jpeg" }), `foto-${n}.jpg`);
  return form;
}

/** POSTs one complaint; a 303 to /track/<code> is an acknowledged write. */
export async function submitComplaint(baseUrl: string, unitId: number, n: number, photo?: Buffer, signal?: AbortSignal): Promise<Submission> {
  try {
    const res = await fetch(`${baseUrl}/complaints/new`, {
      method: "POST",
      body: complaintForm(unitId, n, photo),
      redirect: "manual",
      headers: { Origin: baseUrl },
      signal,
    });
    const location = res.headers.get("location") ?? "";
    const match = location.match(/\/track\/([^/?#]+)/);
    await res.arrayBuffer().catch(() => undefined);
    if (res.status === 303 && match) return { ok: true, status: res.status, trackingCode: decodeURIComponent(match[1]!) };
    return { ok: false, status: res.status };
  } catch (error) {
    return { ok: false, status: 0, error: (error as Error).message };
  }
}

export function sha256(value: string): string {
  return crypto.createHash("sha256").update(value).digest("hex");
}

/** Which acknowledged tracking codes have their complaint row in the database file. */
export function missingComplaints(dbFile: string, trackingCodes: string[]): string[] {
  const db = new Database(dbFile, { readonly: true, timeout: 10_000 });
  try {
    const stmt = db.prepare("SELECT id, description, unitId FROM Complaint WHERE trackingHash = ?");
    return trackingCodes.filter((code) => {
      // New codes are stored as the hash of their ungrouped form (app/lib/tracking-code.ts).
      const row = stmt.get(sha256(code.replaceAll("-", ""))) as { id: number; description: string; unitId: number } | undefined;
      return !row || !row.description || !row.unitId;
    });
  } finally {
    db.close();
  }
}

export function integrityCheck(dbFile: string): string {
  const db = new Database(dbFile, { timeout: 10_000 });
  try {
    return String(db.pragma("integrity_check", { simple: true }));
  } finally {
    db.close();
  }
}

export function countRows(dbFile: string, table: string): number {
  const db = new Database(dbFile, { readonly: true, timeout: 10_000 });
  try {
    return (db.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Runs `worker` on `concurrency` lanes until `deadline` (ms since epoch) or `total` calls. */
export async function lanes<T>(concurrency: number, until: { deadline?: number; total?: number }, worker: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    for (;;) {
      if (until.total !== undefined && next >= until.total) return;
      if (until.deadline !== undefined && Date.now() >= until.deadline) return;
      const i = next++;
      results.push(await worker(i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}
