-- What the synthesis repaired in a model's plan (lib/agents/planValidation.ts PlanRepair), for the summary header.
ALTER TABLE "Trajectory" ADD COLUMN "planRepair" JSONB;
