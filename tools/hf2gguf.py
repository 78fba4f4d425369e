#!/usr/bin/env python3
"""Write a Hugging Face Qwen2 checkpoint (BF16/F16/F32 safetensors, one file or shards) as a GGUF
file, so that llama.cpp's llama-bench can time the same shapes as tl-bench on the same machine.

    python3 tools/hf2gguf.py bench-models/qwen2-0.5b-bf16 tests/fixtures/qwen2-tokenizer out.gguf

Needs numpy and llama.cpp's gguf-py (`gguf` module). Matrices keep their dtype (BF16 stays BF16;
llama-quantize makes Q4_0 from it), norms and biases become F32 as llama.cpp's converter writes
them. The tokenizer (tokenizer.json of TOKDIR) is written as llama.cpp's "gpt2"/"qwen2" BPE vocab.
A benchmark aid, not a converter for real use: Qwen2 only, no checks beyond what it needs.
"""
import json
import os
import sys

try:
    import numpy as np
    import gguf
except ImportError as e:
    sys.exit("hf2gguf: %s (needs numpy and llama.cpp's gguf-py)" % e)


def tensors(model_dir):
    """name -> numpy array (memory-mapped) for every tensor of the checkpoint"""
    idx = os.path.join(model_dir, "model.safetensors.index.json")
    files = sorted(set(json.load(open(idx))["weight_map"].values())) if os.path.exists(idx) else ["model.safetensors"]
    dt = {"BF16": np.uint16, "F16": np.float16, "F32": np.float32}
    out = {}
    for f in files:
        path = os.path.join(model_dir, f)
        with open(path, "rb") as fh:
            n = int.from_bytes(fh.read(8), "little")
            hdr = json.loads(fh.read(n))
        mm = np.memmap(path, dtype=np.uint8, mode="r")
        for name, t in hdr.items():
            if name == "__metadata__":
                continue
            a, b = t["data_offsets"]
            arr = mm[8 + n + a: 8 + n + b].view(dt[t["dtype"]]).reshape(t["shape"])
            out[name] = (t["dtype"], arr)
    return out


def to_f32(dtype, arr):
    if dtype == "BF16":
        return (arr.astype(np.uint32) << 16).view(np.float32)
    return arr.astype(np.float32)


def main():
    if len(sys.argv) != 4:
        sys.stderr.write("usage: hf2gguf.py MODEL_DIR TOKENIZER_DIR OUT.gguf\n")
        sys.exit(2)
    model_dir, tok_dir, out = sys.argv[1:]
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    tj = json.load(open(os.path.join(tok_dir, "tokenizer.json")))
    w = gguf.GGUFWriter(out, "qwen2")
    w.add_name("tinyllm random " + os.path.basename(os.path.normpath(model_dir)))
    w.add_context_length(cfg["max_position_embeddings"])
    w.add_embedding_length(cfg["hidden_size"])
    w.add_block_count(cfg["num_hidden_layers"])
    w.add_feed_forward_length(cfg["intermediate_size"])
    w.add_head_count(cfg["num_attention_heads"])
    w.add_head_count_kv(cfg["num_key_value_heads"])
    w.add_rope_freq_base(cfg["rope_theta"])
    w.add_layer_norm_rms_eps(cfg["rms_norm_eps"])
    # vocabulary: the BPE ranks, then the added tokens, padded to vocab_size
    vocab = {v: k for k, v in tj["model"]["vocab"].items()}
    added = {t["id"]: t["content"] for t in tj["added_tokens"]}
    toks, types = [], []
    for i in range(cfg["vocab_size"]):
        if i in added:
            toks.append(added[i]); types.append(gguf.TokenType.CONTROL)
        elif i in vocab:
            toks.append(vocab[i]); types.append(gguf.TokenType.NORMAL)
        else:
            toks.append("[PAD%d]" % i); types.append(gguf.TokenType.UNUSED)
    merges = [m if isinstance(m, str) else " ".join(m) for m in tj["model"]["merges"]]
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("qwen2")
    w.add_token_list(toks)
    w.add_token_types(types)
    w.add_token_merges(merges)
    w.add_bos_token_id(cfg.get("bos_token_id", 151643))
    w.add_eos_token_id(151645)
    w.add_add_bos_token(False)
    names = {"self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
             "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
             "mlp.down_proj": "ffn_down", "input_layernorm": "attn_norm", "post_attention_layernorm": "ffn_norm"}
    for name, (dtype, arr) in tensors(model_dir).items():
        parts = name.split(".")
        if name == "model.embed_tokens.weight":
            g = "token_embd.weight"
        elif name == "model.norm.weight":
            g = "output_norm.weight"
        elif name == "lm_head.weight":
            g = "output.weight"
        elif parts[:2] == ["model", "layers"]:
            g = "blk.%s.%s.%s" % (parts[2], names[".".join(parts[3:-1])], parts[-1])
        else:
            sys.exit("unexpected tensor " + name)
        if arr.ndim == 1 or dtype == "F32":
            w.add_tensor(g, np.ascontiguousarray(to_f32(dtype, arr)))
        elif dtype == "BF16":
            w.add_tensor(g, np.ascontiguousarray(arr), raw_dtype=gguf.GGMLQuantizationType.BF16)
        else:
            w.add_tensor(g, np.ascontiguousarray(arr))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()


if __name__ == "__main__":
    try:
        main()
    except (OSError, KeyError, ValueError) as e:  # missing file, missing config key, bad JSON
        sys.stderr.write("hf2gguf: %s: %s\n" % (type(e).__name__, e))
        sys.exit(1)
