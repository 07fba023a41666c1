-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Call" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "municipalityId" TEXT NOT NULL,
    "appropriationId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "titleKy" TEXT NOT NULL DEFAULT '',
    "titleRu" TEXT NOT NULL DEFAULT '',
    "titleEn" TEXT NOT NULL DEFAULT '',
    "summaryKy" TEXT NOT NULL DEFAULT '',
    "summaryRu" TEXT NOT NULL DEFAULT '',
    "summaryEn" TEXT NOT NULL DEFAULT '',
    "problemKy" TEXT NOT NULL DEFAULT '',
    "problemRu" TEXT NOT NULL DEFAULT '',
    "problemEn" TEXT NOT NULL DEFAULT '',
    "targetGroupKy" TEXT NOT NULL DEFAULT '',
    "targetGroupRu" TEXT NOT NULL DEFAULT '',
    "targetGroupEn" TEXT NOT NULL DEFAULT '',
    "eligibilityKy" TEXT NOT NULL DEFAULT '',
    "eligibilityRu" TEXT NOT NULL DEFAULT '',
    "eligibilityEn" TEXT NOT NULL DEFAULT '',
    "eligibleLegalForms" JSONB NOT NULL DEFAULT [],
    "eligibleRegions" JSONB NOT NULL DEFAULT [],
    "minOrganizationAgeMonths" INTEGER NOT NULL DEFAULT 0,
    "requiredDocuments" JSONB NOT NULL DEFAULT [],
    "budgetRules" JSONB NOT NULL DEFAULT [],
    "eligibilityEnforcement" TEXT NOT NULL DEFAULT 'WARN',
    "envelope" BIGINT NOT NULL DEFAULT 0,
    "committed" BIGINT NOT NULL DEFAULT 0,
    "minGrant" BIGINT NOT NULL DEFAULT 0,
    "maxGrant" BIGINT NOT NULL DEFAULT 0,
    "maxProposalsPerOrganization" INTEGER NOT NULL DEFAULT 1,
    "minScore" INTEGER NOT NULL DEFAULT 0,
    "appealDays" INTEGER NOT NULL DEFAULT 5,
    "standstillDays" INTEGER NOT NULL DEFAULT 10,
    "publishAt" DATETIME,
    "clarificationDeadline" DATETIME,
    "submissionDeadline" DATETIME,
    "reviewStartsAt" DATETIME,
    "reviewEndsAt" DATETIME,
    "publishedAt" DATETIME,
    "decisionPublishedAt" DATETIME,
    "standstillEndsAt" DATETIME,
    "cancelledReason" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Call_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Call_appropriationId_fkey" FOREIGN KEY ("appropriationId") REFERENCES "Appropriation" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Call" ("appealDays", "appropriationId", "cancelledReason", "clarificationDeadline", "committed", "createdAt", "createdById", "decisionPublishedAt", "eligibilityEn", "eligibilityKy", "eligibilityRu", "eligibleLegalForms", "eligibleRegions", "envelope", "id", "maxGrant", "maxProposalsPerOrganization", "minGrant", "minOrganizationAgeMonths", "minScore", "municipalityId", "problemEn", "problemKy", "problemRu", "publishAt", "publishedAt", "reference", "requiredDocuments", "budgetRules", "reviewEndsAt", "reviewStartsAt", "standstillDays", "standstillEndsAt", "status", "submissionDeadline", "summaryEn", "summaryKy", "summaryRu", "targetGroupEn", "targetGroupKy", "targetGroupRu", "titleEn", "titleKy", "titleRu", "updatedAt") SELECT "appealDays", "appropriationId", "cancelledReason", "clarificationDeadline", "committed", "createdAt", "createdById", "decisionPublishedAt", "eligibilityEn", "eligibilityKy", "eligibilityRu", "eligibleLegalForms", "eligibleRegions", "envelope", "id", "maxGrant", "maxProposalsPerOrganization", "minGrant", "minOrganizationAgeMonths", "minScore", "municipalityId", "problemEn", "problemKy", "problemRu", "publishAt", "publishedAt", "reference", "requiredDocuments", "budgetRules", "reviewEndsAt", "reviewStartsAt", "standstillDays", "standstillEndsAt", "status", "submissionDeadline", "summaryEn", "summaryKy", "summaryRu", "targetGroupEn", "targetGroupKy", "targetGroupRu", "titleEn", "titleKy", "titleRu", "updatedAt" FROM "Call";
DROP TABLE "Call";
ALTER TABLE "new_Call" RENAME TO "Call";
CREATE UNIQUE INDEX "Call_reference_key" ON "Call"("reference");
CREATE INDEX "Call_status_submissionDeadline_idx" ON "Call"("status", "submissionDeadline");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

