#!/usr/bin/python3
"""Exports the four small models of the study benchmark (tools/bench_study.sh): Fashion-MNIST-shaped (1x28x28 in,
10 classes out) networks that differ in width and activation, seeded random weights, opset 14, dynamic batch. A few
hundred KiB each; not committed, the benchmark writes them into its work folder:

    /usr/bin/python3 tools/make_study_models.py OUT_DIR
"""
import os
import sys

import torch
from torch import nn


def cnn(width, act):
    return nn.Sequential(
        nn.Conv2d(1, width, 3, padding=1), act(), nn.MaxPool2d(2),
        nn.Conv2d(width, 2 * width, 3, padding=1), act(), nn.MaxPool2d(2),
        nn.Conv2d(2 * width, 2 * width, 3, padding=1), act(),
        nn.Flatten(), nn.Linear(2 * width * 7 * 7, 64), act(), nn.Linear(64, 10))


MODELS = {
    "cnn8_relu": lambda: cnn(8, nn.ReLU),
    "cnn16_relu": lambda: cnn(16, nn.ReLU),
    "cnn8_gelu": lambda: cnn(8, nn.GELU),
    "cnn16_silu": lambda: cnn(16, nn.SiLU),
}

out = sys.argv[1] if len(sys.argv) > 1 else "study-models"
os.makedirs(out, exist_ok=True)
for seed, (name, ctor) in enumerate(MODELS.items()):
    path = os.path.join(out, name + ".onnx")
    if os.path.exists(path):
        continue
    torch.manual_seed(seed)
    model = ctor().eval()
    torch.onnx.export(model, torch.randn(1, 1, 28, 28), path, opset_version=14, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}})
    print("wrote", path, os.path.getsize(path) // 1024, "KiB")
