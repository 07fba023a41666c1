-- CreateTable
CREATE TABLE "FeedbackLink" (
    "agreementId" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FeedbackLink_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeedbackRating" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agreementId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "locale" TEXT NOT NULL,
    "codeId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reply" TEXT,
    "repliedAt" DATETIME,
    "repliedById" TEXT,
    CONSTRAINT "FeedbackRating_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "FeedbackRating_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "FeedbackCode" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "FeedbackCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "agreementId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME,
    CONSTRAINT "FeedbackCode_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackLink_slug_key" ON "FeedbackLink"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackRating_codeId_key" ON "FeedbackRating"("codeId");

-- CreateIndex
CREATE INDEX "FeedbackRating_agreementId_createdAt_idx" ON "FeedbackRating"("agreementId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "FeedbackCode_code_key" ON "FeedbackCode"("code");

-- CreateIndex
CREATE INDEX "FeedbackCode_agreementId_batch_idx" ON "FeedbackCode"("agreementId", "batch");

