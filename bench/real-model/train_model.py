"""Trains the small Llama-architecture causal LM that `npm run bench -- real-model` scores with.

    python3 bench/real-model/train_model.py [--steps 1000]

A few minutes on one CPU core (torch.set_num_threads(1): the machine is shared). The model is tiny
(about 1.3 M parameters: 4 layers, hidden 128, the 4,096-token byte-level BPE tokenizer in
lib/scoring/testing/byteBpe) and trained on zod's TypeScript sources, so its log-probabilities are
those of a real language model (they vary with the context) without being a good one. Weights are
saved in float16 (safetensors, ~2.7 MB) under bench/real-model/model/; the server and the reference
both run them in float32. Deterministic for the same corpus, seed and torch build.
"""
import argparse
import json
import pathlib
import random
import time

import torch
from tokenizers import Tokenizer
from transformers import LlamaConfig, LlamaForCausalLM

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKENIZER = ROOT / "lib/scoring/testing/byteBpe/tokenizer.json"
OUT = ROOT / "bench/real-model/model"
CONTEXT = 2048


def corpus_ids(tok):
    files = sorted(p for p in (ROOT / "node_modules/zod/src").rglob("*.ts") if "tests" not in p.parts)
    if not files:
        raise SystemExit("node_modules/zod/src not found: run npm install first")
    eos = tok.token_to_id("<|end_of_text|>")
    ids = []
    for p in files:
        ids.extend(tok.encode(p.read_text(encoding="utf-8"), add_special_tokens=True).ids)
        ids.append(eos)
    return ids


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--seq", type=int, default=128)
    parser.add_argument("--batch", type=int, default=8)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    random.seed(0)
    tok = Tokenizer.from_file(str(TOKENIZER))
    data = torch.tensor(corpus_ids(tok), dtype=torch.long)
    config = LlamaConfig(
        vocab_size=tok.get_vocab_size(),
        hidden_size=128,
        intermediate_size=352,
        num_hidden_layers=4,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=CONTEXT,
        rms_norm_eps=1e-5,
        rope_theta=10000.0,
        tie_word_embeddings=True,
        bos_token_id=tok.token_to_id("<|begin_of_text|>"),
        eos_token_id=tok.token_to_id("<|end_of_text|>"),
    )
    model = LlamaForCausalLM(config)
    params = sum(p.numel() for p in model.parameters())
    print(f"{params / 1e6:.2f} M parameters, {len(data):,} training tokens")
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=3e-3, total_steps=args.steps, pct_start=0.1)
    started = time.time()
    model.train()
    for step in range(args.steps):
        starts = torch.randint(0, len(data) - args.seq - 1, (args.batch,))
        batch = torch.stack([data[s : s + args.seq] for s in starts.tolist()])
        loss = model(input_ids=batch, labels=batch).loss
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss.item():.3f}  {time.time() - started:6.1f} s", flush=True)
    OUT.mkdir(parents=True, exist_ok=True)
    model.half().save_pretrained(str(OUT), safe_serialization=True)
    (OUT / "training.json").write_text(json.dumps({"steps": args.steps, "seq": args.seq, "batch": args.batch, "parameters": params, "final_loss": round(loss.item(), 4), "seconds": round(time.time() - started, 1), "torch": torch.__version__}, indent=1) + "\n")
    print(f"saved to {OUT}")


if __name__ == "__main__":
    main()
