import type { PrismaClient } from '@prisma/client';
import type PgBoss from 'pg-boss';
import { isRepositoryName } from '../1-ingest/repositoryName';
import type { SynthesisConfig } from '../2-synthesize/runs/resolveConfig';
import { resolveSynthesisConfig, type SearchConfig } from '../3-search/runs/searchConfig';
import { requestSynthesis } from '../2-synthesize/runs/requestSynthesis';
import { RequestError } from '../platform/http/requestError';

/** A re-synthesis request the studio refused before queueing anything; the message says what to fix. */
export class ResynthesisRequestError extends RequestError {}

/** The form's settings, as the browser sends them. */
export interface ResynthesisSettings {
  provider?: unknown;
  model?: unknown;
  search?: unknown;
  scorer?: unknown;
  scorerModel?: unknown;
  rounds?: unknown;
  candidates?: unknown;
  seed?: unknown;
  repeatedReads?: unknown;
}

/** Per repository: the queued run, or why it was not queued. */
export type ResynthesisResult = { repository: string; runId: string; status: 'queued' } | { repository: string; error: string };

export const MAX_REPOSITORIES = 200;
const LIMITS = { rounds: 20, candidates: 16, seed: 2 ** 31 - 1 } as const;

function wholeNumber(value: unknown, name: keyof typeof LIMITS, min: number): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > LIMITS[name]) {
    throw new ResynthesisRequestError(`${name} must be a whole number from ${min} to ${LIMITS[name]} (got ${JSON.stringify(value)?.slice(0, 40)}).`);
  }
  return n;
}

function choice(value: unknown, name: string): 'offline' | 'openai' | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (value === 'offline' || value === 'openai') return value;
  throw new ResynthesisRequestError(`${name} must be "offline" or "openai" (got ${JSON.stringify(value)?.slice(0, 40)}).`);
}

function text(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > 300 || value.includes('\0')) throw new ResynthesisRequestError(`${name} must be a model name of at most 300 characters.`);
  return value.trim() || undefined;
}

/**
 * The synthesis configuration for the form's settings, built by the same resolvers as the CLI
 * (base URLs and keys come from the studio's environment, never from the browser). With openai,
 * the search's proposer uses the chosen generation model too.
 */
export function resynthesisConfig(settings: ResynthesisSettings, env: NodeJS.ProcessEnv = process.env): SynthesisConfig<SearchConfig> {
  if (!settings || typeof settings !== 'object') throw new ResynthesisRequestError('Send the configuration as an object: { provider, model, search, scorer, scorerModel, rounds, candidates }.');
  const provider = choice(settings.provider, 'provider') ?? 'offline';
  const model = text(settings.model, 'model');
  const seed = wholeNumber(settings.seed, 'seed', 0);
  if (settings.search !== undefined && typeof settings.search !== 'boolean') throw new ResynthesisRequestError('search must be true or false.');
  const scorer = choice(settings.scorer, 'scorer');
  const scorerModel = text(settings.scorerModel, 'scorerModel');
  const rounds = wholeNumber(settings.rounds, 'rounds', 1);
  const candidates = wholeNumber(settings.candidates, 'candidates', 1);
  if (provider === 'openai' && !model && !env.RETRACE_LLM_MODEL) throw new ResynthesisRequestError('Choose the generation model for the openai provider.');
  if (scorer === 'openai' && !scorerModel && !env.RETRACE_SCORER_MODEL) throw new ResynthesisRequestError('Choose the scoring model for the openai scorer.');
  try {
    // The chosen model stands in for RETRACE_LLM_MODEL, so the search's proposer uses it too.
    const withModel = model ? { ...env, RETRACE_LLM_MODEL: model } : env;
    return resolveSynthesisConfig(
      { provider, model, seed, repeatedReads: typeof settings.repeatedReads === 'string' ? settings.repeatedReads : undefined, search: settings.search ? { scorer: scorer ?? 'offline', scorerModel, proposer: provider, rounds, candidates, seed } : false },
      withModel,
    );
  } catch (err) {
    // The resolvers' messages name environment variables: they say what the studio's operator must set.
    throw new ResynthesisRequestError((err as Error).message);
  }
}

/** The repository names of a request: 1 to MAX_REPOSITORIES distinct names. */
export function resynthesisRepositories(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new ResynthesisRequestError('Select at least one repository.');
  if (!value.every(isRepositoryName)) throw new ResynthesisRequestError('Every repository must be given by its name.');
  const names = [...new Set(value as string[])];
  if (names.length > MAX_REPOSITORIES) throw new ResynthesisRequestError(`Select at most ${MAX_REPOSITORIES} repositories at once (got ${names.length}).`);
  return names;
}

/**
 * Queues one synthesis per repository (its latest snapshot) with one configuration. Earlier
 * runs and trajectories stay; a repository whose run cannot be queued (unknown, no ready
 * snapshot, an equal run already active) gets its message and the others go ahead.
 */
export async function requestResynthesis(
  prisma: PrismaClient,
  boss: PgBoss,
  request: { repositories: string[]; config: SynthesisConfig; requestedById: string | null },
): Promise<ResynthesisResult[]> {
  const results: ResynthesisResult[] = [];
  for (const repository of request.repositories) {
    try {
      const run = await requestSynthesis(prisma, boss, repository, request.config, { requestedById: request.requestedById });
      results.push({ repository, runId: run.id, status: 'queued' });
    } catch (err) {
      results.push({ repository, error: (err as Error).message });
    }
  }
  return results;
}
