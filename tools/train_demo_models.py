"""Trains the two models bundled with `nlsig demo`: a ResNet-20-style network and its plain twin, on Fashion-MNIST.

Both networks have the same depth (20 weight layers: a 3x3 stem, 3 stages of 3 blocks of two 3x3 convolutions, a
linear classifier) and the same widths; they differ only in the residual connections (identity shortcuts, and 1x1
convolution + BatchNorm shortcuts where a stage changes resolution and width). The block mirrors torchvision's
BasicBlock: one ReLU module called twice, the second call right after the residual addition. The plain block has the
same modules and calls, without the addition, so both models have the same activation sites with the same names.

Outputs (in nlsig-cli's resources, bundled into the jar):
  resnet20.onnx, plain20.onnx       opset 13, input `input` (N x 1 x 28 x 28, normalised), output `logits` (N x 10)
  models.json                       accuracy, parameters, recipe, seed, versions, and a `reference` per model
  fashion-mnist-test-2048-*-ubyte.gz the first 2,048 test images and labels, IDX format as the originals
  FASHION-MNIST-LICENSE.txt         the dataset's license notice

Run (about 10-20 minutes on 2 shared cores):
  nice -n 10 /usr/bin/python3 tools/train_demo_models.py [OUTPUT_DIR]
"""

import gzip
import json
import os
import struct
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import affinity_reference  # noqa: E402

SEED = 20261123
DATA_DIR = "/usr/share/datasets/fashion-mnist"
LICENSE_SOURCE = "/usr/share/doc/dataset-fashion-mnist/copyright"
DEFAULT_OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "nlsig-cli", "src", "main", "resources",
                           "org", "nlsig", "cli", "demo")
SLICE = 2048
OPSET = 13
THREADS = 2

WIDTHS = (8, 16, 32)
BLOCKS_PER_STAGE = 3
RECIPE = {
    "epochs": 8,
    "batch_size": 128,
    "training_subset": "all 60,000 training images",
    "optimizer": "SGD, momentum 0.9, Nesterov, weight decay 5e-4 on all parameters",
    "lr_schedule": "OneCycleLR per step: max lr 0.1, 15% warm-up, cosine annealing, div_factor 25, "
                   "final_div_factor 1e4",
    "augmentation": "random crop 28x28 from the image zero-padded by 2 pixels, random horizontal flip (p=0.5)",
    "loss": "cross-entropy",
    "precision": "float32, channels-last, %d threads" % THREADS,
    "initialisation": "PyTorch defaults (Kaiming-uniform convolutions), BatchNorm weight 1 bias 0",
}
# The reference signature computed here with the reference implementation, so the demo's Java output can be checked.
REFERENCE_BATCH = 256


# ---------------------------------------------------------------- data

def read_idx(path):
    with gzip.open(path, "rb") as f:
        raw = f.read()
    magic, = struct.unpack(">I", raw[:4])
    if magic >> 8 != 0x08:
        raise ValueError("%s: not an unsigned-byte IDX file (magic 0x%08x)" % (path, magic))
    rank = magic & 0xFF
    dims = struct.unpack(">" + "I" * rank, raw[4:4 + 4 * rank])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * rank).reshape(dims).copy()


