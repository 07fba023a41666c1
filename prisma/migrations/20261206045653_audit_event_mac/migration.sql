-- Written by hand instead of Prisma's table redefinition: dropping and recreating
-- "AuditEvent" would also drop its append-only triggers (prisma/custom-sql/init.sqlite.sql).
-- ADD COLUMN leaves the table, its rows and its triggers as they are.
ALTER TABLE "AuditEvent" ADD COLUMN "mac" TEXT NOT NULL DEFAULT '';
