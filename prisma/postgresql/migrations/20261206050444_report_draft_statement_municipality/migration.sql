-- AlterEnum
ALTER TYPE "ReportStatus" ADD VALUE 'DRAFT';

-- DropIndex
DROP INDEX "BankStatement_sha256_key";

-- AlterTable
ALTER TABLE "BankStatement" ADD COLUMN     "municipalityId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "BankStatement_municipalityId_sha256_key" ON "BankStatement"("municipalityId", "sha256");

-- AddForeignKey
ALTER TABLE "BankStatement" ADD CONSTRAINT "BankStatement_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- From prisma/custom-sql/report_draft_statement_municipality.postgresql.sql
-- Statements imported before the municipality was recorded belong to the municipality of the
-- finance officer who uploaded them (the portal had one municipality per staff account then).
UPDATE "BankStatement" SET "municipalityId" = (
  SELECT "municipalityId" FROM "RoleAssignment"
  WHERE "RoleAssignment"."userId" = "BankStatement"."uploadedById" AND "RoleAssignment"."role" = 'FINANCE_OFFICER'
  ORDER BY "RoleAssignment"."id" LIMIT 1
) WHERE "municipalityId" IS NULL;
