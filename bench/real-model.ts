/**
 * `npm run bench -- real-model`: Retrace's scoring against a real language model, checked against
 * a direct forward pass of the same model.
 *
 * The model (bench/real-model/model: a 1.3 M-parameter Llama-architecture causal LM trained by
 * train_model.py on the byte-level BPE tokenizer of lib/3-search/scoring/testing/byteBpe) is served by
 * bench/real-model/server.py, a reference server speaking vLLM's and SGLang's wire formats. For
 * search steps of two fixture repositories (one ASCII, one with Japanese, emoji, accents and a
 * combining mark) and the tokenizer tests' pairs, Retrace's scorer gives each step's mean clipped NLL
 * in every mode (echo, prompt_logprobs, sglang) and with each tokenizer source (the server's
 * /tokenize, the tokenizer.json); reference_nll.py computes the same from a forward pass with no
 * server. Each must agree within 1e-3; text alignment (no tokenizer) must agree on ASCII and refuse
 * the rest. Prints the agreement table; exits 1 on any disagreement.
 *
 * Needs Python 3 with torch (CPU), transformers and tokenizers: `pip install torch transformers
 * tokenizers`. CI does not run it. To rebuild the model: python3 bench/real-model/train_model.py.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { TS_WITH_CYCLE } from '../lib/2-synthesize/testRepos';
import { createOpenAIScorer, ScoringAlignmentError, scoringConfigFromEnv } from '../lib/3-search/scoring/openaiScorer';
import type { ScoringMode } from '../lib/3-search/scoring/scoringConfig';
import { EXPECTED, TEST_TOKENIZER_JSON } from '../lib/3-search/scoring/testing/realTokenizerServer';
import { meanNll } from '../lib/3-search/scoring/types';
import { scoringPrefix, searchableThinks } from '../lib/3-search/scoringPrefix';
import { fixture } from '../lib/3-search/testing';

const DIR = 'bench/real-model';
const TOLERANCE = 1e-3;
const MAX_PREFIX_CHARS = 2_500;

const NON_ASCII_REPO: Record<string, string> = {
  'README.md': '# 挨拶 (greetings)\n\nSays hello in several languages. 😀\n',
  'src/words.ts': '// 日本語のコメント: greetings by language\nexport const hello: Record<string, string> = {\n  ja: "こんにちは、世界",\n  el: "Γειά σου Κόσμε",\n  fr: "Bonjour, café",\n  emoji: "👋🌍",\n};\n',
  'src/greet.ts': "import { hello } from './words';\n\n/** Grüße: returns the greeting, or e\u0301 for unknown languages. */\nexport function greet(lang: string): string {\n  return hello[lang] ?? 'e\u0301';\n}\n",
};

interface Case {
  name: string;
  prefix: string;
  target: string;
  ascii: boolean;
}

