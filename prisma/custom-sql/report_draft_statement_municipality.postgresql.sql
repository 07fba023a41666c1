-- Statements imported before the municipality was recorded belong to the municipality of the
-- finance officer who uploaded them (the portal had one municipality per staff account then).
UPDATE "BankStatement" SET "municipalityId" = (
  SELECT "municipalityId" FROM "RoleAssignment"
  WHERE "RoleAssignment"."userId" = "BankStatement"."uploadedById" AND "RoleAssignment"."role" = 'FINANCE_OFFICER'
  ORDER BY "RoleAssignment"."id" LIMIT 1
) WHERE "municipalityId" IS NULL;
