/**
 * `retrace check-endpoint URL`: what an OpenAI-compatible server can do for Retrace, each probe one
 * small real request through the same clients synthesis and scoring use (one attempt each):
 * the models and their context length, chat, JSON schema enforcement, echo log-probabilities,
 * vLLM's prompt_logprobs, SGLang's /generate scoring, a tokenize endpoint, and token alignment on a
 * non-ASCII probe, with each probe's latency. Ends with the settings it suggests.
 */
import { z } from 'zod';
import { llmConfigFromEnv } from '../platform/llm/config';
import { fetchModelContext } from '../platform/llm/modelContext';
import { createOpenAIClient } from '../platform/llm/openaiClient';
import { createSdk } from '../platform/llm/sdk';
import { chatJson } from '../platform/llm/structured';
import { createOpenAIScorer } from '../3-search/scoring/openaiScorer';
import { scoringConfigFromEnv, type ScoringMode } from '../3-search/scoring/scoringConfig';

export interface Probe {
  name: string;
  /** null: not tried (it needs something that failed before). */
  ok: boolean | null;
  detail: string;
  latencyMs: number | null;
}

export interface EndpointReport {
  baseUrl: string;
  model: string | null;
  models: string[];
  contextTokens: number | null;
  probes: Probe[];
  /** Settings that would use what works, e.g. RETRACE_SCORER_MODE=sglang. */
  suggested: Record<string, string>;
}

export interface CheckOptions {
  model?: string;
  apiKey?: string;
  /** Only what scoring needs (skip chat and JSON schema). */
  scorerOnly?: boolean;
  timeoutMs?: number;
}

/** ASCII, then CJK with characters split across tokens, an emoji, an accent and a combining mark. */
export const ASCII_PROBE = { prefix: 'Think: a function that adds two numbers.\nAction: Write(add.py)\n', target: 'def add(a, b):\n    return a + b\n' };
export const NON_ASCII_PROBE = { prefix: 'Think: greet the world in Japanese (こんにちは) 😀\nAction: Write(hello.py)\n', target: 'x = "こんにちは、世界 — café e\u0301"\nprint(x)\n' };

const message = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 300);

