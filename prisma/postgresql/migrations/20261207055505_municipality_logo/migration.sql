-- AlterTable
ALTER TABLE "Municipality" ADD COLUMN     "logoId" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Municipality_logoId_key" ON "Municipality"("logoId");

-- AddForeignKey
ALTER TABLE "Municipality" ADD CONSTRAINT "Municipality_logoId_fkey" FOREIGN KEY ("logoId") REFERENCES "Attachment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

