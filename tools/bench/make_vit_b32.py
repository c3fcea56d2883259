#!/usr/bin/python3
"""A ViT-B/32-shaped CLIP bundle with random weights, for throughput runs (not committed: 350 MB).

    /usr/bin/python3 tools/bench/make_vit_b32.py [--out target/bench/models/vit-b32-random]

The image tower has OpenAI ViT-B/32's shape and so its cost: 224x224 input, 32x32 patches, width 768,
12 layers, 12 heads, 512-wide embedding (88 M parameters, about 4.4 GFLOPs an image). The text tower is
the tiny one of the test bundle, widened to the same 512-wide embedding, because only the image tower's
speed is measured. Immich layout, dynamic batch, opset 14, built with tools/make_tiny_clip.py's modules.
"""
import argparse
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_tiny_clip as tiny  # noqa: E402  (the same CLIP modules as the test models)

TEST_BUNDLE = ROOT / "core/src/test/resources/models/tiny-clip-immich"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "target/bench/models/vit-b32-random")
    args = parser.parse_args()
    torch.manual_seed(tiny.SEED)
    tiny.VISION_WIDTH, tiny.VISION_LAYERS, tiny.VISION_HEADS, tiny.EMBED_DIM = 768, 12, 12, 512
    vocab, merges = tiny.read_tokenizer_files(TEST_BUNDLE / "textual")
    vision = tiny.VisionTower().eval()
    text = tiny.TextTower(len(vocab)).eval()
    with torch.no_grad():
        tiny.write_immich_bundle(args.out, tiny.ImmichVisual(vision), tiny.ImmichTextual(text), vocab, merges)
    parameters = sum(p.numel() for p in vision.parameters())
    print(f"{args.out}: image tower {parameters / 1e6:.1f} M parameters")


if __name__ == "__main__":
    main()