async function timed(name: string, run: () => Promise<string>): Promise<Probe> {
  const started = performance.now();
  try {
    const detail = await run();
    return { name, ok: true, detail, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    return { name, ok: false, detail: message(err), latencyMs: Math.round(performance.now() - started) };
  }
}

const skipped = (name: string, why: string): Probe => ({ name, ok: null, detail: why, latencyMs: null });

export async function checkEndpoint(baseUrlRaw: string, options: CheckOptions = {}): Promise<EndpointReport> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const common = { apiKey: options.apiKey, maxAttempts: 1, timeoutMs };
  const probes: Probe[] = [];
  const suggested: Record<string, string> = {};
  const baseUrl = llmConfigFromEnv({}, { ...common, baseUrl: baseUrlRaw, model: options.model ?? 'probe' }).baseUrl;

  // Models: the list, the model to probe, its context length.
  let models: string[] = [];
  const modelsProbe = await timed('models', async () => {
    const sdk = createSdk({ baseUrl, apiKey: options.apiKey ?? 'none', timeoutMs });
    const answer = (await sdk.get('/models', { timeout: timeoutMs, maxRetries: 0 })) as { data?: Array<{ id?: unknown }> };
    models = (answer.data ?? []).map((m) => String(m.id));
    return models.length ? models.join(', ') : 'an empty list';
  });
  probes.push(modelsProbe);
  const model = options.model ?? models[0] ?? null;
  if (!model) {
    probes.push(skipped('everything else', 'no model to probe: pass --model M'));
    return { baseUrl, model: null, models, contextTokens: null, probes, suggested };
  }
  if (options.model && models.length && !models.includes(options.model)) probes.push({ name: 'model listed', ok: false, detail: `${options.model} is not among the server's models (${models.join(', ')})`, latencyMs: null });
  const contextTokens = await fetchModelContext(createSdk({ baseUrl, apiKey: options.apiKey ?? 'none', timeoutMs }), model, timeoutMs);
  probes.push({ name: 'context length', ok: contextTokens !== null ? true : null, detail: contextTokens !== null ? `${contextTokens} tokens (max_model_len)` : 'not reported: set RETRACE_LLM_CONTEXT / RETRACE_SCORER_CONTEXT', latencyMs: null });

  if (!options.scorerOnly) {
    const client = createOpenAIClient(llmConfigFromEnv({}, { ...common, baseUrl, model }));
    probes.push(await timed('chat', async () => `answered "${(await client.chat({ purpose: 'check', messages: [{ role: 'user', content: 'Say OK.' }], maxTokens: 8, temperature: 0 })).content.trim().slice(0, 40)}"`));
    probes.push(
      await timed('JSON schema', async () => {
        const schema = z.object({ language: z.string(), year: z.number().int() });
        const { value, reasked } = await chatJson(client, { purpose: 'check', messages: [{ role: 'user', content: 'In which year did Python 1.0 come out? Answer with JSON {"language": ..., "year": ...}.' }], maxTokens: 64, temperature: 0 }, schema);
        if (reasked) throw new Error(`not enforced: the first answer did not match the schema (a re-ask gave ${JSON.stringify(value)}); Retrace re-asks once, so it works, at twice the cost`);
        return `enforced: ${JSON.stringify(value)}`;
      }),
    );
  }

  const scorerFor = (mode: ScoringMode, tokenizer: 'server' | 'text') => createOpenAIScorer(scoringConfigFromEnv({}, { ...common, baseUrl, model, mode, tokenizer }));
  const tokenizing = scorerFor('echo', 'server');
  const tokenize = await timed('tokenize endpoint', async () => {
    const a = await tokenizing.resolveAlignment();
    if (a.method !== 'token-ids') throw new Error(a.fallbacks[0] ?? 'none');
    return `${a.tokenizer}`;
  });
  probes.push(tokenize);
  const scoring: Record<ScoringMode, Probe> = {} as Record<ScoringMode, Probe>;
  for (const mode of ['echo', 'prompt_logprobs', 'sglang'] as const) {
    const name = { echo: 'echo log-probabilities', prompt_logprobs: 'prompt_logprobs (vLLM)', sglang: 'SGLang /generate scoring' }[mode];
    if (mode === 'sglang' && !tokenize.ok) {
      scoring[mode] = skipped(name, 'needs a tokenize endpoint (or RETRACE_SCORER_TOKENIZER)');
    } else {
      const scorer = scorerFor(mode, tokenize.ok ? 'server' : 'text');
      scoring[mode] = await timed(name, async () => {
        const s = await scorer.score(ASCII_PROBE.prefix, ASCII_PROBE.target);
        return `${s.tokens.length} target tokens, mean log-probability ${(s.logprobs.reduce((a, b) => a + b, 0) / s.logprobs.length).toFixed(3)}`;
      });
    }
    probes.push(scoring[mode]);
  }
  const working = (['sglang', 'prompt_logprobs', 'echo'] as const).filter((m) => scoring[m].ok);
  for (const mode of working) {
    probes.push(
      await timed(`token alignment, non-ASCII (${mode})`, async () => {
        const s = await scorerFor(mode, tokenize.ok ? 'server' : 'text').score(NON_ASCII_PROBE.prefix, NON_ASCII_PROBE.target);
        return `${s.tokens.length} target tokens, aligned ${tokenize.ok ? 'by token ids' : 'by exact text'}`;
      }),
    );
  }
  if (working.length) {
    // SGLang's native scoring reuses its prefix cache; prompt_logprobs answers with less JSON than echo.
    suggested.RETRACE_SCORER_BASE_URL = baseUrl;
    suggested.RETRACE_SCORER_MODEL = model;
    suggested.RETRACE_SCORER_MODE = working[0];
    if (!tokenize.ok) suggested.RETRACE_SCORER_TOKENIZER = "the scoring model's tokenizer.json (this server has no /tokenize: without it non-ASCII text is refused)";
    if (contextTokens === null) suggested.RETRACE_SCORER_CONTEXT = "the model's context length";
  }
  if (!options.scorerOnly && probes.find((p) => p.name === 'chat')?.ok) {
    suggested.RETRACE_LLM_BASE_URL = baseUrl;
    suggested.RETRACE_LLM_MODEL = model;
    if (contextTokens === null) suggested.RETRACE_LLM_CONTEXT = "the model's context length";
  }
  return { baseUrl, model, models, contextTokens, probes, suggested };
}

/** The report as text lines: one per probe (ok / FAILED / skipped, latency, detail), then the settings. */
export function endpointReportText(report: EndpointReport): string {
  const lines = [`${report.baseUrl} (model ${report.model ?? 'none'})`];
  for (const p of report.probes) {
    const status = p.ok === true ? 'ok     ' : p.ok === false ? 'FAILED ' : 'skipped';
    lines.push(`  ${status} ${p.name.padEnd(36)} ${p.latencyMs !== null ? `${String(p.latencyMs).padStart(6)} ms  ` : '           '}${p.detail}`);
  }
  const entries = Object.entries(report.suggested);
  lines.push(entries.length ? 'Suggested settings:' : 'Nothing Retrace needs works here.');
  for (const [k, v] of entries) lines.push(`  ${k}=${v}`);
  return `${lines.join('\n')}\n`;
}
