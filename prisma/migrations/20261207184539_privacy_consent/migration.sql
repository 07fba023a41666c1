-- AlterTable
ALTER TABLE "User" ADD COLUMN "privacyConsentAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "privacyNoticeVersion" TEXT;