def write_idx_gz(path, array):
    """IDX unsigned-byte file, gzipped with a zero timestamp so the bytes are reproducible."""
    header = struct.pack(">I", 0x0800 | array.ndim) + struct.pack(">" + "I" * array.ndim, *array.shape)
    with open(path, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def load_split(prefix):
    images = read_idx(os.path.join(DATA_DIR, "%s-images-idx3-ubyte.gz" % prefix))
    labels = read_idx(os.path.join(DATA_DIR, "%s-labels-idx1-ubyte.gz" % prefix))
    return images, labels


def augment(batch, gen):
    """batch: B x 1 x 28 x 28 in [0, 1]. Random 2-pixel shifts (zero padding) and horizontal flips."""
    b = batch.shape[0]
    padded = nn.functional.pad(batch, (2, 2, 2, 2))
    dy = torch.randint(0, 5, (b,), generator=gen)
    dx = torch.randint(0, 5, (b,), generator=gen)
    flip = torch.rand(b, generator=gen) < 0.5
    ar = torch.arange(28)
    rows = (dy[:, None] + ar[None, :])[:, :, None]
    cols = (dx[:, None] + ar[None, :])[:, None, :]
    out = padded[torch.arange(b)[:, None, None], 0, rows, cols].unsqueeze(1)
    return torch.where(flip[:, None, None, None], out.flip(3), out)


# ---------------------------------------------------------------- models

class Block(nn.Module):
    """torchvision's BasicBlock, with the residual connection optional."""

    def __init__(self, cin, cout, stride, residual):
        super().__init__()
        self.residual = residual
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = None
        if residual and (stride != 1 or cin != cout):
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        out = self.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        if self.residual:
            out = out + (x if self.downsample is None else self.downsample(x))
        return self.relu(out)


class Net20(nn.Module):
    def __init__(self, residual, widths=WIDTHS, num_classes=10):
        super().__init__()
        self.conv1 = nn.Conv2d(1, widths[0], 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(widths[0])
        self.relu = nn.ReLU(inplace=True)
        cin = widths[0]
        stages = []
        for i, w in enumerate(widths):
            blocks = []
            for j in range(BLOCKS_PER_STAGE):
                blocks.append(Block(cin, w, 2 if (i > 0 and j == 0) else 1, residual))
                cin = w
            stages.append(nn.Sequential(*blocks))
        self.layer1, self.layer2, self.layer3 = stages
        self.avgpool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(cin, num_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer3(self.layer2(self.layer1(x)))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def depth(model):
    """Weight layers on the main path (3x3 convolutions and the classifier), as ResNet-20 is counted."""
    return sum(1 for m in model.modules() if isinstance(m, nn.Conv2d) and m.kernel_size == (3, 3)) + 1


# ---------------------------------------------------------------- training and evaluation

def normalise(pixels_uint8, mean, std):
    return (torch.from_numpy(pixels_uint8).float().div_(255.0).unsqueeze(1) - mean) / std


def evaluate(model, images, labels, mean, std, batch=1000):
    model.eval()
    correct = 0
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = normalise(images[i:i + batch], mean, std).contiguous(memory_format=torch.channels_last)
            correct += int((model(x).argmax(1) == torch.from_numpy(labels[i:i + batch].astype(np.int64))).sum())
    return correct / len(images)


def train(residual, train_images, train_labels, test_images, test_labels, mean, std):
    torch.manual_seed(SEED)
    model = Net20(residual).to(memory_format=torch.channels_last)
    gen = torch.Generator().manual_seed(SEED)  # same data order and augmentation for both models
    epochs, bs = RECIPE["epochs"], RECIPE["batch_size"]
    steps_per_epoch = (len(train_images) + bs - 1) // bs
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=epochs * steps_per_epoch,
                                                pct_start=0.15, anneal_strategy="cos", div_factor=25.0,
                                                final_div_factor=1e4)
    pixels = torch.from_numpy(train_images).float().div_(255.0).unsqueeze(1)
    targets = torch.from_numpy(train_labels.astype(np.int64))
    name = "resnet20" if residual else "plain20"
    start = time.time()
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(pixels), generator=gen)
        loss_sum, correct = 0.0, 0
        for i in range(0, len(order), bs):
            idx = order[i:i + bs]
            x = ((augment(pixels[idx], gen) - mean) / std).contiguous(memory_format=torch.channels_last)
            y = targets[idx]
            logits = model(x)
            loss = nn.functional.cross_entropy(logits, y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            loss_sum += float(loss) * len(idx)
            correct += int((logits.argmax(1) == y).sum())
        test_acc = evaluate(model, test_images, test_labels, mean, std)
        print("  %s epoch %d/%d: train loss %.4f acc %.4f, test acc %.4f, %.0f s elapsed"
              % (name, epoch + 1, epochs, loss_sum / len(pixels), correct / len(pixels), test_acc, time.time() - start),
              flush=True)
    model.eval()
    return model.to(memory_format=torch.contiguous_format), time.time() - start


# ---------------------------------------------------------------- activation sites and reference signature

def relu_calls(model, x):
    """Every ReLU call in execution order: module name, occurrence, whether its input is a residual sum,
    and pooled (channel means) input and output."""
    calls = []
    counts = {}
    handles = []
    for name, module in model.named_modules():
        if not isinstance(module, nn.ReLU):
            continue

        def pre_hook(mod, inputs, name=name):
            call = counts.get(name, 0)
            counts[name] = call + 1
            # The block's second call is the one after the addition (when the block is residual).
            parent = model.get_submodule(name.rsplit(".", 1)[0]) if "." in name else model
            after_add = isinstance(parent, Block) and parent.residual and call == 1
            role = "stem" if parent is model else ("block-output" if call == 1 else "block-inner")
            calls.append({"module_name": name, "call": call, "role": role, "after_residual_add": after_add,
                          "x": inputs[0].detach().double().mean(dim=(2, 3)).numpy()})

        def post_hook(mod, inputs, output):
            calls[-1]["y"] = output.detach().double().mean(dim=(2, 3)).numpy()

        handles.append(module.register_forward_pre_hook(pre_hook))
        handles.append(module.register_forward_hook(post_hook))
    try:
        with torch.no_grad():
            model(x)
    finally:
        for h in handles:
            h.remove()
    return calls


def reference(model, images, labels, mean, std):
    acc = evaluate(model, images, labels, mean, std)
    per_batch = []
    for i in range(0, len(images) - REFERENCE_BATCH + 1, REFERENCE_BATCH):
        per_batch.append(relu_calls(model, normalise(images[i:i + REFERENCE_BATCH], mean, std)))
    sites = []
    for index, meta in enumerate(per_batch[0]):
        scores = [affinity_reference.affinity_score(calls[index]["x"], calls[index]["y"], "ledoit-wolf")
                  for calls in per_batch]
        onnx_scope = "/" + "/".join(
            [".".join(meta["module_name"].split(".")[:k]) for k in range(1, meta["module_name"].count(".") + 1)]
            + ["relu" if meta["call"] == 0 else "relu_%d" % meta["call"]])
        sites.append({"index": index, "module_name": meta["module_name"], "call": meta["call"],
                      "onnx_node": onnx_scope + "/Relu", "role": meta["role"],
                      "after_residual_add": meta["after_residual_add"],
                      "pooled_dim": int(meta["x"].shape[1]),
                      "affinity_mean": float(np.mean(scores)), "affinity_std": float(np.std(scores)),
                      "affinity_per_batch": scores})
    return {
        "slice_accuracy": acc,
        "slice_images": len(images),
        "relu_sites": len(sites),
        "post_residual_sites": sum(s["after_residual_add"] for s in sites),
        "signature_config": {"batch_size": REFERENCE_BATCH, "batches": len(per_batch), "pooling": "channels",
                             "covariance": "ledoit-wolf", "implementation": "tools/affinity_reference.py",
                             "activations": "PyTorch float32, scored in float64"},
        "sites": sites,
    }


def export_onnx(model, path):
    import onnx
    torch.onnx.export(model, torch.zeros(2, 1, 28, 28), path, opset_version=OPSET, input_names=["input"],
                      output_names=["logits"], dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
                      do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    graph = onnx.load(path)
    onnx.checker.check_model(graph)
    return [n.name for n in graph.graph.node if n.op_type == "Relu"]


def write_license(path):
    with open(LICENSE_SOURCE) as f:
        notice = f.read()
    with open(path, "w") as f:
        f.write("The files fashion-mnist-test-2048-images-idx3-ubyte.gz and fashion-mnist-test-2048-labels-idx1-ubyte.gz\n"
                "are the first 2,048 images and labels of the Fashion-MNIST test set (t10k), unchanged, in the same\n"
                "IDX format. The models resnet20.onnx and plain20.onnx were trained on the Fashion-MNIST training set\n"
                "by tools/train_demo_models.py. Fashion-MNIST: https://github.com/zalandoresearch/fashion-mnist\n"
                "(as packaged by Debian, dataset-fashion-mnist). Its copyright and license notice follows.\n\n")
        f.write(notice)


def main():
    out_dir = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT)
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(THREADS)
    torch.use_deterministic_algorithms(True)
    total_start = time.time()

    train_images, train_labels = load_split("train")
    test_images, test_labels = load_split("t10k")
    pixels = train_images.astype(np.float64) / 255.0
    mean, std = float(pixels.mean()), float(pixels.std())
    print("training set mean %.6f std %.6f" % (mean, std))

    write_idx_gz(os.path.join(out_dir, "fashion-mnist-test-2048-images-idx3-ubyte.gz"), test_images[:SLICE])
    write_idx_gz(os.path.join(out_dir, "fashion-mnist-test-2048-labels-idx1-ubyte.gz"), test_labels[:SLICE])
    write_license(os.path.join(out_dir, "FASHION-MNIST-LICENSE.txt"))

    models = []
    for residual in (True, False):
        name = "resnet20" if residual else "plain20"
        model, seconds = train(residual, train_images, train_labels, test_images, test_labels, mean, std)
        relu_nodes = export_onnx(model, os.path.join(out_dir, name + ".onnx"))
        ref = reference(model, test_images[:SLICE], test_labels[:SLICE], mean, std)
        if [s["onnx_node"] for s in ref["sites"]] != relu_nodes:
            sys.exit("%s: ONNX Relu nodes %s do not match the PyTorch calls" % (name, relu_nodes))
        entry = {
            "name": name,
            "file": name + ".onnx",
            "residual": residual,
            "description": ("ResNet-20-style network (BasicBlocks with identity and 1x1 shortcuts)" if residual else
                            "plain twin of resnet20: the same layers and activations without residual connections"),
            "test_accuracy": evaluate(model, test_images, test_labels, mean, std),
            "test_images": len(test_images),
            "parameters": sum(p.numel() for p in model.parameters()),
            "depth": depth(model),
            "widths": list(WIDTHS),
            "blocks_per_stage": BLOCKS_PER_STAGE,
            "input": {"name": "input", "shape": ["N", 1, 28, 28], "dtype": "float32",
                      "preprocessing": "pixel / 255, then (value - mean) / std", "mean": mean, "std": std},
            "output": {"name": "logits", "shape": ["N", 10]},
            "onnx_opset": OPSET,
            "recipe": RECIPE,
            "seed": SEED,
            "torch": torch.__version__,
            "training_seconds": round(seconds, 1),
            "reference": ref,
        }
        models.append(entry)
        print("%s: test accuracy %.4f, slice accuracy %.4f, %d parameters, depth %d, trained in %.0f s"
              % (name, entry["test_accuracy"], ref["slice_accuracy"], entry["parameters"], entry["depth"], seconds))
        print("  %d ReLU sites (%d right after a residual addition):" % (ref["relu_sites"], ref["post_residual_sites"]))
        for s in ref["sites"]:
            print("   %2d %-16s call %d %-13s %-5s d=%-3d affinity %.4f +- %.4f  %s"
                  % (s["index"], s["module_name"], s["call"], s["role"], "ADD" if s["after_residual_add"] else "",
                     s["pooled_dim"], s["affinity_mean"], s["affinity_std"], s["onnx_node"]))

    manifest = {
        "dataset": {"name": "Fashion-MNIST", "source": "Debian dataset-fashion-mnist, " + DATA_DIR,
                    "license_file": "FASHION-MNIST-LICENSE.txt",
                    "classes": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                                "Bag", "Ankle boot"],
                    "slice": {"images": "fashion-mnist-test-2048-images-idx3-ubyte.gz",
                              "labels": "fashion-mnist-test-2048-labels-idx1-ubyte.gz",
                              "count": SLICE, "origin": "the first %d images of t10k" % SLICE}},
        "generator": "tools/train_demo_models.py",
        "models": models,
    }
    with open(os.path.join(out_dir, "models.json"), "w") as f:
        json.dump(manifest, f, indent=1)
        f.write("\n")
    total = 0
    for name in sorted(os.listdir(out_dir)):
        size = os.path.getsize(os.path.join(out_dir, name))
        total += size
        print("%-48s %9d bytes" % (name, size))
    print("total %d bytes; done in %.0f s" % (total, time.time() - total_start))


if __name__ == "__main__":
    main()
