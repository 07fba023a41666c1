-- This is an empty migration.


-- From prisma/custom-sql/calendar_dates_bishkek.sqlite.sql
-- Decision 0072: every calendar-date column holds the instant its day starts in Bishkek
-- (00:00 at UTC+6, 18:00 UTC the day before). Rows written at UTC midnight (agreements and their
-- milestones, organizations, documents, visits, budget acts, statement lines, manual payments)
-- move 6 hours earlier: same calendar day, the one convention. A Bishkek midnight is never a
-- UTC midnight, so rows already in the convention are left as they are (running it twice
-- changes nothing more). Dates inside JSON (agreement snapshots, change-request payloads) keep
-- what was written: they are read by their Bishkek calendar day, which both conventions share.

-- SQLite keeps DateTime as integer milliseconds since 1970 (UTC).


-- A manual payment's ledger entry is dated with the order's payment day: it moves with it.
UPDATE "LedgerEntry" SET "createdAt" = "createdAt" - 21600000
WHERE typeof("createdAt") = 'integer' AND "createdAt" % 86400000 = 0 AND "paymentOrderId" IN (
  SELECT "id" FROM "PaymentOrder" WHERE "status" = 'RECORDED_MANUALLY' AND "executedAt" = "LedgerEntry"."createdAt"
);
UPDATE "PaymentOrder" SET "executedAt" = "executedAt" - 21600000
WHERE "status" = 'RECORDED_MANUALLY' AND typeof("executedAt") = 'integer' AND "executedAt" % 86400000 = 0;


UPDATE "BudgetProgramme" SET "actDate" = "actDate" - 21600000 WHERE typeof("actDate") = 'integer' AND "actDate" % 86400000 = 0;
UPDATE "AppropriationChange" SET "actDate" = "actDate" - 21600000 WHERE typeof("actDate") = 'integer' AND "actDate" % 86400000 = 0;
UPDATE "Organization" SET "registeredOn" = "registeredOn" - 21600000 WHERE typeof("registeredOn") = 'integer' AND "registeredOn" % 86400000 = 0;
UPDATE "StoredDocument" SET "validUntil" = "validUntil" - 21600000 WHERE typeof("validUntil") = 'integer' AND "validUntil" % 86400000 = 0;
UPDATE "ProposalMilestone" SET "startsOn" = "startsOn" - 21600000 WHERE typeof("startsOn") = 'integer' AND "startsOn" % 86400000 = 0;
UPDATE "ProposalMilestone" SET "dueOn" = "dueOn" - 21600000 WHERE typeof("dueOn") = 'integer' AND "dueOn" % 86400000 = 0;
UPDATE "Agreement" SET "signedOn" = "signedOn" - 21600000 WHERE typeof("signedOn") = 'integer' AND "signedOn" % 86400000 = 0;
UPDATE "GrantMilestone" SET "dueOn" = "dueOn" - 21600000 WHERE typeof("dueOn") = 'integer' AND "dueOn" % 86400000 = 0;
UPDATE "MonitoringVisit" SET "visitedOn" = "visitedOn" - 21600000 WHERE typeof("visitedOn") = 'integer' AND "visitedOn" % 86400000 = 0;
UPDATE "BankStatementLine" SET "valueDate" = "valueDate" - 21600000 WHERE typeof("valueDate") = 'integer' AND "valueDate" % 86400000 = 0;
