/**
 * Text alignment: reading prompt log-probabilities out of /v1/completions answers to a text prompt
 * and cutting out the target's tokens by character position. Used only when no tokenizer is at
 * hand (tokenLogprobs.ts aligns by token ids otherwise), and only when it is exact:
 *
 * - echo (`echo: true, logprobs: k`): `choices[0].logprobs` = { tokens, token_logprobs,
 *   text_offset, top_logprobs } over the prompt (first log-probability null), then the generated
 *   token. vLLM decodes each token on its own (serving_completion.py, `_create_completion_logprobs`)
 *   and derives `text_offset` from those texts, so a token holding part of a UTF-8 character comes
 *   back as U+FFFD and every offset after it drifts; a BOS comes back as its text
 *   ("<|begin_of_text|>"). So the token texts must concatenate to the prompt exactly, after a
 *   short leading run (the BOS); positions come from those texts, never from `text_offset`.
 * - prompt_logprobs (vLLM): `choices[0].prompt_logprobs` = [null, {"<id>": {logprob, rank,
 *   decoded_token}}, ...]; the decoded tokens after the first must concatenate to the end of the
 *   prompt exactly.
 *
 * Anything else throws ScoringAlignmentError at once: retrying cannot change how a server decodes.
 *
 * Target tokens: every prompt token that ends after the prefix (a token straddling the boundary
 * counts as target, conditioned on the prefix before it). A target token without a
 * log-probability (only the very first prompt token, with an empty prefix and no BOS) gets
 * -Infinity, which the metric clips to the floor.
 */
import { MalformedResponseError } from '../../platform/llm/retry';

/** The server answered, but not with prompt log-probabilities: retrying will not help. */
export class ScoringUnsupportedError extends Error {
  override name = 'ScoringUnsupportedError';
  readonly deterministic = true;
}

/** The answer's tokens cannot be placed in the prompt exactly: this server cannot be scored reliably in this mode. */
export class ScoringAlignmentError extends ScoringUnsupportedError {
  override name = 'ScoringAlignmentError';
}

export const ECHO_UNSUPPORTED =
  'this server did not return prompt log-probabilities: use vLLM, SGLang or a llama.cpp server that supports /v1/completions ' +
  'with echo and logprobs, or with vLLM set RETRACE_SCORER_MODE=prompt_logprobs';
export const PROMPT_LOGPROBS_UNSUPPORTED =
  'this server did not return prompt_logprobs (a vLLM extension): use vLLM, or RETRACE_SCORER_MODE=echo with a server that echoes prompt log-probabilities';

/** What to do about a server whose decoded tokens do not line up with the prompt. */
export const ALIGN_BY_IDS_HINT =
  'Retrace aligns by token ids instead when it has the tokenizer: use a server with a /tokenize endpoint (vLLM, SGLang) or set RETRACE_SCORER_TOKENIZER to the scoring model\'s tokenizer.json.';

export function cannotScoreReliably(mode: string, why: string, hint = ALIGN_BY_IDS_HINT): ScoringAlignmentError {
  return new ScoringAlignmentError(`This server cannot be scored reliably in ${mode} mode: ${why}. ${hint}`);
}

export interface ExtractedTarget {
  /** The target's tokens as the server split them (a straddling token keeps its prefix part). */
  tokens: string[];
  logprobs: number[];
  /** Prompt tokens the server returned (a BOS included). */
  promptTokens: number;
  /** The generated text after the prompt (echo mode), '' when none. */
  generated: string;
}

export function firstChoice(completion: unknown): Record<string, unknown> {
  if (!completion || typeof completion !== 'object') {
    throw new MalformedResponseError(`expected a text_completion object, got ${typeof completion === 'string' ? `text "${completion.slice(0, 120)}"` : typeof completion}`);
  }
  const choices = (completion as { choices?: unknown }).choices;
  const choice = Array.isArray(choices) ? choices[0] : undefined;
  if (!choice || typeof choice !== 'object') throw new MalformedResponseError(`no choices[0] in ${JSON.stringify(completion).slice(0, 200)}`);
  return choice as Record<string, unknown>;
}

/** The log-probability of an answer's token: a number, null for "none given", else malformed. */
export function logprobValue(lp: unknown, where: string): number | null {
  if (lp === null || lp === undefined) return null;
  if (typeof lp !== 'number' || Number.isNaN(lp)) throw new MalformedResponseError(`${where} is ${JSON.stringify(lp)}`);
  return lp;
}

function commonLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Where text `a` first differs from `b`, shown on both sides: `"\uFFFD\uFFFD" where the prompt has "こん"`. */
export function firstDifference(decoded: string, prompt: string, from = 0): string {
  const i = from + commonLength(decoded.slice(from), prompt.slice(from));
  const show = (s: string) => JSON.stringify(s.slice(i, i + 8));
  return `at character ${i} the tokens decode to ${show(decoded)} where the prompt has ${show(prompt)}`;
}

