-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('queued', 'running', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "StepAgent" AS ENUM ('main', 'sub');

-- CreateEnum
CREATE TYPE "StepKind" AS ENUM ('think', 'action', 'observation');

-- CreateEnum
CREATE TYPE "ActionType" AS ENUM ('plan', 'read', 'write');

-- CreateTable
CREATE TABLE "SynthesisRun" (
    "id" UUID NOT NULL,
    "snapshotId" UUID NOT NULL,
    "provider" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "configHash" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "filesDone" INTEGER NOT NULL DEFAULT 0,
    "filesTotal" INTEGER NOT NULL DEFAULT 0,
    "jobId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "workerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SynthesisRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trajectory" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "complete" BOOLEAN NOT NULL DEFAULT false,
    "requirements" TEXT NOT NULL,
    "stepCount" INTEGER NOT NULL DEFAULT 0,
    "tokenCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Trajectory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlanEntry" (
    "id" UUID NOT NULL,
    "trajectoryId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "path" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "needs" TEXT NOT NULL,
    "keySymbols" TEXT[],

    CONSTRAINT "PlanEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Step" (
    "id" UUID NOT NULL,
    "trajectoryId" UUID NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "agent" "StepAgent" NOT NULL,
    "file" TEXT,
    "kind" "StepKind" NOT NULL,
    "actionType" "ActionType",
    "actionPath" TEXT,
    "content" TEXT NOT NULL,
    "actionContent" TEXT,
    "tokens" INTEGER NOT NULL,
    "lossMasked" BOOLEAN NOT NULL DEFAULT false,
    "draft" TEXT,

    CONSTRAINT "Step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LlmCall" (
    "id" UUID NOT NULL,
    "requestHash" TEXT NOT NULL,
    "provider" TEXT NOT NULL,
    "baseUrl" TEXT,
    "model" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "request" JSONB NOT NULL,
    "response" JSONB NOT NULL,
    "content" TEXT NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "latencyMs" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LlmCall_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SynthesisRun_snapshotId_configHash_idx" ON "SynthesisRun"("snapshotId", "configHash");

-- CreateIndex
CREATE INDEX "SynthesisRun_status_createdAt_idx" ON "SynthesisRun"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Trajectory_runId_key" ON "Trajectory"("runId");

-- CreateIndex
CREATE UNIQUE INDEX "PlanEntry_trajectoryId_ordinal_key" ON "PlanEntry"("trajectoryId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "Step_trajectoryId_ordinal_key" ON "Step"("trajectoryId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "LlmCall_requestHash_key" ON "LlmCall"("requestHash");

-- AddForeignKey
ALTER TABLE "SynthesisRun" ADD CONSTRAINT "SynthesisRun_snapshotId_fkey" FOREIGN KEY ("snapshotId") REFERENCES "Snapshot"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trajectory" ADD CONSTRAINT "Trajectory_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SynthesisRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlanEntry" ADD CONSTRAINT "PlanEntry_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Step" ADD CONSTRAINT "Step_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one active synthesis per (snapshot, configuration). Prisma's schema language has no
-- partial indexes, so this one is written by hand.
CREATE UNIQUE INDEX "SynthesisRun_one_active_per_config" ON "SynthesisRun"("snapshotId", "configHash") WHERE "status" IN ('queued', 'running');
