-- AlterTable
ALTER TABLE "Ticket" ADD COLUMN     "confirmationReminded" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "estimateExceeded" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "pausedMinutes" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "slaFired" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- AlterTable
ALTER TABLE "OutboundMessage" ADD COLUMN     "isGroup" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Notice" (
    "id" SERIAL NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "isGroup" BOOLEAN NOT NULL DEFAULT false,
    "text" TEXT NOT NULL,
    "ticketId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "flushedAt" TIMESTAMP(3),

    CONSTRAINT "Notice_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Notice_channel_chatId_flushedAt_idx" ON "Notice"("channel", "chatId", "flushedAt");
