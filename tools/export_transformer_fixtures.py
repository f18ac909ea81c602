#!/usr/bin/python3
"""PyTorch references for BERT- and LLaMA-style text models, for nlsig's multi-input and masked-pooling tests.

Usage (Debian's python3 with python3-torch, python3-numpy, python3-scipy):
    /usr/bin/python3 tools/export_transformer_fixtures.py [--out DIR] [--bench BENCH_DIR]
DIR defaults to nlsig-signature/src/test/resources/fixtures/transformers. Versions used for the committed fixtures:
torch 1.13.0a0 (Debian 12), numpy 1.24.2, scipy 1.10.1; TorchScript ONNX exporter, opset 17. The onnx Python
package is not needed (the exported graphs are read with the small protobuf reader below).

Small models (fixed seed, random init, eval mode), each exported with dynamic batch and sequence axes and the input
and output names of Hugging Face's ONNX exports:
  bert_tiny      BERT-style encoder: vocab 100, hidden 32, 2 layers, 2 heads, intermediate 64, exact (erf) GELU,
                 Tanh pooler; inputs input_ids, attention_mask, token_type_ids (int64 [batch, sequence]); outputs
                 last_hidden_state, pooler_output; HF's extended attention mask (1 - mask) * float32 min.
  llama_tiny     LLaMA-style causal decoder: vocab 100, hidden 32, 2 layers, 2 heads, intermediate 64, RMSNorm,
                 rotary positions, SwiGLU MLP down(SiLU(gate(x)) * up(x)); inputs input_ids, attention_mask;
                 output logits.
  llama_tiny_kv  the same weights with a KV cache: also inputs past_key_values.{i}.key/value
                 [batch, heads, past, head_dim] (float32) and outputs present.{i}.key/value [batch, heads,
                 past + sequence, head_dim]; attention_mask covers past + sequence.

Files written in DIR (each well below 1 MB):
  <model>.onnx           the exported model
  <model>.npz            the data: 3 batches of 16 sequences (48 samples along axis 0), lengths drawn in [3, 12]
                         (each batch holds one of length 3 and one of 12), right-padded to 12 with id 0 and mask 0;
                         int64 arrays named like the model's inputs; for llama_tiny_kv also the empty past,
                         past_key_values.{i}.key/value of shape [48, 2, 0, 16], float32
  <model>.expected.npz   float64 pooled matrices site<s>_batch<b>_<masked|reference>_<x|y> (the numbers the JSON
                         scores), and batch0_<output>: PyTorch's float32 outputs on batch 0
  references.json        per model: inputs, outputs, sites (in PyTorch's call order, which is the graph's topological
                         order here) with the hooked module's name and class, the ONNX nodes nlsig's patterns match
                         (name, op type), the site's input and output tensors, the node writing the input and those
                         reading the output (none for the pooler: its output is pooler_output), the site name nlsig
                         derives from the last node's scope (org.nlsig.onnx.sites.ScopeNames); per site and batch,
                         for pooling 'masked' (token tensors [batch, tokens, features]: the mean over tokens whose
                         attention mask is 1) and 'reference' (the official code's rule: rank 3 -> mean over the last
                         axis, all tokens), the pooled dims, the affinity score (tools/affinity_reference.py,
                         Ledoit-Wolf, float64) and spot values of the pooled X and Y. Rank-2 sites (the BERT
                         pooler's Tanh) are pooled as they are in both modes.
  sentences.txt          20 lines of English for the text-data tests (line 8 is empty, line 14 is very long)

The site input is the activation module's input tensor and the output its output (forward hooks on nn.GELU,
nn.SiLU and nn.Tanh); the SiLU of SwiGLU is the site, not the product with up_proj. Pooling is computed in float64
from PyTorch's float32 tensors; nlsig pools in float32 inside ONNX Runtime, which moves the scores by about 1e-6.

--bench BENCH_DIR also exports ~110M-parameter models for the speed benchmark (not committed): bert_base (hidden
768, 12 layers, 12 heads, intermediate 3072, vocab 30522) and llama_base (hidden 768, 12 layers, 12 heads,
intermediate 2048, vocab 32000, tied embeddings), with one data file each of 64 x 128 tokens
(bert_base.npz, llama_base.npz; right-padded, lengths in [64, 128]), and prints how long each export took. Measured
on the project's 2-core machine: bert_base 109.5M parameters, 17 s, 438 MB; llama_base 109.5M parameters, 24 s,
537 MB (the tied embedding is stored twice: as the Gather table and as lm_head's constant-folded transpose); the
whole run 48 s wall time, 2.8 GB peak memory.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import scipy
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import affinity_reference  # noqa: E402  (the project's reference score, beside this script)

SEED = 20261202
OPSET = 17
BATCHES = 3
BATCH_SIZE = 16
MAX_LEN = 12
MIN_LEN = 3
PAD_ID = 0
ACTIVATIONS = (nn.GELU, nn.SiLU, nn.Tanh)
POOLINGS = ("masked", "reference")
COVARIANCE = "ledoit-wolf"


# ----------------------------------------------------------------------------------------------------------- models

class BertEmbeddings(nn.Module):
    def __init__(self, vocab, hidden, max_positions, type_vocab):
        super().__init__()
        self.word_embeddings = nn.Embedding(vocab, hidden, padding_idx=PAD_ID)
        self.position_embeddings = nn.Embedding(max_positions, hidden)
        self.token_type_embeddings = nn.Embedding(type_vocab, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, input_ids, token_type_ids):
        positions = torch.arange(input_ids.shape[1], device=input_ids.device).unsqueeze(0)
        h = self.word_embeddings(input_ids) + self.token_type_embeddings(token_type_ids)
        return self.LayerNorm(h + self.position_embeddings(positions))


class BertSelfAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)

    def split(self, t):
        b, s, _ = t.shape
        return t.view(b, s, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, h, extended_mask):
        q, k, v = self.split(self.query(h)), self.split(self.key(h)), self.split(self.value(h))
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim) + extended_mask
        context = torch.softmax(scores, dim=-1) @ v
        b, _, s, _ = context.shape
        return context.transpose(1, 2).reshape(b, s, self.heads * self.head_dim)


class BertSelfOutput(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, h, residual):
        return self.LayerNorm(self.dense(h) + residual)


class BertAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        setattr(self, "self", BertSelfAttention(hidden, heads))
        self.output = BertSelfOutput(hidden)

    def forward(self, h, extended_mask):
        return self.output(getattr(self, "self")(h, extended_mask), h)


class BertIntermediate(nn.Module):
    def __init__(self, hidden, intermediate):
        super().__init__()
        self.dense = nn.Linear(hidden, intermediate)
        self.intermediate_act_fn = nn.GELU()  # exact erf form, as HF's "gelu"

    def forward(self, h):
        return self.intermediate_act_fn(self.dense(h))


class BertOutput(nn.Module):
    def __init__(self, hidden, intermediate):
        super().__init__()
        self.dense = nn.Linear(intermediate, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, h, residual):
        return self.LayerNorm(self.dense(h) + residual)


class BertLayer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.attention = BertAttention(hidden, heads)
        self.intermediate = BertIntermediate(hidden, intermediate)
        self.output = BertOutput(hidden, intermediate)

    def forward(self, h, extended_mask):
        a = self.attention(h, extended_mask)
        return self.output(self.intermediate(a), a)


class BertEncoder(nn.Module):
    def __init__(self, hidden, heads, intermediate, layers):
        super().__init__()
        self.layer = nn.ModuleList([BertLayer(hidden, heads, intermediate) for _ in range(layers)])

    def forward(self, h, extended_mask):
        for layer in self.layer:
            h = layer(h, extended_mask)
        return h


class BertPooler(nn.Module):
    def __init__(self, hidden):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.activation = nn.Tanh()

    def forward(self, h):
        return self.activation(self.dense(h[:, 0]))


class BertModel(nn.Module):
    """Hugging Face's BertModel structure and module names, so that the exported scopes read like a real export."""

    def __init__(self, vocab, hidden, layers, heads, intermediate, max_positions=512, type_vocab=2):
        super().__init__()
        self.embeddings = BertEmbeddings(vocab, hidden, max_positions, type_vocab)
        self.encoder = BertEncoder(hidden, heads, intermediate, layers)
        self.pooler = BertPooler(hidden)

    def forward(self, input_ids, attention_mask, token_type_ids):
        # HF's get_extended_attention_mask: 0 where attended, the dtype's minimum where masked.
        extended = attention_mask[:, None, None, :].to(torch.float32)
        extended = (1.0 - extended) * torch.finfo(torch.float32).min
        h = self.encoder(self.embeddings(input_ids, token_type_ids), extended)
        return h, self.pooler(h)


