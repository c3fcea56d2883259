#!/usr/bin/python3
"""A ViT-L/14@336-shaped CLIP bundle with random weights, for the big-model run (not committed: 1.2 GB).

    /usr/bin/python3 tools/bench/make_vit_l14_336.py [--out target/bench/models/vit-l14-336-random]

The image tower has OpenAI ViT-L/14@336px's shape and so its cost: 336x336 input, 14x14 patches
(577 tokens), width 1024, 24 layers, 16 heads, 768-wide embedding (304 M parameters, about
191 GMACs an image). The text tower is the tiny one of the test bundle, widened to the same
768-wide embedding, because only the image tower is measured. Immich layout, dynamic batch,
opset 14, built with tools/make_tiny_clip.py's modules (as make_vit_b32.py does).
Needs 6.3 GB of memory at its peak and took 7 minutes on a busy 2-core machine. tools/clip_tokenizer.py
imports `regex` (Debian's python3-regex); where /usr/bin/python3 lacks it, put a folder holding it on PYTHONPATH.
"""
import argparse
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_tiny_clip as tiny  # noqa: E402  (the same CLIP modules as the test models)

TEST_BUNDLE = ROOT / "core/src/test/resources/models/tiny-clip-immich"


def macs_per_image():
    """Multiply-accumulates of the image tower for one image: patch embedding, then per layer the
    four attention projections, the MLP (4x wide) and the two attention products."""
    tokens = (tiny.IMAGE_SIZE // tiny.PATCH_SIZE) ** 2 + 1
    width = tiny.VISION_WIDTH
    patches = (tokens - 1) * 3 * tiny.PATCH_SIZE ** 2 * width
    per_layer = 12 * tokens * width * width + 2 * tokens * tokens * width
    return patches + tiny.VISION_LAYERS * per_layer + width * tiny.EMBED_DIM


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "target/bench/models/vit-l14-336-random")
    args = parser.parse_args()
    torch.manual_seed(tiny.SEED)
    tiny.IMAGE_SIZE, tiny.PATCH_SIZE = 336, 14
    tiny.VISION_WIDTH, tiny.VISION_LAYERS, tiny.VISION_HEADS, tiny.EMBED_DIM = 1024, 24, 16, 768
    vocab, merges = tiny.read_tokenizer_files(TEST_BUNDLE / "textual")
    vision = tiny.VisionTower().eval()
    text = tiny.TextTower(len(vocab)).eval()
    with torch.no_grad():
        tiny.write_immich_bundle(args.out, tiny.ImmichVisual(vision), tiny.ImmichTextual(text), vocab, merges)
    parameters = sum(p.numel() for p in vision.parameters())
    print(f"{args.out}: image tower {parameters / 1e6:.1f} M parameters, {macs_per_image() / 1e9:.1f} GMACs an image")


if __name__ == "__main__":
    main()
