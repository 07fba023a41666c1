-- AlterTable
ALTER TABLE "Municipality" ADD COLUMN     "integrityExtremeSpreadPoints" INTEGER NOT NULL DEFAULT 40,
ADD COLUMN     "integrityLateAmendmentDays" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "integrityMinOpenDays" INTEGER NOT NULL DEFAULT 30,
ADD COLUMN     "integrityRepeatWins" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "integrityUniformScoresMinProposals" INTEGER NOT NULL DEFAULT 2;

