-- AlterTable
ALTER TABLE "Response" ADD COLUMN "releasedAt" DATETIME;
ALTER TABLE "Response" ADD COLUMN "reporterBody" TEXT;


-- Back-fill (docs/decisions/0015): an accepted answer to a confidential or EXTORTION complaint has already
-- reached its reporter, so it counts as released as it was. A pending or rejected one has not been
-- accepted by an inspector: from now on the reporter reads it only once released, and its step in the
-- reporter's history becomes internal.
UPDATE "Response" SET "releasedAt" = "verdictAt", "reporterBody" = "body"
WHERE "verdict" = 'ACCEPTED' AND "followUpId" IN (
  SELECT f."id" FROM "FollowUp" f JOIN "Complaint" c ON c."id" = f."complaintId"
  WHERE c."privacy" = 'confidential' OR c."category" = 'EXTORTION');

UPDATE "ComplaintEvent" SET "visibility" = 'INTERNAL'
WHERE "kind" = 'ANSWER' AND "visibility" <> 'INTERNAL' AND EXISTS (
  SELECT 1 FROM "Response" r JOIN "FollowUp" f ON f."id" = r."followUpId" JOIN "Complaint" c ON c."id" = f."complaintId"
  WHERE f."complaintId" = "ComplaintEvent"."complaintId" AND r."body" = "ComplaintEvent"."body" AND r."releasedAt" IS NULL
    AND (c."privacy" = 'confidential' OR c."category" = 'EXTORTION'));
