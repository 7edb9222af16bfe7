import Database from "better-sqlite3";

// Browser tests write a follow-up straight into the running server's database file (the app's own
// models run inside the server process, not in the test): a FINDING follow-up of `headEmail`'s unit,
// OPEN, or ANSWERED with one answer waiting for the inspector (`answer: null`: answered, no answer row);
// due in 7 days unless `dueInDays` says otherwise (negative: overdue).

export function insertFollowUp(
  dbFile: string,
  {
    headEmail,
    inspectorEmail,
    state,
    instruction = "Perbaiki papan informasi antrean.",
    answer = "Papan sudah diganti.",
    dueInDays = 7,
  }: { headEmail: string; inspectorEmail: string; state: "OPEN" | "ANSWERED"; instruction?: string; answer?: string | null; dueInDays?: number },
): number {
  const db = new Database(dbFile);
  db.pragma("busy_timeout = 10000");
  try {
    const now = Date.now();
    const due = now + dueInDays * 86_400_000;
    const head = db.prepare(`SELECT id, unitId FROM "User" WHERE email = ?`).get(headEmail) as { id: number; unitId: number };
    const inspector = db.prepare(`SELECT id FROM "User" WHERE email = ?`).get(inspectorEmail) as { id: number };
    const id = Number(
      db
        .prepare(
          `INSERT INTO "FollowUp" (sourceType, unitId, instruction, category, severity, state, ackDueAt, dueAt, originalDueAt, escalationLevel, createdById, createdAt, updatedAt, answeredAt)
           VALUES ('FINDING', ?, ?, 'FACILITY', 'LOW', ?, ?, ?, ?, 0, ?, ?, ?, ?)`,
        )
        .run(head.unitId, instruction, state, due, due, due, inspector.id, now, now, state === "ANSWERED" ? now : null).lastInsertRowid,
    );
    if (state === "ANSWERED" && answer !== null) {
      db.prepare(`INSERT INTO "Response" (followUpId, authorId, body, verdict, createdAt) VALUES (?, ?, ?, 'PENDING', ?)`).run(id, head.id, answer, now);
    }
    return id;
  } finally {
    db.close();
  }
}
