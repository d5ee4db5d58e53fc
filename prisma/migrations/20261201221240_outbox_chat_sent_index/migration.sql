-- CreateIndex
CREATE INDEX "OutboundMessage_channel_chatId_sentAt_idx" ON "OutboundMessage"("channel", "chatId", "sentAt");
