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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Municipality" ("address", "createdAt", "headNameEn", "headNameKy", "headNameRu", "id", "nameEn", "nameKy", "nameRu", "region", "slug") SELECT "address", "createdAt", "headNameEn", "headNameKy", "headNameRu", "id", "nameEn", "nameKy", "nameRu", "region", "slug" FROM "Municipality";
DROP TABLE "Municipality";
ALTER TABLE "new_Municipality" RENAME TO "Municipality";
CREATE UNIQUE INDEX "Municipality_slug_key" ON "Municipality"("slug");
CREATE TABLE "new_User" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "email" TEXT NOT NULL,
    "phone" TEXT,
    "fullName" TEXT NOT NULL,
    "passwordHash" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'ky',
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "emailConfirmedAt" DATETIME,
    "platformAdmin" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);
INSERT INTO "new_User" ("createdAt", "email", "emailConfirmedAt", "fullName", "id", "locale", "passwordHash", "phone", "status", "updatedAt") SELECT "createdAt", "email", "emailConfirmedAt", "fullName", "id", "locale", "passwordHash", "phone", "status", "updatedAt" FROM "User";
DROP TABLE "User";
ALTER TABLE "new_User" RENAME TO "User";
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


-- A deployment that ran before municipalities could be added had one municipality:
-- its administrators become the platform administrators who may add the next ones.
UPDATE "User" SET "platformAdmin" = true WHERE "id" IN (SELECT "userId" FROM "RoleAssignment" WHERE "role" = 'ADMIN');
