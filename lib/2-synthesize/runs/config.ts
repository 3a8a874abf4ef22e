import type { PrismaClient } from '@prisma/client';
import { createLlmModel } from '../llmModel';
import { createOfflineModel } from '../offlineModel';
import { DEFAULT_READ_POLICY, type ReadPolicy } from '../readPolicy';
import type { AgentModel } from '../types';
import { prismaCallRecorder } from '../../platform/llm/callRecorder';
import { llmConfigFromEnv } from '../../platform/llm/config';
import { createOpenAIClient } from '../../platform/llm/openaiClient';
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
