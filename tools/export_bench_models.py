#!/usr/bin/python3
"""Exports the models of BENCHMARKS.md's signature benchmarks: torchvision ResNet-18 and ViT-B/16, random weights
(seeded), opset 14, dynamic batch. Too large to commit; run it before `nlsig bench signature`:

    /usr/bin/python3 tools/export_bench_models.py [OUT_DIR]     # default: ./bench-models
"""
import os
import sys

import torch
import torchvision

out = sys.argv[1] if len(sys.argv) > 1 else "bench-models"
os.makedirs(out, exist_ok=True)
torch.manual_seed(0)
for name, ctor in [("resnet18", torchvision.models.resnet18), ("vit_b_16", torchvision.models.vit_b_16)]:
    path = os.path.join(out, name + ".onnx")
    if os.path.exists(path):
        print("exists", path)
        continue
    model = ctor().eval()
    x = torch.randn(1, 3, 224, 224)
    torch.onnx.export(model, x, path, opset_version=14, input_names=["input"], output_names=["logits"],
                      dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    print("wrote", path, os.path.getsize(path) // 2**20, "MiB")
