-- CreateTable
CREATE TABLE "MeTooSupport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "complaintId" INTEGER NOT NULL,
    "supporterKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MeTooSupport_complaintId_fkey" FOREIGN KEY ("complaintId") REFERENCES "Complaint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "MeTooSupport_complaintId_supporterKey_key" ON "MeTooSupport"("complaintId", "supporterKey");


-- Back-fill: supporters recorded before this table (the audit log kept each one's hashed address)
-- cannot count a second time.
INSERT OR IGNORE INTO "MeTooSupport" ("complaintId", "supporterKey", "createdAt")
SELECT CAST(a."entityId" AS INTEGER), 'ip:' || json_extract(a."after", '$.ipHash'), a."at"
FROM "AuditEvent" a
WHERE a."action" = 'complaint.me_too' AND a."entityType" = 'Complaint'
  AND json_extract(a."after", '$.ipHash') IS NOT NULL
  AND EXISTS (SELECT 1 FROM "Complaint" c WHERE c."id" = CAST(a."entityId" AS INTEGER));
