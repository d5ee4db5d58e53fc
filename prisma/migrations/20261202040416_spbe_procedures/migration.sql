-- CreateEnum
CREATE TYPE "ReportingMethod" AS ENUM ('WHATSAPP', 'TELEGRAM', 'SLACK', 'SIMULATOR', 'TELEPON', 'SURAT', 'EMAIL', 'DATANG_LANGSUNG');

-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- AlterEnum
ALTER TYPE "TicketStatus" ADD VALUE 'CONVERTED';

-- AlterEnum
ALTER TYPE "StaffRole" ADD VALUE 'PENGELOLA_LAYANAN';

-- AlterTable
ALTER TABLE "TeamGroup" ADD COLUMN     "helpdesk" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "category" TEXT,
ADD COLUMN     "clock24" BOOLEAN NOT NULL DEFAULT false,
ALTER COLUMN "availabilityTarget" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Contact" ADD COLUMN     "email" TEXT,
ADD COLUMN     "nip" TEXT,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "profileAskedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "provider" TEXT;

-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "approval" "ApprovalStatus",
ADD COLUMN     "approvalNote" TEXT,
ADD COLUMN     "atHelpdesk" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "classification" TEXT,
ADD COLUMN     "convertedFromId" INTEGER,
ADD COLUMN     "estimateRemindedAt" TIMESTAMP(3),
ADD COLUMN     "forwardedAt" TIMESTAMP(3),
ADD COLUMN     "recordedById" INTEGER,
ADD COLUMN     "reportingMethod" "ReportingMethod",
ADD COLUMN     "requesterName" TEXT,
ADD COLUMN     "requesterNip" TEXT,
ADD COLUMN     "requesterOpd" TEXT;

-- CreateTable
CREATE TABLE "EvaluationNote" (
    "id" SERIAL NOT NULL,
    "period" TEXT NOT NULL,
    "section" TEXT NOT NULL,
    "obstacles" TEXT NOT NULL DEFAULT '',
    "improvements" TEXT NOT NULL DEFAULT '',
    "followUp" TEXT NOT NULL DEFAULT '',
    "updatedBy" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EvaluationNote_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "EvaluationNote_period_section_key" ON "EvaluationNote"("period", "section");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_convertedFromId_key" ON "Ticket"("convertedFromId");

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_convertedFromId_fkey" FOREIGN KEY ("convertedFromId") REFERENCES "Ticket"("id") ON DELETE SET NULL ON UPDATE CASCADE;
