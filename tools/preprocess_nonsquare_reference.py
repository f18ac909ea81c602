#!/usr/bin/env python3
"""Expected outputs of torchvision's Resize((h, w)), Resize(s) and CenterCrop((h, w)) on the PIL path, for
nlsig-data's NonSquarePreprocessTest.

Run from the repository root with Debian's python3-torchvision (0.14.1) and python3-pil (9.4.0):

    /usr/bin/python3 tools/preprocess_nonsquare_reference.py

It reads the golden PNG images in nlsig-data/src/test/resources/golden and writes, to
nlsig-data/src/test/resources/golden-nonsquare, one uint8 array (height x width x 3, .npy) per image and case, and
cases.json describing the cases. The arrays are the transformed image before ToTensor, so the Java test compares
pixels (to 1 level) and then checks its tensor against these pixels scaled and normalised.
"""
import json
import pathlib

import numpy as np
import torchvision
from PIL import Image
from torchvision import transforms
from torchvision.transforms import InterpolationMode

ROOT = pathlib.Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "nlsig-data/src/test/resources/golden"
OUT = ROOT / "nlsig-data/src/test/resources/golden-nonsquare"

IMAGES = ["rgb_500x375.png", "wide_1000x200.png", "small_64x48.png"]
# resize: [h, w] is Resize((h, w)), an int is Resize(s) (shorter side), null is none; crop: [h, w] or null.
CASES = {
    "resize48x320_bilinear": {"resize": [48, 320], "crop": None, "interpolation": "bilinear"},
    "resize48x320_crop48x300_bicubic": {"resize": [48, 320], "crop": [48, 300], "interpolation": "bicubic"},
    "resize64_crop48x96_bilinear": {"resize": 64, "crop": [48, 96], "interpolation": "bilinear"},
    # crop taller than the resized image: torchvision pads the height with zeros, then crops the width
    "resize40_crop60x30_nearest": {"resize": 40, "crop": [60, 30], "interpolation": "nearest"},
}
MODES = {"bilinear": InterpolationMode.BILINEAR, "bicubic": InterpolationMode.BICUBIC,
         "nearest": InterpolationMode.NEAREST}


def transform(case):
    steps = []
    if case["resize"] is not None:
        size = tuple(case["resize"]) if isinstance(case["resize"], list) else case["resize"]
        steps.append(transforms.Resize(size, interpolation=MODES[case["interpolation"]]))
    if case["crop"] is not None:
        steps.append(transforms.CenterCrop(tuple(case["crop"])))
    return transforms.Compose(steps)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for name in IMAGES:
        image = Image.open(GOLDEN / name).convert("RGB")
        for case_name, case in CASES.items():
            out = np.asarray(transform(case)(image), dtype=np.uint8)
            np.save(OUT / f"{name}.{case_name}.npy", out)
    meta = {"torchvision": torchvision.__version__, "images": IMAGES, "cases": CASES}
    (OUT / "cases.json").write_text(json.dumps(meta, indent=1) + "\n")


if __name__ == "__main__":
    main()
