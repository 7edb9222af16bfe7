-- Issue 16, item 4: waiting time is a finding category of its own (WAITING_TIME, as for complaints).
-- Checklist items about waiting time and queues that defaulted their finding to SERVICE_QUALITY now
-- default to WAITING_TIME. Findings already recorded keep the category the inspector chose.
UPDATE "ChecklistItem" SET "findingCategory" = 'WAITING_TIME'
WHERE "findingCategory" = 'SERVICE_QUALITY'
  AND ("label" LIKE 'Waktu tunggu%' OR "label" LIKE 'Antrean%' OR "numberLabel" = 'Waktu tunggu');
