-- CreateEnum
CREATE TYPE "MunicipalityKind" AS ENUM ('CITY', 'DISTRICT', 'AYIL_OKMOTU');

-- AlterTable
ALTER TABLE "Municipality" ADD COLUMN     "contactEmail" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "contactPhone" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "headPositionEn" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "headPositionKy" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "headPositionRu" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "kind" "MunicipalityKind" NOT NULL DEFAULT 'CITY',
ADD COLUMN     "ocidPrefix" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "platformAdmin" BOOLEAN NOT NULL DEFAULT false;


-- A deployment that ran before municipalities could be added had one municipality:
-- its administrators become the platform administrators who may add the next ones.
UPDATE "User" SET "platformAdmin" = true WHERE "id" IN (SELECT "userId" FROM "RoleAssignment" WHERE "role" = 'ADMIN');
