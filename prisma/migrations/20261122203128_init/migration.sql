-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "ChannelName" AS ENUM ('whatsapp', 'telegram', 'slack', 'simulator');

-- CreateEnum
CREATE TYPE "SystemClass" AS ENUM ('KRITIS', 'ESENSIAL', 'NORMAL');

-- CreateEnum
CREATE TYPE "ServiceNature" AS ENUM ('PUBLIK', 'ADMINISTRASI');

-- CreateEnum
CREATE TYPE "TicketKind" AS ENUM ('REQUEST', 'INCIDENT');

-- CreateEnum
CREATE TYPE "TicketStatus" AS ENUM ('OPEN', 'ASSIGNED', 'IN_PROGRESS', 'WAITING_REPORTER', 'RESOLVED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "Impact" AS ENUM ('MAJOR', 'MINOR');

-- CreateEnum
CREATE TYPE "Priority" AS ENUM ('P1', 'P2', 'P3', 'P4', 'P5', 'P6');

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('PENGELOLA_TEKNIS', 'KOORDINATOR', 'PENYEDIA', 'ADMIN');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('PENDING', 'SENT', 'FAILED');

-- CreateTable
CREATE TABLE "ServiceGroup" (
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "examples" TEXT NOT NULL DEFAULT '',
    "fulfilmentValue" INTEGER NOT NULL,
    "fulfilmentUnit" TEXT NOT NULL,

    CONSTRAINT "ServiceGroup_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "TeamGroup" (
    "id" SERIAL NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamGroup_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Service" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "requestable" BOOLEAN NOT NULL,
    "groupCode" TEXT,
    "classification" "SystemClass" NOT NULL,
    "nature" "ServiceNature" NOT NULL,
    "providerName" TEXT NOT NULL,
    "managerName" TEXT NOT NULL,
    "technicalTeamName" TEXT NOT NULL,
    "accessInfo" TEXT NOT NULL,
    "availabilityTarget" TEXT NOT NULL,
    "helpContact" TEXT NOT NULL,
    "helpHours" TEXT NOT NULL,
    "fulfilmentValue" INTEGER,
    "fulfilmentUnit" TEXT,
    "approvalRequired" BOOLEAN NOT NULL DEFAULT false,
    "availability" TEXT NOT NULL,
    "teamGroupId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contact" (
    "id" SERIAL NOT NULL,
    "name" TEXT,
    "opd" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Contact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContactIdentity" (
    "id" SERIAL NOT NULL,
    "contactId" INTEGER NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,

    CONSTRAINT "ContactIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Staff" (
    "id" SERIAL NOT NULL,
    "contactId" INTEGER NOT NULL,
    "role" "StaffRole" NOT NULL,
    "teamGroupId" INTEGER,
    "approvedAt" TIMESTAMP(3),
    "approvedBy" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Ticket" (
    "id" SERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "kind" "TicketKind" NOT NULL,
    "status" "TicketStatus" NOT NULL DEFAULT 'OPEN',
    "serviceId" INTEGER NOT NULL,
    "reporterId" INTEGER NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" TEXT,
    "since" TEXT,
    "configurationItem" TEXT,
    "urgency" TEXT,
    "impact" "Impact",
    "priority" "Priority",
    "approvalRequired" BOOLEAN NOT NULL DEFAULT false,
    "approvedAt" TIMESTAMP(3),
    "approvedBy" TEXT,
    "assigneeId" INTEGER,
    "responseDueAt" TIMESTAMP(3),
    "resolutionDueAt" TIMESTAMP(3),
    "firstResponseAt" TIMESTAMP(3),
    "estimateDueAt" TIMESTAMP(3),
    "pausedAt" TIMESTAMP(3),
    "cause" TEXT,
    "resolution" TEXT,
    "resolvedAt" TIMESTAMP(3),
    "confirmationDueAt" TIMESTAMP(3),
    "reporterConfirmedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closedWithoutConfirm" BOOLEAN NOT NULL DEFAULT false,
    "cancelledAt" TIMESTAMP(3),
    "responseMet" BOOLEAN,
    "resolutionMet" BOOLEAN,
    "rating" INTEGER,
    "feedback" TEXT,
    "attachments" JSONB NOT NULL DEFAULT '[]',
    "humanRequested" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Ticket_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketFollower" (
    "id" SERIAL NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "contactId" INTEGER NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TicketFollower_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TicketCounter" (
    "kind" "TicketKind" NOT NULL,
    "year" INTEGER NOT NULL,
    "last" INTEGER NOT NULL,

    CONSTRAINT "TicketCounter_pkey" PRIMARY KEY ("kind","year")
);

-- CreateTable
CREATE TABLE "TicketEvent" (
    "id" SERIAL NOT NULL,
    "ticketId" INTEGER NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "type" TEXT NOT NULL,
    "actor" TEXT NOT NULL,
    "channel" "ChannelName",
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "TicketEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" SERIAL NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "contactId" INTEGER,
    "state" JSONB NOT NULL DEFAULT '{}',
    "lastActivityAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundMessage" (
    "id" SERIAL NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "externalId" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "fromId" TEXT NOT NULL,
    "fromName" TEXT,
    "isGroup" BOOLEAN NOT NULL DEFAULT false,
    "text" TEXT NOT NULL,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "InboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboundMessage" (
    "id" SERIAL NOT NULL,
    "channel" "ChannelName" NOT NULL,
    "chatId" TEXT NOT NULL,
    "threadId" TEXT,
    "text" TEXT NOT NULL,
    "choices" JSONB,
    "status" "OutboxStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "externalId" TEXT,
    "ticketId" INTEGER,
    "inboundId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "OutboundMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimulatorMessage" (
    "id" SERIAL NOT NULL,
    "chatId" TEXT NOT NULL,
    "isGroup" BOOLEAN NOT NULL DEFAULT false,
    "direction" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "fromId" TEXT,
    "fromName" TEXT,
    "text" TEXT NOT NULL,
    "choices" JSONB,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SimulatorMessage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TeamGroup_channel_chatId_key" ON "TeamGroup"("channel", "chatId");

-- CreateIndex
CREATE UNIQUE INDEX "Service_code_key" ON "Service"("code");

-- CreateIndex
CREATE INDEX "ContactIdentity_contactId_idx" ON "ContactIdentity"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ContactIdentity_channel_externalId_key" ON "ContactIdentity"("channel", "externalId");

-- CreateIndex
CREATE INDEX "Staff_contactId_idx" ON "Staff"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "Ticket_code_key" ON "Ticket"("code");

-- CreateIndex
CREATE INDEX "Ticket_status_idx" ON "Ticket"("status");

-- CreateIndex
CREATE INDEX "Ticket_serviceId_status_idx" ON "Ticket"("serviceId", "status");

-- CreateIndex
CREATE INDEX "Ticket_reporterId_idx" ON "Ticket"("reporterId");

-- CreateIndex
CREATE INDEX "TicketFollower_contactId_idx" ON "TicketFollower"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "TicketFollower_ticketId_contactId_key" ON "TicketFollower"("ticketId", "contactId");

-- CreateIndex
CREATE INDEX "TicketEvent_ticketId_at_idx" ON "TicketEvent"("ticketId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_channel_chatId_key" ON "Conversation"("channel", "chatId");

-- CreateIndex
CREATE INDEX "InboundMessage_processedAt_idx" ON "InboundMessage"("processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundMessage_channel_externalId_key" ON "InboundMessage"("channel", "externalId");

-- CreateIndex
CREATE INDEX "OutboundMessage_status_idx" ON "OutboundMessage"("status");

-- CreateIndex
CREATE INDEX "OutboundMessage_ticketId_idx" ON "OutboundMessage"("ticketId");

-- CreateIndex
CREATE UNIQUE INDEX "SimulatorMessage_externalId_key" ON "SimulatorMessage"("externalId");

-- CreateIndex
CREATE INDEX "SimulatorMessage_chatId_id_idx" ON "SimulatorMessage"("chatId", "id");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_groupCode_fkey" FOREIGN KEY ("groupCode") REFERENCES "ServiceGroup"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_teamGroupId_fkey" FOREIGN KEY ("teamGroupId") REFERENCES "TeamGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContactIdentity" ADD CONSTRAINT "ContactIdentity_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Staff" ADD CONSTRAINT "Staff_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "Contact"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Staff" ADD CONSTRAINT "Staff_teamGroupId_fkey" FOREIGN KEY ("teamGroupId") REFERENCES "TeamGroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_serviceId_fkey" FOREIGN KEY ("serviceId") REFERENCES "Service"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_reporterId_fkey" FOREIGN KEY ("reporterId") REFERENCES "Contact"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Ticket" ADD CONSTRAINT "Ticket_assigneeId_fkey" FOREIGN KEY ("assigneeId") REFERENCES "Staff"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketFollower" ADD CONSTRAINT "TicketFollower_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TicketEvent" ADD CONSTRAINT "TicketEvent_ticketId_fkey" FOREIGN KEY ("ticketId") REFERENCES "Ticket"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The audit trail is append-only: refuse UPDATE and DELETE of ticket events.
CREATE FUNCTION "ticket_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'TicketEvent is append-only (% refused)', TG_OP;
END;
$$;

CREATE TRIGGER "TicketEvent_append_only"
  BEFORE UPDATE OR DELETE ON "TicketEvent"
  FOR EACH ROW EXECUTE FUNCTION "ticket_event_append_only"();
