-- AlterTable
ALTER TABLE "PaymentOrder" ADD COLUMN "claimedUntil" DATETIME;

-- CreateTable
CREATE TABLE "PaymentAttempt" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "paymentOrderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "worker" TEXT NOT NULL,
    "askedFirst" BOOLEAN NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "claimedUntil" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "outcome" TEXT,
    "error" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "PaymentAttempt_paymentOrderId_fkey" FOREIGN KEY ("paymentOrderId") REFERENCES "PaymentOrder" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PaymentAttempt_paymentOrderId_number_key" ON "PaymentAttempt"("paymentOrderId", "number");

