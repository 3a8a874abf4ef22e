/**
 * The agents backed by an OpenAI-compatible chat model. The model only writes reasoning and
 * descriptions: the plan (requirements + one entry per file) and each file's two Think steps.
 * File contents in the trajectory always come from the repository (see synthesize.ts); an optional
 * draft of a file, written without seeing the file, is kept for inspection only.
 *
 * - plan: the real structure (mainAgentContext, within `contextBudget` tokens) and the list of files
 *   to plan (the first `maxPlanFiles` of the system's order) go into one prompt; the answer is JSON
 *   validated with zod (chatJson re-asks once on invalid JSON). If the answer covers fewer than half
 *   of the requested files, it is asked once more with the list of missing files, and the answer
 *   covering more files is kept. The result is then repaired deterministically (planValidation.ts:
 *   unknown and duplicate paths dropped, system order imposed, missing files and empty fields filled
 *   from the offline model, unknown key symbols dropped); `lastPlanRepair` records what was repaired.
 * - think: the sub-agent sees the requirements excerpt, its plan entry, the file's outline, the
 *   outlines of the dependencies it is about to read, the plan entries of same-cycle files written
 *   later, and the real file content (head/tail-truncated to `maxFileChars`). Its answer is cleaned:
 *   fenced code blocks are removed, and so are lines that appear verbatim in the file (25+ characters);
 *   an answer left empty falls back to the offline model's text.
 */
import { z } from 'zod';
import { chatJson } from '../platform/llm/structured';
import type { ChatClient, ChatMessage } from '../platform/llm/types';
import type { FileStructure } from '../1-ingest/structure/extractStructure';
import { factsOf } from './facts';
import { renderMainAgentContext } from './mainAgentContext';
import { createOfflineModel } from './offlineModel';
import { outlineLines } from './outline';
import { normalizePlanPath, repairPlan, type PlanRepair, type ProposedPlan } from './planValidation';
import { truncateObservation } from './readPolicy';
import type { AgentModel, FileContext, MainAgentContext, Plan } from './types';
import { generationBudgets, type GenerationBudgets } from '../platform/llm/budgets';
import { once } from '../platform/llm/modelContext';

export interface LlmModelOptions {
  /** Sampling temperature for every call (default 0.2). */
  temperature?: number;
  /** Sampling seed for every call (default 0, for reproducibility on servers that honour it). */
  seed?: number;
  /** Also ask for the model's own draft of each file (never exported as the written code). Default off. */
  keepDraft?: boolean;
  // Unset sizes are fitted to the model's context (lib/platform/llm/budgets.ts; the defaults below are a
  // large model's): the client's contextTokens(), e.g. vLLM's max_model_len or RETRACE_LLM_CONTEXT.
  /** Token budget of the structure given to the main agent (up to 6,000). */
  contextBudget?: number;
  /** The main agent is asked to plan at most this many files (up to 300); the rest get offline entries. */
  maxPlanFiles?: number;
  /** Characters of the real file content shown to a sub-agent (up to 24,000; head and tail kept). */
  maxFileChars?: number;
  /** Characters of dependency outlines shown to a sub-agent (up to 12,000). */
  maxDependencyChars?: number;
  /** Completion token limits per call kind (plan up to 16,384, think 900, draft 8,192). */
  maxTokens?: { plan?: number; think?: number; draft?: number };
}

export interface LlmAgentModel extends AgentModel {
  readonly provider: 'openai';
  /** What the last plan() call repaired (null before the first call). */
  readonly lastPlanRepair: (PlanRepair & { reasked: boolean }) | null;
}

export const planAnswerSchema = z.object({
  requirements: z.string(),
  files: z.array(
    z.object({
      path: z.string(),
      purpose: z.string(),
      needs: z.string(),
      keySymbols: z.array(z.string()),
    }),
  ),
});

export const PLAN_SYSTEM_PROMPT = [
  'You are the lead engineer of a software project, planning how to build it from scratch.',
  'The repository already exists; you are given its real structure (file tree, internal import edges, outlines of the most important files).',
  'Write, as if before any code exists:',
  '1. "requirements": the project requirements in Markdown: what the software does, its components, external dependencies and entry points.',
  '2. "files": a file-level implementation plan with exactly one entry per file in the list you are given, in exactly that order. For each file: "path" (copied exactly), "purpose" (one or two sentences: what the file is for), "needs" (what it uses from files earlier in the list, naming the files and the symbols), "keySymbols" (the main names it defines).',
  'Use only paths and symbol names that appear in the structure; never invent files or symbols. Answer with JSON only.',
].join('\n');

