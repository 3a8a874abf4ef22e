-- Steps reference the snapshot's File they show whole instead of holding a copy of it (written by
-- hand: the DDL is what `prisma migrate diff` gives from the previous schema.prisma to this one).
--   a Write:                        "shownFileId" set, "actionContent" NULL ("content" stays "Write(PATH)");
--   a Read observation, whole file: "shownFileId" set, "content" NULL.
-- Truncated and reference observations, Thinks, the plan and every other text stay in the row.

-- AlterTable
ALTER TABLE "Step" ADD COLUMN     "shownFileId" UUID,
ALTER COLUMN "content" DROP NOT NULL;

-- CreateIndex
CREATE INDEX "Step_shownFileId_idx" ON "Step"("shownFileId");

-- AddForeignKey
ALTER TABLE "Step" ADD CONSTRAINT "Step_shownFileId_fkey" FOREIGN KEY ("shownFileId") REFERENCES "File"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing rows: a Write whose content is its snapshot's file at that path references the file.
UPDATE "Step" st
   SET "shownFileId" = f."id", "actionContent" = NULL
  FROM "Trajectory" t
  JOIN "SynthesisRun" r ON r."id" = t."runId"
  JOIN "File" f ON f."snapshotId" = r."snapshotId"
 WHERE st."trajectoryId" = t."id"
   AND st."kind" = 'action' AND st."actionType" = 'write'
   AND f."path" = st."actionPath"
   AND st."actionContent" = f."content";

-- Existing rows: an observation right after a Read whose text is the whole file read references it.
UPDATE "Step" st
   SET "shownFileId" = f."id", "content" = NULL
  FROM "Step" rd
  JOIN "Trajectory" t ON t."id" = rd."trajectoryId"
  JOIN "SynthesisRun" r ON r."id" = t."runId"
  JOIN "File" f ON f."snapshotId" = r."snapshotId"
 WHERE rd."trajectoryId" = st."trajectoryId" AND rd."ordinal" = st."ordinal" - 1
   AND rd."kind" = 'action' AND rd."actionType" = 'read'
   AND st."kind" = 'observation'
   AND f."path" = rd."actionPath"
   AND st."content" = f."content";

-- Every step has its text or its file; a write has its content or its file; a step that shows a
-- file holds no copy of it (not in Prisma's schema language: kept here only).
ALTER TABLE "Step" ADD CONSTRAINT "Step_text_or_file" CHECK ("content" IS NOT NULL OR "shownFileId" IS NOT NULL);
ALTER TABLE "Step" ADD CONSTRAINT "Step_write_text_or_file" CHECK ("actionType" IS DISTINCT FROM 'write' OR "actionContent" IS NOT NULL OR "shownFileId" IS NOT NULL);
ALTER TABLE "Step" ADD CONSTRAINT "Step_shows_file_once" CHECK ("shownFileId" IS NULL OR ("actionContent" IS NULL AND ("content" IS NULL) = ("kind" = 'observation')));
