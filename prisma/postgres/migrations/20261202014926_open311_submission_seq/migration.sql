-- DropIndex
DROP INDEX "Open311Submission_apiKeyId_createdAt_idx";

-- AlterTable
-- Each key's submissions numbered 1, 2, 3, … in the order they were made (hand-written: Prisma's diff
-- cannot fill a new required column).
ALTER TABLE "Open311Submission" ADD COLUMN     "seq" INTEGER;
UPDATE "Open311Submission" s SET "seq" = n.seq
  FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY "apiKeyId" ORDER BY "createdAt", id) AS seq FROM "Open311Submission") n
  WHERE s.id = n.id;
ALTER TABLE "Open311Submission" ALTER COLUMN "seq" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Open311Submission_apiKeyId_createdAt_seq_idx" ON "Open311Submission"("apiKeyId", "createdAt", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "Open311Submission_apiKeyId_seq_key" ON "Open311Submission"("apiKeyId", "seq");

