#!/usr/bin/python3
"""Writes the eval fixtures: the SAME small labelled images in three on-disk dataset layouts.

    /usr/bin/python3 tools/eval/make_eval_fixtures.py

Outputs under job/src/test/resources/eval/fixtures/:
  folders/<class>/<file>             class-per-folder tree (torchvision ImageFolder)
  wds/test/{0,1}.tar, nshards.txt    clip_benchmark WebDataset shards (written by Python's tarfile,
  wds/classnames.txt, ...templates   independently of the Java reader)
  cars/cars_test/, *.mat             Stanford Cars devkit layout, .mat v5 written by scipy.io.savemat

The Java tests build the Parquet layouts (manifest, Hugging Face datasets) from the folder tree.
Every layout holds the same 30 good images and one truncated JPEG (labelled class 0), so the metrics
must come out identical whatever the layout. Needs Debian's python3-pil, python3-numpy, python3-scipy.
"""
import io
import os
import shutil
import tarfile

import numpy as np
import scipy.io
from PIL import Image, ImageDraw

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "job", "src", "test", "resources", "eval", "fixtures")
CLASSES = ["apple", "banana", "cherry", "grape", "lemon", "lime"]
TEMPLATES = ["a photo of a {c}.", "a close-up photo of a {c}."]
PER_CLASS = 5
COLORS = [(200, 30, 40), (230, 210, 60), (120, 10, 30), (90, 40, 120), (250, 240, 80), (60, 190, 60)]


def make_image(label, k):
    """A small picture whose colours and shapes depend on the class and the sample number."""
    rng = np.random.default_rng(1000 * label + k)
    w, h = 56 + 8 * (k % 3), 48 + 4 * (label % 4)
    background = tuple(int(v) for v in rng.integers(0, 256, 3))
    image = Image.new("RGB", (w, h), background)
    draw = ImageDraw.Draw(image)
    for _ in range(3 + k):
        x0, y0 = int(rng.integers(0, w - 8)), int(rng.integers(0, h - 8))
        x1, y1 = x0 + int(rng.integers(6, 30)), y0 + int(rng.integers(6, 24))
        jitter = rng.integers(-30, 30, 3)
        fill = tuple(int(np.clip(c + j, 0, 255)) for c, j in zip(COLORS[label], jitter))
        (draw.ellipse if (k + label) % 2 else draw.rectangle)([x0, y0, x1, y1], fill=fill)
    return image


def encode(image, ext):
    buffer = io.BytesIO()
    if ext in ("jpg", "jpeg"):
        image.save(buffer, "JPEG", quality=85)
    elif ext == "png":
        image.save(buffer, "PNG")
    else:
        image.save(buffer, "WEBP", lossless=True)
    return buffer.getvalue()


def samples():
    """(label, extension, encoded bytes) for every sample, the broken one last."""
    out = []
    for label in range(len(CLASSES)):
        for k in range(PER_CLASS):
            ext = ["jpg", "png", "jpg", "jpeg", "webp"][k]
            out.append((label, ext, encode(make_image(label, k), ext)))
    good_jpeg = encode(make_image(0, 99), "jpg")
    out.append((0, "jpg", good_jpeg[: len(good_jpeg) // 3]))  # truncated: must count as an error
    return out


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_folders(items):
    root = os.path.join(OUT, "folders")
    for i, (label, ext, data) in enumerate(items):
        write(os.path.join(root, CLASSES[label], "img%03d.%s" % (i, ext)), data)


def write_webdataset(items):
    root = os.path.join(OUT, "wds")
    shards = [items[0::2], items[1::2]]
    for n, shard in enumerate(shards):
        path = os.path.join(root, "test", "%d.tar" % n)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with tarfile.open(path, "w", format=tarfile.USTAR_FORMAT) as tar:
            for j, (label, ext, data) in enumerate(shard):
                key = "s%07d" % (2 * j + n)
                members = [("cls", str(label).encode()), (ext, data)]
                if j % 2:  # webdataset writers differ in member order: the reader must not care
                    members.reverse()
                for suffix, payload in members:
                    info = tarfile.TarInfo("%s.%s" % (key, suffix))
                    info.size, info.mtime, info.mode = len(payload), 0, 0o644
                    tar.addfile(info, io.BytesIO(payload))
    write(os.path.join(root, "test", "nshards.txt"), b"%d\n" % len(shards))
    write(os.path.join(root, "classnames.txt"), ("\n".join(CLASSES) + "\n").encode())
    write(os.path.join(root, "zeroshot_classification_templates.txt"), ("\n".join(TEMPLATES) + "\n").encode())


def write_cars(items):
    """The devkit's layout: 1-based classes in a 1 x N struct array, names in a 1 x C cell."""
    root = os.path.join(OUT, "cars")
    fields = ["bbox_x1", "bbox_y1", "bbox_x2", "bbox_y2", "class", "fname"]
    annotations = np.zeros((1, len(items)), dtype=[(f, "O") for f in fields])
    for i, (label, ext, data) in enumerate(items):
        fname = "%05d.%s" % (i + 1, ext)
        write(os.path.join(root, "cars_test", fname), data)
        annotations[0, i] = (np.array([[1]], np.uint8), np.array([[1]], np.uint8),
                             np.array([[40]], np.uint8), np.array([[40]], np.uint8),
                             np.array([[label + 1]], np.uint8), np.array([fname]))
    scipy.io.savemat(os.path.join(root, "cars_test_annos_withlabels.mat"), {"annotations": annotations})
    names = np.empty((1, len(CLASSES)), dtype=object)
    for c, name in enumerate(CLASSES):
        names[0, c] = np.array([name])
    os.makedirs(os.path.join(root, "devkit"), exist_ok=True)
    scipy.io.savemat(os.path.join(root, "devkit", "cars_meta.mat"), {"class_names": names})


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    items = samples()
    write_folders(items)
    write_webdataset(items)
    write_cars(items)
    print("wrote %d samples (%d classes) in 3 layouts to %s" % (len(items), len(CLASSES), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