interface Located {
  tokens: string[];
  logprobs: Array<number | null>;
  /** UTF-16 start and end of each token in the prompt; a lead (BOS) token has end <= 0. */
  starts: number[];
  ends: number[];
}

function selectTarget(located: Located, promptLength: number, prefixLength: number, generated: string, unsupported: string): ExtractedTarget {
  const tokens: string[] = [];
  const logprobs: number[] = [];
  let promptTokens = 0;
  let coveredTo = -1;
  for (let i = 0; i < located.tokens.length; i++) {
    const start = located.starts[i];
    const end = located.ends[i];
    if (start >= promptLength) continue; // generated
    promptTokens++;
    if (end <= prefixLength || end <= start) continue; // prefix, a BOS, or an empty token
    const lp = located.logprobs[i];
    if (lp === null && i !== 0) throw new ScoringUnsupportedError(`${unsupported} (prompt token ${i}, "${located.tokens[i]}", has no log-probability)`);
    tokens.push(located.tokens[i]);
    logprobs.push(lp === null ? Number.NEGATIVE_INFINITY : lp);
    coveredTo = end;
  }
  if (promptLength > prefixLength && (tokens.length === 0 || coveredTo < promptLength)) {
    throw new ScoringUnsupportedError(`${unsupported} (${promptTokens === 0 ? 'no prompt tokens in the answer' : `the prompt tokens returned cover only ${Math.max(coveredTo, 0)} of ${promptLength} characters`})`);
  }
  return { tokens, logprobs, promptTokens, generated };
}

/**
 * The run of `texts` that spells `prompt` exactly: after at most 3 leading tokens (a BOS), the
 * tokens concatenate to the prompt and end at its end. Null when there is none.
 */
function promptRun(texts: readonly string[], prompt: string): { lead: number; end: number } | null {
  for (let lead = 0; lead <= Math.min(3, texts.length); lead++) {
    let at = 0;
    let k = lead;
    while (k < texts.length && at < prompt.length && prompt.startsWith(texts[k], at)) at += texts[k++].length;
    if (at === prompt.length) return { lead, end: k };
  }
  return null;
}

/** The target's tokens and log-probabilities from an echo answer to the text prompt = prefix + target. */
export function targetFromEcho(completion: unknown, prompt: string, prefixLength: number): ExtractedTarget {
  const choice = firstChoice(completion);
  const lp = choice.logprobs as Record<string, unknown> | null | undefined;
  if (lp === null || lp === undefined) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (choices[0].logprobs is ${lp === null ? 'null' : 'missing'})`);
  if (typeof lp !== 'object') throw new MalformedResponseError('choices[0].logprobs is not an object');
  const { tokens, token_logprobs: tokenLogprobs } = lp as { tokens?: unknown; token_logprobs?: unknown };
  if (!Array.isArray(tokens) || !Array.isArray(tokenLogprobs)) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (no tokens/token_logprobs in choices[0].logprobs)`);
  if (tokenLogprobs.length !== tokens.length) throw new MalformedResponseError(`choices[0].logprobs has ${tokens.length} tokens but ${tokenLogprobs.length} log-probabilities`);
  if (tokens.some((t) => typeof t !== 'string')) throw new MalformedResponseError('choices[0].logprobs.tokens holds a non-string');
  // SentencePiece pieces may come back raw ('▁' for a space): compare with it read as a space.
  const texts = (tokens as string[]).map((t) => (prompt.includes('\u2581') ? t : t.replace(/\u2581/g, ' ')));
  const logprobs = tokenLogprobs.map((x, i) => logprobValue(x, `choices[0].logprobs.token_logprobs[${i}]`));
  const generated = typeof choice.text === 'string' && choice.text.startsWith(prompt) ? choice.text.slice(prompt.length) : '';
  const firstLogprob = logprobs.findIndex((x) => x !== null);
  // A server that echoes nothing of the prompt (llama.cpp's): only generated tokens, placed after it.
  if (firstLogprob === -1 || (texts.length <= 1 && !prompt.startsWith(texts[0] ?? '\u0000'))) {
    return selectTarget({ tokens: texts, logprobs, starts: texts.map(() => prompt.length), ends: texts.map(() => prompt.length) }, prompt.length, prefixLength, generated, ECHO_UNSUPPORTED);
  }
  const run = promptRun(texts, prompt);
  if (!run) {
    // Report from the lead (a BOS) that matches the prompt furthest.
    const decoded = [0, 1, 2, 3].map((lead) => texts.slice(lead).join('')).sort((a, b) => commonLength(b, prompt) - commonLength(a, prompt))[0];
    throw cannotScoreReliably('echo', firstDifference(decoded, prompt));
  }
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  texts.forEach((t, i) => {
    if (i < run.lead) {
      starts.push(-1);
      ends.push(0);
      return;
    }
    // Generated tokens sit after the prompt, whatever their text.
    const start = i < run.end ? at : Math.max(at, prompt.length);
    starts.push(start);
    ends.push((at = start + t.length));
  });
  return selectTarget({ tokens: texts, logprobs, starts, ends }, prompt.length, prefixLength, generated, ECHO_UNSUPPORTED);
}

