-- A re-synthesis that produces the same trajectory as the repository's previous one is reported as identical.
ALTER TABLE "Trajectory" ADD COLUMN "contentHash" TEXT;
ALTER TABLE "Trajectory" ADD COLUMN "identicalToId" UUID;