class LlamaRMSNorm(nn.Module):
    def __init__(self, hidden, eps=1e-6):
        super().__init__()
        self.weight = nn.Parameter(torch.ones(hidden))
        self.eps = eps

    def forward(self, h):
        variance = h.pow(2).mean(-1, keepdim=True)
        return self.weight * (h * torch.rsqrt(variance + self.eps))


class LlamaRotaryEmbedding(nn.Module):
    def __init__(self, head_dim, base=10000.0):
        super().__init__()
        inv_freq = 1.0 / (base ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, positions):
        freqs = positions.to(torch.float32)[:, None] * self.inv_freq[None, :]
        emb = torch.cat((freqs, freqs), dim=-1)
        return emb.cos(), emb.sin()


def rotate_half(t):
    half = t.shape[-1] // 2
    return torch.cat((-t[..., half:], t[..., :half]), dim=-1)


class LlamaAttention(nn.Module):
    def __init__(self, hidden, heads):
        super().__init__()
        self.heads, self.head_dim = heads, hidden // heads
        self.q_proj = nn.Linear(hidden, hidden, bias=False)
        self.k_proj = nn.Linear(hidden, hidden, bias=False)
        self.v_proj = nn.Linear(hidden, hidden, bias=False)
        self.o_proj = nn.Linear(hidden, hidden, bias=False)
        self.rotary_emb = LlamaRotaryEmbedding(self.head_dim)

    def split(self, t):
        b, s, _ = t.shape
        return t.view(b, s, self.heads, self.head_dim).transpose(1, 2)

    def forward(self, h, allowed, positions, past):
        q, k, v = self.split(self.q_proj(h)), self.split(self.k_proj(h)), self.split(self.v_proj(h))
        cos, sin = self.rotary_emb(positions)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        if past is not None:
            k = torch.cat((past[0], k), dim=2)
            v = torch.cat((past[1], v), dim=2)
        scores = q @ k.transpose(-1, -2) / math.sqrt(self.head_dim)
        scores = scores.masked_fill(~allowed, torch.finfo(torch.float32).min)
        context = torch.softmax(scores, dim=-1) @ v
        b, _, s, _ = context.shape
        return self.o_proj(context.transpose(1, 2).reshape(b, s, self.heads * self.head_dim)), (k, v)


