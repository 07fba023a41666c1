-- AlterEnum
ALTER TYPE "UserStatus" ADD VALUE 'CLOSED';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "privacyConsentAt" TIMESTAMP(3),
ADD COLUMN     "privacyNoticeVersion" TEXT;

