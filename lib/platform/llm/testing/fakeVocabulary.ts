/**
 * Vocabularies for the fake inference server: text <-> token ids, and each token decoded on its
 * own the way vLLM's detokenizer does it for logprobs (vllm/transformers_utils/detokenizer_utils.py
 * `convert_ids_list_to_tokens`: the token's bytes decoded with errors="replace", so a token holding
 * part of a UTF-8 character reads U+FFFD).
 *
 * - `simpleVocabulary()`: words with their leading space, single punctuation, whitespace runs
 *   (tokens always whole characters; ids assigned on first sight);
 * - `tokenizerJsonVocabulary(path)`: a real Hugging Face byte-level BPE tokenizer.json, e.g. the
 *   one under lib/3-search/scoring/testing/byteBpe.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { byteLevelBytes } from '../../../3-search/scoring/byteLevel';

export interface FakeVocabulary {
  /** Token ids of `text`, with the BOS first when `addSpecial` and the vocabulary has one. */
  encode(text: string, addSpecial: boolean): number[];
  /** One token decoded on its own: U+FFFD for part of a character; a special token's text. */
  decodeOne(id: number): string;
  /** The vocabulary's own string for the token (byte-level "Ġx"), as `convert_ids_to_tokens`. */
  tokenString(id: number): string;
  /** Ids decoded together (special tokens skipped). */
  decode(ids: readonly number[]): string;
  /** Whether `id` is one of the vocabulary's. */
  has(id: number): boolean;
  readonly bosId: number | null;
}

const SIMPLE_TOKEN = /[ ]?[\p{L}\p{N}_]+|[ ]?[^\s\p{L}\p{N}_]|\s+(?=\s)|\s+/gu;

/** Words with their leading space, single punctuation (with a leading space), whitespace runs. */
export function fakeTokenize(text: string): string[] {
  return text.match(SIMPLE_TOKEN) ?? [];
}

export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable fake vocabulary id (ids below 1000 are left for the alternatives and the BOS). */
export function fakeTokenId(token: string): number {
  return 1000 + (fnv1a(token) % 150_000);
}

export const SIMPLE_BOS_ID = 1;

/** The simple vocabulary; `bos` is the BOS token's text (null: none). */
export function simpleVocabulary(bos: () => string | null): FakeVocabulary {
  const byId = new Map<number, string>();
  const idOf = (token: string) => {
    const id = fakeTokenId(token);
    byId.set(id, token);
    return id;
  };
  return {
    encode(text, addSpecial) {
      const ids = fakeTokenize(text).map(idOf);
      return addSpecial && bos() !== null ? [SIMPLE_BOS_ID, ...ids] : ids;
    },
    decodeOne: (id) => (id === SIMPLE_BOS_ID ? (bos() ?? '') : (byId.get(id) ?? '')),
    tokenString: (id) => (id === SIMPLE_BOS_ID ? (bos() ?? '') : (byId.get(id) ?? '')),
    decode: (ids) => ids.map((id) => (id === SIMPLE_BOS_ID ? '' : (byId.get(id) ?? ''))).join(''),
    has: (id) => id === SIMPLE_BOS_ID || byId.has(id),
    get bosId() {
      return bos() !== null ? SIMPLE_BOS_ID : null;
    },
  };
}

/** A real tokenizer.json (byte-level BPE), with its post-processor's BOS. */
export function tokenizerJsonVocabulary(path: string): FakeVocabulary {
  const json = JSON.parse(fs.readFileSync(path, 'utf8')) as { model: { vocab: Record<string, number> }; added_tokens?: Array<{ id: number; content: string }> };
  const configPath = path.replace(/tokenizer\.json$/, 'tokenizer_config.json');
  const config = fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};
  const tokenizer = new HfTokenizer(json, config);
  const strings = new Map<number, string>(Object.entries(json.model.vocab).map(([s, id]) => [id, s]));
  const special = new Map<number, string>((json.added_tokens ?? []).map((t) => [t.id, t.content]));
  for (const [id, s] of special) strings.set(id, s);
  const withBos = tokenizer.encode('', { add_special_tokens: true }).ids;
  const utf8 = new TextDecoder('utf-8', { fatal: false });
  return {
    encode: (text, addSpecial) => tokenizer.encode(text, { add_special_tokens: addSpecial }).ids,
    decodeOne(id) {
      if (special.has(id)) return special.get(id)!;
      const bytes = byteLevelBytes(strings.get(id) ?? '');
      return bytes ? utf8.decode(bytes) : '';
    },
    tokenString: (id) => strings.get(id) ?? '',
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: true, clean_up_tokenization_spaces: false }),
    has: (id) => strings.has(id),
    bosId: withBos.length > 0 ? withBos[0] : null,
  };
}

/** The byte-level BPE tokenizer trained for the tests (bench/real-model/train_tokenizer.py). */
export const TEST_TOKENIZER_JSON = fileURLToPath(new URL('../../../3-search/scoring/testing/byteBpe/tokenizer.json', import.meta.url));
