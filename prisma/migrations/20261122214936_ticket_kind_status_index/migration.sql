-- CreateIndex
CREATE INDEX "Ticket_kind_status_idx" ON "Ticket"("kind", "status");
