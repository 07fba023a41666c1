-- AlterTable
ALTER TABLE "AgreementVersion" ADD COLUMN     "pdfSha256" TEXT,
ADD COLUMN     "pdfStorageKey" TEXT,
ADD COLUMN     "verificationCode" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "AgreementVersion_verificationCode_key" ON "AgreementVersion"("verificationCode");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementVersion_pdfStorageKey_key" ON "AgreementVersion"("pdfStorageKey");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementVersion_pdfSha256_key" ON "AgreementVersion"("pdfSha256");

