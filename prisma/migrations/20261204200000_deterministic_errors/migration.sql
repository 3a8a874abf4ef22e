-- A job that failed with a deterministic error (it fails the same way on every attempt) is not retried;
-- the flag lets Retry say why it would fail again.
ALTER TABLE "ImportRun" ADD COLUMN "errorDeterministic" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "SynthesisRun" ADD COLUMN "errorDeterministic" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "SearchRun" ADD COLUMN "errorDeterministic" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "BulkReviewRun" ADD COLUMN "errorDeterministic" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ExportRun" ADD COLUMN "errorDeterministic" BOOLEAN NOT NULL DEFAULT false;
