"""The reference the real-model bench checks Retrace against: a direct forward pass of the same model
on the same prefix and target, with no server and no Retrace code.

    echo '{"floor": -2, "cases": [{"prefix": "...", "target": "..."}]}' | python3 bench/real-model/reference_nll.py

For each case: the prefix and prefix + target tokenized by Hugging Face's tokenizer (BOS included);
the target's tokens are those after the longest common prefix of the two tokenizations (the prefix's
own tokens, or up to its last re-tokenized word); one float32 forward pass over prefix + target; each
target token's log-probability from the logits before it. Prints {"results": [{"tokens",
"logprobs", "meanNll"}]} with meanNll the mean of -max(logprob, floor).
"""
import json
import pathlib
import sys

import torch
from tokenizers import Tokenizer
from transformers import LlamaForCausalLM

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main():
    torch.set_num_threads(1)
    request = json.load(sys.stdin)
    floor = request.get("floor", -2.0)
    tok = Tokenizer.from_file(str(ROOT / "lib/scoring/testing/byteBpe/tokenizer.json"))
    model = LlamaForCausalLM.from_pretrained(str(HERE / "model"), torch_dtype=torch.float32).eval()
    results = []
    for case in request["cases"]:
        prefix_ids = tok.encode(case["prefix"], add_special_tokens=True).ids
        ids = tok.encode(case["prefix"] + case["target"], add_special_tokens=True).ids
        start = 0
        while start < len(prefix_ids) and start < len(ids) and prefix_ids[start] == ids[start]:
            start += 1
        with torch.no_grad():
            table = torch.log_softmax(model(input_ids=torch.tensor([ids])).logits[0].float(), dim=-1)
        logprobs = [table[i - 1, ids[i]].item() if i > 0 else float("-inf") for i in range(start, len(ids))]
        clipped = [-max(lp, floor) for lp in logprobs]
        results.append({"tokens": len(logprobs), "logprobs": [lp if lp != float("-inf") else None for lp in logprobs], "meanNll": sum(clipped) / len(clipped) if clipped else 0.0})
    json.dump({"results": results}, sys.stdout)


if __name__ == "__main__":
    main()
