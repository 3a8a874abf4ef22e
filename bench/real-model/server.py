"""A small reference inference server for the real-model bench: the model in bench/real-model/model
behind vLLM's and SGLang's documented wire formats, on 127.0.0.1 only.

    python3 bench/real-model/server.py --port 8765

Endpoints, each following the upstream source named:
- GET /v1/models: {"object": "list", "data": [{"id", "object": "model", "owned_by": "vllm", "root",
  "parent", "max_model_len", "permission"}]} (vllm/entrypoints/openai/serving_models.py, ModelCard);
- POST /tokenize {model, prompt, add_special_tokens=true, return_token_strs=false} -> {count,
  max_model_len, tokens, token_strs} (vllm/entrypoints/openai/serving_tokenization.py);
- POST /v1/completions {model, prompt: text | [ids], max_tokens, echo, logprobs, prompt_logprobs}
  (vllm/entrypoints/openai/serving_completion.py): a text prompt is tokenized with the BOS, ids are
  taken as they are; echo answers the prompt's tokens then the generated one, each decoded on its
  own (a token holding part of a UTF-8 character reads U+FFFD), text_offset accumulated from those
  texts, the first log-probability null; prompt_logprobs = [null, {"<id>": {logprob, rank,
  decoded_token}}, ...]; -inf clamped to -9999 as vLLM does; greedy generation;
- POST /generate {input_ids | text, sampling_params: {max_new_tokens}, return_logprob,
  logprob_start_len, return_text_in_logprobs} -> {text, meta_info: {prompt_tokens,
  completion_tokens, input_token_logprobs: [[logprob, id, text], ...] from logprob_start_len}}
  (sglang/srt/managers/io_struct.py GenerateReqInput);
- errors as vLLM's {"error": {"message", "type", "param", "code"}} with 400 / 404.
Log-probabilities come from one float32 forward pass over the whole prompt: position i's is
log_softmax(logits[i - 1])[ids[i]].
"""
import argparse
import json
import math
import pathlib
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import torch
from tokenizers import Tokenizer
from transformers import LlamaForCausalLM

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
MODEL_NAME = "retrace-bench/tiny-llama"


class Model:
    def __init__(self, model_dir, tokenizer_path):
        torch.set_num_threads(1)
        self.tok = Tokenizer.from_file(str(tokenizer_path))
        self.model = LlamaForCausalLM.from_pretrained(str(model_dir), torch_dtype=torch.float32).eval()
        self.max_model_len = self.model.config.max_position_embeddings

    def logprobs(self, ids):
        """Log-probability of each position given the ones before it (None for the first), and the argmax next token."""
        with torch.no_grad():
            logits = self.model(input_ids=torch.tensor([ids])).logits[0].float()
        table = torch.log_softmax(logits, dim=-1)
        out = [None] + [table[i - 1, ids[i]].item() for i in range(1, len(ids))]
        return out, table, int(table[-1].argmax().item())

    def decode_one(self, token_id):
        # vLLM: each token decoded on its own; bytes of part of a character read U+FFFD.
        return self.tok.decode([token_id], skip_special_tokens=False)


def clamp(lp):
    return None if lp is None else max(lp, -9999.0)


def error(status, message, param=None):
    kind = "NotFoundError" if status == 404 else "BadRequestError"
    return status, {"error": {"message": message, "type": kind, "param": param, "code": status}}


def prompt_ids(model, prompt, add_special=True):
    if isinstance(prompt, str):
        return model.tok.encode(prompt, add_special_tokens=add_special).ids
    if isinstance(prompt, list) and prompt and all(isinstance(t, int) for t in prompt):
        return list(prompt)
    return None


