"""Builds the end-to-end signature fixture `minires` for nlsig-signature's tests.

A small torchvision-style network with random (seeded) weights is exported to ONNX, fed a seeded Gaussian
input, and its non-linearity signature is computed in PyTorch with hooks on every activation call, using
docs/method.md's definitions (sections 1 and 3) through tools/affinity_reference.py. The Java test reads the
committed outputs; CI needs no Python.

The network exercises every layout the pooling rules distinguish:
  - torchvision BasicBlocks (one inplace ReLU module called twice per block, identity and 1x1 shortcuts), NCHW;
  - a ConvNeXt-style block whose GELU acts on a channels-last N x H x W x C tensor made by a Linear layer;
  - a ViT-style token MLP whose SiLU acts on an N x T x C tensor made by a Linear layer;
  - a classifier head whose ReLU acts on an N x C tensor.
Widths are chosen so that channel and reference pooling give different d wherever the rank allows, and so that
most sites have d < 16 = batch size (the sample covariance is singular for d >= n; those scores are stored as null,
as in the golden affinity files).

Usage: /usr/bin/python3 tools/make_signature_fixture.py [OUTPUT_DIR]
"""

import json
import os
import sys
import time

import numpy as np
import onnx
import torch
from torch import nn
from torchvision.models.resnet import BasicBlock
from torchvision.ops.misc import Permute

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import affinity_reference  # noqa: E402

SEED = 20261123
SAMPLES = 64
BATCH_SIZE = 16
OPSET = 13
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nlsig-signature", "src", "test",
                           "resources", "fixtures", "minires")

ACTIVATION_KINDS = {nn.ReLU: "relu", nn.GELU: "gelu", nn.SiLU: "silu"}


class ChannelsLastMlp(nn.Module):
    """ConvNeXt-style block: depthwise conv, then LayerNorm/Linear/GELU/Linear on N x H x W x C, residual add."""

    def __init__(self, channels, hidden):
        super().__init__()
        self.dwconv = nn.Conv2d(channels, channels, kernel_size=3, padding=1, groups=channels)
        self.to_channels_last = Permute([0, 2, 3, 1])
        self.norm = nn.LayerNorm(channels)
        self.fc1 = nn.Linear(channels, hidden)
        self.act = nn.GELU()
        self.fc2 = nn.Linear(hidden, channels)
        self.to_channels_first = Permute([0, 3, 1, 2])

    def forward(self, x):
        y = self.to_channels_last(self.dwconv(x))
        y = self.fc2(self.act(self.fc1(self.norm(y))))
        return x + self.to_channels_first(y)


class TokenMlp(nn.Module):
    """ViT-style MLP over the spatial positions as tokens: N x C x H x W -> N x (H W) x C -> Linear/SiLU -> mean."""

    def __init__(self, channels, hidden):
        super().__init__()
        self.fc = nn.Linear(channels, hidden)
        self.act = nn.SiLU()

    def forward(self, x):
        tokens = x.flatten(2).transpose(1, 2)
        return self.act(self.fc(tokens)).mean(dim=1)


