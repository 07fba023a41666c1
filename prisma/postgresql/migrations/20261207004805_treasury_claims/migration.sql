-- CreateEnum
CREATE TYPE "PaymentAttemptOutcome" AS ENUM ('SENT', 'EXECUTED', 'REJECTED', 'UNANSWERED');

-- AlterTable
ALTER TABLE "PaymentOrder" ADD COLUMN     "claimedUntil" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "PaymentAttempt" (
    "id" TEXT NOT NULL,
    "paymentOrderId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "worker" TEXT NOT NULL,
    "askedFirst" BOOLEAN NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "claimedUntil" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "outcome" "PaymentAttemptOutcome",
    "error" TEXT NOT NULL DEFAULT '',

    CONSTRAINT "PaymentAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PaymentAttempt_paymentOrderId_number_key" ON "PaymentAttempt"("paymentOrderId", "number");

-- AddForeignKey
ALTER TABLE "PaymentAttempt" ADD CONSTRAINT "PaymentAttempt_paymentOrderId_fkey" FOREIGN KEY ("paymentOrderId") REFERENCES "PaymentOrder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