class LlamaMLP(nn.Module):
    def __init__(self, hidden, intermediate):
        super().__init__()
        self.gate_proj = nn.Linear(hidden, intermediate, bias=False)
        self.up_proj = nn.Linear(hidden, intermediate, bias=False)
        self.down_proj = nn.Linear(intermediate, hidden, bias=False)
        self.act_fn = nn.SiLU()

    def forward(self, h):
        return self.down_proj(self.act_fn(self.gate_proj(h)) * self.up_proj(h))


class LlamaDecoderLayer(nn.Module):
    def __init__(self, hidden, heads, intermediate):
        super().__init__()
        self.self_attn = LlamaAttention(hidden, heads)
        self.mlp = LlamaMLP(hidden, intermediate)
        self.input_layernorm = LlamaRMSNorm(hidden)
        self.post_attention_layernorm = LlamaRMSNorm(hidden)

    def forward(self, h, allowed, positions, past):
        a, present = self.self_attn(self.input_layernorm(h), allowed, positions, past)
        h = h + a
        return h + self.mlp(self.post_attention_layernorm(h)), present


class LlamaModel(nn.Module):
    def __init__(self, vocab, hidden, layers, heads, intermediate):
        super().__init__()
        self.embed_tokens = nn.Embedding(vocab, hidden, padding_idx=PAD_ID)
        self.layers = nn.ModuleList([LlamaDecoderLayer(hidden, heads, intermediate) for _ in range(layers)])
        self.norm = LlamaRMSNorm(hidden)

    def forward(self, input_ids, attention_mask, past):
        seq = input_ids.shape[1]
        past_len = past[0][0].shape[2] if past is not None else 0
        positions = torch.arange(past_len, past_len + seq, device=input_ids.device)
        # Query i (at position past_len + i) sees key j when j <= past_len + i and the mask keeps j; with right
        # padding every query row keeps key 0, so no softmax row is all masked.
        keys = torch.arange(past_len + seq, device=input_ids.device)
        causal = keys[None, :] <= positions[:, None]
        allowed = causal[None, None, :, :] & attention_mask[:, None, None, :].to(torch.bool)
        h = self.embed_tokens(input_ids)
        presents = []
        for i, layer in enumerate(self.layers):
            h, present = layer(h, allowed, positions, None if past is None else past[i])
            presents.append(present)
        return self.norm(h), presents


