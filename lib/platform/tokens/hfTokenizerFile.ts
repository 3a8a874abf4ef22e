/**
 * A Hugging Face tokenizer.json (with tokenizer_config.json beside it, when there is one) read by
 * @huggingface/tokenizers, for the export's and the scorer's tokenizers alike. `fail` makes the
 * error each caller throws (its own type, its own advice).
 */
import fs from 'node:fs';
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';

export function readHfTokenizerFile(path: string, fail: (problem: string) => Error): { tokenizer: HfTokenizer; config: Record<string, unknown> } {
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(fs.readFileSync(path, 'utf8'));
  } catch (err) {
    throw fail(`Cannot read the tokenizer ${path}: ${(err as Error).message}.`);
  }
  const configPath = path.replace(/tokenizer\.json$/, 'tokenizer_config.json');
  const config = configPath !== path && fs.existsSync(configPath) ? JSON.parse(fs.readFileSync(configPath, 'utf8')) : {};
  try {
    return { tokenizer: new HfTokenizer(json, config), config };
  } catch (err) {
    throw fail(`${path} is not a tokenizer.json Retrace can load (${(err as Error).message}).`);
  }
}