export const THINK_SYSTEM_PROMPT = [
  'You are a software engineer re-enacting how an existing repository was built, one file at a time.',
  'For the file at hand you see its plan entry, its outline, the outlines of the files it depends on, and its actual final content, so that your reasoning is accurate.',
  'Write your reasoning in the first person as it would be BEFORE writing the file.',
  'Never paste code and never quote lines of the file: refer to identifiers by name only. Plain prose or a short list; no headings, no code blocks.',
].join('\n');

export const DRAFT_SYSTEM_PROMPT = [
  'You are a software engineer writing one file of a repository from its plan.',
  'You see the plan entry, the outline of the file, the outlines of its dependencies and your own reasoning.',
  'Output only the complete content of the file, with no explanation and no code fence.',
].join('\n');

/** Removes fenced code blocks and lines copied verbatim from the file; collapses blank runs. */
export function cleanThink(text: string, fileContent: string): string {
  const withoutFences = text.replace(/```[\s\S]*?(```|$)/g, '').replace(/~~~[\s\S]*?(~~~|$)/g, '');
  const lines = withoutFences.split('\n').filter((line) => {
    const t = line.trim().replace(/^[-*]\s+/, '');
    return !(t.length >= 25 && fileContent.includes(t));
  });
  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The content of a draft answer: one enclosing code fence removed. */
export function cleanDraft(text: string): string {
  const fenced = /^\s*```[^\n]*\n([\s\S]*?)\n?```\s*$/.exec(text);
  return fenced ? `${fenced[1]}\n` : text;
}

function planEntryText(entry: { path: string; purpose: string; needs: string; keySymbols: string[] }): string {
  return [`Path: ${entry.path}`, `Purpose: ${entry.purpose}`, `Needs: ${entry.needs}`, `Key symbols: ${entry.keySymbols.join(', ') || '(none)'}`].join('\n');
}

function outlineText(file: FileStructure, maxSymbols = 40): string {
  const lines = outlineLines(file, { maxSymbols });
  return lines.length ? lines.join('\n') : '(no declarations)';
}

function requirementsExcerpt(plan: Plan, max = 2500): string {
  return plan.requirements.length > max ? `${plan.requirements.slice(0, max)}\n...` : plan.requirements;
}

