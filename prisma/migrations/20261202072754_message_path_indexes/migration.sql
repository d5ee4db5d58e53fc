-- CreateIndex
CREATE INDEX "Ticket_serviceId_kind_status_id_idx" ON "Ticket"("serviceId", "kind", "status", "id");

-- CreateIndex
CREATE INDEX "Ticket_recordedById_idx" ON "Ticket"("recordedById");

-- CreateIndex
CREATE INDEX "OutboundMessage_channel_chatId_status_id_idx" ON "OutboundMessage"("channel", "chatId", "status", "id");
