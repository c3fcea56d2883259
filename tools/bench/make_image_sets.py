#!/usr/bin/python3
"""Benchmark image sets, made from Debian scikit-image's photos (deterministic; not committed).

    /usr/bin/python3 tools/bench/make_image_sets.py [--out target/bench/images]

Writes three folders of baseline JPEGs, quality 90, 4:2:0 (Pillow's defaults for quality 90):
  imagenet/  256 files of 500x375 (a quarter portrait 375x500), like ImageNet's validation set, with a
              little noise for a realistic file size
  camera/     16 files of 4000x3000, like a phone camera's: the photo upscaled, plus sensor-like noise
              so the entropy-coded size (about 3-4 MB) and decode cost are those of a real 12 MP photo
  small/      64 files of 96x72, for the scaling runs where the model and the pipeline matter, not decoding
Variants come from crops, flips and colour shifts of 11 colour photos, so no two files are the same.
"""
import argparse
import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

SKIMAGE = Path("/usr/lib/python3/dist-packages/skimage/data")
PHOTOS = ["astronaut.png", "chelsea.png", "coffee.png", "hubble_deep_field.jpg", "ihc.png", "motorcycle_left.png",
          "motorcycle_right.png", "retina.jpg", "rocket.jpg", "color.png", "phantom.png"]
QUALITY = 90
SEED = 20240607


def photos():
    return [Image.open(SKIMAGE / name).convert("RGB") for name in PHOTOS]


def variant(photo, index, rng, aspect):
    """A random crop of the photo with the given width/height aspect, maybe mirrored and tinted."""
    w, h = photo.size
    crop_w = min(w, int(h * aspect))
    crop_h = min(h, int(crop_w / aspect))
    crop_w = int(crop_h * aspect)
    scale = rng.uniform(0.75, 1.0)
    cw, ch = max(8, int(crop_w * scale)), max(8, int(crop_h * scale))
    left = rng.integers(0, w - cw + 1)
    top = rng.integers(0, h - ch + 1)
    image = photo.crop((left, top, left + cw, top + ch))
    if index % 2:
        image = ImageOps.mirror(image)
    tint = rng.uniform(0.85, 1.15, size=3)
    pixels = np.asarray(image, dtype=np.float32) * tint
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def with_sensor_noise(image, rng, sigma):
    pixels = np.asarray(image, dtype=np.float32)
    pixels += rng.normal(0.0, sigma, size=pixels.shape).astype(np.float32)
    return Image.fromarray(np.clip(pixels + 0.5, 0, 255).astype(np.uint8), "RGB")


def write_set(out, name, count, size, rng, sources, noise=0.0, portrait_every=0):
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        w, h = size
        if portrait_every and i % portrait_every == portrait_every - 1:
            w, h = h, w
        image = variant(sources[i % len(sources)], i, rng, w / h).resize((w, h), Image.BICUBIC)
        if noise:
            image = with_sensor_noise(image, rng, noise)
        path = folder / f"{name}-{i:04d}.jpg"
        image.save(path, "JPEG", quality=QUALITY)
        total += path.stat().st_size
    print(f"{folder}: {count} files of {size[0]}x{size[1]}, {total / count / 1024:.0f} KiB each on average")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    root = Path(__file__).resolve().parents[2]
    parser.add_argument("--out", type=Path, default=root / "target/bench/images")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    sources = photos()
    write_set(args.out, "imagenet", 256, (500, 375), rng, sources, noise=3.0, portrait_every=4)
    write_set(args.out, "camera", 16, (4000, 3000), rng, sources, noise=7.0)
    write_set(args.out, "small", 64, (96, 72), rng, sources)


if __name__ == "__main__":
    main()
