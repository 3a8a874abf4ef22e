-- An export's files can be deleted from the studio; the run stays as a record of what was exported.
ALTER TABLE "ExportRun" ADD COLUMN "filesDeletedAt" TIMESTAMP(3),
ADD COLUMN "filesDeletedById" TEXT;
