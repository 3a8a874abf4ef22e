/**
 * Reading prompt log-probabilities out of /v1/completions answers and cutting out the target's
 * tokens. Two shapes:
 *
 * - echo (`echo: true, logprobs: k`; vLLM, SGLang, llama.cpp builds that
 *   implement it): `choices[0].logprobs` = { tokens, token_logprobs, text_offset, top_logprobs },
 *   covering the prompt (first log-probability null) and then the generated token(s).
 *   `text_offset` counts Unicode code points (Python's len), from the start of the echoed text;
 *   it is converted to UTF-16 offsets here. When the model adds a beginning-of-sequence token,
 *   vLLM echoes its text ("<|begin_of_text|>") and counts it in every offset: the echoed tokens
 *   are matched against the prompt and such a leading run is skipped, with offsets re-based.
 * - prompt_logprobs (vLLM's extension, `prompt_logprobs: 0`): `choices[0].prompt_logprobs` = a
 *   list with one entry per prompt token, null for the first, else {"<token id>": {logprob, rank,
 *   decoded_token}}. Offsets come from the decoded tokens, accumulated backwards from the end of
 *   the prompt (the first token's text is not given; a BOS entry ends up empty).
 *
 * Target tokens: every prompt token that ends after the prefix, i.e. starts at or after it or
 * straddles the boundary (a token joining the prefix's last characters and the target's first
 * counts as target: its probability is conditioned on the prefix before it only). Generated tokens
 * (offset at or beyond the end of the prompt) are never target. A target token without a
 * log-probability — only possible for the very first prompt token, when the prefix is empty and
 * the model has no BOS — gets -Infinity, which the metric clips to the floor.
 */
import { MalformedResponseError } from '../llm/retry';

/** The server answered, but not with prompt log-probabilities: retrying will not help. */
export class ScoringUnsupportedError extends Error {
  override name = 'ScoringUnsupportedError';
}

export const ECHO_UNSUPPORTED =
  'this server did not return prompt log-probabilities: use vLLM, SGLang or a llama.cpp server that supports /v1/completions ' +
  'with echo and logprobs, or with vLLM set RETRACE_SCORER_MODE=prompt_logprobs';
export const PROMPT_LOGPROBS_UNSUPPORTED =
  'this server did not return prompt_logprobs (a vLLM extension): use vLLM, or RETRACE_SCORER_MODE=echo with a server that echoes prompt log-probabilities';

export interface ExtractedTarget {
  /** The target's tokens as the server split them (a straddling token keeps its prefix part). */
  tokens: string[];
  logprobs: number[];
  /** Prompt tokens the server returned (a BOS included). */
  promptTokens: number;
  /** The generated text after the prompt (echo mode), '' when none. */
  generated: string;
}

interface Located {
  tokens: string[];
  logprobs: Array<number | null>;
  /** UTF-16 start and end of each token in the prompt (may be < 0 for a BOS before it). */
  starts: number[];
  ends: number[];
}

function firstChoice(completion: unknown): Record<string, unknown> {
  if (!completion || typeof completion !== 'object') {
    throw new MalformedResponseError(`expected a text_completion object, got ${typeof completion === 'string' ? `text "${completion.slice(0, 120)}"` : typeof completion}`);
  }
  const choices = (completion as { choices?: unknown }).choices;
  const choice = Array.isArray(choices) ? choices[0] : undefined;
  if (!choice || typeof choice !== 'object') throw new MalformedResponseError(`no choices[0] in ${JSON.stringify(completion).slice(0, 200)}`);
  return choice as Record<string, unknown>;
}

/** UTF-16 offset of every code-point offset 0..cpLength(text) of `text`. */
function codePointToUtf16(text: string): number[] {
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    map.push(i);
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
  }
  map.push(text.length);
  return map;
}

