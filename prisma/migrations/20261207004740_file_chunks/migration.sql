-- CreateTable
CREATE TABLE "FileChunk" (
    "storageKey" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "data" BLOB NOT NULL,

    PRIMARY KEY ("storageKey", "position")
);

