-- CreateTable
CREATE TABLE "RateLimitHit" (
    "limiter" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "at" BIGINT NOT NULL,

    PRIMARY KEY ("limiter", "key", "slot")
);

-- CreateIndex
CREATE INDEX "RateLimitHit_limiter_at_idx" ON "RateLimitHit"("limiter", "at");

