import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { runScript } from "../support/cli";

// `npm run sweep:orphans` (README, "Other commands"), run as the operator runs it: photo files that no
// Attachment row names, and leftovers of interrupted writes, go once they are an hour old; a file a
// record uses, and a fresh file whose transaction may still commit, stay.

const dbFile = process.env.DATABASE_URL!.replace(/^file:/, "");
const uploadDir = process.env.UPLOAD_DIR!;

function photoFile(key: string, ageMs: number) {
  const full = path.join(uploadDir, key);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, crypto.randomBytes(64));
  const at = new Date(Date.now() - ageMs);
  fs.utimesSync(full, at, at);
  return full;
}
const key = () => `2026/11/${crypto.randomBytes(16).toString("hex")}.jpg`;

describe("npm run sweep:orphans", () => {
  it("removes old photo files without a record and old .tmp files, keeps used and fresh ones", async () => {
    // A photo of a complaint, recorded as the app records one.
    const used = key();
    const db = new Database(dbFile);
    const complaintId = (db.prepare(`SELECT id FROM Complaint ORDER BY id LIMIT 1`).get() as { id: number }).id;
    db.prepare(`INSERT INTO Attachment (storageKey, backend, mime, bytes, width, height, complaintId, createdAt) VALUES (?, 'local', 'image/jpeg', 64, 8, 8, ?, ?)`).run(used, complaintId, Date.now());
    db.close();
    const twoHours = 2 * 60 * 60 * 1000;
    const keep = [photoFile(used!, twoHours), photoFile(key(), 5 * 60 * 1000)];
    const orphan = photoFile(key(), twoHours);
    const leftover = photoFile(`${key()}.tmp`, twoHours);

    const run = await runScript("scripts/sweep-orphans.ts", [], { env: { DATABASE_URL: `file:${dbFile}`, UPLOAD_DIR: uploadDir } });
    expect(run.code, run.out).toBe(0);
    expect(run.out).toMatch(/removed 2:/);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(leftover)).toBe(false);
    for (const file of keep) expect(fs.existsSync(file)).toBe(true);

    // A second run finds nothing more to remove.
    const again = await runScript("scripts/sweep-orphans.ts", [], { env: { DATABASE_URL: `file:${dbFile}`, UPLOAD_DIR: uploadDir } });
    expect(again.out).toMatch(/removed 0: none/);
  });
});
