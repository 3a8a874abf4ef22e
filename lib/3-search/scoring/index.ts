/** Scoring: per-token log-probabilities of a target given a prefix, from a server or the offline n-gram model. */
export type { Scorer, TargetScores } from './types';
export { DEFAULT_LOGPROB_FLOOR, meanNll, perplexity } from './types';
export { codeTokens, codeTokenSpans, forEachCodeToken, isWordToken } from './codeTokens';
export type { CodeTokenSpan } from './codeTokens';
export { createNgramScorer, knDiscounts, NGRAM_DEFAULTS } from './ngramScorer';
export type { NgramScorer, NgramScorerOptions, NgramTrainingInfo } from './ngramScorer';
export { buildOfflineScorer, otherRepositoriesCorpus, sameRepositoryCorpus } from './offlineScorer';
export type { BuildOfflineScorerOptions, OfflineCorpus, OfflineCorpusInfo, OfflineCorpusSource, OfflineScorer } from './offlineScorer';
export { createOpenAIScorer, SCORE_PURPOSE, scoringRequestBody, scoringRequestHash, sglangRequestBody } from './openaiScorer';
export type { OpenAIScorer, ScorerAlignment } from './openaiScorer';
export { describeScoringConfig, SCORER_CLI_OPTIONS, scorerOverridesFromCli, SCORING_MODES, scoringConfigFromEnv, scoringServerConfigured } from './scoringConfig';
export type { ScoringConfig, ScoringConfigOverrides, ScoringMode, ScoringTokenizerSetting } from './scoringConfig';
export { ECHO_UNSUPPORTED, PROMPT_LOGPROBS_UNSUPPORTED, ScoringAlignmentError, ScoringUnsupportedError, targetFromEcho, targetFromPromptLogprobs } from './completionLogprobs';
export { SGLANG_UNSUPPORTED, targetFromEchoIds, targetFromPromptLogprobsIds, targetFromSglang, targetStartToken } from './tokenLogprobs';
export { fileTokenizer, serverRoot } from './promptTokenizer';
export type { PromptTokenizer } from './promptTokenizer';
export type { ExtractedTarget } from './completionLogprobs';
