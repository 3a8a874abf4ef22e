-- Reviewers can delete a repository; this record of it (name, what went with it, who, when) outlives it.
CREATE TABLE "RepositoryDeletion" (
    "id" UUID NOT NULL,
    "repositoryId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sourceKind" "SourceKind" NOT NULL,
    "snapshots" INTEGER NOT NULL,
    "synthesisRuns" INTEGER NOT NULL,
    "trajectories" INTEGER NOT NULL,
    "approved" INTEGER NOT NULL,
    "reviews" INTEGER NOT NULL,
    "searchRuns" INTEGER NOT NULL,
    "exportRunIds" UUID[],
    "deletedById" TEXT,
    "deletedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RepositoryDeletion_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "RepositoryDeletion_name_deletedAt_idx" ON "RepositoryDeletion"("name", "deletedAt");

CREATE INDEX "RepositoryDeletion_deletedAt_idx" ON "RepositoryDeletion"("deletedAt");

-- Reviews stay append-only. The one exception: deleting a repository removes the reviews of its own
-- trajectories, in the transaction that deletes it (lib/studio/deleteRepository.ts sets
-- retrace.deleting_repository to its id for that transaction only; their count is kept in RepositoryDeletion).
CREATE OR REPLACE FUNCTION "retrace_review_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND EXISTS (
       SELECT 1 FROM "Trajectory" t
         JOIN "SynthesisRun" r ON r."id" = t."runId"
         JOIN "Snapshot" s ON s."id" = r."snapshotId"
        WHERE t."id" = OLD."trajectoryId"
          AND s."repositoryId"::text = current_setting('retrace.deleting_repository', true)) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'Review rows are append-only: record a new decision instead of changing or deleting one';
END
$$;
