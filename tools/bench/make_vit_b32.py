#!/usr/bin/python3
"""A ViT-B/32-shaped CLIP bundle with random weights, for throughput runs (not committed: 350 MB).

    /usr/bin/python3 tools/bench/make_vit_b32.py [--out target/bench/models/vit-b32-random]

The image tower has OpenAI ViT-B/32's shape and so its cost: 224x224 input, 32x32 patches, width 768,
12 layers, 12 heads, 512-wide embedding (88 M parameters, about 4.4 GFLOPs an image). The text tower is
the tiny one of the test bundle, widened to the same 512-wide embedding, because only the image tower's
speed is measured. Immich layout, dynamic batch, opset 14, built with tools/make_tiny_clip.py's modules.
"""
import argparse
import json
import shutil
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import make_tiny_clip as tiny  # noqa: E402  (the same CLIP modules as the test models)

TEST_BUNDLE = ROOT / "udfs/src/test/resources/models/tiny-clip-immich"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "target/bench/models/vit-b32-random")
    args = parser.parse_args()
    torch.manual_seed(tiny.SEED)
    tiny.VISION_WIDTH, tiny.VISION_LAYERS, tiny.VISION_HEADS, tiny.EMBED_DIM = 768, 12, 12, 512
    vocab = json.loads((TEST_BUNDLE / "textual/vocab.json").read_text(encoding="utf-8"))
    vision = tiny.VisionTower().eval()
    text = tiny.TextTower(len(vocab)).eval()
    out = args.out
    pixels = torch.zeros(2, 3, tiny.IMAGE_SIZE, tiny.IMAGE_SIZE)
    ids = torch.zeros(2, tiny.CONTEXT_LENGTH, dtype=torch.int32)
    with torch.no_grad():
        tiny.export(tiny.ImmichVisual(vision), (pixels,), out / "visual/model.onnx", ["image"], ["embedding"])
        tiny.export(tiny.ImmichTextual(text), (ids,), out / "textual/model.onnx", ["text"], ["embedding"])
    config = tiny.immich_config(len(vocab))
    tiny.write_json(out / "config.json", config)
    tiny.write_json(out / "visual/preprocess_cfg.json", tiny.immich_preprocess_cfg())
    for name in ["vocab.json", "merges.txt", "special_tokens_map.json", "tokenizer_config.json"]:
        shutil.copy(TEST_BUNDLE / "textual" / name, out / "textual" / name)
    parameters = sum(p.numel() for p in vision.parameters())
    print(f"{out}: image tower {parameters / 1e6:.1f} M parameters")


if __name__ == "__main__":
    main()
