-- CreateTable
CREATE TABLE "CommissionInvitation" (
    "id" TEXT NOT NULL,
    "callId" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "role" "CommissionRole" NOT NULL,
    "affiliations" JSONB NOT NULL DEFAULT '[]',
    "locale" "Locale" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "acceptedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommissionInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommissionInvitation_tokenHash_key" ON "CommissionInvitation"("tokenHash");

-- CreateIndex
CREATE INDEX "CommissionInvitation_callId_email_idx" ON "CommissionInvitation"("callId", "email");

-- AddForeignKey
ALTER TABLE "CommissionInvitation" ADD CONSTRAINT "CommissionInvitation_callId_fkey" FOREIGN KEY ("callId") REFERENCES "Call"("id") ON DELETE CASCADE ON UPDATE CASCADE;

