import type { PrismaClient } from '@prisma/client';
import { prismaCallRecorder } from '../../platform/llm/callRecorder';
import { llmConfigFromEnv } from '../../platform/llm/config';
import { createOpenAIClient } from '../../platform/llm/openaiClient';
import { buildOfflineScorer } from '../scoring/offlineScorer';
import { createOpenAIScorer, scoringConfigFromEnv } from '../scoring/openaiScorer';
import type { Scorer } from '../scoring/types';
import { createLlmProposer } from '../llmProposer';
import { createOfflineProposer } from '../offlineProposer';
import type { CandidateProposer } from '../types';
import type { RepoStructure } from '../../1-ingest/structure/extractStructure';
import type { SearchConfig } from './searchConfig';

export { OFFLINE_SCORER_MODEL, resolveSearchConfig, searchConfigHash, type SearchConfig, type SearchConfigInput } from './searchConfig';

/** The scorer of a configuration: offline (trained on the other stored repositories) or a server. */
export async function scorerFor(config: SearchConfig, context: { prisma: PrismaClient | null; structure: RepoStructure; repositoryId: string | null }, env: NodeJS.ProcessEnv = process.env): Promise<Scorer> {
  if (config.scorer.provider === 'offline') return buildOfflineScorer({ prisma: context.prisma, structure: context.structure, excludeRepositoryId: context.repositoryId });
  const { model, baseUrl, mode, tokenizer, contextTokens } = config.scorer;
  const c = scoringConfigFromEnv(env, { model, baseUrl: baseUrl ?? undefined, mode, tokenizer, contextTokens: contextTokens ?? undefined });
  return createOpenAIScorer(c, context.prisma ? prismaCallRecorder(context.prisma) : undefined);
}

export function proposerFor(config: SearchConfig, structure: RepoStructure, prisma: PrismaClient | null, env: NodeJS.ProcessEnv = process.env): CandidateProposer {
  if (config.proposer.provider === 'offline') return createOfflineProposer(structure);
  const c = llmConfigFromEnv(env, { model: config.proposer.model, baseUrl: config.proposer.baseUrl ?? undefined, contextTokens: config.proposer.contextTokens ?? undefined });
  return createLlmProposer(createOpenAIClient(c, prisma ? prismaCallRecorder(prisma) : undefined), { seed: config.settings.seed });
}
