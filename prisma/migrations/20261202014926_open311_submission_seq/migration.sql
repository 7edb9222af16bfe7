-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Open311Submission" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "apiKeyId" INTEGER NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "complaintId" INTEGER NOT NULL,
    "token" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "seq" INTEGER NOT NULL,
    CONSTRAINT "Open311Submission_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "ApiKey" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Open311Submission_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
-- Each key's submissions numbered 1, 2, 3, … in the order they were made (hand-written: Prisma's diff
-- cannot fill a new required column).
INSERT INTO "new_Open311Submission" ("apiKeyId", "complaintId", "createdAt", "fingerprint", "id", "token", "seq") SELECT "apiKeyId", "complaintId", "createdAt", "fingerprint", "id", "token", ROW_NUMBER() OVER (PARTITION BY "apiKeyId" ORDER BY "createdAt", "id") FROM "Open311Submission";
DROP TABLE "Open311Submission";
ALTER TABLE "new_Open311Submission" RENAME TO "Open311Submission";
CREATE UNIQUE INDEX "Open311Submission_complaintId_key" ON "Open311Submission"("complaintId");
CREATE UNIQUE INDEX "Open311Submission_token_key" ON "Open311Submission"("token");
CREATE INDEX "Open311Submission_apiKeyId_fingerprint_createdAt_idx" ON "Open311Submission"("apiKeyId", "fingerprint", "createdAt");
CREATE INDEX "Open311Submission_apiKeyId_createdAt_seq_idx" ON "Open311Submission"("apiKeyId", "createdAt", "seq");
CREATE UNIQUE INDEX "Open311Submission_apiKeyId_seq_key" ON "Open311Submission"("apiKeyId", "seq");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

