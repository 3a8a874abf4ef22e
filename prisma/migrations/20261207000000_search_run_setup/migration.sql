-- What a search run found and used: its proposer, its scorer (mode, alignment, tokenizer, context) and every fallback taken.
ALTER TABLE "SearchRun" ADD COLUMN "setup" JSONB;
