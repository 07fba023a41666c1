-- CreateEnum
CREATE TYPE "CallQuestionKind" AS ENUM ('TEXT', 'NUMBER', 'CHOICE', 'FILE');

-- CreateTable
CREATE TABLE "CallQuestion" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" "CallQuestionKind" NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "labelKy" TEXT NOT NULL,
    "labelRu" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL DEFAULT '',
    "helpKy" TEXT NOT NULL DEFAULT '',
    "helpRu" TEXT NOT NULL DEFAULT '',
    "helpEn" TEXT NOT NULL DEFAULT '',
    "options" JSONB NOT NULL DEFAULT '[]',
    "minValue" INTEGER,
    "maxValue" INTEGER,

    CONSTRAINT "CallQuestion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProposalAnswer" (
    "id" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "attachmentId" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProposalAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CallQuestion_callId_position_key" ON "CallQuestion"("callId", "position");

-- CreateIndex
CREATE INDEX "ProposalAnswer_questionId_idx" ON "ProposalAnswer"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalAnswer_proposalId_questionId_key" ON "ProposalAnswer"("proposalId", "questionId");

-- AddForeignKey
ALTER TABLE "CallQuestion" ADD CONSTRAINT "CallQuestion_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalAnswer" ADD CONSTRAINT "ProposalAnswer_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalAnswer" ADD CONSTRAINT "ProposalAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "CallQuestion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProposalAnswer" ADD CONSTRAINT "ProposalAnswer_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

