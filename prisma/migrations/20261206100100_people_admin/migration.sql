-- Admins remove people and reset passwords. A removed person's row stays (their reviews and every
-- "requested by" keep their name); what admins did to accounts is recorded in PersonChange.
CREATE TYPE "PersonChangeKind" AS ENUM ('added', 'role_changed', 'password_reset', 'removed');

ALTER TABLE "User" ADD COLUMN "removedAt" TIMESTAMP(3),
ADD COLUMN "removedById" TEXT;

CREATE TABLE "PersonChange" (
    "id" UUID NOT NULL,
    "personId" TEXT NOT NULL,
    "kind" "PersonChangeKind" NOT NULL,
    "detail" TEXT,
    "changedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PersonChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "PersonChange_personId_createdAt_idx" ON "PersonChange"("personId", "createdAt");

CREATE INDEX "PersonChange_createdAt_idx" ON "PersonChange"("createdAt");

ALTER TABLE "PersonChange" ADD CONSTRAINT "PersonChange_personId_fkey" FOREIGN KEY ("personId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- The record of account changes is an audit trail, like reviews: never changed, never removed.
CREATE FUNCTION "retrace_person_change_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'PersonChange rows are append-only: they record what was done to accounts';
END
$$;
CREATE TRIGGER "PersonChange_append_only" BEFORE UPDATE OR DELETE ON "PersonChange" FOR EACH ROW EXECUTE FUNCTION "retrace_person_change_append_only"();
