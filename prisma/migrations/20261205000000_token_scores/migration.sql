-- Per-token log-probabilities of a searched step's target, before and after (lib/search/tokenScores.ts).
ALTER TABLE "SearchStep" ADD COLUMN "tokenScores" BYTEA;
