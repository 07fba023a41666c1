-- CreateEnum
CREATE TYPE "AppropriationChangeKind" AS ENUM ('OPENING', 'INCREASE', 'DECREASE');

-- AlterTable
ALTER TABLE "BudgetProgramme" ADD COLUMN     "actBody" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "actDate" TIMESTAMP(3),
ADD COLUMN     "actNumber" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "firstYear" INTEGER,
ADD COLUMN     "lastYear" INTEGER,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- AlterTable
ALTER TABLE "Appropriation" ADD COLUMN     "closedAt" TIMESTAMP(3),
ADD COLUMN     "closedById" TEXT,
ADD COLUMN     "releasedAtClose" BIGINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "AppropriationChange" (
    "id" TEXT NOT NULL,
    "appropriationId" TEXT NOT NULL,
    "kind" "AppropriationChangeKind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "amountAfter" BIGINT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "actBody" TEXT NOT NULL,
    "actNumber" TEXT NOT NULL,
    "actDate" TIMESTAMP(3) NOT NULL,
    "requestKey" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AppropriationChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AppropriationChange_requestKey_key" ON "AppropriationChange"("requestKey");

-- CreateIndex
CREATE INDEX "AppropriationChange_appropriationId_createdAt_idx" ON "AppropriationChange"("appropriationId", "createdAt");

-- AddForeignKey
ALTER TABLE "AppropriationChange" ADD CONSTRAINT "AppropriationChange_appropriationId_fkey" FOREIGN KEY ("appropriationId") REFERENCES "Appropriation"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

