-- AlterTable
ALTER TABLE "PaymentOrder" ADD COLUMN     "bankReference" TEXT NOT NULL DEFAULT '';

-- CreateIndex
CREATE INDEX "LedgerEntry_kind_appropriationId_createdAt_amount_idx" ON "LedgerEntry"("kind", "appropriationId", "createdAt", "amount");

-- CreateIndex
CREATE INDEX "ReconciliationMatch_status_idx" ON "ReconciliationMatch"("status");

