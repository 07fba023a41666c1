-- AlterTable
ALTER TABLE "Call" ADD COLUMN "priorityProblemId" TEXT;

-- CreateTable
CREATE TABLE "NeedsStudy" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "municipalityId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "attachmentId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "NeedsStudy_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "NeedsStudy_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PublicHearing" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "municipalityId" TEXT NOT NULL,
    "heldOn" DATETIME NOT NULL,
    "place" TEXT NOT NULL,
    "invited" TEXT NOT NULL DEFAULT '',
    "attendeesFemale" INTEGER NOT NULL DEFAULT 0,
    "attendeesMale" INTEGER NOT NULL DEFAULT 0,
    "minutesId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PublicHearing_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PublicHearing_minutesId_fkey" FOREIGN KEY ("minutesId") REFERENCES "Attachment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PriorityProblem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "municipalityId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "origin" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "hearingId" TEXT,
    "proposedById" TEXT,
    "rank" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "targetGroups" TEXT NOT NULL DEFAULT '',
    "programmeId" TEXT,
    "prioritizedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PriorityProblem_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PriorityProblem_hearingId_fkey" FOREIGN KEY ("hearingId") REFERENCES "PublicHearing" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "PriorityProblem_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "BudgetProgramme" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProblemSupport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "problemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProblemSupport_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "PriorityProblem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "ProblemSupport_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PaperTally" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "problemId" TEXT NOT NULL,
    "hearingId" TEXT,
    "count" INTEGER NOT NULL,
    "enteredById" TEXT NOT NULL,
    "enteredAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PaperTally_problemId_fkey" FOREIGN KEY ("problemId") REFERENCES "PriorityProblem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "PaperTally_hearingId_fkey" FOREIGN KEY ("hearingId") REFERENCES "PublicHearing" ("id") ON DELETE SET NULL ON UPDATE CASCADE
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