class MiniRes(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 8, kernel_size=3, stride=2, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(8)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = nn.Sequential(BasicBlock(8, 8))
        downsample = nn.Sequential(nn.Conv2d(8, 12, kernel_size=1, stride=2, bias=False), nn.BatchNorm2d(12))
        self.layer2 = nn.Sequential(BasicBlock(8, 12, stride=2, downsample=downsample))
        self.mixer = ChannelsLastMlp(12, 14)
        self.tokens = TokenMlp(12, 10)
        self.head = nn.Sequential(nn.Linear(10, 12), nn.ReLU(), nn.Linear(12, num_classes))

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        x = self.tokens(self.mixer(x))
        return self.head(x)


# Which axis holds the features of each activation's tensors (docs/method.md section 3): the modules that act on
# tensors made by Linear layers use the last axis; the rest are convolution layouts (axis 1).
FEATURES_LAST = {"mixer.act", "tokens.act", "head.1"}


def build_model():
    torch.manual_seed(SEED)
    model = MiniRes()
    # Non-trivial inference statistics, so BatchNorm is not the identity as it is at initialisation.
    gen = torch.Generator().manual_seed(SEED + 1)
    for module in model.modules():
        if isinstance(module, (nn.BatchNorm2d, nn.LayerNorm)):
            c = module.weight.shape[0]
            with torch.no_grad():
                module.weight.copy_(0.5 + torch.rand(c, generator=gen))
                module.bias.copy_(0.2 * torch.randn(c, generator=gen))
            if isinstance(module, nn.BatchNorm2d):
                module.running_mean.copy_(0.2 * torch.randn(c, generator=gen))
                module.running_var.copy_(0.5 + torch.rand(c, generator=gen))
    return model.eval()


def make_input():
    rng = np.random.default_rng(SEED)
    return rng.standard_normal((SAMPLES, 3, 32, 32), dtype=np.float32)


def pool(t, mode, features_last):
    """docs/method.md section 3 pooling of an activation tensor to n x d, in float64."""
    t = t.detach().double()
    rank = t.dim()
    if rank == 2:
        return t.numpy()
    if mode == "channels":
        axis = rank - 1 if features_last else 1
        others = [a for a in range(1, rank) if a != axis]
        return t.mean(dim=others).numpy()
    if mode == "reference":
        return (t.mean(dim=(2, 3)) if rank == 4 else t.mean(dim=2)).numpy()
    raise ValueError("unknown pooling %r" % mode)


def record_sites(model, batch):
    """Runs one batch; returns per activation call (execution order) its module, input and output tensors."""
    calls = []
    handles = []
    for name, module in model.named_modules():
        kind = ACTIVATION_KINDS.get(type(module))
        if kind is None:
            continue

        def pre_hook(mod, inputs, name=name, kind=kind):
            # clone: torchvision's ReLU is inplace, so the forward hook would see the input overwritten.
            calls.append({"module_name": name, "kind": kind, "input": inputs[0].detach().clone()})

        def post_hook(mod, inputs, output, name=name):
            assert calls[-1]["module_name"] == name and "output" not in calls[-1]
            calls[-1]["output"] = output.detach().clone()

        handles.append(module.register_forward_pre_hook(pre_hook))
        handles.append(module.register_forward_hook(post_hook))
    try:
        with torch.no_grad():
            logits = model(batch)
    finally:
        for h in handles:
            h.remove()
    return calls, logits


def export_onnx(model, path):
    dummy = torch.zeros(2, 3, 32, 32)
    torch.onnx.export(model, dummy, path, opset_version=OPSET, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True)
    graph = onnx.load(path)
    onnx.checker.check_model(graph)
    return graph


def onnx_activation_nodes(graph):
    """Activation sites of the exported graph in node (topological) order: Relu, GELU (the Erf pattern,
    site output the final Mul), SiLU (Sigmoid(x) * x). Returns [{kind, node, input, output}]."""
    consumers = {}
    for node in graph.graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    producers = {o: node for node in graph.graph.node for o in node.output}
    found = []
    for node in graph.graph.node:
        if node.op_type == "Relu":
            found.append({"kind": "relu", "node": node.name, "input": node.input[0], "output": node.output[0]})
        elif node.op_type == "Sigmoid":
            x = node.input[0]
            muls = [c for c in consumers.get(node.output[0], []) if c.op_type == "Mul" and x in c.input]
            if muls:
                found.append({"kind": "silu", "node": muls[0].name, "input": x, "output": muls[0].output[0]})
        elif node.op_type == "Erf":
            # x / sqrt(2) -> Erf -> + 1 -> * x -> * 0.5: walk forward to the last Mul.
            x = producers[node.input[0]].input[0]
            current = node
            for _ in range(3):
                current = consumers[current.output[0]][0]
            found.append({"kind": "gelu", "node": current.name, "input": x, "output": current.output[0]})
    return found


def main():
    out_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    os.makedirs(out_dir, exist_ok=True)
    start = time.time()

    print("checking tools/affinity_reference.py against the golden affinity cases:")
    failures = affinity_reference.check_golden("/work/shared/golden/affinity")
    if failures:
        sys.exit("golden check failed:\n" + "\n".join(failures))
    print("golden check: all cases match to 1e-6")

    model = build_model()
    graph = export_onnx(model, os.path.join(out_dir, "model.onnx"))
    data = make_input()
    np.save(os.path.join(out_dir, "input.npy"), data)

    batches = [torch.from_numpy(data[i:i + BATCH_SIZE]) for i in range(0, SAMPLES - BATCH_SIZE + 1, BATCH_SIZE)]
    per_batch_calls = []
    logits = []
    for batch in batches:
        calls, out = record_sites(model, batch)
        per_batch_calls.append(calls)
        logits.append(out)
    sites_meta = per_batch_calls[0]
    for calls in per_batch_calls:
        assert [c["module_name"] for c in calls] == [c["module_name"] for c in sites_meta]

    onnx_sites = onnx_activation_nodes(graph)
    if [s["kind"] for s in onnx_sites] != [c["kind"] for c in sites_meta]:
        sys.exit("ONNX activation nodes %s do not match the PyTorch calls %s"
                 % ([s["node"] for s in onnx_sites], [c["module_name"] for c in sites_meta]))

    call_counts = {}
    results = {}
    for pooling in ("channels", "reference"):
        results[pooling] = {}
        for cov in affinity_reference.COVARIANCES:
            sites = []
            call_counts.clear()
            for index, meta in enumerate(sites_meta):
                name = meta["module_name"]
                call = call_counts.get(name, 0)
                call_counts[name] = call + 1
                features_last = name in FEATURES_LAST
                scores = []
                pooled_dim = None
                for calls in per_batch_calls:
                    x = pool(calls[index]["input"], pooling, features_last)
                    y = pool(calls[index]["output"], pooling, features_last)
                    pooled_dim = x.shape[1]
                    if cov == "sample" and pooled_dim >= x.shape[0]:
                        scores.append(None)  # singular sample covariance: no stable value (see docs/method.md)
                    else:
                        scores.append(affinity_reference.affinity_score(x, y, cov))
                shape = list(meta["input"].shape)
                sites.append({
                    "index": index,
                    "module_name": name,
                    "call": call,
                    "kind": meta["kind"],
                    "onnx_node": onnx_sites[index]["node"],
                    "onnx_input": onnx_sites[index]["input"],
                    "onnx_output": onnx_sites[index]["output"],
                    "shape": ["N"] + shape[1:],
                    "feature_axis": (len(shape) - 1) if features_last else 1,
                    "pooled_dim": pooled_dim,
                    "per_batch": scores,
                })
            results[pooling][cov] = sites

    expected = {
        "fixture": "minires",
        "generator": "tools/make_signature_fixture.py",
        "seed": SEED,
        "torch": torch.__version__,
        "opset": OPSET,
        "input": {"file": "input.npy", "shape": list(data.shape), "dtype": "float32",
                  "distribution": "standard normal, numpy default_rng(seed)"},
        "batch_size": BATCH_SIZE,
        "batches": len(batches),
        "eps": affinity_reference.EPS,
        "notes": "Scores in float64 from float32 PyTorch activations. per_batch is null for the sample covariance "
                 "where pooled_dim >= batch_size (singular covariance, no stable value). A site's module_name "
                 "repeats when a module is called twice (torchvision BasicBlock's relu); call is the 0-based "
                 "occurrence. The sites' onnx_output tensors are not graph outputs: expose them to read them.",
        "logits_first_batch": torch.cat(logits)[:BATCH_SIZE].tolist(),
        "signature": results,
    }
    with open(os.path.join(out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")

    for pooling in results:
        for cov in results[pooling]:
            print("\npooling=%s covariance=%s" % (pooling, cov))
            for s in results[pooling][cov]:
                vals = " ".join("    null" if v is None else "%.6f" % v for v in s["per_batch"])
                print("  %d %-16s call %d %-4s %-28s d=%-3d %s" % (s["index"], s["module_name"], s["call"], s["kind"],
                                                                   s["onnx_node"], s["pooled_dim"], vals))
    for name in sorted(os.listdir(out_dir)):
        print("%-14s %8d bytes" % (name, os.path.getsize(os.path.join(out_dir, name))))
    print("done in %.1f s" % (time.time() - start))


if __name__ == "__main__":
    main()
