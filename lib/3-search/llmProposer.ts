/**
 * Candidate Thinks from a generation model: one chat call per round asks for `count` rewrites of the
 * current best Think as JSON `{"candidates": string[]}` (chatJson: schema-validated, one re-ask).
 *
 * The model sees the file's plan entry, its outline (when a structure is given), the files the
 * sub-agent read, the current Think and the real file content (head and tail kept within
 * `maxTargetChars`), and is told to write better reasoning for someone about to write this file: name
 * the declarations, their parameters and what each dependency provides, in prose, with no code and
 * no copied lines. Whatever it writes still goes through the search's leakage filter.
 *
 * Answers are trimmed; fenced code blocks are removed; empty answers are dropped; at most `count`
 * are returned. The sampling seed is `seed + round` (options.seed, else the search seed), so each
 * round asks a distinct, reproducible question of a server that honours seeds, and a call record
 * answers a re-run identically.
 */
import { z } from 'zod';
import { generationBudgets } from '../platform/llm/budgets';
import { once } from '../platform/llm/modelContext';
import { outlineLines } from '../2-synthesize/outline';
import { truncateObservation } from '../2-synthesize/readPolicy';
import { chatJson } from '../platform/llm/structured';
import type { ChatClient, ChatMessage } from '../platform/llm/types';
import type { RepoStructure } from '../1-ingest/structure/extractStructure';
import type { CandidateProposer, ProposalInput } from './types';

export interface LlmProposerOptions {
  /** Base sampling seed (default: the search's seed); round r uses seed + r. */
  seed?: number;
  /** The structure the trajectory came from, for the file's outline (optional). */
  structure?: RepoStructure;
  /** Sampling temperature (default 0.7: candidates should differ). */
  temperature?: number;
  /** Characters of the real file shown to the model (default fitted to the model's context, up to 24,000; head and tail kept). */
  maxTargetChars?: number;
  /** Completion tokens per call (default fitted to the model's context, up to 4,000). */
  maxTokens?: number;
}

export const candidatesAnswerSchema = z.object({ candidates: z.array(z.string()) });

export const PROPOSER_SYSTEM_PROMPT = [
  'You improve the reasoning step an engineer writes just before writing a source file.',
  'The reasoning should make the file that follows easy to predict: which declarations come, in order, with their names, parameters and return values;',
  'what each dependency provides and which of its names are used; class members; the edge cases the code handles.',
  'Write prose in the first person, as the engineer thinking ahead. Refer to identifiers by name in backticks.',
  'Never write code: no code blocks, no signatures or lines copied from the file, no string literals copied from it. Candidates that copy the file are discarded.',
  'Answer with JSON only: {"candidates": ["...", "..."]}.',
].join(' ');

function clean(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The user message for one round. */
export function proposerPrompt(input: ProposalInput, options: LlmProposerOptions = {}): string {
  const path = input.step.file ?? '';
  const entry = input.trajectory.plan.files.find((f) => f.path === path);
  const reads = input.trajectory.steps.filter((s) => s.file === path && s.action?.type === 'read').map((s) => s.action!.path!);
  const file = options.structure?.files.find((f) => f.path === path);
  const maxChars = options.maxTargetChars ?? 24_000;
  const parts: string[] = [`# File to be written next\n${path}`];
  if (entry) parts.push(`# Its plan entry\nPurpose: ${entry.purpose}\nNeeds: ${entry.needs}\nKey symbols: ${entry.keySymbols.join(', ') || '(none)'}`);
  if (file && file.symbols.length) parts.push(`# Its outline\n${outlineLines(file, { maxSymbols: 60 }).join('\n')}`);
  parts.push(`# Files the engineer has just read\n${reads.length ? reads.join('\n') : '(none)'}`);
  parts.push(`# The current reasoning\n${input.current}`);
  parts.push(`# The real file (for you only: do not quote it)\n<file>\n${truncateObservation(input.target, { maxChars, headChars: Math.floor((maxChars * 2) / 3) })}\n</file>`);
  parts.push(
    `# Your task\nWrite ${input.count} different improved versions of the reasoning (each a complete replacement, 100 to 500 words), ` +
      'so that someone who reads it can write this exact file more easily. Vary emphasis and order between versions. No code, no copied lines. ' +
      `Answer with JSON {"candidates": [...]} holding exactly ${input.count} strings.`,
  );
  return parts.join('\n\n');
}

export function createLlmProposer(client: ChatClient, options: LlmProposerOptions = {}): CandidateProposer {
  const budgets = once(async () => generationBudgets((await client.contextTokens?.()) ?? null).proposer);
  return {
    provider: 'openai',
    model: client.model,
    async propose(input: ProposalInput): Promise<string[]> {
      if (input.count <= 0) return [];
      const b = await budgets();
      const messages: ChatMessage[] = [
        { role: 'system', content: PROPOSER_SYSTEM_PROMPT },
        { role: 'user', content: proposerPrompt(input, { ...options, maxTargetChars: options.maxTargetChars ?? b.maxTargetChars }) },
      ];
      const { value } = await chatJson(
        client,
        { purpose: 'search-candidates', messages, temperature: options.temperature ?? 0.7, maxTokens: options.maxTokens ?? b.maxTokens, seed: (options.seed ?? input.seed) + input.round },
        candidatesAnswerSchema,
      );
      return value.candidates.map(clean).filter((t) => t.length > 0).slice(0, input.count);
    },
  };
}
