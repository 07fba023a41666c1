-- CreateTable
CREATE TABLE "FeedbackLink" (
    "agreementId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FeedbackLink_pkey" PRIMARY KEY ("agreementId")
);

-- CreateTable
CREATE TABLE "FeedbackRating" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "locale" "Locale" NOT NULL,
    "codeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reply" TEXT,
    "repliedAt" TIMESTAMP(3),
    "repliedById" TEXT,

    CONSTRAINT "FeedbackRating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FeedbackCode" (
    "id" TEXT NOT NULL,
    "agreementId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" TIMESTAMP(3),

    CONSTRAINT "FeedbackCode_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "FeedbackLink" ADD CONSTRAINT "FeedbackLink_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRating" ADD CONSTRAINT "FeedbackRating_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackRating" ADD CONSTRAINT "FeedbackRating_codeId_fkey" FOREIGN KEY ("codeId") REFERENCES "FeedbackCode"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FeedbackCode" ADD CONSTRAINT "FeedbackCode_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

