-- CreateIndex
CREATE INDEX "Tranche_status_idx" ON "Tranche"("status");

