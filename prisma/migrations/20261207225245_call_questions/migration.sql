-- CreateTable
CREATE TABLE "CallQuestion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "labelKy" TEXT NOT NULL,
    "labelRu" TEXT NOT NULL,
    "labelEn" TEXT NOT NULL DEFAULT '',
    "helpKy" TEXT NOT NULL DEFAULT '',
    "helpRu" TEXT NOT NULL DEFAULT '',
    "helpEn" TEXT NOT NULL DEFAULT '',
    "options" JSONB NOT NULL DEFAULT [],
    "minValue" INTEGER,
    "maxValue" INTEGER,
    CONSTRAINT "CallQuestion_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProposalAnswer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "questionId" TEXT NOT NULL,
    "value" TEXT NOT NULL DEFAULT '',
    "attachmentId" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ProposalAnswer_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProposalAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "CallQuestion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ProposalAnswer_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "CallQuestion_callId_position_key" ON "CallQuestion"("callId", "position");

-- CreateIndex
CREATE INDEX "ProposalAnswer_questionId_idx" ON "ProposalAnswer"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "ProposalAnswer_proposalId_questionId_key" ON "ProposalAnswer"("proposalId", "questionId");