export function createLlmModel(client: ChatClient, options: LlmModelOptions = {}): LlmAgentModel {
  const temperature = options.temperature ?? 0.2;
  const seed = options.seed ?? 0;
  const offline = createOfflineModel();
  let lastPlanRepair: (PlanRepair & { reasked: boolean }) | null = null;
  // Fitted to the model's context once (lib/platform/llm/budgets.ts); explicit options win.
  const budgets = once(async () => generationBudgets((await client.contextTokens?.()) ?? null));

  const fileContextText = (ctx: FileContext, b: GenerationBudgets): string => {
    const maxFileChars = options.maxFileChars ?? b.subAgent.maxFileChars;
    const maxDependencyChars = options.maxDependencyChars ?? b.subAgent.maxDependencyChars;
    const facts = factsOf(ctx.structure);
    const file = facts.files.get(ctx.entry.path)!;
    const parts = [
      `# Project requirements (excerpt)\n${requirementsExcerpt(ctx.plan, Math.min(2500, Math.floor(maxDependencyChars / 2)))}`,
      `# Plan entry for this file\n${planEntryText(ctx.entry)}`,
      `# Outline of ${file.path} (${file.language ?? 'text'}, ${file.lines} lines)\n${outlineText(file)}`,
    ];
    if (ctx.dependencies.length) {
      let budget = maxDependencyChars;
      const deps: string[] = [];
      for (const d of ctx.dependencies) {
        const text = `## ${d}\n${outlineText(facts.files.get(d)!, 25)}`;
        if (text.length > budget) {
          deps.push(`## ${d}\n(outline left out for length)`);
          continue;
        }
        budget -= text.length;
        deps.push(text);
      }
      parts.push(`# Files it depends on, already written (you read them next, in this order)\n${deps.join('\n\n')}`);
    } else {
      parts.push('# Files it depends on, already written\n(none)');
    }
    const at = facts.position.get(file.path)!;
    const later = facts.links.get(file.path)!.dependencies.filter((d) => facts.position.get(d)! > at);
    if (later.length) {
      const entries = later.map((d) => ctx.plan.files.find((f) => f.path === d)).filter((e) => e !== undefined);
      parts.push(`# Files it depends on in the same dependency cycle, not written yet (go by their plan)\n${entries.map(planEntryText).join('\n\n')}`);
    }
    parts.push(`# The file's actual content (for accuracy only; do not quote it)\n${truncateObservation(ctx.content, { maxChars: maxFileChars })}`);
    return parts.join('\n\n');
  };

  const think = async (ctx: FileContext, purpose: string, task: string, maxTokens: number, b: GenerationBudgets): Promise<string> => {
    const messages: ChatMessage[] = [
      { role: 'system', content: THINK_SYSTEM_PROMPT },
      { role: 'user', content: `${fileContextText(ctx, b)}\n\n# Your task\n${task}` },
    ];
    const response = await client.chat({ messages, purpose, temperature, seed, maxTokens });
    return cleanThink(response.content, ctx.content);
  };

  const askPlan = async (messages: ChatMessage[], b: GenerationBudgets) =>
    chatJson(client, { messages, purpose: 'plan', temperature, seed, maxTokens: options.maxTokens?.plan ?? b.plan.maxTokens }, planAnswerSchema);

  return {
    provider: 'openai',
    model: client.model,
    offline: false,
    get lastPlanRepair() {
      return lastPlanRepair;
    },

    async plan(context: MainAgentContext): Promise<Plan> {
      const { structure } = context;
      const b = await budgets();
      const requested = structure.order.slice(0, options.maxPlanFiles ?? b.plan.maxFiles);
      const rendered = renderMainAgentContext(context, { budgetTokens: options.contextBudget ?? b.plan.structureTokens });
      const list = requested.map((p, i) => `${i + 1}. ${p}`).join('\n');
      const more = structure.order.length > requested.length ? `\n(${structure.order.length - requested.length} further files are planned separately; do not list them.)` : '';
      const messages: ChatMessage[] = [
        { role: 'system', content: PLAN_SYSTEM_PROMPT },
        { role: 'user', content: `${rendered.text}\n\n## Files to plan, in this order (${requested.length})\n${list}${more}\n\nReply with JSON: {"requirements": string, "files": [{"path", "purpose", "needs", "keySymbols"}]}.` },
      ];
      const wanted = new Set(requested);
      const coverage = (files: { path: string }[]) => new Set(files.map((f) => (wanted.has(f.path) ? f.path : normalizePlanPath(f.path))).filter((p) => wanted.has(p))).size;
      let answer = (await askPlan(messages, b)).value;
      let reasked = false;
      if (requested.length > 0 && coverage(answer.files) * 2 < requested.length) {
        const have = new Set(answer.files.map((f) => (wanted.has(f.path) ? f.path : normalizePlanPath(f.path))));
        const missing = requested.filter((p) => !have.has(p));
        const retry = await askPlan(
          [
            ...messages,
            { role: 'assistant', content: JSON.stringify(answer) },
            {
              role: 'user',
              content: `Your plan covers only ${coverage(answer.files)} of the ${requested.length} files. It must have one entry for every file in the list, in order. Missing, for example: ${missing.slice(0, 40).join(', ')}${missing.length > 40 ? ', ...' : ''}. Reply with the complete JSON.`,
            },
          ],
          b,
        );
        reasked = true;
        if (coverage(retry.value.files) > coverage(answer.files)) answer = retry.value;
      }
      const { plan, repair } = repairPlan(structure, answer as ProposedPlan, context.readme);
      lastPlanRepair = { ...repair, reasked };
      return plan;
    },

    async thinkPurpose(ctx: FileContext): Promise<string> {
      const b = await budgets();
      const text = await think(
        ctx,
        'think-purpose',
        'In two to four sentences: what is this file for, where does it sit in the repository (what depends on it, what it depends on), and which files will you read before writing it?',
        options.maxTokens?.think ?? b.think.purposeMaxTokens,
        b,
      );
      return text || offline.thinkPurpose(ctx);
    },

    async thinkImplementation(ctx: FileContext): Promise<{ think: string; draft?: string }> {
      const b = await budgets();
      const text =
        (await think(
          ctx,
          'think-implementation',
          'You have just read the files it depends on. Reason about how to implement this file: which names you take from each dependency, the declarations you will write in order (by name and role), notable structure (classes and their methods, error handling, edge cases). One to three short paragraphs or a short list. No code.',
          options.maxTokens?.think ?? b.think.implementationMaxTokens,
          b,
        )) || (await offline.thinkImplementation(ctx)).think;
      if (!options.keepDraft) return { think: text };
      const facts = factsOf(ctx.structure);
      const file = facts.files.get(ctx.entry.path)!;
      const deps = ctx.dependencies.map((d) => `## ${d}\n${outlineText(facts.files.get(d)!, 25)}`).join('\n\n');
      const response = await client.chat({
        messages: [
          { role: 'system', content: DRAFT_SYSTEM_PROMPT },
          {
            role: 'user',
            content: `# Plan entry\n${planEntryText(ctx.entry)}\n\n# Outline of ${file.path} (${file.language ?? 'text'})\n${outlineText(file)}\n\n# Dependencies\n${deps || '(none)'}\n\n# Your reasoning\n${text}\n\nWrite ${file.path} now.`,
          },
        ],
        purpose: 'draft',
        temperature,
        seed,
        maxTokens: options.maxTokens?.draft ?? b.think.draftMaxTokens,
      });
      return { think: text, draft: cleanDraft(response.content) };
    },
  };
}


