-- CreateTable
CREATE TABLE "AppropriationChange" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "appropriationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "amount" BIGINT NOT NULL,
    "amountAfter" BIGINT NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "actBody" TEXT NOT NULL,
    "actNumber" TEXT NOT NULL,
    "actDate" DATETIME NOT NULL,
    "requestKey" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AppropriationChange_appropriationId_fkey" FOREIGN KEY ("appropriationId") REFERENCES "Appropriation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BudgetProgramme" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "municipalityId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "nameKy" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionKy" TEXT NOT NULL DEFAULT '',
    "descriptionRu" TEXT NOT NULL DEFAULT '',
    "descriptionEn" TEXT NOT NULL DEFAULT '',
    "actBody" TEXT NOT NULL DEFAULT '',
    "actNumber" TEXT NOT NULL DEFAULT '',
    "actDate" DATETIME,
    "firstYear" INTEGER,
    "lastYear" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BudgetProgramme_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_BudgetProgramme" ("code", "createdAt", "descriptionEn", "descriptionKy", "descriptionRu", "id", "municipalityId", "nameEn", "nameKy", "nameRu") SELECT "code", "createdAt", "descriptionEn", "descriptionKy", "descriptionRu", "id", "municipalityId", "nameEn", "nameKy", "nameRu" FROM "BudgetProgramme";
DROP TABLE "BudgetProgramme";
ALTER TABLE "new_BudgetProgramme" RENAME TO "BudgetProgramme";
CREATE UNIQUE INDEX "BudgetProgramme_municipalityId_code_key" ON "BudgetProgramme"("municipalityId", "code");
CREATE TABLE "new_Appropriation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "programmeId" TEXT NOT NULL,
    "fiscalYear" INTEGER NOT NULL,
    "amount" BIGINT NOT NULL,
    "allocated" BIGINT NOT NULL DEFAULT 0,
    "committed" BIGINT NOT NULL DEFAULT 0,
    "disbursed" BIGINT NOT NULL DEFAULT 0,
    "returned" BIGINT NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "releasedAtClose" BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT "Appropriation_programmeId_fkey" FOREIGN KEY ("programmeId") REFERENCES "BudgetProgramme" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Appropriation" ("allocated", "amount", "committed", "createdAt", "disbursed", "fiscalYear", "id", "programmeId", "returned") SELECT "allocated", "amount", "committed", "createdAt", "disbursed", "fiscalYear", "id", "programmeId", "returned" FROM "Appropriation";
DROP TABLE "Appropriation";
ALTER TABLE "new_Appropriation" RENAME TO "Appropriation";
CREATE UNIQUE INDEX "Appropriation_programmeId_fiscalYear_key" ON "Appropriation"("programmeId", "fiscalYear");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AppropriationChange_requestKey_key" ON "AppropriationChange"("requestKey");

-- CreateIndex
CREATE INDEX "AppropriationChange_appropriationId_createdAt_idx" ON "AppropriationChange"("appropriationId", "createdAt");

