-- Decision 0064: events are inserted unsealed and chained after commit by the sealer.
-- Existing events were chained at write time: they are sealed at their own seq.
DROP TRIGGER IF EXISTS "AuditEvent_no_update_delete" ON "AuditEvent";
UPDATE "AuditEvent" SET "position" = "seq", "sealedAt" = "occurredAt";
-- The one change allowed: sealing an unsealed event once, without touching what it records.
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD."position" IS NULL AND NEW."position" IS NOT NULL AND NEW."sealedAt" IS NOT NULL
     AND OLD."hash" = '' AND OLD."prevHash" = ''
     AND (NEW."seq", NEW."occurredAt", NEW."actorId", NEW."actorLabel", NEW."action", NEW."entityType", NEW."entityId", NEW."before", NEW."after", NEW."ipAddress")
         IS NOT DISTINCT FROM
         (OLD."seq", OLD."occurredAt", OLD."actorId", OLD."actorLabel", OLD."action", OLD."entityType", OLD."entityId", OLD."before", OLD."after", OLD."ipAddress") THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit events are append-only';
END
$$;
CREATE TRIGGER "AuditEvent_no_update_delete" BEFORE UPDATE OR DELETE ON "AuditEvent"
FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
