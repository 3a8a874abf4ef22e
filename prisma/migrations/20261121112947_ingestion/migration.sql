-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('directory', 'git', 'archive');

-- CreateEnum
CREATE TYPE "SnapshotStatus" AS ENUM ('ingesting', 'ready', 'failed');

-- CreateEnum
CREATE TYPE "SymbolKind" AS ENUM ('class', 'interface', 'function', 'method', 'type', 'enum', 'constant');

-- CreateEnum
CREATE TYPE "EdgeKind" AS ENUM ('import', 'type_only');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('external', 'unresolved');

-- CreateTable
CREATE TABLE "Repository" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKind" "SourceKind" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Repository_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Snapshot" (
    "id" UUID NOT NULL,
    "repositoryId" UUID NOT NULL,
    "commitSha" TEXT,
    "contentHash" TEXT NOT NULL,
    "status" "SnapshotStatus" NOT NULL DEFAULT 'ingesting',
    "error" TEXT,
    "languages" TEXT[],
    "fileCount" INTEGER NOT NULL DEFAULT 0,
    "sourceFileCount" INTEGER NOT NULL DEFAULT 0,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "byteCount" BIGINT NOT NULL DEFAULT 0,
    "edgeCount" INTEGER NOT NULL DEFAULT 0,
    "cycleCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Snapshot_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "File" (
    "id" UUID NOT NULL,
    "snapshotId" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "language" TEXT,
    "bytes" INTEGER NOT NULL,
    "lines" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "syntaxErrors" INTEGER NOT NULL DEFAULT 0,
    "orderIndex" INTEGER,
    "component" INTEGER,
    "inCycle" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "File_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Symbol" (
    "id" UUID NOT NULL,
    "fileId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "kind" "SymbolKind" NOT NULL,
    "name" TEXT NOT NULL,
    "parent" TEXT,
    "signature" TEXT NOT NULL,
    "startLine" INTEGER NOT NULL,
    "endLine" INTEGER NOT NULL,
    "doc" TEXT,

    CONSTRAINT "Symbol_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Edge" (
    "id" UUID NOT NULL,
    "snapshotId" UUID NOT NULL,
    "fromId" UUID NOT NULL,
    "toId" UUID NOT NULL,
    "kind" "EdgeKind" NOT NULL,
    "specifier" TEXT NOT NULL,
    "line" INTEGER NOT NULL,

    CONSTRAINT "Edge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRef" (
    "id" UUID NOT NULL,
    "snapshotId" UUID NOT NULL,
    "fromId" UUID NOT NULL,
    "status" "ImportStatus" NOT NULL,
    "specifier" TEXT NOT NULL,
    "reason" TEXT,
    "line" INTEGER NOT NULL,

    CONSTRAINT "ImportRef_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SkippedFile" (
    "id" UUID NOT NULL,
    "snapshotId" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "SkippedFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Repository_name_key" ON "Repository"("name");

-- CreateIndex
CREATE INDEX "Snapshot_repositoryId_createdAt_idx" ON "Snapshot"("repositoryId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Snapshot_repositoryId_contentHash_key" ON "Snapshot"("repositoryId", "contentHash");

-- CreateIndex
CREATE INDEX "File_snapshotId_orderIndex_idx" ON "File"("snapshotId", "orderIndex");

-- CreateIndex
CREATE UNIQUE INDEX "File_snapshotId_path_key" ON "File"("snapshotId", "path");

-- CreateIndex
CREATE INDEX "Symbol_fileId_ordinal_idx" ON "Symbol"("fileId", "ordinal");

-- CreateIndex
CREATE INDEX "Edge_snapshotId_idx" ON "Edge"("snapshotId");

-- CreateIndex
CREATE INDEX "Edge_fromId_idx" ON "Edge"("fromId");

-- CreateIndex
CREATE INDEX "Edge_toId_idx" ON "Edge"("toId");

-- CreateIndex
CREATE INDEX "ImportRef_snapshotId_status_idx" ON "ImportRef"("snapshotId", "status");

-- CreateIndex
CREATE INDEX "SkippedFile_snapshotId_idx" ON "SkippedFile"("snapshotId");

-- AddForeignKey
ALTER TABLE "Snapshot" ADD CONSTRAINT "Snapshot_repositoryId_fkey" FOREIGN KEY ("repositoryId") REFERENCES "Repository"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "File" ADD CONSTRAINT "File_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Symbol" ADD CONSTRAINT "Symbol_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edge" ADD CONSTRAINT "Edge_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edge" ADD CONSTRAINT "Edge_fromId_fkey" FOREIGN KEY ("fromId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edge" ADD CONSTRAINT "Edge_toId_fkey" FOREIGN KEY ("toId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRef" ADD CONSTRAINT "ImportRef_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportRef" ADD CONSTRAINT "ImportRef_fromId_fkey" FOREIGN KEY ("fromId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SkippedFile" ADD CONSTRAINT "SkippedFile_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;
