import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byteLevelBytes, byteLevelSpans } from './byteLevel';
import { ScoringAlignmentError } from './completionLogprobs';
import { fileTokenizer } from './promptTokenizer';
import { MAX_RETOKENIZED_PREFIX_TOKENS, targetStartToken } from './tokenLogprobs';
import { EXPECTED, TEST_TOKENIZER_JSON } from './testing/realTokenizerServer';
import { isDeterministic } from '../../platform/jobs/failedAttempt';

test('the tokenizer.json reader gives the ids Hugging Face\'s Python tokenizer gives, BOS included', async () => {
  const tok = fileTokenizer(TEST_TOKENIZER_JSON);
  for (const [name, probe] of Object.entries(EXPECTED.probes)) {
    const [encoded] = await tok.encode([probe.text]);
    assert.deepEqual(encoded.ids, probe.idsWithBos, name);
  }
  for (const [name, pair] of Object.entries(EXPECTED.pairs)) {
    const [p, f] = await tok.encode([pair.prefix, pair.prefix + pair.target]);
    assert.deepEqual([p.ids, f.ids], [pair.prefixIds, pair.fullIds], name);
  }
});

test('byte-level token strings place every token in the text, parts of a character included', () => {
  for (const [name, probe] of Object.entries(EXPECTED.probes)) {
    const spans = byteLevelSpans(['<|begin_of_text|>', ...probe.tokens], probe.text);
    assert.ok(spans, name);
    assert.equal(spans.lead, 1);
    // The spans tile the text in order; a token holding only part of a character is empty.
    let at = 0;
    spans.starts.forEach((s, i) => {
      assert.equal(s, at, `${name} token ${i}`);
      at = spans.ends[i];
    });
    assert.equal(at, probe.text.length, name);
  }
  // "こ" is three bytes; here its first two are one token ("ãģ") and the last another ("ĵ").
  const cjk = EXPECTED.probes.cjk;
  const spans = byteLevelSpans(cjk.tokens, cjk.text)!;
  const k = cjk.tokens.indexOf('ãģ');
  assert.equal(byteLevelBytes('ãģ')!.length, 2);
  assert.equal(spans.starts[k], spans.ends[k]);
  assert.equal(cjk.text.slice(spans.starts[k + 1], spans.ends[k + 1]), 'こ');
  // Not the tokens of this text: no spans.
  assert.equal(byteLevelSpans(cjk.tokens.slice(1), cjk.text), null);
  assert.equal(byteLevelSpans(['▁hello'], ' hello'), null);
});

test('the target starts where the prefix\'s own tokens end, or at the first re-tokenized one', () => {
  for (const [name, pair] of Object.entries(EXPECTED.pairs)) assert.equal(targetStartToken(pair.prefixIds, pair.fullIds), pair.targetStart, name);
  const mid = EXPECTED.pairs.midWord;
  assert.ok(mid.targetStart < mid.prefixIds.length, 'a prefix ending inside a word re-tokenizes');
  const many = Array.from({ length: MAX_RETOKENIZED_PREFIX_TOKENS + 1 }, (_, i) => 100 + i);
  assert.throws(
    () => targetStartToken([1, ...many], [1, 7, 8]),
    (e: unknown) => e instanceof ScoringAlignmentError && isDeterministic(e) && /re-tokenizes the prefix's last 5 tokens/.test(e.message),
  );
});
