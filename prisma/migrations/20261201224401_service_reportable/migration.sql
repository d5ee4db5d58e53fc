-- AlterTable
ALTER TABLE "Service" ADD COLUMN     "reportable" BOOLEAN NOT NULL DEFAULT true;
