import type { PrismaClient } from '@prisma/client';
import { createLlmModel } from '../agents/llmModel';
import { createOfflineModel } from '../agents/offlineModel';
import { DEFAULT_READ_POLICY, type ReadPolicy } from '../agents/readPolicy';
import type { AgentModel } from '../agents/types';
import { prismaCallRecorder } from '../llm/callRecorder';
import { llmConfigFromEnv } from '../llm/config';
import { createOpenAIClient } from '../llm/openaiClient';
import type { SynthesisConfig } from './resolveConfig';

export { configHash, resolveConfig, type SynthesisConfig, type SynthesisConfigInput } from './resolveConfig';

/** The agent model for a configuration; LLM calls are recorded in (and replayed from) Postgres. */
export function agentModelFor(config: SynthesisConfig, prisma: PrismaClient | null, env: NodeJS.ProcessEnv = process.env): AgentModel {
  if (config.provider === 'offline') return createOfflineModel();
  const llm = llmConfigFromEnv(env, { model: config.model, baseUrl: config.baseUrl ?? undefined });
  const client = createOpenAIClient(llm, prisma ? prismaCallRecorder(prisma) : undefined);
  return createLlmModel(client, { seed: config.seed, temperature: config.temperature });
}

/** The read policy of a configuration; runs stored before the setting existed read every file in full. */
export function readPolicyFor(config: SynthesisConfig): ReadPolicy {
  return { ...DEFAULT_READ_POLICY, repeated: config.repeatedReads ?? 'full' };
}
