-- CreateEnum
CREATE TYPE "EligibilityEnforcement" AS ENUM ('REFUSE', 'WARN');

-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "eligibilityEnforcement" "EligibilityEnforcement" NOT NULL DEFAULT 'WARN';

