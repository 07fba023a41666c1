-- AlterEnum
ALTER TYPE "MatchStatus" ADD VALUE 'AWAITING_SECOND';

-- AlterTable
ALTER TABLE "Municipality" ADD COLUMN     "fourEyesThreshold" BIGINT NOT NULL DEFAULT 0;

