/** Small deterministic scorers and proposers for the search tests (not used by the product). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createOfflineModel } from '../2-synthesize/offlineModel';
import { synthesize } from '../2-synthesize/synthesize';
import type { SynthesizedTrajectory } from '../2-synthesize/types';
import { structureOf } from '../1-ingest/ingest';
import { codeTokens, isWordToken } from './scoring/codeTokens';
import { createNgramScorer, type NgramScorer } from './scoring/ngramScorer';
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import { tempTree } from '../testing/tempTree';
import type { Scorer, TargetScores } from './scoring/types';
import type { CandidateProposer, ProposalInput } from './types';

/**
 * A scorer that rewards a prefix for naming the target's identifiers: each identifier of the target
 * gets log-probability -0.3 when the prefix contains it as a token, else -1.5; other tokens -0.5.
 */
export function identifierScorer(): Scorer & { calls: number } {
  const scorer = {
    provider: 'offline' as const,
    model: 'test-identifiers',
    offline: true,
    calls: 0,
    async score(prefix: string, target: string): Promise<TargetScores> {
      scorer.calls++;
      const known = new Set(codeTokens(prefix));
      const tokens = codeTokens(target);
      return { tokens, logprobs: tokens.map((t) => (isWordToken(t) ? (known.has(t) ? -0.3 : -1.5) : -0.5)) };
    },
  };
  return scorer;
}

/**
 * A scorer whose NLL is written in the Think being scored: `nll=1.25` in the last `Think:` block of
 * the prefix gives a one-token target score of -1.25 (2 when there is none).
 */
export function scriptedScorer(): Scorer & { prefixes: string[] } {
  const scorer = {
    provider: 'offline' as const,
    model: 'test-scripted',
    offline: true,
    prefixes: [] as string[],
    async score(prefix: string): Promise<TargetScores> {
      scorer.prefixes.push(prefix);
      const think = prefix.slice(prefix.lastIndexOf('Think:\n'));
      const m = /nll=([0-9.]+)/.exec(think);
      return { tokens: ['x'], logprobs: [-(m ? Number(m[1]) : 2)] };
    },
  };
  return scorer;
}

/** A proposer answering from a script: round r gets `rounds[r]` (or nothing). */
export function scriptedProposer(rounds: string[][] | ((input: ProposalInput) => string[])): CandidateProposer & { inputs: ProposalInput[] } {
  const proposer = {
    provider: 'offline' as const,
    model: 'test-scripted',
    inputs: [] as ProposalInput[],
    async propose(input: ProposalInput): Promise<string[]> {
      proposer.inputs.push(input);
      return typeof rounds === 'function' ? rounds(input) : (rounds[input.round] ?? []);
    },
  };
  return proposer;
}

export interface Fixture {
  structure: RepoStructure;
  trajectory: SynthesizedTrajectory;
}

/** A repository written to a temporary folder, its structure, and its offline synthesis. */
export async function fixture(files: Record<string, string>): Promise<Fixture> {
  const structure = await structureOf(tempTree(files, 'retrace-search-'));
  return { structure, trajectory: await synthesize(structure, createOfflineModel()) };
}

/** zod's own TypeScript sources (shipped in its npm package), copied to a temporary folder and synthesized. */
export async function zodFixture(): Promise<Fixture> {
  const src = path.resolve('node_modules/zod/src');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'retrace-search-zod-'));
  try {
    fs.cpSync(src, dir, { recursive: true });
    const structure = await structureOf(dir);
    return { structure, trajectory: await synthesize(structure, createOfflineModel()) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The offline n-gram scorer trained on the repository's own source files (it leaves the scored file out). */
export function repoScorer(structure: RepoStructure): NgramScorer {
  const files = new Map(structure.files.map((f) => [f.path, f.content]));
  return createNgramScorer(structure.order.map((p) => files.get(p)!));
}
