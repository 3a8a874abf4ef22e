-- Go and Java files of one package use each other without imports: those uses are edges of their own kind.
-- AlterEnum
ALTER TYPE "EdgeKind" ADD VALUE 'same_package';
