-- CreateTable
CREATE TABLE "SearchRun" (
    "id" UUID NOT NULL,
    "trajectoryId" UUID NOT NULL,
    "config" JSONB NOT NULL,
    "configHash" TEXT NOT NULL,
    "scorerProvider" TEXT NOT NULL,
    "scorerModel" TEXT NOT NULL,
    "proposerProvider" TEXT NOT NULL,
    "proposerModel" TEXT NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "error" TEXT,
    "stepsDone" INTEGER NOT NULL DEFAULT 0,
    "stepsTotal" INTEGER NOT NULL DEFAULT 0,
    "scoredTokens" BIGINT NOT NULL DEFAULT 0,
    "budgetExhausted" BOOLEAN NOT NULL DEFAULT false,
    "meanNllBefore" DOUBLE PRECISION,
    "meanNllAfter" DOUBLE PRECISION,
    "jobId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "workerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SearchRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchStep" (
    "id" UUID NOT NULL,
    "searchRunId" UUID NOT NULL,
    "stepOrdinal" INTEGER NOT NULL,
    "file" TEXT NOT NULL,
    "nllBefore" DOUBLE PRECISION NOT NULL,
    "nllAfter" DOUBLE PRECISION NOT NULL,
    "finalText" TEXT NOT NULL,

    CONSTRAINT "SearchStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SearchCandidate" (
    "id" UUID NOT NULL,
    "searchStepId" UUID NOT NULL,
    "round" INTEGER NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "nll" DOUBLE PRECISION,
    "accepted" BOOLEAN NOT NULL,
    "rejectedBecause" TEXT,

    CONSTRAINT "SearchCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SearchRun_trajectoryId_createdAt_idx" ON "SearchRun"("trajectoryId", "createdAt");

-- CreateIndex
CREATE INDEX "SearchRun_status_createdAt_idx" ON "SearchRun"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SearchStep_searchRunId_stepOrdinal_key" ON "SearchStep"("searchRunId", "stepOrdinal");

-- CreateIndex
CREATE INDEX "SearchCandidate_searchStepId_idx" ON "SearchCandidate"("searchStepId");

-- AddForeignKey
ALTER TABLE "SearchRun" ADD CONSTRAINT "SearchRun_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SearchStep" ADD CONSTRAINT "SearchStep_searchRunId_fkey" FOREIGN KEY ("searchRunId") REFERENCES "SearchRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SearchCandidate" ADD CONSTRAINT "SearchCandidate_searchStepId_fkey" FOREIGN KEY ("searchStepId") REFERENCES "SearchStep"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one active search per (trajectory, configuration); written by hand (no partial indexes in Prisma's schema language).
CREATE UNIQUE INDEX "SearchRun_one_active_per_config" ON "SearchRun"("trajectoryId", "configHash") WHERE "status" IN ('queued', 'running');
