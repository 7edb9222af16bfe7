-- AlterTable
ALTER TABLE "Complaint" ADD COLUMN "legacyRef" TEXT;

-- CreateTable
CREATE TABLE "ReferenceCounter" (
    "series" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    PRIMARY KEY ("series", "year")
);

-- CreateIndex
CREATE UNIQUE INDEX "Complaint_legacyRef_key" ON "Complaint"("legacyRef");


-- Back-fill (issue 12 item 5): confidential and EXTORTION complaints move to their own RHS series, so the
-- public ADU series shows no trace of them from now on. The ADU numbers already handed out for public
-- complaints do not change; a moved complaint keeps its old ADU reference in legacyRef (it still
-- resolves for staff and is shown to its reporter). RHS numbers follow the old ADU order within a year.
CREATE TABLE "_RhsRenumber" ("id" INTEGER NOT NULL PRIMARY KEY, "newRef" TEXT NOT NULL);
INSERT INTO "_RhsRenumber" ("id", "newRef")
SELECT "id", 'RHS-' || substr("ref", 5, 4) || '-' || printf('%06d', ROW_NUMBER() OVER (PARTITION BY substr("ref", 5, 4) ORDER BY "ref"))
FROM "Complaint"
WHERE ("privacy" = 'confidential' OR "category" = 'EXTORTION') AND "ref" GLOB 'ADU-[0-9][0-9][0-9][0-9]-[0-9]*';
UPDATE "Complaint" SET "legacyRef" = "ref", "ref" = (SELECT r."newRef" FROM "_RhsRenumber" r WHERE r."id" = "Complaint"."id")
WHERE "id" IN (SELECT "id" FROM "_RhsRenumber");
DROP TABLE "_RhsRenumber";

-- The counters start past the highest number ever issued in each series and year, the moved ADU
-- numbers included (they still resolve, so they are never issued again).
INSERT INTO "ReferenceCounter" ("series", "year", "last")
SELECT substr(r, 1, 3), CAST(substr(r, 5, 4) AS INTEGER), MAX(CAST(substr(r, 10) AS INTEGER))
FROM (SELECT "ref" AS r FROM "Complaint" UNION ALL SELECT "legacyRef" FROM "Complaint" WHERE "legacyRef" IS NOT NULL)
WHERE r GLOB '[A-Z][A-Z][A-Z]-[0-9][0-9][0-9][0-9]-[0-9]*'
GROUP BY 1, 2;
