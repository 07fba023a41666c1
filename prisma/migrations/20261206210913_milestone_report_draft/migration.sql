-- AlterTable
ALTER TABLE "MilestoneReport" ADD COLUMN "draftFields" JSONB;

