/**
 * Token alignment: the prompt goes to the server as token ids (the tokenizer's, BOS included),
 * so every log-probability in the answer belongs to a known position and no decoded text is
 * trusted. The target starts at a token index found from the ids alone (`targetStartToken`):
 *
 * - the prefix's own tokens are a prefix of the whole prompt's tokens: the target is the rest;
 * - the prefix's last tokens are re-tokenized with the target's start (a prefix ending inside a
 *   word: "x pars" + "eOutline" -> " parse" "Out" "line"): the target starts at the first token
 *   the two tokenizations do not share, conditioned on the prefix before it. A token straddling
 *   the boundary counts as target, as in text alignment. BPE merges never cross a pre-token
 *   (about a word), so this is the prefix's last word at most; more than
 *   MAX_RETOKENIZED_PREFIX_TOKENS re-tokenized means the tokenizations disagree further back,
 *   and is refused rather than attributed.
 *
 * Answers (each checked to cover exactly the ids sent, and the ids where the server echoes them):
 * - echo: `choices[0].logprobs.token_logprobs[i]` for prompt position i (vLLM echoes
 *   [*prompt_token_ids, *output.token_ids], serving_completion.py); with
 *   `return_tokens_as_token_ids` its tokens read "token_id:<id>";
 * - prompt_logprobs: `choices[0].prompt_logprobs[i]["<id of position i>"].logprob`;
 * - SGLang's /generate with `logprob_start_len: start`: `meta_info.input_token_logprobs[k]` =
 *   [logprob, id, text] for position start + k (io_struct.py GenerateReqInput).
 */
import { MalformedResponseError } from '../../platform/llm/retry';
import {
  cannotScoreReliably,
  ECHO_UNSUPPORTED,
  firstChoice,
  logprobValue,
  promptLogprobEntry,
  promptLogprobsList,
  PROMPT_LOGPROBS_UNSUPPORTED,
  ScoringUnsupportedError,
} from './completionLogprobs';

export const SGLANG_UNSUPPORTED =
  'this server did not return input log-probabilities from /generate (SGLang\'s native API): use SGLang, or RETRACE_SCORER_MODE=echo or prompt_logprobs';

const TOKENIZER_MISMATCH_HINT = 'Check that RETRACE_SCORER_TOKENIZER is the scoring model\'s own tokenizer (or leave it at "server").';

export const MAX_RETOKENIZED_PREFIX_TOKENS = 4;

/** Index in `fullIds` (prefix + target) of the target's first token; see the module comment. */
export function targetStartToken(prefixIds: readonly number[], fullIds: readonly number[]): number {
  let common = 0;
  while (common < prefixIds.length && common < fullIds.length && prefixIds[common] === fullIds[common]) common++;
  const retokenized = prefixIds.length - common;
  if (retokenized > MAX_RETOKENIZED_PREFIX_TOKENS) {
    throw cannotScoreReliably('any', `the target re-tokenizes the prefix's last ${retokenized} tokens (the tokenizations of the prefix and of prefix + target part at token ${common} of ${prefixIds.length})`, 'This prefix and target cannot be split at a token boundary; report it with the texts.');
  }
  if (common >= fullIds.length) throw new MalformedResponseError(`the tokenizer gave the target no tokens (${fullIds.length} tokens for prefix + target, ${prefixIds.length} for the prefix)`);
  return common;
}

export interface TokenTarget {
  /** Log-probability of each target position (-Infinity for position 0, which has none). */
  logprobs: number[];
  /** The server's text for each target token (may be U+FFFD for part of a character), null when it gave none. */
  serverTexts: Array<string | null>;
  promptTokens: number;
  generated: string;
}

function checkCount(mode: string, got: number, ids: readonly number[]): void {
  if (got !== ids.length) {
    throw cannotScoreReliably(mode, `it answered for ${got} prompt tokens where ${ids.length} token ids were sent (the server adds or drops tokens)`, 'Use vLLM or SGLang, which take prompts as token ids as they are.');
  }
}

function checkId(mode: string, got: number, ids: readonly number[], i: number): void {
  if (got !== ids[i]) throw cannotScoreReliably(mode, `prompt token ${i} came back as id ${got}, but id ${ids[i]} was sent`, TOKENIZER_MISMATCH_HINT);
}

function targetLogprob(lp: number | null, i: number, unsupported: string): number {
  if (lp !== null) return lp;
  if (i === 0) return Number.NEGATIVE_INFINITY;
  throw new ScoringUnsupportedError(`${unsupported} (prompt token ${i} has no log-probability)`);
}

