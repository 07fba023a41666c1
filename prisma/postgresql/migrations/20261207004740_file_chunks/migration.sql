-- CreateTable
CREATE TABLE "FileChunk" (
    "storageKey" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "FileChunk_pkey" PRIMARY KEY ("storageKey","position")
);

