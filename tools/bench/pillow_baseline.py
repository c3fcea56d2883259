#!/usr/bin/python3
"""The reference to beat: OpenAI CLIP's preprocessing on Pillow + torchvision, on one core.

    /usr/bin/python3 tools/bench/pillow_baseline.py --images target/bench/images/imagenet [--stage preprocess]

Stages (the same names as `clip-batch bench`):
  decode      Image.open(path) and load(): reading and decoding the file
  preprocess  clip._transform: open, Resize(224, bicubic), CenterCrop(224), convert("RGB"), ToTensor,
              Normalize(OpenAI mean and std), which is exactly what clip-batch's exact mode reproduces
Single-threaded (torch.set_num_threads(1)); every file is processed in turn, repeated until --min-seconds
have passed, after a warm-up over the first files. Prints one JSON line with images per wall second and
per CPU second of the process (the per-core figure that holds on a busy machine).
Needs only Debian's python3-pil, python3-torch and python3-torchvision.
"""
import argparse
import json
import sys
import time
from pathlib import Path

import torch
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from clip_model import clip_transform  # noqa: E402  (OpenAI's clip._transform, written out as clip/clip.py has it)


def stage_function(stage, size):
    if stage == "decode":
        def decode(path):
            with Image.open(path) as image:
                image.load()
                return image.size
        return decode
    transform = clip_transform(size)

    def preprocess(path):
        with Image.open(path) as image:
            return transform(image)
    return preprocess


def run(files, function, min_seconds):
    """(images, wall seconds, CPU seconds of the process): whole passes over the files."""
    count = 0
    start, cpu_start = time.perf_counter(), time.process_time()
    while True:
        for path in files:
            function(path)
            count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return count, elapsed, time.process_time() - cpu_start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=Path, required=True, help="a folder of images")
    parser.add_argument("--stage", choices=["decode", "preprocess"], default="preprocess")
    parser.add_argument("--size", type=int, default=224)
    parser.add_argument("--min-seconds", type=float, default=5.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    files = sorted(p for p in args.images.iterdir() if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
    if not files:
        raise SystemExit(f"no images in {args.images}")
    function = stage_function(args.stage, args.size)
    run(files[:8], function, 0.0)  # warm-up: imports, allocator, page cache
    count, seconds, cpu_seconds = run(files, function, args.min_seconds)
    print(json.dumps({"tool": "pillow+torchvision", "pillow": Image.__version__, "stage": args.stage,
                      "images": str(args.images), "count": count, "seconds": round(seconds, 3),
                      "cpu_seconds": round(cpu_seconds, 3), "images_per_second": round(count / seconds, 2),
                      "per_cpu_second": round(count / cpu_seconds, 2)}))


if __name__ == "__main__":
    main()
