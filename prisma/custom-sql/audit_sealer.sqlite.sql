-- Decision 0064: events are inserted unsealed and chained after commit by the sealer.
-- Existing events were chained at write time: they are sealed at their own seq.
DROP TRIGGER IF EXISTS "AuditEvent_no_update";
UPDATE "AuditEvent" SET "position" = "seq", "sealedAt" = "occurredAt";
-- The one change allowed: sealing an unsealed event once, without touching what it records.
CREATE TRIGGER "AuditEvent_no_update" BEFORE UPDATE ON "AuditEvent"
WHEN OLD."position" IS NOT NULL OR NEW."position" IS NULL OR NEW."sealedAt" IS NULL
  OR OLD."hash" <> '' OR OLD."prevHash" <> ''
  OR NEW."seq" IS NOT OLD."seq" OR NEW."occurredAt" IS NOT OLD."occurredAt"
  OR NEW."actorId" IS NOT OLD."actorId" OR NEW."actorLabel" IS NOT OLD."actorLabel"
  OR NEW."action" IS NOT OLD."action" OR NEW."entityType" IS NOT OLD."entityType"
  OR NEW."entityId" IS NOT OLD."entityId" OR NEW."before" IS NOT OLD."before"
  OR NEW."after" IS NOT OLD."after" OR NEW."ipAddress" IS NOT OLD."ipAddress"
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
