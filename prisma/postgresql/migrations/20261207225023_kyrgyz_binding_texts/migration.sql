-- CreateEnum
CREATE TYPE "TextRole" AS ENUM ('SOLE', 'BINDING', 'PARALLEL', 'COURTESY');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "signatoryName" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "signatoryPositionKy" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "signatoryPositionRu" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Proposal" ADD COLUMN     "titleKy" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "AwardLetter" ADD COLUMN     "textRole" "TextRole" NOT NULL DEFAULT 'SOLE';

-- AlterTable
ALTER TABLE "AgreementVersion" ADD COLUMN     "textRole" "TextRole" NOT NULL DEFAULT 'SOLE';

-- CreateTable
CREATE TABLE "AgreementText" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "language" "Locale" NOT NULL,
    "textRole" "TextRole" NOT NULL,
    "verificationCode" TEXT NOT NULL,
    "pdfStorageKey" TEXT NOT NULL,
    "pdfSha256" TEXT NOT NULL,

    CONSTRAINT "AgreementText_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_verificationCode_key" ON "AgreementText"("verificationCode");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_pdfStorageKey_key" ON "AgreementText"("pdfStorageKey");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_pdfSha256_key" ON "AgreementText"("pdfSha256");

-- CreateIndex
CREATE UNIQUE INDEX "AgreementText_versionId_language_key" ON "AgreementText"("versionId", "language");

-- AddForeignKey
ALTER TABLE "AgreementText" ADD CONSTRAINT "AgreementText_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgreementVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

