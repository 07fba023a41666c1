-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PaymentOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "awardId" TEXT NOT NULL,
    "trancheId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'CREATED',
    "treasuryId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT NOT NULL DEFAULT '',
    "bankReference" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "executedAt" DATETIME,
    CONSTRAINT "PaymentOrder_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "Award" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PaymentOrder_trancheId_fkey" FOREIGN KEY ("trancheId") REFERENCES "Tranche" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_PaymentOrder" ("amount", "attempts", "awardId", "createdAt", "createdById", "executedAt", "id", "idempotencyKey", "lastError", "nextAttemptAt", "reference", "sentAt", "status", "trancheId", "treasuryId") SELECT "amount", "attempts", "awardId", "createdAt", "createdById", "executedAt", "id", "idempotencyKey", "lastError", "nextAttemptAt", "reference", "sentAt", "status", "trancheId", "treasuryId" FROM "PaymentOrder";
DROP TABLE "PaymentOrder";
ALTER TABLE "new_PaymentOrder" RENAME TO "PaymentOrder";
CREATE UNIQUE INDEX "PaymentOrder_reference_key" ON "PaymentOrder"("reference");
CREATE UNIQUE INDEX "PaymentOrder_idempotencyKey_key" ON "PaymentOrder"("idempotencyKey");
CREATE UNIQUE INDEX "PaymentOrder_treasuryId_key" ON "PaymentOrder"("treasuryId");
CREATE INDEX "PaymentOrder_status_nextAttemptAt_idx" ON "PaymentOrder"("status", "nextAttemptAt");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "LedgerEntry_kind_appropriationId_createdAt_amount_idx" ON "LedgerEntry"("kind", "appropriationId", "createdAt", "amount");

-- CreateIndex
CREATE INDEX "ReconciliationMatch_status_idx" ON "ReconciliationMatch"("status");