class LlamaForCausalLM(nn.Module):
    """Hugging Face's LlamaForCausalLM structure and module names. With past tensors it also returns the presents."""

    def __init__(self, vocab, hidden, layers, heads, intermediate, tie_embeddings=False):
        super().__init__()
        self.model = LlamaModel(vocab, hidden, layers, heads, intermediate)
        self.lm_head = nn.Linear(hidden, vocab, bias=False)
        if tie_embeddings:
            self.lm_head.weight = self.model.embed_tokens.weight
        self.layers = layers

    def forward(self, input_ids, attention_mask, *past_flat):
        past = None
        if past_flat:
            past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.layers)]
        h, presents = self.model(input_ids, attention_mask, past)
        logits = self.lm_head(h)
        if past is None:
            return logits
        return (logits,) + tuple(t for kv in presents for t in kv)


def randomize_norms(model, generator):
    """Norm gains and biases away from 1 and 0, so that every feature of an activation sees its own scale."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.LayerNorm, LlamaRMSNorm)):
                m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=generator))
                if getattr(m, "bias", None) is not None:
                    m.bias.copy_(0.3 * torch.randn(m.bias.shape, generator=generator))


# ------------------------------------------------------------------------------------------------------ ONNX export

def bert_names(layers):
    inputs = ["input_ids", "attention_mask", "token_type_ids"]
    outputs = ["last_hidden_state", "pooler_output"]
    axes = {n: {0: "batch_size", 1: "sequence_length"} for n in inputs}
    axes["last_hidden_state"] = {0: "batch_size", 1: "sequence_length"}
    axes["pooler_output"] = {0: "batch_size"}
    return inputs, outputs, axes


def llama_names(layers, with_past):
    inputs = ["input_ids", "attention_mask"]
    outputs = ["logits"]
    axes = {"input_ids": {0: "batch_size", 1: "sequence_length"},
            "attention_mask": {0: "batch_size", 1: "past_sequence_length + sequence_length" if with_past
                               else "sequence_length"},
            "logits": {0: "batch_size", 1: "sequence_length"}}
    if with_past:
        for i in range(layers):
            for kind in ("key", "value"):
                past, present = "past_key_values.%d.%s" % (i, kind), "present.%d.%s" % (i, kind)
                inputs.append(past)
                outputs.append(present)
                axes[past] = {0: "batch_size", 2: "past_sequence_length"}
                axes[present] = {0: "batch_size", 2: "past_sequence_length + sequence_length"}
    return inputs, outputs, axes


def export(model, example, path, names):
    inputs, outputs, axes = names
    torch.onnx.export(model, example, path, opset_version=OPSET, input_names=inputs, output_names=outputs,
                      dynamic_axes=axes, do_constant_folding=True)


def _varint(buf, pos):
    value, shift = 0, 0
    while True:
        b = buf[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return value, pos


def _fields(buf):
    """(field number, wire type, value) of one protobuf message; length-delimited values as bytes."""
    pos = 0
    while pos < len(buf):
        key, pos = _varint(buf, pos)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(buf, pos)
        elif wire == 1:
            value, pos = buf[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = _varint(buf, pos)
            value, pos = buf[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = buf[pos:pos + 4], pos + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        yield field, wire, value


def onnx_nodes(path):
    """The main graph's nodes in file (topological) order: ModelProto.graph = 7, GraphProto.node = 1,
    NodeProto input = 1, output = 2, name = 3, op_type = 4 (onnx.proto)."""
    with open(path, "rb") as f:
        model = f.read()
    graph = next(v for fnum, w, v in _fields(model) if fnum == 7)
    nodes = []
    for fnum, _, value in _fields(graph):
        if fnum != 1:
            continue
        node = {"name": "", "op_type": "", "inputs": [], "outputs": []}
        for nf, _, nv in _fields(value):
            if nf == 1:
                node["inputs"].append(nv.decode())
            elif nf == 2:
                node["outputs"].append(nv.decode())
            elif nf == 3:
                node["name"] = nv.decode()
            elif nf == 4:
                node["op_type"] = nv.decode()
        nodes.append(node)
    return nodes


def readable_scope(node_name):
    """org.nlsig.onnx.sites.ScopeNames.readable: /encoder/layer.0/intermediate/act/Erf -> encoder.layer.0...act."""
    if not node_name.startswith("/") or node_name.rfind("/") == 0:
        return node_name[1:] if node_name.startswith("/") else node_name
    parts = node_name[1:].split("/")
    name, previous = "", None
    for part in parts[:-1]:
        if not part:
            continue
        if previous is not None and part.startswith(previous + "."):
            name = name[:len(name) - len(previous)] + part
        else:
            name = name + ("." if name else "") + part
        previous = part
    return name if name else parts[-1]


# Ops of the activation patterns nlsig matches (GELU around Erf, SiLU as x * Sigmoid(x), native Tanh); the scope
# also holds Constant nodes, which are no part of a site.
PATTERN_OPS = {"GELU": {"Div", "Mul", "Erf", "Add"}, "SiLU": {"Sigmoid", "Mul"}, "Tanh": {"Tanh"}}


def site_nodes(nodes, module, torch_class):
    """The exported nodes of one activation module: their names, ops, the site's input and output tensors."""
    mine = [n for n in nodes if n["op_type"] in PATTERN_OPS[torch_class] and readable_scope(n["name"]) == module]
    if not mine:
        raise RuntimeError("no exported node of activation module %s" % module)
    produced = {o for n in mine for o in n["outputs"]}
    first = mine[0]
    site_input = next(i for i in first["inputs"] if i not in produced)
    site_output = mine[-1]["outputs"][0]
    producer = next(n for n in nodes if site_input in n["outputs"])
    consumers = [n for n in nodes if site_output in n["inputs"]]
    return {"onnx_nodes": [{"name": n["name"], "op_type": n["op_type"]} for n in mine],
            "input_tensor": site_input, "output_tensor": site_output,
            "input_producer": {"name": producer["name"], "op_type": producer["op_type"]},
            "output_consumers": [{"name": n["name"], "op_type": n["op_type"]} for n in consumers],
            "site_name": readable_scope(mine[-1]["name"])}


