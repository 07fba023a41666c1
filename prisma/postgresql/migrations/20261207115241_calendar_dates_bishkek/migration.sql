-- This is an empty migration.


-- From prisma/custom-sql/calendar_dates_bishkek.postgresql.sql
-- Decision 0072: every calendar-date column holds the instant its day starts in Bishkek
-- (00:00 at UTC+6, 18:00 UTC the day before). Rows written at UTC midnight (agreements and their
-- milestones, organizations, documents, visits, budget acts, statement lines, manual payments)
-- move 6 hours earlier: same calendar day, the one convention. A Bishkek midnight is never a
-- UTC midnight, so rows already in the convention are left as they are (running it twice
-- changes nothing more). Dates inside JSON (agreement snapshots, change-request payloads) keep
-- what was written: they are read by their Bishkek calendar day, which both conventions share.

-- PostgreSQL keeps DateTime as timestamp(3) without time zone, read as UTC.


-- A manual payment's ledger entry is dated with the order's payment day: it moves with it.
UPDATE "LedgerEntry" SET "createdAt" = "createdAt" - interval '6 hours'
WHERE "createdAt" = date_trunc('day', "createdAt") AND "paymentOrderId" IN (
  SELECT "id" FROM "PaymentOrder" WHERE "status" = 'RECORDED_MANUALLY' AND "executedAt" = "LedgerEntry"."createdAt"
);
UPDATE "PaymentOrder" SET "executedAt" = "executedAt" - interval '6 hours'
WHERE "status" = 'RECORDED_MANUALLY' AND "executedAt" = date_trunc('day', "executedAt");


UPDATE "BudgetProgramme" SET "actDate" = "actDate" - interval '6 hours' WHERE "actDate" = date_trunc('day', "actDate");
UPDATE "AppropriationChange" SET "actDate" = "actDate" - interval '6 hours' WHERE "actDate" = date_trunc('day', "actDate");
UPDATE "Organization" SET "registeredOn" = "registeredOn" - interval '6 hours' WHERE "registeredOn" = date_trunc('day', "registeredOn");
UPDATE "StoredDocument" SET "validUntil" = "validUntil" - interval '6 hours' WHERE "validUntil" = date_trunc('day', "validUntil");
UPDATE "ProposalMilestone" SET "startsOn" = "startsOn" - interval '6 hours' WHERE "startsOn" = date_trunc('day', "startsOn");
UPDATE "ProposalMilestone" SET "dueOn" = "dueOn" - interval '6 hours' WHERE "dueOn" = date_trunc('day', "dueOn");
UPDATE "Agreement" SET "signedOn" = "signedOn" - interval '6 hours' WHERE "signedOn" = date_trunc('day', "signedOn");
UPDATE "GrantMilestone" SET "dueOn" = "dueOn" - interval '6 hours' WHERE "dueOn" = date_trunc('day', "dueOn");
UPDATE "MonitoringVisit" SET "visitedOn" = "visitedOn" - interval '6 hours' WHERE "visitedOn" = date_trunc('day', "visitedOn");
UPDATE "BankStatementLine" SET "valueDate" = "valueDate" - interval '6 hours' WHERE "valueDate" = date_trunc('day', "valueDate");
