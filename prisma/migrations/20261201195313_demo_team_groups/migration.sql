-- AlterTable
ALTER TABLE "TeamGroup" ADD COLUMN     "demo" BOOLEAN NOT NULL DEFAULT false;

-- Groups the demo set up before this column existed.
UPDATE "TeamGroup" SET "demo" = true WHERE "channel" = 'simulator' AND "chatId" LIKE 'pt-%';