# ------------------------------------------------------------------------------------------------------------- data

def padded_batches(rng, vocab, with_token_types):
    """BATCHES x BATCH_SIZE right-padded sequences; each batch holds a shortest (3) and a longest (12) one."""
    n = BATCHES * BATCH_SIZE
    lengths = rng.integers(MIN_LEN, MAX_LEN + 1, size=n)
    for b in range(BATCHES):
        lengths[b * BATCH_SIZE] = MAX_LEN
        lengths[b * BATCH_SIZE + 1] = MIN_LEN
    ids = np.full((n, MAX_LEN), PAD_ID, dtype=np.int64)
    mask = np.zeros((n, MAX_LEN), dtype=np.int64)
    types = np.zeros((n, MAX_LEN), dtype=np.int64)
    for i, length in enumerate(lengths):
        ids[i, :length] = rng.integers(1, vocab, size=length)
        mask[i, :length] = 1
        if with_token_types and i % 2 == 1 and length >= 4:
            # a sentence pair: the second segment has token type 1 (padding stays 0, as HF's tokenizers write)
            types[i, rng.integers(2, length):length] = 1
    data = {"input_ids": ids, "attention_mask": mask}
    if with_token_types:
        data["token_type_ids"] = types
    return data


def empty_past(layers, heads, head_dim, samples):
    return {"past_key_values.%d.%s" % (i, kind): np.zeros((samples, heads, 0, head_dim), dtype=np.float32)
            for i in range(layers) for kind in ("key", "value")}


# -------------------------------------------------------------------------------------------------- hooks, scores