interface PromptLogprobEntry {
  logprob?: unknown;
  rank?: unknown;
  decoded_token?: unknown;
}

export function promptLogprobsList(completion: unknown): unknown[] {
  const choice = firstChoice(completion);
  const list = (choice.prompt_logprobs ?? (completion as { prompt_logprobs?: unknown }).prompt_logprobs) as unknown;
  if (list === null || list === undefined) throw new ScoringUnsupportedError(`${PROMPT_LOGPROBS_UNSUPPORTED} (choices[0].prompt_logprobs is ${list === null ? 'null' : 'missing'})`);
  if (!Array.isArray(list)) throw new MalformedResponseError('choices[0].prompt_logprobs is not a list');
  return list;
}

/** One prompt_logprobs entry: the dict of {"<token id>": {logprob, rank, decoded_token}}. */
export function promptLogprobEntry(list: readonly unknown[], i: number): Record<string, PromptLogprobEntry> {
  const entry = list[i];
  if (entry === null || entry === undefined) throw new ScoringUnsupportedError(`${PROMPT_LOGPROBS_UNSUPPORTED} (prompt token ${i} has no entry)`);
  if (typeof entry !== 'object' || Object.keys(entry).length === 0) throw new MalformedResponseError(`prompt_logprobs[${i}] is not a non-empty object`);
  return entry as Record<string, PromptLogprobEntry>;
}

/** The target's tokens and log-probabilities from a vLLM `prompt_logprobs` answer to a text prompt. */
export function targetFromPromptLogprobs(completion: unknown, prompt: string, prefixLength: number): ExtractedTarget {
  const list = promptLogprobsList(completion);
  const n = list.length;
  const tokens: string[] = new Array(n).fill('');
  const logprobs: Array<number | null> = new Array(n).fill(null);
  const starts: number[] = new Array(n).fill(0);
  const ends: number[] = new Array(n).fill(0);
  // Backwards from the end of the prompt: token i ends where token i+1 starts. The entry chosen
  // is the one whose text ends the prompt there (JSON.parse orders integer-like keys numerically,
  // so vLLM's "prompt token first" order does not survive).
  let end = prompt.length;
  for (let i = n - 1; i >= 1; i--) {
    const entry = promptLogprobEntry(list, i);
    const keys = Object.keys(entry);
    let chosen: PromptLogprobEntry | undefined;
    for (const k of keys) {
      const d = entry[k]?.decoded_token;
      if (typeof d === 'string' && prompt.startsWith(d, end - d.length) && (chosen === undefined || keys.length === 1)) chosen = entry[k];
    }
    if (!chosen) {
      const decoded = entry[keys[0]]?.decoded_token;
      if (typeof decoded !== 'string') throw new ScoringUnsupportedError(`${PROMPT_LOGPROBS_UNSUPPORTED} (prompt_logprobs[${i}] has no decoded_token)`);
      throw cannotScoreReliably('prompt_logprobs', `prompt token ${i} decodes to ${JSON.stringify(decoded)}, which does not end the prompt at character ${end} (${JSON.stringify(prompt.slice(Math.max(0, end - 8), end))})`);
    }
    tokens[i] = chosen.decoded_token as string;
    logprobs[i] = logprobValue(chosen.logprob, `prompt_logprobs[${i}].logprob`);
    if (logprobs[i] === null) throw new MalformedResponseError(`prompt_logprobs[${i}].logprob is missing`);
    ends[i] = end;
    starts[i] = end -= tokens[i].length;
  }
  if (n > 0) {
    if (list[0] !== null && list[0] !== undefined) throw new MalformedResponseError('prompt_logprobs[0] should be null (the first prompt token has no log-probability)');
    // The first token (the one without a log-probability) is a BOS or the prompt's first characters.
    tokens[0] = prompt.slice(0, end);
    starts[0] = 0;
    ends[0] = end;
  }
  return selectTarget({ tokens, logprobs, starts, ends }, prompt.length, prefixLength, '', PROMPT_LOGPROBS_UNSUPPORTED);
}