async function stepCases(repo: string, files: Record<string, string>): Promise<Case[]> {
  const { trajectory } = await fixture(files);
  return searchableThinks(trajectory).map((t) => {
    const prefix = scoringPrefix(trajectory, t.ordinal, trajectory.steps[t.ordinal].content, { maxPrefixChars: MAX_PREFIX_CHARS });
    const target = t.write.action!.content;
    return { name: `${repo}:${t.file}`, prefix, target, ascii: /^[\x00-\x7f]*$/.test(prefix + target) };
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

function python(args: string[], input?: string): { ok: boolean; stdout: string; stderr: string } {
  const r = spawnSync('python3', args, { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, stdout: r.stdout ?? '', stderr: r.stderr ?? String(r.error ?? '') };
}

async function main(): Promise<number> {
  const deps = python(['-c', 'import torch, transformers, tokenizers']);
  if (!deps.ok) {
    console.error('This bench needs Python 3 with torch (CPU), transformers and tokenizers: pip install torch transformers tokenizers\n' + deps.stderr.trim().split('\n').at(-1));
    return 2;
  }
  if (!fs.existsSync(`${DIR}/model/model.safetensors`)) {
    console.error(`No model in ${DIR}/model: python3 ${DIR}/train_model.py (a few minutes on one core).`);
    return 2;
  }
  const cases: Case[] = [
    ...(await stepCases('shapes', TS_WITH_CYCLE)),
    ...(await stepCases('greetings', NON_ASCII_REPO)),
    ...Object.entries(EXPECTED.pairs).map(([name, p]) => ({ name: `pair:${name}`, prefix: p.prefix, target: p.target, ascii: /^[\x00-\x7f]*$/.test(p.prefix + p.target) })),
  ];
  const started = performance.now();
  const reference = python([`${DIR}/reference_nll.py`], JSON.stringify({ floor: -2, cases: cases.map(({ prefix, target }) => ({ prefix, target })) }));
  if (!reference.ok) throw new Error(`reference_nll.py failed: ${reference.stderr}`);
  const expected = (JSON.parse(reference.stdout) as { results: Array<{ tokens: number; logprobs: Array<number | null>; meanNll: number }> }).results;
  const referenceSeconds = (performance.now() - started) / 1000;

  const port = await freePort();
  const server = spawn('python3', [`${DIR}/server.py`, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const baseUrl = `http://127.0.0.1:${port}/v1`;
  try {
    for (let i = 0; ; i++) {
      if (await fetch(`${baseUrl}/models`).then((r) => r.ok, () => false)) break;
      if (i > 240 || server.exitCode !== null) throw new Error('the reference server did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
    const configs: Array<{ mode: ScoringMode; tokenizer: string; label: string }> = [
      ...(['echo', 'prompt_logprobs', 'sglang'] as const).flatMap((mode) => [
        { mode, tokenizer: 'server', label: `${mode} / server` },
        { mode, tokenizer: TEST_TOKENIZER_JSON, label: `${mode} / tokenizer.json` },
      ]),
      { mode: 'echo', tokenizer: 'text', label: 'echo / text' },
      { mode: 'prompt_logprobs', tokenizer: 'text', label: 'prompt_logprobs / text' },
    ];
    const rows: string[][] = [];
    let worst = 0;
    let failures = 0;
    let compared = 0;
    for (const c of configs) {
      const scorer = createOpenAIScorer(scoringConfigFromEnv({}, { baseUrl, model: 'retrace-bench/tiny-llama', mode: c.mode, tokenizer: c.tokenizer, maxAttempts: 1 }));
      for (const [i, k] of cases.entries()) {
        const ref = expected[i];
        let verdict: string;
        let nll = '';
        let diff = '';
        try {
          const scores = await scorer.score(k.prefix, k.target);
          const d = Math.abs(meanNll(scores) - ref.meanNll);
          const tokenDiff = Math.max(0, ...scores.logprobs.map((lp, j) => (ref.logprobs[j] === null ? 0 : Math.abs(lp - ref.logprobs[j]!))));
          const agree = d <= TOLERANCE && scores.logprobs.length === ref.tokens;
          worst = Math.max(worst, d);
          compared++;
          if (!agree) failures++;
          nll = meanNll(scores).toFixed(6);
          diff = `${d.toExponential(1)} (token ${tokenDiff.toExponential(1)})`;
          verdict = agree ? 'agrees' : `DISAGREES (${scores.logprobs.length} tokens vs ${ref.tokens})`;
        } catch (err) {
          const refusedAsExpected = c.tokenizer === 'text' && !k.ascii && err instanceof ScoringAlignmentError;
          if (!refusedAsExpected) failures++;
          verdict = refusedAsExpected ? 'refused (as it must)' : `FAILED: ${(err as Error).message.slice(0, 80)}`;
        }
        rows.push([c.label, k.name, k.ascii ? 'ascii' : 'non-ascii', String(ref.tokens), ref.meanNll.toFixed(6), nll, diff, verdict]);
      }
    }
    const header = ['mode / tokenizer', 'case', 'text', 'tokens', 'reference NLL', 'Retrace NLL', '|diff|', 'verdict'];
    const widths = header.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j].length)));
    const line = (r: string[]) => r.map((x, j) => x.padEnd(widths[j])).join('  ');
    console.log(line(header));
    for (const r of rows) console.log(line(r));
    console.log(`\n${cases.length} cases x ${configs.length} configurations; ${compared} NLLs compared, largest |diff| ${worst.toExponential(2)} (tolerance ${TOLERANCE}); ${failures} failure(s). Reference pass ${referenceSeconds.toFixed(1)} s.`);
    return failures === 0 ? 0 : 1;
  } finally {
    server.kill('SIGTERM');
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
