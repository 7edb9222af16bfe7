-- CreateIndex
CREATE INDEX "Complaint_createdAt_unitId_privacy_category_idx" ON "Complaint"("createdAt", "unitId", "privacy", "category");

-- CreateIndex
CREATE INDEX "FollowUp_createdAt_unitId_answeredAt_dueAt_category_complaintId_idx" ON "FollowUp"("createdAt", "unitId", "answeredAt", "dueAt", "category", "complaintId");

