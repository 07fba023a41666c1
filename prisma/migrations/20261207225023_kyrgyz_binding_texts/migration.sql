-- CreateTable
CREATE TABLE "AgreementText" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "versionId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "textRole" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "pdfStorageKey" TEXT NOT NULL,
    "pdfSha256" TEXT NOT NULL,
    CONSTRAINT "AgreementText_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgreementVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Organization" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "nameKy" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL DEFAULT '',
    "legalForm" TEXT NOT NULL,
    "registrationNumber" TEXT NOT NULL,
    "tin" TEXT NOT NULL,
    "registeredOn" DATETIME NOT NULL,
    "region" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "phone" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "website" TEXT NOT NULL DEFAULT '',
    "bankName" TEXT NOT NULL DEFAULT '',
    "bankBik" TEXT NOT NULL DEFAULT '',
    "bankAccount" TEXT NOT NULL DEFAULT '',
    "preferredLocale" TEXT NOT NULL DEFAULT 'ky',
    "verification" TEXT NOT NULL DEFAULT 'PENDING',
    "verificationNote" TEXT NOT NULL DEFAULT '',
    "verifiedAt" DATETIME,
    "verifiedById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "signatoryName" TEXT NOT NULL DEFAULT '',
    "signatoryPositionKy" TEXT NOT NULL DEFAULT '',
    "signatoryPositionRu" TEXT NOT NULL DEFAULT ''
);
INSERT INTO "new_Organization" ("address", "bankAccount", "bankBik", "bankName", "createdAt", "email", "id", "legalForm", "nameEn", "nameKy", "nameRu", "phone", "preferredLocale", "region", "registeredOn", "registrationNumber", "tin", "updatedAt", "verification", "verificationNote", "verifiedAt", "verifiedById", "website") SELECT "address", "bankAccount", "bankBik", "bankName", "createdAt", "email", "id", "legalForm", "nameEn", "nameKy", "nameRu", "phone", "preferredLocale", "region", "registeredOn", "registrationNumber", "tin", "updatedAt", "verification", "verificationNote", "verifiedAt", "verifiedById", "website" FROM "Organization";
DROP TABLE "Organization";
ALTER TABLE "new_Organization" RENAME TO "Organization";
CREATE UNIQUE INDEX "Organization_registrationNumber_key" ON "Organization"("registrationNumber");
CREATE UNIQUE INDEX "Organization_tin_key" ON "Organization"("tin");
CREATE TABLE "new_Proposal" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "callId" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'DRAFT',
    "intake" TEXT NOT NULL DEFAULT 'ONLINE',
    "language" TEXT NOT NULL DEFAULT 'ky',
    "title" TEXT NOT NULL DEFAULT '',
    "summary" TEXT NOT NULL DEFAULT '',
    "problem" TEXT NOT NULL DEFAULT '',
    "targetGroup" TEXT NOT NULL DEFAULT '',
    "beneficiaries" INTEGER NOT NULL DEFAULT 0,
    "objectives" TEXT NOT NULL DEFAULT '',
    "activities" TEXT NOT NULL DEFAULT '',
    "team" TEXT NOT NULL DEFAULT '',
    "requestedTotal" BIGINT NOT NULL DEFAULT 0,
    "cofinancingTotal" BIGINT NOT NULL DEFAULT 0,
    "submittedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "enteredById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "titleKy" TEXT NOT NULL DEFAULT '',
    CONSTRAINT "Proposal_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Proposal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Proposal" ("activities", "beneficiaries", "callId", "cofinancingTotal", "createdAt", "createdById", "enteredById", "id", "intake", "language", "objectives", "organizationId", "problem", "reference", "requestedTotal", "status", "submittedAt", "summary", "targetGroup", "team", "title", "updatedAt") SELECT "activities", "beneficiaries", "callId", "cofinancingTotal", "createdAt", "createdById", "enteredById", "id", "intake", "language", "objectives", "organizationId", "problem", "reference", "requestedTotal", "status", "submittedAt", "summary", "targetGroup", "team", "title", "updatedAt" FROM "Proposal";
DROP TABLE "Proposal";
ALTER TABLE "new_Proposal" RENAME TO "Proposal";
CREATE UNIQUE INDEX "Proposal_reference_key" ON "Proposal"("reference");
CREATE INDEX "Proposal_callId_status_idx" ON "Proposal"("callId", "status");
CREATE INDEX "Proposal_organizationId_idx" ON "Proposal"("organizationId");
CREATE TABLE "new_AwardLetter" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "awardId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "issuedById" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    "textRole" TEXT NOT NULL DEFAULT 'SOLE',
    CONSTRAINT "AwardLetter_awardId_fkey" FOREIGN KEY ("awardId") REFERENCES "Award" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_AwardLetter" ("awardId", "id", "issuedAt", "issuedById", "language", "revokedAt", "sha256", "storageKey", "verificationCode") SELECT "awardId", "id", "issuedAt", "issuedById", "language", "revokedAt", "sha256", "storageKey", "verificationCode" FROM "AwardLetter";
DROP TABLE "AwardLetter";
ALTER TABLE "new_AwardLetter" RENAME TO "AwardLetter";
CREATE UNIQUE INDEX "AwardLetter_storageKey_key" ON "AwardLetter"("storageKey");
CREATE UNIQUE INDEX "AwardLetter_sha256_key" ON "AwardLetter"("sha256");
CREATE UNIQUE INDEX "AwardLetter_verificationCode_key" ON "AwardLetter"("verificationCode");
CREATE TABLE "new_AgreementVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agreementId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "snapshot" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "verificationCode" TEXT,
    "pdfStorageKey" TEXT,
    "pdfSha256" TEXT,
    "textRole" TEXT NOT NULL DEFAULT 'SOLE',
    CONSTRAINT "AgreementVersion_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgreementVersion" ("agreementId", "createdAt", "createdById", "id", "number", "pdfSha256", "pdfStorageKey", "reason", "snapshot", "verificationCode") SELECT "agreementId", "createdAt", "createdById", "id", "number", "pdfSha256", "pdfStorageKey", "reason", "snapshot", "verificationCode" FROM "AgreementVersion";
DROP TABLE "AgreementVersion";
ALTER TABLE "new_AgreementVersion" RENAME TO "AgreementVersion";
CREATE UNIQUE INDEX "AgreementVersion_verificationCode_key" ON "AgreementVersion"("verificationCode");
CREATE UNIQUE INDEX "AgreementVersion_pdfStorageKey_key" ON "AgreementVersion"("pdfStorageKey");
CREATE UNIQUE INDEX "AgreementVersion_pdfSha256_key" ON "AgreementVersion"("pdfSha256");
CREATE UNIQUE INDEX "AgreementVersion_agreementId_number_key" ON "AgreementVersion"("agreementId", "number");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_verificationCode_key" ON "AgreementText"("verificationCode");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_pdfStorageKey_key" ON "AgreementText"("pdfStorageKey");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_pdfSha256_key" ON "AgreementText"("pdfSha256");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_versionId_language_key" ON "AgreementText"("versionId", "language");

