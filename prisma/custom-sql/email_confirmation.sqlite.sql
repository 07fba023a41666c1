-- Accounts that existed before confirmation links were introduced keep working:
-- they are treated as confirmed.
UPDATE "User" SET "emailConfirmedAt" = CURRENT_TIMESTAMP WHERE "emailConfirmedAt" IS NULL;
