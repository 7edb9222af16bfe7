import crypto from "node:crypto";
import http from "node:http";
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

/** Runs `worker` on `concurrency` lanes until `deadline` (ms since epoch), `total` calls, or `stop()` says so. */
export async function lanes<T>(concurrency: number, until: { deadline?: number; total?: number; stop?: () => boolean }, worker: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    for (;;) {
      if (until.total !== undefined && next >= until.total) return;
      if (until.deadline !== undefined && Date.now() >= until.deadline) return;
      if (until.stop?.()) return;
      const i = next++;
      results.push(await worker(i));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}

export type HeldSubmission = {
  /** Resolves once the server has taken the request (answered `100 Continue`) and holds half its body. */
  started: Promise<void>;
  /** Sends the rest of the body; resolves with the server's answer. */
  finish: () => Promise<Submission>;
};

/**
 * A complaint POST that the client holds open half-way through its body, as a slow phone upload does.
 * `Expect: 100-continue` makes the server say when it has read the headers and handed the request to
 * the app, so the caller knows for certain that the request is in flight on the server.
 */
export function holdComplaint(baseUrl: string, unitId: number, n: number, photo?: Buffer): HeldSubmission {
  const url = new URL(`${baseUrl}/complaints/new`);
  const encoded = new Request(url, { method: "POST", body: complaintForm(unitId, n, photo) });
  const bodyReady = encoded.arrayBuffer().then((b) => Buffer.from(b));
  let req: http.ClientRequest | undefined;
  let answer!: Promise<Submission>;
  const started = bodyReady.then(
    (body) =>
      new Promise<void>((resolve, reject) => {
        req = http.request(url, {
          method: "POST",
          agent: false,
          headers: {
            "Content-Type": encoded.headers.get("content-type")!,
            "Content-Length": String(body.length),
            Origin: baseUrl,
            Expect: "100-continue",
          },
        });
        answer = new Promise<Submission>((done) => {
          req!.on("response", (res) => {
            res.resume();
            res.on("end", () => {
              const match = (res.headers.location ?? "").match(/\/track\/([^/?#]+)/);
              if (res.statusCode === 303 && match) done({ ok: true, status: 303, trackingCode: decodeURIComponent(match[1]!) });
              else done({ ok: false, status: res.statusCode ?? 0 });
            });
          });
          req!.on("error", (error) => done({ ok: false, status: 0, error: error.message }));
        });
        req.on("continue", () => req!.write(body.subarray(0, body.length >> 1), () => resolve()));
        req.on("error", reject);
        req.flushHeaders();
      }),
  );
  const finish = async () => {
    const body = await bodyReady;
    await started;
    req!.end(body.subarray(body.length >> 1));
    return answer;
  };
  return { started, finish };
}
