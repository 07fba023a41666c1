-- CreateEnum
CREATE TYPE "ProblemOrigin" AS ENUM ('HEARING', 'ONLINE');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "priorityProblemId" TEXT;

-- CreateTable
CREATE TABLE "NeedsStudy" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "attachmentId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "NeedsStudy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PublicHearing" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "heldOn" TIMESTAMP(3) NOT NULL,
    "place" TEXT NOT NULL,
    "invited" TEXT NOT NULL DEFAULT '',
    "attendeesFemale" INTEGER NOT NULL DEFAULT 0,
    "attendeesMale" INTEGER NOT NULL DEFAULT 0,
    "minutesId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PublicHearing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PriorityProblem" (
    "id" TEXT NOT NULL,
    "municipalityId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "origin" "ProblemOrigin" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "hearingId" TEXT,
    "proposedById" TEXT,
    "rank" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "targetGroups" TEXT NOT NULL DEFAULT '',
    "programmeId" TEXT,
    "prioritizedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PriorityProblem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProblemSupport" (
    "id" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProblemSupport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PaperTally" (
    "id" TEXT NOT NULL,
    "problemId" TEXT NOT NULL,
    "hearingId" TEXT,
    "count" INTEGER NOT NULL,
    "enteredById" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PaperTally_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "NeedsStudy_municipalityId_year_idx" ON "NeedsStudy"("municipalityId", "year");

-- CreateIndex
CREATE INDEX "PublicHearing_municipalityId_heldOn_idx" ON "PublicHearing"("municipalityId", "heldOn");

-- CreateIndex
CREATE INDEX "PriorityProblem_municipalityId_year_rank_idx" ON "PriorityProblem"("municipalityId", "year", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "ProblemSupport_problemId_userId_key" ON "ProblemSupport"("problemId", "userId");

-- CreateIndex
CREATE INDEX "PaperTally_problemId_idx" ON "PaperTally"("problemId");

-- CreateIndex
CREATE INDEX "Call_priorityProblemId_idx" ON "Call"("priorityProblemId");

-- AddForeignKey
ALTER TABLE "NeedsStudy" ADD CONSTRAINT "NeedsStudy_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NeedsStudy" ADD CONSTRAINT "NeedsStudy_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicHearing" ADD CONSTRAINT "PublicHearing_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PublicHearing" ADD CONSTRAINT "PublicHearing_minutesId_fkey" FOREIGN KEY ("minutesId") REFERENCES "Attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PriorityProblem" ADD CONSTRAINT "PriorityProblem_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PriorityProblem" ADD CONSTRAINT "PriorityProblem_hearingId_fkey" FOREIGN KEY ("hearingId") REFERENCES "PublicHearing"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PriorityProblem" ADD CONSTRAINT "PriorityProblem_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "BudgetProgramme"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProblemSupport" ADD CONSTRAINT "ProblemSupport_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "PriorityProblem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProblemSupport" ADD CONSTRAINT "ProblemSupport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperTally" ADD CONSTRAINT "PaperTally_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "PriorityProblem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PaperTally" ADD CONSTRAINT "PaperTally_hearingId_fkey" FOREIGN KEY ("hearingId") REFERENCES "PublicHearing"("id") ON DELETE SET NULL ON UPDATE CASCADE;

