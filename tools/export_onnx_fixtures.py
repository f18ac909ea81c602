#!/usr/bin/python3
"""Exports small torchvision blocks to ONNX with PyTorch's reference pooled activations, for nlsig-onnx's tests.

Run with Debian's python3 (torch 1.13, torchvision 0.14, numpy):
    /usr/bin/python3 tools/export_onnx_fixtures.py [OUTPUT_DIR]
OUTPUT_DIR defaults to nlsig-onnx/src/test/resources/torchvision.

For every block it writes, in OUTPUT_DIR/<block>/:
  model.onnx             the block exported by torch.onnx.export (TorchScript exporter) in eval mode
  input.npy              the input batch (float32)
  output.npy             the block's output on that batch
  calls.json             the activation calls PyTorch made, in order: module name, class, feature axis
  call<k>_<x|y>_<mode>.npy   pooled input (x) / output (y) of call k, mode 'channels' or 'reference' (docs/method.md 3)
Weights, batch-norm statistics and inputs come from fixed seeds, so the output is reproducible.
"""
import json
import os
import sys

import numpy as np
import torch
from torch import nn
from torchvision.models import convnext, efficientnet, mobilenetv3, resnet, vision_transformer

ACTIVATIONS = (nn.ReLU, nn.Hardswish, nn.Hardsigmoid, nn.SiLU, nn.Sigmoid, nn.GELU, nn.Tanh, nn.ReLU6)


def pool(t, mode, feature_axis):
    """docs/method.md section 3: 'channels' keeps batch and feature axis; 'reference' is the official code's rule."""
    t = t.detach().to(torch.float64)
    rank = t.dim()
    if mode == "channels":
        axis = feature_axis % rank
        dims = [d for d in range(1, rank) if d != axis]
    elif rank == 4:
        dims = [2, 3]
    elif rank == 3:
        dims = [2]
    else:
        dims = []
    out = t.mean(dim=dims) if dims else t
    return out.reshape(t.shape[0], -1).to(torch.float32).numpy()


def randomize(module, seed):
    """Non-trivial weights and batch-norm statistics, so that every activation sees varied inputs."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, (nn.BatchNorm2d, nn.LayerNorm)):
                if m.weight is not None:
                    m.weight.copy_(0.5 + torch.rand(m.weight.shape, generator=g))
                    m.bias.copy_(0.3 * torch.randn(m.bias.shape, generator=g))
            if isinstance(m, nn.BatchNorm2d):
                m.running_mean.copy_(0.2 * torch.randn(m.running_mean.shape, generator=g))
                m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, generator=g))


def capture(block, x, layouts):
    """Runs the block once with hooks on every activation module; returns the calls with pooled tensors."""
    calls = []
    pending = {}

    def pre_hook(module, inputs):
        # In-place activations overwrite their input: pool it before the call.
        name = names[module]
        axis = layouts.get(name, 1)
        pending[id(module)] = {m: pool(inputs[0], m, axis) for m in ("channels", "reference")}

    def post_hook(module, inputs, output):
        name = names[module]
        axis = layouts.get(name, 1)
        calls.append({
            "module": name,
            "class": type(module).__name__,
            "feature_axis": axis,
            "shape": list(output.shape),
            "x": pending.pop(id(module)),
            "y": {m: pool(output, m, axis) for m in ("channels", "reference")},
        })

    names = {m: n for n, m in block.named_modules() if isinstance(m, ACTIVATIONS)}
    handles = []
    for m in names:
        handles.append(m.register_forward_pre_hook(pre_hook))
        handles.append(m.register_forward_hook(post_hook))
    with torch.no_grad():
        out = block(x)
    for h in handles:
        h.remove()
    return calls, out


def blocks():
    """(name, block, input, feature axis per activation module whose tensors come from linear layers, opset)."""
    torch.manual_seed(11)
    rn = resnet.BasicBlock(16, 16)
    yield "resnet_basicblock", rn, torch.randn(4, 16, 8, 8), {}, 13

    torch.manual_seed(12)
    cfg_re = mobilenetv3.InvertedResidualConfig(16, 3, 32, 16, True, "RE", 1, 1, 1.0)
    cfg_hs = mobilenetv3.InvertedResidualConfig(16, 3, 48, 24, True, "HS", 2, 1, 1.0)
    mb = nn.Sequential(mobilenetv3.InvertedResidual(cfg_re, nn.BatchNorm2d),
                       mobilenetv3.InvertedResidual(cfg_hs, nn.BatchNorm2d))
    x_mb = torch.randn(4, 16, 8, 8)
    # Opset 13 writes Hardswish as x * HardSigmoid(x); opset 14 has a native HardSwish op.
    yield "mobilenetv3_invertedresidual", mb, x_mb, {}, 13
    yield "mobilenetv3_invertedresidual_opset14", mb, x_mb, {}, 14

    torch.manual_seed(13)
    cfg = efficientnet.MBConvConfig(4, 3, 1, 16, 16, 1)
    ef = efficientnet.MBConv(cfg, 0.0, nn.BatchNorm2d)
    yield "efficientnet_mbconv", ef, torch.randn(4, 16, 8, 8), {}, 13

    torch.manual_seed(14)
    vit = vision_transformer.EncoderBlock(num_heads=2, hidden_dim=16, mlp_dim=32, dropout=0.0,
                                          attention_dropout=0.0)
    yield "vit_encoderblock", vit, torch.randn(4, 5, 16), {"mlp.1": -1}, 14

    torch.manual_seed(15)
    cn = convnext.CNBlock(16, layer_scale=0.5, stochastic_depth_prob=0.0)
    yield "convnext_cnblock", cn, torch.randn(4, 16, 6, 6), {"block.4": -1}, 13


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        root, "nlsig-onnx", "src", "test", "resources", "torchvision")
    for seed, (name, block, x, layouts, opset) in enumerate(blocks()):
        randomize(block, 100 + seed)
        block.eval()
        calls, out = capture(block, x, layouts)
        folder = os.path.join(out_dir, name)
        os.makedirs(folder, exist_ok=True)
        torch.onnx.export(block, x, os.path.join(folder, "model.onnx"), opset_version=opset,
                          input_names=["input"], output_names=["output"],
                          dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                          do_constant_folding=True)
        np.save(os.path.join(folder, "input.npy"), x.numpy().astype(np.float32))
        np.save(os.path.join(folder, "output.npy"), out.numpy().astype(np.float32))
        manifest = []
        for k, c in enumerate(calls):
            for side in ("x", "y"):
                for mode in ("channels", "reference"):
                    np.save(os.path.join(folder, "call%d_%s_%s.npy" % (k, side, mode)), c[side][mode])
            manifest.append({"module": c["module"], "class": c["class"], "feature_axis": c["feature_axis"],
                             "shape": c["shape"]})
        with open(os.path.join(folder, "calls.json"), "w") as f:
            json.dump({"opset": opset, "calls": manifest}, f, indent=1)
        print("%-40s opset %d, %d activation calls" % (name, opset, len(calls)))


if __name__ == "__main__":
    main()