def completions(model, body):
    if body.get("model") != MODEL_NAME:
        return error(404, f"The model `{body.get('model')}` does not exist.", "model")
    ids = prompt_ids(model, body.get("prompt"), body.get("add_special_tokens", True) is not False)
    if ids is None:
        return error(400, "'prompt' must be a string or a list of token ids", "prompt")
    max_tokens = body.get("max_tokens") if body.get("max_tokens") is not None else 16
    echo = body.get("echo") is True
    if len(ids) + max_tokens > model.max_model_len:
        n = len(ids) + max_tokens
        return error(400, f"This model's maximum context length is {model.max_model_len} tokens. However, you requested {n} tokens ({len(ids)} in the messages, {max_tokens} in the completion). Please reduce the length of the messages or completion.")
    lps, _table, next_id = model.logprobs(ids)
    generated = [next_id] if max_tokens > 0 else []
    prompt_text = body["prompt"] if isinstance(body.get("prompt"), str) else model.tok.decode(ids, skip_special_tokens=True)
    text = (prompt_text if echo else "") + model.tok.decode(generated)
    k = body.get("logprobs")
    logprobs = None
    if isinstance(k, int):
        shown = (list(ids) if echo else []) + generated
        shown_lps = (lps if echo else []) + [-0.0 for _ in generated]
        tokens, offsets, offset = [], [], 0
        for t in shown:
            s = model.decode_one(t)
            tokens.append(s)
            offsets.append(offset)
            offset += len(s)
        logprobs = {
            "text_offset": offsets,
            "token_logprobs": [clamp(x) for x in shown_lps],
            "tokens": tokens,
            "top_logprobs": [None if x is None else {tokens[i]: clamp(x)} for i, x in enumerate(shown_lps)],
        }
    prompt_logprobs = None
    if isinstance(body.get("prompt_logprobs"), int):
        prompt_logprobs = [None] + [{str(ids[i]): {"logprob": clamp(lps[i]), "rank": 1, "decoded_token": model.decode_one(ids[i])}} for i in range(1, len(ids))]
    choice = {"index": 0, "text": text, "logprobs": logprobs, "finish_reason": "length", "stop_reason": None, "prompt_logprobs": prompt_logprobs}
    usage = {"prompt_tokens": len(ids), "total_tokens": len(ids) + len(generated), "completion_tokens": len(generated), "prompt_tokens_details": None}
    return 200, {"id": f"cmpl-{time.time_ns()}", "object": "text_completion", "created": int(time.time()), "model": MODEL_NAME, "choices": [choice], "usage": usage}


def generate(model, body):
    ids = prompt_ids(model, body["input_ids"]) if "input_ids" in body else prompt_ids(model, body.get("text"))
    if ids is None:
        return error(400, "Either text or input_ids should be provided.")
    start = body.get("logprob_start_len", -1)
    start = len(ids) if start is None or start < 0 else start
    lps, _table, next_id = model.logprobs(ids)
    max_new = (body.get("sampling_params") or {}).get("max_new_tokens", 128)
    with_text = body.get("return_text_in_logprobs") is True
    entries = [[lps[i], ids[i], model.decode_one(ids[i]) if with_text else None] for i in range(start, len(ids))] if body.get("return_logprob") else None
    generated = [next_id] if max_new > 0 else []
    meta = {"id": str(time.time_ns()), "finish_reason": {"type": "length", "length": max_new}, "prompt_tokens": len(ids), "completion_tokens": len(generated), "cached_tokens": 0, "input_token_logprobs": entries, "output_token_logprobs": [] if body.get("return_logprob") else None}
    return 200, {"text": model.tok.decode(generated), "meta_info": meta}


def make_handler(model):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, payload):
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/v1/models":
                card = {"id": MODEL_NAME, "object": "model", "created": 0, "owned_by": "vllm", "root": MODEL_NAME, "parent": None, "max_model_len": model.max_model_len, "permission": []}
                return self.reply(200, {"object": "list", "data": [card]})
            self.reply(*error(404, f"Not Found: {self.path}"))

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("content-length") or 0)) or b"{}")
            if self.path == "/tokenize":
                ids = model.tok.encode(body.get("prompt", ""), add_special_tokens=body.get("add_special_tokens", True) is not False)
                strs = [model.tok.id_to_token(i) for i in ids.ids] if body.get("return_token_strs") else None
                return self.reply(200, {"count": len(ids.ids), "max_model_len": model.max_model_len, "tokens": ids.ids, "token_strs": strs})
            if self.path == "/v1/completions":
                return self.reply(*completions(model, body))
            if self.path == "/generate":
                return self.reply(*generate(model, body))
            self.reply(*error(404, f"Not Found: {self.path}"))

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--model-dir", default=str(HERE / "model"))
    parser.add_argument("--tokenizer", default=str(ROOT / "lib/scoring/testing/byteBpe/tokenizer.json"))
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(Model(args.model_dir, args.tokenizer)))
    print(f"listening on http://127.0.0.1:{args.port}/v1", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
