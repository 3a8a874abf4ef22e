-- An import of content another repository already holds says so.
ALTER TABLE "ImportRun" ADD COLUMN "duplicateOf" TEXT;