def pool(t, mask, mode):
    """float64 n x d: 'masked' is the mean over real tokens of a token tensor, 'reference' the official code's rule
    (rank 3: mean over the last axis, every token); a rank-2 tensor is a sample per row in both."""
    t = t.detach().to(torch.float64)
    if t.dim() == 2:
        return t.numpy().copy()
    if t.dim() != 3:
        raise ValueError("unexpected activation rank %d" % t.dim())
    if mode == "reference":
        return t.mean(dim=2).numpy()
    m = torch.as_tensor(mask, dtype=torch.float64)[:, :, None]
    return ((t * m).sum(dim=1) / m.sum(dim=1)).numpy()


def capture(model, args, mask):
    """One forward pass with hooks on every activation module: per call, the module, class, shape, pooled x and y."""
    names = {m: n for n, m in model.named_modules() if isinstance(m, ACTIVATIONS)}
    calls = []

    def hook(module, inputs, output):
        calls.append({"module": names[module], "class": type(module).__name__, "shape": list(output.shape),
                      "x": {p: pool(inputs[0], mask, p) for p in POOLINGS},
                      "y": {p: pool(output, mask, p) for p in POOLINGS}})

    handles = [m.register_forward_hook(hook) for m in names]
    with torch.no_grad():
        out = model(*args)
    for h in handles:
        h.remove()
    return calls, out