function cpLength(text: string): number {
  return codePointToUtf16(text).length - 1;
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
    if (end <= prefixLength || end <= start) continue; // prefix (or an empty token)
    if (start < 0 && end <= 0) continue;
    if (coveredTo === -1 && start > prefixLength) {
      throw new ScoringUnsupportedError(`${unsupported} (the log-probabilities start at character ${start} of the prompt, after the target begins at ${prefixLength})`);
    }
    const lp = located.logprobs[i];
    if (lp !== null && (typeof lp !== 'number' || Number.isNaN(lp))) throw new MalformedResponseError(`log-probability of prompt token ${i} is ${JSON.stringify(lp)}`);
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

/** The target's tokens and log-probabilities from an echo answer to `prompt` = prefix + target. */
export function targetFromEcho(completion: unknown, prompt: string, prefixLength: number): ExtractedTarget {
  const choice = firstChoice(completion);
  const lp = choice.logprobs as Record<string, unknown> | null | undefined;
  if (lp === null || lp === undefined) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (choices[0].logprobs is ${lp === null ? 'null' : 'missing'})`);
  if (typeof lp !== 'object') throw new MalformedResponseError('choices[0].logprobs is not an object');
  const { tokens, token_logprobs: tokenLogprobs, text_offset: textOffset } = lp as { tokens?: unknown; token_logprobs?: unknown; text_offset?: unknown };
  if (!Array.isArray(tokens) || !Array.isArray(tokenLogprobs)) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (no tokens/token_logprobs in choices[0].logprobs)`);
  if (tokenLogprobs.length !== tokens.length) throw new MalformedResponseError(`choices[0].logprobs has ${tokens.length} tokens but ${tokenLogprobs.length} log-probabilities`);
  if (tokens.some((t) => typeof t !== 'string')) throw new MalformedResponseError('choices[0].logprobs.tokens holds a non-string');
  const texts = tokens as string[];
  const n = texts.length;

  // Offsets in code points, from the server or (when absent) accumulated from the token texts.
  let offsets: number[];
  if (Array.isArray(textOffset)) {
    if (textOffset.length !== n || textOffset.some((o) => typeof o !== 'number' || !Number.isFinite(o))) {
      throw new MalformedResponseError(`choices[0].logprobs.text_offset has ${textOffset.length} numbers for ${n} tokens`);
    }
    offsets = textOffset as number[];
  } else {
    offsets = [];
    let o = 0;
    for (const t of texts) {
      offsets.push(o);
      o += cpLength(t);
    }
  }

  // A leading run of tokens echoed before the prompt itself (BOS): skip it and re-base the offsets.
  let lead = 0;
  // SentencePiece pieces may come back raw ('▁' for a space): compare with it read as a space.
  const joined = texts.join('').replace(/\u2581/g, ' ');
  if (!joined.startsWith(prompt)) {
    const at = prompt.length > 0 ? joined.indexOf(prompt) : -1;
    if (at > 0 && at <= 256) {
      let acc = 0;
      while (lead < n && acc < at) acc += texts[lead++].length;
      // Only a short run of whole tokens that is not part of the text (e.g. "<|begin_of_text|>", "<s>").
      if (acc !== at) lead = 0;
    }
  }
  const base = lead > 0 ? offsets[lead] : 0;
  const generatedText = typeof choice.text === 'string' && choice.text.startsWith(prompt) ? choice.text.slice(prompt.length) : '';
  // Code points → UTF-16 over the echoed text (the prompt, then whatever was generated).
  const map = codePointToUtf16(prompt + generatedText);
  const toUtf16 = (cp: number) => (cp < 0 ? cp : cp < map.length ? map[cp] : prompt.length + generatedText.length + (cp - (map.length - 1)));
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < n; i++) {
    const startCp = offsets[i] - base;
    const endCp = i + 1 < n ? offsets[i + 1] - base : startCp + cpLength(texts[i]);
    starts.push(i < lead ? -1 - (lead - i) : toUtf16(startCp));
    ends.push(i < lead ? (i + 1 === lead ? 0 : -1) : toUtf16(Math.max(endCp, startCp)));
  }
  return selectTarget({ tokens: texts, logprobs: tokenLogprobs as Array<number | null>, starts, ends }, prompt.length, prefixLength, generatedText, ECHO_UNSUPPORTED);
}

