-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Municipality" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'CITY',
    "nameKy" TEXT NOT NULL,
    "nameRu" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "ocidPrefix" TEXT NOT NULL DEFAULT '',
    "headNameKy" TEXT NOT NULL DEFAULT '',
    "headNameRu" TEXT NOT NULL DEFAULT '',
    "headNameEn" TEXT NOT NULL DEFAULT '',
    "headPositionKy" TEXT NOT NULL DEFAULT '',
    "headPositionRu" TEXT NOT NULL DEFAULT '',
    "headPositionEn" TEXT NOT NULL DEFAULT '',
    "contactEmail" TEXT NOT NULL DEFAULT '',
    "contactPhone" TEXT NOT NULL DEFAULT '',
    "fourEyesThreshold" BIGINT NOT NULL DEFAULT 0,
    "integrityMinOpenDays" INTEGER NOT NULL DEFAULT 30,
    "integrityLateAmendmentDays" INTEGER NOT NULL DEFAULT 7,
    "integrityRepeatWins" INTEGER NOT NULL DEFAULT 3,
    "integrityExtremeSpreadPoints" INTEGER NOT NULL DEFAULT 40,
    "integrityUniformScoresMinProposals" INTEGER NOT NULL DEFAULT 2,
    "logoId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Municipality_logoId_fkey" FOREIGN KEY ("logoId") REFERENCES "Attachment" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Municipality" ("address", "contactEmail", "contactPhone", "createdAt", "fourEyesThreshold", "headNameEn", "headNameKy", "headNameRu", "headPositionEn", "headPositionKy", "headPositionRu", "id", "kind", "logoId", "nameEn", "nameKy", "nameRu", "ocidPrefix", "region", "slug") SELECT "address", "contactEmail", "contactPhone", "createdAt", "fourEyesThreshold", "headNameEn", "headNameKy", "headNameRu", "headPositionEn", "headPositionKy", "headPositionRu", "id", "kind", "logoId", "nameEn", "nameKy", "nameRu", "ocidPrefix", "region", "slug" FROM "Municipality";
DROP TABLE "Municipality";
ALTER TABLE "new_Municipality" RENAME TO "Municipality";
CREATE UNIQUE INDEX "Municipality_slug_key" ON "Municipality"("slug");
CREATE UNIQUE INDEX "Municipality_logoId_key" ON "Municipality"("logoId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

