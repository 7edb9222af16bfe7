-- CreateIndex
CREATE INDEX "Complaint_reporterIpHash_createdAt_idx" ON "Complaint"("reporterIpHash", "createdAt");

