-- CreateIndex
CREATE INDEX "Inspection_startedAt_id_idx" ON "Inspection"("startedAt", "id");

-- CreateIndex
CREATE INDEX "FollowUp_escalationLevel_dueAt_id_idx" ON "FollowUp"("escalationLevel" DESC, "dueAt", "id");

