-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_BankStatement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "municipalityId" TEXT,
    "fileName" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BankStatement_municipalityId_fkey" FOREIGN KEY ("municipalityId") REFERENCES "Municipality" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_BankStatement" ("fileName", "id", "sha256", "uploadedAt", "uploadedById") SELECT "fileName", "id", "sha256", "uploadedAt", "uploadedById" FROM "BankStatement";
DROP TABLE "BankStatement";
ALTER TABLE "new_BankStatement" RENAME TO "BankStatement";
CREATE UNIQUE INDEX "BankStatement_municipalityId_sha256_key" ON "BankStatement"("municipalityId", "sha256");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- From prisma/custom-sql/report_draft_statement_municipality.sqlite.sql
-- Statements imported before the municipality was recorded belong to the municipality of the
-- finance officer who uploaded them (the portal had one municipality per staff account then).
UPDATE "BankStatement" SET "municipalityId" = (
  SELECT "municipalityId" FROM "RoleAssignment"
  WHERE "RoleAssignment"."userId" = "BankStatement"."uploadedById" AND "RoleAssignment"."role" = 'FINANCE_OFFICER'
  ORDER BY "RoleAssignment"."id" LIMIT 1
) WHERE "municipalityId" IS NULL;
