"""Trains the small byte-level BPE tokenizer that the scoring tests and the real-model bench share.

    python3 bench/real-model/train_tokenizer.py

Corpus: zod's TypeScript sources from node_modules (its locales hold Japanese, Chinese, Korean,
Greek, Russian... messages), so common non-ASCII characters merge into whole tokens while rarer
ones stay split into byte tokens: exactly what per-token decoding on a server gets wrong.
The tokenizer adds "<|begin_of_text|>" before every sequence, as Llama 3's does. Deterministic
for the same corpus. Writes lib/scoring/testing/byteBpe/tokenizer.json and expected.json (the
token ids Hugging Face's own tokenizer gives the tests' texts; the tests check against them).
"""
import json
import pathlib

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "lib/scoring/testing/byteBpe"
BOS = "<|begin_of_text|>"
EOS = "<|end_of_text|>"
VOCAB = 4096

# The texts the tests score: several scripts, emoji, accents, combining marks, and code.
PROBES = {
    "ascii": "export function add(a: number, b: number): number {\n  return a + b;\n}\n",
    "cjk": 'x = "こんにちは、世界"\nprint(x)\n',
    "comment": "# 日本語のコメント 😀\ndef f():\n    return 1\n",
    "emoji": "const faces = ['😀', '🎉', '👩‍💻'];\n",
    "accents": "// Größe, café, naïve, Ελληνικά, Русский\nlet größe = 1;\n",
    "combining": "const e = 'e\u0301'; // e + combining acute, not é\n",
    "chinese": "/** 中文注释：返回两个数的和 */\nfunction 和(a, b) { return a + b; }\n",
    "prefix": "### Requirements\nA tiny math library.\n\n## Sub-agent: src/add.ts\n\nThink:\nAdd two numbers... then return the sum.\n\nAction: Write(src/add.ts)\n",
}


# Prefix + target pairs the scoring tests score in every mode (the cases among them).
THINK = "## Sub-agent: hello.py\n\nThink:\nGreet the world, then print it.\n\nAction: Write(hello.py)\n"
PAIRS = {
    "cjkTarget": (THINK, 'x = "こんにちは、世界"\nprint(x)\n'),
    "nonAsciiPrefix": ("### Requirements\n# 日本語のコメント 😀 -- naïve café\n\nAction: Write(f.py)\n", "def f():\n    return 1\n"),
    "emojiTarget": (THINK, "const faces = ['😀', '🎉', '👩‍💻'];\n"),
    "accents": ("Think: Größe und café.\nAction: Write(a.ts)\n", "// Größe, café, naïve, Ελληνικά, Русский\nlet größe = 1;\n"),
    "combining": (THINK, "const e = 'e\u0301'; // e + U+0301\n"),
    "chinese": ("Think: 返回两个数的和\nAction: Write(sum.js)\n", "/** 中文注释：返回两个数的和 */\nfunction 和(a, b) { return a + b; }\n"),
    "ascii": (THINK, "export function add(a: number, b: number): number {\n  return a + b;\n}\n"),
    "blankFirstLine": (THINK, "\n\nexport const x = 1;\n"),
    "midWord": ("x pars", "eOutline(source)"),
    "emptyPrefix": ("", "print('héllo')\n"),
}


def target_start(prefix_ids, full_ids):
    common = 0
    while common < len(prefix_ids) and common < len(full_ids) and prefix_ids[common] == full_ids[common]:
        common += 1
    return common


def corpus_files():
    src = ROOT / "node_modules/zod/src"
    files = sorted(p for p in src.rglob("*.ts") if "tests" not in p.parts)
    if not files:
        raise SystemExit("node_modules/zod/src not found: run npm install first")
    return [str(p) for p in files]


def main():
    tok = Tokenizer(models.BPE(unk_token=None, byte_fallback=False))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB,
        min_frequency=2,
        special_tokens=[BOS, EOS],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train(corpus_files(), trainer)
    tok.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A", pair=f"{BOS} $A {BOS} $B", special_tokens=[(BOS, tok.token_to_id(BOS))]
    )
    OUT.mkdir(parents=True, exist_ok=True)
    tok.save(str(OUT / "tokenizer.json"))
    (OUT / "tokenizer_config.json").write_text(json.dumps({"bos_token": BOS, "eos_token": EOS, "model_max_length": 1024}, indent=2) + "\n")
    expected = {
        name: {
            "text": text,
            "ids": tok.encode(text, add_special_tokens=False).ids,
            "idsWithBos": tok.encode(text, add_special_tokens=True).ids,
            "tokens": tok.encode(text, add_special_tokens=False).tokens,
        }
        for name, text in PROBES.items()
    }
    pairs = {}
    for name, (prefix, target) in PAIRS.items():
        prefix_ids = tok.encode(prefix, add_special_tokens=True).ids
        full_ids = tok.encode(prefix + target, add_special_tokens=True).ids
        pairs[name] = {"prefix": prefix, "target": target, "prefixIds": prefix_ids, "fullIds": full_ids, "targetStart": target_start(prefix_ids, full_ids)}
    expected = {"probes": expected, "pairs": pairs}
    (OUT / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n")
    print(f"vocab {tok.get_vocab_size()}; wrote {OUT}")


if __name__ == "__main__":
    main()
