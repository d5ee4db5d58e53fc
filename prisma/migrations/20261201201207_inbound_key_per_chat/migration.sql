-- DropIndex
DROP INDEX "InboundMessage_channel_externalId_key";

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_channel_chatId_externalId_key" ON "InboundMessage"("channel", "chatId", "externalId");
