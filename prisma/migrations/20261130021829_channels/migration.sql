-- AlterTable
ALTER TABLE "Notification" ADD COLUMN "template" TEXT;
ALTER TABLE "Notification" ADD COLUMN "toAddress" TEXT;

-- CreateTable
CREATE TABLE "ChannelInbound" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "ChannelContact" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'id',
    "optedOutAt" DATETIME,
    "lastInboundAt" DATETIME,
    "step" TEXT NOT NULL DEFAULT 'IDLE',
    "draft" TEXT NOT NULL DEFAULT '{}',
    "stepAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ChannelMedia" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "contactId" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChannelMedia_contactId_fkey" FOREIGN KEY ("contactId") REFERENCES "ChannelContact" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChannelComplaint" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "complaintId" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "lastEventId" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "ChannelInbound_processedAt_id_idx" ON "ChannelInbound"("processedAt", "id");

-- CreateIndex
CREATE INDEX "ChannelInbound_address_idx" ON "ChannelInbound"("address");

-- CreateIndex
CREATE INDEX "ChannelInbound_channel_receivedAt_idx" ON "ChannelInbound"("channel", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelInbound_channel_externalId_key" ON "ChannelInbound"("channel", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelContact_channel_address_key" ON "ChannelContact"("channel", "address");

-- CreateIndex
CREATE INDEX "ChannelMedia_contactId_idx" ON "ChannelMedia"("contactId");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelComplaint_complaintId_key" ON "ChannelComplaint"("complaintId");

-- CreateIndex
CREATE INDEX "ChannelComplaint_channel_address_createdAt_idx" ON "ChannelComplaint"("channel", "address", "createdAt");