/** From an echo answer to the prompt `ids` (max_tokens 1: at most one generated token follows). */
export function targetFromEchoIds(completion: unknown, ids: readonly number[], start: number): TokenTarget {
  const choice = firstChoice(completion);
  const lp = choice.logprobs as { tokens?: unknown; token_logprobs?: unknown } | null | undefined;
  if (lp === null || lp === undefined) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (choices[0].logprobs is ${lp === null ? 'null' : 'missing'})`);
  const { tokens, token_logprobs: tokenLogprobs } = lp;
  if (!Array.isArray(tokens) || !Array.isArray(tokenLogprobs)) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (no tokens/token_logprobs in choices[0].logprobs)`);
  if (tokenLogprobs.length !== tokens.length) throw new MalformedResponseError(`choices[0].logprobs has ${tokens.length} tokens but ${tokenLogprobs.length} log-probabilities`);
  const usage = (completion as { usage?: { prompt_tokens?: unknown } }).usage;
  const promptCount = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : Math.min(tokens.length, ids.length);
  if (tokenLogprobs.every((x) => x === null) || tokens.length < promptCount) throw new ScoringUnsupportedError(`${ECHO_UNSUPPORTED} (no prompt tokens in the answer)`);
  checkCount('echo', promptCount, ids);
  const logprobs: number[] = [];
  const serverTexts: Array<string | null> = [];
  for (let i = start; i < ids.length; i++) {
    const text = tokens[i];
    const asId = typeof text === 'string' ? /^token_id:(\d+)$/.exec(text) : null;
    if (asId) checkId('echo', Number(asId[1]), ids, i);
    logprobs.push(targetLogprob(logprobValue(tokenLogprobs[i], `choices[0].logprobs.token_logprobs[${i}]`), i, ECHO_UNSUPPORTED));
    serverTexts.push(typeof text === 'string' && !asId ? text : null);
  }
  const generatedTokens = tokens.slice(ids.length).filter((t): t is string => typeof t === 'string' && !/^token_id:\d+$/.test(t));
  return { logprobs, serverTexts, promptTokens: ids.length, generated: generatedTokens.join('') };
}

/** From a vLLM prompt_logprobs answer to the prompt `ids`: each entry is read by the id sent at its position. */
export function targetFromPromptLogprobsIds(completion: unknown, ids: readonly number[], start: number): TokenTarget {
  const list = promptLogprobsList(completion);
  checkCount('prompt_logprobs', list.length, ids);
  const logprobs: number[] = [];
  const serverTexts: Array<string | null> = [];
  for (let i = start; i < ids.length; i++) {
    if (i === 0) {
      logprobs.push(Number.NEGATIVE_INFINITY);
      serverTexts.push(null);
      continue;
    }
    const entry = promptLogprobEntry(list, i);
    const chosen = entry[String(ids[i])];
    if (!chosen) throw cannotScoreReliably('prompt_logprobs', `prompt_logprobs[${i}] has no entry for the id sent there (${ids[i]}; it has ${Object.keys(entry).slice(0, 4).join(', ')})`, TOKENIZER_MISMATCH_HINT);
    logprobs.push(targetLogprob(logprobValue(chosen.logprob, `prompt_logprobs[${i}].logprob`), i, PROMPT_LOGPROBS_UNSUPPORTED));
    serverTexts.push(typeof chosen.decoded_token === 'string' ? chosen.decoded_token : null);
  }
  return { logprobs, serverTexts, promptTokens: ids.length, generated: '' };
}

/** From SGLang's /generate answer to `input_ids: ids, logprob_start_len: start`. */
export function targetFromSglang(answer: unknown, ids: readonly number[], start: number): TokenTarget {
  const item = Array.isArray(answer) ? answer[0] : answer;
  if (!item || typeof item !== 'object') throw new MalformedResponseError(`expected a /generate answer object, got ${JSON.stringify(answer).slice(0, 120)}`);
  const meta = (item as { meta_info?: { input_token_logprobs?: unknown; prompt_tokens?: unknown } }).meta_info;
  if (!meta || typeof meta !== 'object') throw new MalformedResponseError('the /generate answer has no meta_info');
  const entries = meta.input_token_logprobs;
  if (!Array.isArray(entries)) throw new ScoringUnsupportedError(`${SGLANG_UNSUPPORTED} (meta_info.input_token_logprobs is ${entries === null ? 'null' : 'missing'})`);
  if (typeof meta.prompt_tokens === 'number') checkCount('sglang', meta.prompt_tokens, ids);
  if (entries.length !== ids.length - start) {
    throw cannotScoreReliably('sglang', `it returned ${entries.length} input log-probabilities from token ${start}, where ${ids.length - start} were asked for`, 'Use an SGLang version whose /generate honours logprob_start_len.');
  }
  const logprobs: number[] = [];
  const serverTexts: Array<string | null> = [];
  entries.forEach((e, k) => {
    if (!Array.isArray(e) || e.length < 2) throw new MalformedResponseError(`input_token_logprobs[${k}] is not [logprob, token_id, text]`);
    checkId('sglang', Number(e[1]), ids, start + k);
    logprobs.push(targetLogprob(logprobValue(e[0], `input_token_logprobs[${k}][0]`), start + k, SGLANG_UNSUPPORTED));
    serverTexts.push(typeof e[2] === 'string' ? e[2] : null);
  });
  const text = (item as { text?: unknown }).text;
  return { logprobs, serverTexts, promptTokens: ids.length, generated: typeof text === 'string' ? text : '' };
}
