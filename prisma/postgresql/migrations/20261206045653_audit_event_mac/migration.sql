-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "mac" TEXT NOT NULL DEFAULT '';