def spots(matrix):
    n, d = matrix.shape
    cells = [(0, 0), (n // 2, d // 2), (n - 1, d - 1)]
    return [{"row": r, "col": c, "value": float(matrix[r, c])} for r, c in cells]


def reference_model(name, model, onnx_path, names, data, extra_args, out_dir):
    """Runs every batch through the hooks and scores every site; writes <name>.expected.npz; returns the JSON entry."""
    inputs, outputs, _ = names
    nodes = onnx_nodes(onnx_path)
    sites, arrays = None, {}
    for b in range(BATCHES):
        rows = slice(b * BATCH_SIZE, (b + 1) * BATCH_SIZE)
        batch = [torch.from_numpy(data[n][rows]) for n in inputs]
        mask = data["attention_mask"][rows]
        calls, out = capture(model, batch, mask)
        if b == 0:
            results = out if isinstance(out, tuple) else (out,)
            for out_name, value in zip(outputs, results):
                arrays["batch0_" + out_name] = value.numpy().astype(np.float32)
            sites = []
            for k, c in enumerate(calls):
                rank = len(c["shape"])
                entry = {"index": k, "module": c["module"], "class": c["class"], "rank": rank,
                         "feature_axis": rank - 1, "features": c["shape"][-1], "batches": []}
                entry.update(site_nodes(nodes, c["module"], c["class"]))
                sites.append(entry)
        if [c["module"] for c in calls] != [s["module"] for s in sites]:
            raise RuntimeError("%s: batch %d called the activations in another order" % (name, b))
        for k, c in enumerate(calls):
            record = {"batch": b, "samples": BATCH_SIZE, "real_tokens": int(mask.sum()), "pooling": {}}
            for p in POOLINGS:
                x, y = c["x"][p], c["y"][p]
                arrays["site%d_batch%d_%s_x" % (k, b, p)] = x
                arrays["site%d_batch%d_%s_y" % (k, b, p)] = y
                score = affinity_reference.affinity_score(x, y, COVARIANCE)
                # nlsig pools in float32: the score from float32-rounded matrices says how close Java can get.
                score32 = affinity_reference.affinity_score(x.astype(np.float32), y.astype(np.float32), COVARIANCE)
                record["pooling"][p] = {"pooled_dim": int(x.shape[1]), "affinity": float(score),
                                        "affinity_float32_pooled": float(score32),
                                        "x_spots": spots(x), "y_spots": spots(y)}
            sites[k]["batches"].append(record)
    np.savez(os.path.join(out_dir, name + ".expected.npz"), **arrays)
    return {"name": name, "onnx": name + ".onnx", "data": name + ".npz", "expected": name + ".expected.npz",
            "opset": OPSET, "inputs": inputs, "outputs": outputs, "batches": BATCHES, "batch_size": BATCH_SIZE,
            "sequence_length": MAX_LEN, "sites": sites, **extra_args}


# ----------------------------------------------------------------------------------------------------------- driver

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "A signature lists one score for every activation in the forward pass.",
    "Rain is expected in the north by the end of the week.",
    "She opened the window and let the cold air in.",
    "Transformers read every token of a sentence at once.",
    "Padding tokens must never change the pooled activations.",
    "Can you tell me where the nearest train station is?",
    "",
    "He forgot his umbrella again.",
    "The committee will publish its report on Monday morning.",
    "Short.",
    "Numbers such as 3.14 and 2026 appear in text too.",
    "Two cores are shared by seven engineers tonight.",
    " ".join(["This very long line keeps going, sentence after sentence, so that any tokenizer or reader that "
              "truncates or splits long inputs is exercised: it describes a river that runs from the mountains "
              "through forests, fields and towns down to the sea, where ships wait in the harbour for the tide."]
             * 12),
    "Optimal transport compares two distributions of points.",
    "The museum is closed on public holidays.",
    "Please bring a pen, a notebook and your identity card.",
    "Every batch is written to the journal before the next one starts.",
    "The cat slept on the warm stone wall all afternoon.",
    "Thank you for reading to the end.",
]


def write_small(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    rng = np.random.default_rng(SEED)
    vocab, hidden, layers, heads, intermediate = 100, 32, 2, 2, 64
    head_dim = hidden // heads
    models = []

    torch.manual_seed(SEED)
    bert = BertModel(vocab, hidden, layers, heads, intermediate, max_positions=64)
    randomize_norms(bert, torch.Generator().manual_seed(SEED + 1))
    bert.eval()
    bert_data = padded_batches(rng, vocab, with_token_types=True)
    path = os.path.join(out_dir, "bert_tiny.onnx")
    names = bert_names(layers)
    example = tuple(torch.from_numpy(bert_data[n][:2, :7]) for n in names[0])
    export(bert, example, path, names)
    np.savez(os.path.join(out_dir, "bert_tiny.npz"), **bert_data)
    models.append(reference_model("bert_tiny", bert, path, names, bert_data, {
        "config": {"kind": "bert", "vocab": vocab, "hidden": hidden, "layers": layers, "heads": heads,
                   "intermediate": intermediate, "activation": "gelu (erf)"}}, out_dir))

    torch.manual_seed(SEED + 2)
    llama = LlamaForCausalLM(vocab, hidden, layers, heads, intermediate)
    randomize_norms(llama, torch.Generator().manual_seed(SEED + 3))
    llama.eval()
    llama_data = padded_batches(rng, vocab, with_token_types=False)
    config = {"kind": "llama", "vocab": vocab, "hidden": hidden, "layers": layers, "heads": heads,
              "head_dim": head_dim, "intermediate": intermediate, "activation": "silu (SwiGLU gate)",
              "positions": "rotary"}
    path = os.path.join(out_dir, "llama_tiny.onnx")
    names = llama_names(layers, with_past=False)
    export(llama, (torch.from_numpy(llama_data["input_ids"][:2, :7]),
                   torch.from_numpy(llama_data["attention_mask"][:2, :7])), path, names)
    np.savez(os.path.join(out_dir, "llama_tiny.npz"), **llama_data)
    models.append(reference_model("llama_tiny", llama, path, names, llama_data, {"config": config}, out_dir))

    # Traced with a non-empty past (2 cached positions) so that nothing specialises on past length 0.
    path = os.path.join(out_dir, "llama_tiny_kv.onnx")
    names = llama_names(layers, with_past=True)
    past_example = [torch.randn(2, heads, 2, head_dim) for _ in range(2 * layers)]
    export(llama, (torch.from_numpy(llama_data["input_ids"][:2, :5]), torch.ones(2, 7, dtype=torch.int64),
                   *past_example), path, names)
    kv_data = dict(llama_data)
    kv_data.update(empty_past(layers, heads, head_dim, BATCHES * BATCH_SIZE))
    np.savez(os.path.join(out_dir, "llama_tiny_kv.npz"), **kv_data)
    models.append(reference_model("llama_tiny_kv", llama, path, names, kv_data,
                                  {"config": dict(config, past_sequence_length=0)}, out_dir))
    check_cache(llama, llama_data, layers, heads, head_dim)

    with open(os.path.join(out_dir, "sentences.txt"), "w") as f:
        f.write("\n".join(SENTENCES) + "\n")
    references = {
        "schema": "nlsig.transformer-references/1",
        "generator": {"script": "tools/export_transformer_fixtures.py", "seed": SEED, "torch": torch.__version__,
                      "numpy": np.__version__, "scipy": scipy.__version__, "exporter": "torch.onnx (TorchScript)"},
        "covariance": COVARIANCE,
        "poolings": {"masked": "token tensors: mean over the tokens whose attention_mask is 1; rank 2: as is",
                     "reference": "rank 3: mean over the last axis (every token, padding included); rank 2: as is"},
        "models": models,
    }
    with open(os.path.join(out_dir, "references.json"), "w") as f:
        json.dump(references, f, indent=1)
        f.write("\n")
    for m in models:
        scores = [(p, r["pooling"][p]["affinity"], r["pooling"][p]["affinity_float32_pooled"])
                  for s in m["sites"] for r in s["batches"] for p in POOLINGS]
        drift = max(abs(a - b) for _, a, b in scores)
        print("%-14s %d sites: %s; affinity %.4f..%.4f, float32 pooling moves it by <= %.1e" % (
            m["name"], len(m["sites"]), ", ".join(s["site_name"] for s in m["sites"]),
            min(a for _, a, _ in scores), max(a for _, a, _ in scores), drift))
    for name in sorted(os.listdir(out_dir)):
        print("  %-28s %8d bytes" % (name, os.path.getsize(os.path.join(out_dir, name))))


def check_cache(llama, data, layers, heads, head_dim):
    """The cached model must equal the full pass: the first 6 tokens with an empty past, then the rest with it."""
    ids, mask = torch.from_numpy(data["input_ids"][:16]), torch.from_numpy(data["attention_mask"][:16])
    with torch.no_grad():
        full = llama(ids, mask)
        empty = [torch.zeros(16, heads, 0, head_dim) for _ in range(2 * layers)]
        first = llama(ids[:, :6], mask[:, :6], *empty)
        second = llama(ids[:, 6:], mask, *first[1:])
    err = (torch.cat((first[0], second[0]), dim=1) - full).abs().max().item()
    if err > 1e-5:
        raise RuntimeError("the KV cache changes the logits by %g" % err)


def write_bench(bench_dir):
    os.makedirs(bench_dir, exist_ok=True)
    rng = np.random.default_rng(SEED + 10)
    batch, seq = 64, 128
    for name, vocab in (("bert_base", 30522), ("llama_base", 32000)):
        torch.manual_seed(SEED + 11)
        if name == "bert_base":
            model = BertModel(vocab, 768, 12, 12, 3072)
            names = bert_names(12)
        else:
            model = LlamaForCausalLM(vocab, 768, 12, 12, 2048, tie_embeddings=True)
            names = llama_names(12, with_past=False)
        model.eval()
        params = sum(p.numel() for p in model.parameters())
        lengths = rng.integers(seq // 2, seq + 1, size=batch)
        ids = np.zeros((batch, seq), dtype=np.int64)
        mask = np.zeros((batch, seq), dtype=np.int64)
        for i, length in enumerate(lengths):
            ids[i, :length] = rng.integers(1, vocab, size=length)
            mask[i, :length] = 1
        data = {"input_ids": ids, "attention_mask": mask}
        if name == "bert_base":
            data["token_type_ids"] = np.zeros((batch, seq), dtype=np.int64)
        np.savez(os.path.join(bench_dir, name + ".npz"), **data)
        example = tuple(torch.from_numpy(data[n][:2, :16]) for n in names[0])
        start = time.monotonic()
        path = os.path.join(bench_dir, name + ".onnx")
        export(model, example, path, names)
        print("%-10s %.1fM parameters, exported in %.0f s: %s (%.0f MB), data %s.npz (%d x %d tokens)" % (
            name, params / 1e6, time.monotonic() - start, path, os.path.getsize(path) / 1e6, name, batch, seq))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(root, "nlsig-signature", "src", "test", "resources",
                                                      "fixtures", "transformers"))
    parser.add_argument("--bench", metavar="BENCH_DIR", help="also export ~110M-parameter models and 64 x 128 tokens")
    args = parser.parse_args()
    write_small(args.out)
    if args.bench:
        write_bench(args.bench)


if __name__ == "__main__":
    main()
