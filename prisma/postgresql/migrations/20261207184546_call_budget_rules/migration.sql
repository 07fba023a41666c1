-- AlterTable
ALTER TABLE "Call" ADD COLUMN     "budgetRules" JSONB NOT NULL DEFAULT '[]';

