import { createHash } from 'node:crypto';
import type { PrismaClient } from '@prisma/client';
import { prismaCallRecorder } from '../llm/callRecorder';
import { llmConfigFromEnv } from '../llm/config';
import { createOpenAIClient } from '../llm/openaiClient';
import { buildOfflineScorer } from '../scoring/offlineScorer';
import { createOpenAIScorer, scoringConfigFromEnv } from '../scoring/openaiScorer';
import type { Scorer } from '../scoring/types';
import { createLlmProposer } from '../search/llmProposer';
import { createOfflineProposer } from '../search/offlineProposer';
import type { CandidateProposer, SearchSettings } from '../search/types';
import type { RepoStructure } from '../structure/extractStructure';

/** Everything that changes a search's output; stored on the run, equal configs hash equally. */
export interface SearchConfig {
  scorer: { provider: 'offline' | 'openai'; model: string; baseUrl: string | null };
  proposer: { provider: 'offline' | 'openai'; model: string; baseUrl: string | null };
  settings: Pick<SearchSettings, 'candidates' | 'rounds' | 'stopBelowNll' | 'scoredTokenBudget' | 'logprobFloor' | 'leakRunTokens' | 'seed'>;
}

export interface SearchConfigInput {
  scorer?: string;
  scorerModel?: string;
  scorerBaseUrl?: string;
  proposer?: string;
  candidates?: number;
  rounds?: number;
  seed?: number;
}

export const OFFLINE_SCORER_MODEL = 'offline-ngram-kn4-cache';
const OFFLINE_PROPOSER_MODEL = 'offline-structural-v1';

export function resolveSearchConfig(input: SearchConfigInput = {}, env: NodeJS.ProcessEnv = process.env): SearchConfig {
  const scorerProvider = input.scorer ?? (env.RETRACE_SCORER_BASE_URL ? 'openai' : 'offline');
  const proposerProvider = input.proposer ?? (env.RETRACE_LLM_BASE_URL || env.RETRACE_LLM_MODEL ? 'openai' : 'offline');
  for (const [what, p] of [['scorer', scorerProvider], ['proposer', proposerProvider]]) {
    if (p !== 'offline' && p !== 'openai') throw new Error(`Unknown ${what} "${p}": use offline or openai.`);
  }
  let scorer: SearchConfig['scorer'] = { provider: 'offline', model: OFFLINE_SCORER_MODEL, baseUrl: null };
  if (scorerProvider === 'openai') {
    const c = scoringConfigFromEnv(env, { model: input.scorerModel, baseUrl: input.scorerBaseUrl });
    scorer = { provider: 'openai', model: c.model, baseUrl: c.baseUrl };
  }
  let proposer: SearchConfig['proposer'] = { provider: 'offline', model: OFFLINE_PROPOSER_MODEL, baseUrl: null };
  if (proposerProvider === 'openai') {
    const c = llmConfigFromEnv(env);
    proposer = { provider: 'openai', model: c.model, baseUrl: c.baseUrl };
  }
  const positive = (n: number | undefined, name: string, fallback: number) => {
    if (n === undefined) return fallback;
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, not ${n}.`);
    return n;
  };
  return {
    scorer,
    proposer,
    settings: {
      candidates: positive(input.candidates, 'candidates', 2),
      rounds: positive(input.rounds, 'rounds', 3),
      stopBelowNll: 0,
      scoredTokenBudget: 50_000_000,
      logprobFloor: -2,
      leakRunTokens: 12,
      seed: input.seed ?? 0,
    },
  };
}

export function searchConfigHash(config: SearchConfig): string {
  return createHash('sha256').update(JSON.stringify(config)).digest('hex');
}

/** The scorer of a configuration: offline (trained on the other stored repositories) or a server. */
export async function scorerFor(config: SearchConfig, context: { prisma: PrismaClient | null; structure: RepoStructure; repositoryId: string | null }, env: NodeJS.ProcessEnv = process.env): Promise<Scorer> {
  if (config.scorer.provider === 'offline') return buildOfflineScorer({ prisma: context.prisma, structure: context.structure, excludeRepositoryId: context.repositoryId });
  const c = scoringConfigFromEnv(env, { model: config.scorer.model, baseUrl: config.scorer.baseUrl ?? undefined });
  return createOpenAIScorer(c, context.prisma ? prismaCallRecorder(context.prisma) : undefined);
}

export function proposerFor(config: SearchConfig, structure: RepoStructure, prisma: PrismaClient | null, env: NodeJS.ProcessEnv = process.env): CandidateProposer {
  if (config.proposer.provider === 'offline') return createOfflineProposer(structure);
  const c = llmConfigFromEnv(env, { model: config.proposer.model, baseUrl: config.proposer.baseUrl ?? undefined });
  return createLlmProposer(createOpenAIClient(c, prisma ? prismaCallRecorder(prisma) : undefined), { seed: config.settings.seed });
}