interface PromptLogprobEntry {
  logprob?: unknown;
  rank?: unknown;
  decoded_token?: unknown;
}

/** The target's tokens and log-probabilities from a vLLM `prompt_logprobs` answer. */
export function targetFromPromptLogprobs(completion: unknown, prompt: string, prefixLength: number): ExtractedTarget {
  const choice = firstChoice(completion);
  const list = (choice.prompt_logprobs ?? (completion as { prompt_logprobs?: unknown }).prompt_logprobs) as unknown;
  if (list === null || list === undefined) throw new ScoringUnsupportedError(`${PROMPT_LOGPROBS_UNSUPPORTED} (choices[0].prompt_logprobs is ${list === null ? 'null' : 'missing'})`);
  if (!Array.isArray(list)) throw new MalformedResponseError('choices[0].prompt_logprobs is not a list');
  const ids = (choice.prompt_token_ids ?? (completion as { prompt_token_ids?: unknown }).prompt_token_ids) as unknown;
  const tokenIds = Array.isArray(ids) && ids.length === list.length ? ids : null;
  const n = list.length;
  const tokens: string[] = new Array(n).fill('');
  const logprobs: Array<number | null> = new Array(n).fill(null);
  // Backwards from the end of the prompt: token i ends where token i+1 starts.
  const starts: number[] = new Array(n).fill(0);
  const ends: number[] = new Array(n).fill(0);
  let end = prompt.length;
  for (let i = n - 1; i >= 0; i--) {
    const entry = list[i] as Record<string, PromptLogprobEntry> | null;
    ends[i] = end;
    if (entry === null || entry === undefined) {
      if (i !== 0) throw new ScoringUnsupportedError(`${PROMPT_LOGPROBS_UNSUPPORTED} (prompt token ${i} has no entry)`);
      starts[i] = 0;
      tokens[i] = prompt.slice(0, Math.max(0, end));
      break;
    }
    if (typeof entry !== 'object') throw new MalformedResponseError(`prompt_logprobs[${i}] is not an object`);
    const keys = Object.keys(entry);
    if (keys.length === 0) throw new MalformedResponseError(`prompt_logprobs[${i}] is empty`);
    // The prompt token: by id when the server gave the ids; else the only entry (prompt_logprobs:
    // 0); else the entry whose text ends the prompt here (JSON.parse orders integer-like keys
    // numerically, so vLLM's "prompt token first" order does not survive), else the first.
    let chosen: PromptLogprobEntry | undefined = tokenIds ? entry[String(tokenIds[i])] : undefined;
    if (!chosen) {
      chosen = entry[keys[0]];
      if (keys.length > 1) {
        for (const k of keys) {
          const d = entry[k]?.decoded_token;
          if (typeof d === 'string' && d.length > 0 && d.length <= end && prompt.startsWith(d, end - d.length)) {
            chosen = entry[k];
            break;
          }
        }
      }
    }
    const decoded = chosen?.decoded_token;
    if (typeof decoded !== 'string') throw new ScoringUnsupportedError(`${PROMPT_LOGPROBS_UNSUPPORTED} (prompt_logprobs[${i}] has no decoded_token)`);
    const lp = chosen?.logprob;
    if (typeof lp !== 'number' || Number.isNaN(lp)) throw new MalformedResponseError(`prompt_logprobs[${i}].logprob is ${JSON.stringify(lp)}`);
    tokens[i] = decoded;
    logprobs[i] = lp;
    end -= decoded.length;
    starts[i] = end;
  }
  if (end < 0) throw new MalformedResponseError(`the decoded prompt tokens are ${prompt.length - end} characters long, the prompt ${prompt.length}`);
  return selectTarget({ tokens, logprobs, starts, ends }, prompt.length, prefixLength, '', PROMPT_LOGPROBS_UNSUPPORTED);
}
