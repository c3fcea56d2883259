#!/usr/bin/python3
"""Zero-shot top-1 of the bundled model on a demo-data folder, with the reference PyTorch pipeline.

    /usr/bin/python3 tools/shapes/eval_torch.py DEMO_DIR [--bundle models/clip-tiny-shapes] [--predictions FILE]

DEMO_DIR is what `clip-batch demo-data --output DEMO_DIR` wrote (its manifest.csv, classes.txt,
templates.txt). Everything comes from the bundle's files, as the Java job reads them: the weights
from the two ONNX graphs (exported with their PyTorch names), the preprocessing from
preprocess_cfg.json (OpenAI's torchvision transform), the tokenizer from vocab.json + merges.txt.
The head is clip_benchmark's. Files PIL cannot open count as errors, like the job's error column.

The Java tests compare the demo's Spark run with this script's predictions on the demo's default
data, committed as job/src/test/resources/demo/torch-predictions-seed7.csv:

    submit/clip-batch demo-data --output /tmp/demo --n 2000 --seed 7
    /usr/bin/python3 tools/shapes/eval_torch.py /tmp/demo \
        --predictions job/src/test/resources/demo/torch-predictions-seed7.csv
"""
import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from clip_model import clip_transform  # noqa: E402
from clip_tokenizer import SimpleTokenizer  # noqa: E402
from model import TinyClip  # noqa: E402

ROOT = HERE.parent.parent


def load_model(bundle):
    """TinyClip with the weights of the bundle's ONNX graphs."""
    vocab = json.loads((bundle / "textual/vocab.json").read_text(encoding="utf-8"))
    size = json.loads((bundle / "visual/preprocess_cfg.json").read_text())["size"][0]
    model = TinyClip(len(vocab), size)
    state = {}
    for tower in ("visual", "textual"):
        for tensor in onnx.load(str(bundle / tower / "model.onnx")).graph.initializer:
            state[tensor.name] = torch.from_numpy(numpy_helper.to_array(tensor).copy())
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [name for name in missing if not name.endswith("num_batches_tracked") and name != "logit_scale"]
    if missing or unexpected:
        raise SystemExit(f"{bundle}: weights missing from the ONNX graphs {missing}, unknown {unexpected}")
    return model.eval()


def load_tokenizer(bundle):
    vocab = json.loads((bundle / "textual/vocab.json").read_text(encoding="utf-8"))
    lines = (bundle / "textual/merges.txt").read_text(encoding="utf-8").split("\n")
    merges = [tuple(line.split(" ")) for line in lines[1:] if line]
    return SimpleTokenizer(vocab, merges)


def reference_transform(bundle):
    """OpenAI's clip._transform with the bundle's size, mean and std."""
    cfg = json.loads((bundle / "visual/preprocess_cfg.json").read_text())
    return clip_transform(cfg["size"][0], cfg["mean"], cfg["std"])


def zero_shot_weights(model, tokenizer, classes, templates):
    """clip_benchmark's zero_shot_classifier: per class, the normalised mean of normalised prompts."""
    with torch.no_grad():
        rows = []
        for name in classes:
            ids = torch.from_numpy(tokenizer.tokenize([t.replace("{c}", name) for t in templates]))
            rows.append(F.normalize(F.normalize(model.textual(ids), dim=-1).mean(dim=0), dim=-1))
    return torch.stack(rows)


def read_lines(path):
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("demo_dir", type=Path)
    parser.add_argument("--bundle", type=Path, default=ROOT / "models/clip-tiny-shapes")
    parser.add_argument("--predictions", type=Path,
                        help="write image,label,predicted per row here (image relative to DEMO_DIR; predicted -1 for an error)")
    args = parser.parse_args()
    torch.set_num_threads(2)

    model, tokenizer, transform = load_model(args.bundle), load_tokenizer(args.bundle), reference_transform(args.bundle)
    classes, templates = read_lines(args.demo_dir / "classes.txt"), read_lines(args.demo_dir / "templates.txt")
    weights = zero_shot_weights(model, tokenizer, classes, templates)
    with open(args.demo_dir / "manifest.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    predictions = []
    for start in range(0, len(rows), 256):
        batch, readable = [], []
        for row in rows[start:start + 256]:
            try:
                with Image.open(row["path"]) as image:
                    batch.append(transform(image))
                readable.append(True)
            except Exception:  # noqa: BLE001  (any unreadable file is an error row, as in the job)
                readable.append(False)
        with torch.no_grad():
            scores = F.normalize(model.visual(torch.stack(batch)), dim=-1) @ weights.T if batch else None
        best = iter(scores.argmax(dim=1).tolist() if batch else [])
        predictions += [next(best) if ok else -1 for ok in readable]

    labels = np.array([int(row["label"]) for row in rows])
    predicted = np.array(predictions)
    held_out = np.array([row["held_out"] == "true" for row in rows])
    ok = predicted >= 0
    correct = predicted == labels
    print(f"rows {len(rows)}, errors {int((~ok).sum())}")
    print(f"acc1 {100 * correct[ok].mean():.2f}% over readable images ({int(correct.sum())}/{int(ok.sum())}); "
          f"{100 * correct.mean():.2f}% over all rows")
    print(f"acc1 seen classes {100 * correct[ok & ~held_out].mean():.2f}%, "
          f"held-out classes {100 * correct[ok & held_out].mean():.2f}%")
    if args.predictions:
        with open(args.predictions, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["image", "label", "predicted"])
            out.writerows([Path(row["path"]).relative_to(args.demo_dir.resolve()).as_posix(), row["label"], p]
                          for row, p in zip(rows, predictions))


if __name__ == "__main__":
    main()
