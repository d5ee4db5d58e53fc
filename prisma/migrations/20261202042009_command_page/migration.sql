-- CreateTable
CREATE TABLE "CommandPage" (
    "id" SERIAL NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "contactId" INTEGER NOT NULL,
    "command" TEXT NOT NULL,
    "args" TEXT NOT NULL,
    "page" INTEGER NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CommandPage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommandPage_channel_chatId_contactId_key" ON "CommandPage"("channel", "chatId", "contactId");
