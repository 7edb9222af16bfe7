-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "directiveDueAt" DATETIME;

