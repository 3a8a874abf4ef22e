-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('pending', 'approved', 'rejected', 'needs_resynthesis');

-- CreateEnum
CREATE TYPE "RejectReason" AS ENUM ('hallucinated_plan', 'incoherent_reasoning', 'target_leakage', 'low_quality_repository', 'licence', 'duplicate', 'other');

-- AlterTable
ALTER TABLE "SynthesisRun" ADD COLUMN     "requestedById" TEXT;

-- AlterTable
ALTER TABLE "Trajectory" ADD COLUMN     "nllAfter" DOUBLE PRECISION,
ADD COLUMN     "nllBefore" DOUBLE PRECISION,
ADD COLUMN     "repositoryId" UUID,
ADD COLUMN     "reviewState" "ReviewState" NOT NULL DEFAULT 'pending',
ADD COLUMN     "reviewVersion" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reviewedAt" TIMESTAMP(3),
ADD COLUMN     "reviewedById" TEXT,
ADD COLUMN     "supersededById" UUID;

-- AlterTable
ALTER TABLE "ImportRun" ADD COLUMN     "requestedById" TEXT;

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "emailVerified" BOOLEAN NOT NULL DEFAULT false,
    "image" TEXT,
    "role" TEXT NOT NULL DEFAULT 'viewer',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "ipAddress" TEXT,
    "userAgent" TEXT,
    "userId" TEXT NOT NULL,

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Account" (
    "id" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "providerId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "accessToken" TEXT,
    "refreshToken" TEXT,
    "idToken" TEXT,
    "accessTokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "scope" TEXT,
    "password" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Verification" (
    "id" TEXT NOT NULL,
    "identifier" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Verification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RateLimit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "lastRequest" BIGINT NOT NULL,

    CONSTRAINT "RateLimit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" UUID NOT NULL,
    "trajectoryId" UUID NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" "ReviewState" NOT NULL,
    "reason" "RejectReason",
    "note" TEXT,
    "previousState" "ReviewState" NOT NULL,
    "version" INTEGER NOT NULL,
    "bulkRunId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkReviewRun" (
    "id" UUID NOT NULL,
    "requestedById" TEXT NOT NULL,
    "selection" JSONB NOT NULL,
    "decision" "ReviewState" NOT NULL,
    "reason" "RejectReason",
    "note" TEXT,
    "status" "RunStatus" NOT NULL DEFAULT 'queued',
    "done" INTEGER NOT NULL DEFAULT 0,
    "total" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "jobId" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "heartbeatAt" TIMESTAMP(3),
    "workerId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "BulkReviewRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Session_token_key" ON "Session"("token");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Account_userId_idx" ON "Account"("userId");

-- CreateIndex
CREATE INDEX "Verification_identifier_idx" ON "Verification"("identifier");

-- CreateIndex
CREATE UNIQUE INDEX "RateLimit_key_key" ON "RateLimit"("key");

-- CreateIndex
CREATE INDEX "Review_reviewerId_createdAt_idx" ON "Review"("reviewerId", "createdAt");

-- CreateIndex
CREATE INDEX "Review_createdAt_idx" ON "Review"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Review_trajectoryId_version_key" ON "Review"("trajectoryId", "version");

-- CreateIndex
CREATE INDEX "BulkReviewRun_status_createdAt_idx" ON "BulkReviewRun"("status", "createdAt");

-- CreateIndex
CREATE INDEX "Trajectory_reviewState_createdAt_idx" ON "Trajectory"("reviewState", "createdAt");

-- CreateIndex
CREATE INDEX "Trajectory_repositoryId_createdAt_idx" ON "Trajectory"("repositoryId", "createdAt");

-- CreateIndex
CREATE INDEX "Trajectory_supersededById_idx" ON "Trajectory"("supersededById");

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Account" ADD CONSTRAINT "Account_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_trajectoryId_fkey" FOREIGN KEY ("trajectoryId") REFERENCES "Trajectory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Reviews are an audit trail: never changed, never removed.
CREATE FUNCTION "retrace_review_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'Review rows are append-only: record a new decision instead of changing or deleting one';
END
$$;
CREATE TRIGGER "Review_append_only" BEFORE UPDATE OR DELETE ON "Review" FOR EACH ROW EXECUTE FUNCTION "retrace_review_append_only"();

-- Backfill the denormalized review columns of existing trajectories.
UPDATE "Trajectory" t SET "repositoryId" = s."repositoryId"
  FROM "SynthesisRun" r JOIN "Snapshot" s ON s."id" = r."snapshotId"
 WHERE r."id" = t."runId";
UPDATE "Trajectory" t SET "nllBefore" = x."meanNllBefore", "nllAfter" = x."meanNllAfter"
  FROM (SELECT DISTINCT ON ("trajectoryId") "trajectoryId", "meanNllBefore", "meanNllAfter"
          FROM "SearchRun" WHERE "status" = 'succeeded' ORDER BY "trajectoryId", "createdAt" DESC) x
 WHERE x."trajectoryId" = t."id";
UPDATE "Trajectory" t SET "supersededById" = n."id"
  FROM (SELECT DISTINCT ON ("repositoryId") "id", "repositoryId" FROM "Trajectory"
         WHERE "complete" ORDER BY "repositoryId", "createdAt" DESC, "id" DESC) n
 WHERE t."repositoryId" = n."repositoryId" AND t."id" <> n."id" AND t."complete";
