#!/usr/bin/python3
"""Trains clip-tiny-shapes, the small CLIP this project ships, and exports it as an Immich bundle.

    /usr/bin/python3 tools/shapes/train_tiny_clip.py        (about 7.5 minutes on 2 idle CPU cores)

1. learns a byte-level BPE vocabulary from the training captions (CLIP's format);
2. draws captioned scenes (scenes.py) of the 48 seen (size, colour, shape) classes - the 12
   held-out classes are never drawn or named;
3. trains image and text towers with CLIP's symmetric contrastive loss and a learned logit scale;
4. measures zero-shot top-1 on fresh scenes of all 60 classes (seen and held-out, PNG and
   JPEG) with clip_benchmark's head;
5. writes models/clip-tiny-shapes/ and the Java tests' references under
   job/src/test/resources/demo/ (reference scenes, token ids, classes).

Deterministic: fixed seeds, two threads; re-running rewrites the same files.
"""
import io
import math
import os
import sys
import time
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import captions  # noqa: E402
import scenes  # noqa: E402
from clip_tokenizer import SimpleTokenizer, build_vocab, train_bpe  # noqa: E402
from clip_model import OPENAI_MEAN, OPENAI_STD  # noqa: E402
from make_tiny_clip import OPSET, write_immich_files, write_json  # noqa: E402
from model import (BLOCKS, CONTEXT_LENGTH, EMBED_DIM, PATCH_SIZE, STEM_WIDTH, TEXT_HEADS, TEXT_LAYERS,  # noqa: E402
                   TEXT_WIDTH, TextualExport, TinyClip, VisualExport)

ROOT = HERE.parent.parent
BUNDLE = ROOT / "models/clip-tiny-shapes"
JAVA_REFERENCES = ROOT / "job/src/test/resources/demo"

THREADS = 2
SEED = 20250101
TRAIN_SEED, TEST_SEED, REFERENCE_SEED = 1, 2, 3  # streams of scene seeds
TRAIN_IMAGES = int(os.environ.get("SHAPES_TRAIN_IMAGES", 32768))
TEST_PER_CLASS = 40
JPEG_SHARE = 0.5          # training images that went through a JPEG round trip (the demo data is 70% JPEG)
JPEG_QUALITY = 95
BATCH = 256
STEPS = int(os.environ.get("SHAPES_STEPS", 900))  # the environment overrides are for quick trials
WARMUP = 100
LR, WEIGHT_DECAY = 2e-3, 0.05
BPE_MERGES = 300


# ------------------------------------------------------------------------------------------------
# Data
# ------------------------------------------------------------------------------------------------

def seen_labels():
    return [label for label in range(scenes.class_count()) if not scenes.is_held_out(label)]


def scene_seeds(stream, count):
    rng = scenes.SplitMix64(stream)
    return [rng.next() for _ in range(count)]


def jpeg_round_trip(pixels):
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=JPEG_QUALITY)
    return np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"))


def draw(job):
    """(label, seed, jpeg) -> (uint8 image, attributes); a Pool worker."""
    label, seed, jpeg = job
    scene = scenes.sample_scene(label, seed)
    pixels = scenes.render(scene)
    if jpeg:
        pixels = jpeg_round_trip(pixels)
    attributes = [scene["size"], scene["colour"], scene["shape"], scene["texture"], scene["background"]]
    return pixels, attributes


def draw_all(labels, seeds, jpeg):
    with Pool(THREADS) as pool:
        drawn = pool.map(draw, list(zip(labels, seeds, jpeg)), chunksize=256)
    return np.stack([d[0] for d in drawn]), np.array([d[1] for d in drawn], dtype=np.int64)


def training_set():
    seen = seen_labels()
    seeds = scene_seeds(TRAIN_SEED, 2 * TRAIN_IMAGES)
    labels = [seen[s % len(seen)] for s in seeds[0::2]]  # the seed stream picks the class too
    jpeg = [(s >> 11) % 1000 < JPEG_SHARE * 1000 for s in seeds[0::2]]
    return draw_all(labels, seeds[1::2], jpeg)


def test_set(jpeg):
    labels = [label for label in range(scenes.class_count()) for _ in range(TEST_PER_CLASS)]
    images, _ = draw_all(labels, scene_seeds(TEST_SEED, len(labels)), [jpeg] * len(labels))
    return images, np.array(labels)


MEAN = torch.tensor(OPENAI_MEAN).view(1, 3, 1, 1)
STD = torch.tensor(OPENAI_STD).view(1, 3, 1, 1)


def to_tensor(images):
    """uint8 [N, H, W, 3] -> normalised float [N, 3, H, W]: ToTensor + Normalize (the size already fits)."""
    pixels = torch.from_numpy(images).permute(0, 3, 1, 2).float() / 255.0
    return (pixels - MEAN) / STD


# ------------------------------------------------------------------------------------------------
# Training
# ------------------------------------------------------------------------------------------------

class Tokens:
    """Token ids of captions, cached, cut after the longest caption of a batch."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.cache = {}

    def __call__(self, texts):
        rows = []
        for text in texts:
            if text not in self.cache:
                self.cache[text] = self.tokenizer.tokenize([text])[0]
            rows.append(self.cache[text])
        ids = np.stack(rows)
        length = int(ids.argmax(axis=1).max()) + 1  # through the last end-of-text token
        return torch.from_numpy(ids[:, :length])


def soft_cross_entropy(logits, positives):
    targets = positives / positives.sum(dim=1, keepdim=True)
    return -(targets * logits.log_softmax(dim=1)).sum(dim=1).mean()


def contrastive_loss(model, pixels, texts, image_attributes, caption_constraints, tokens):
    """CLIP's symmetric InfoNCE, with every caption that is true of an image counted as its positive
    (a batch holds many scenes of one class, and short captions fit many scenes)."""
    unique, inverse = np.unique(np.array(texts), return_inverse=True)
    first = np.array([np.flatnonzero(inverse == u)[0] for u in range(len(unique))])
    image, text, scale = model(pixels, tokens(list(unique)))
    logits = scale * image @ text.T
    positives = torch.from_numpy(captions.matches(image_attributes, caption_constraints[first])).float()
    return (soft_cross_entropy(logits, positives) + soft_cross_entropy(logits.T, positives.T)) / 2


def learning_rate(step):
    if step < WARMUP:
        return LR * (step + 1) / WARMUP
    return LR * 0.5 * (1 + math.cos(math.pi * (step - WARMUP) / (STEPS - WARMUP)))


def optimiser(model):
    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    rest = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n)]
    return torch.optim.AdamW([{"params": decay, "weight_decay": WEIGHT_DECAY},
                              {"params": rest, "weight_decay": 0.0}], lr=LR, betas=(0.9, 0.98), eps=1e-6)


def train(model, images, attributes, tokens):
    rng = np.random.default_rng(SEED)
    opt = optimiser(model)
    model.train()
    order, cursor, started = rng.permutation(len(images)), 0, time.time()
    for step in range(STEPS):
        if cursor + BATCH > len(order):
            order, cursor = rng.permutation(len(images)), 0
        batch = order[cursor:cursor + BATCH]
        cursor += BATCH
        texts, constraints = captions.sample_captions(attributes[batch], rng)
        for group in opt.param_groups:
            group["lr"] = learning_rate(step)
        loss = contrastive_loss(model, to_tensor(images[batch]), texts, attributes[batch], constraints, tokens)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 100 == 0 or step == STEPS - 1:
            print(f"  step {step:5d}  loss {loss.item():.3f}  scale {model.logit_scale.exp().item():5.1f}"
                  f"  {time.time() - started:6.0f} s", flush=True)


# ------------------------------------------------------------------------------------------------
# Zero-shot evaluation (clip_benchmark's head)
# ------------------------------------------------------------------------------------------------

def class_weights(model, tokens):
    names = [scenes.class_name(label) for label in range(scenes.class_count())]
    with torch.no_grad():
        weights = []
        for name in names:
            prompts = [template.format(c=name) for template in scenes.TEMPLATES]
            embeddings = F.normalize(model.textual(tokens(prompts)), dim=-1)
            weights.append(F.normalize(embeddings.mean(dim=0), dim=-1))
    return torch.stack(weights)


def embed_images(model, images):
    with torch.no_grad():
        return torch.cat([F.normalize(model.visual(to_tensor(images[i:i + 512])), dim=-1)
                          for i in range(0, len(images), 512)])


def zero_shot_accuracy(model, tokens, images, labels):
    """Top-1 (percent) over all images, and over images of seen and of held-out classes."""
    model.eval()
    predicted = (embed_images(model, images) @ class_weights(model, tokens).T).argmax(dim=1).numpy()
    correct = predicted == labels
    held_out = np.array([scenes.is_held_out(label) for label in labels])
    return {"all": percent(correct), "seen": percent(correct[~held_out]), "held-out": percent(correct[held_out])}


def percent(correct):
    return f"{100 * correct.mean():.2f}%" if len(correct) else "-"


# ------------------------------------------------------------------------------------------------
# Export
# ------------------------------------------------------------------------------------------------

def export(module, example, path, input_name):
    path.parent.mkdir(parents=True, exist_ok=True)
    # No constant folding and no Conv+BatchNorm fusion (PRESERVE keeps the eval-mode BatchNorm
    # nodes): every weight keeps its PyTorch name in the graph, which is how eval_torch.py rebuilds
    # the PyTorch model from the bundle alone. ONNX Runtime folds and fuses when it loads the graph.
    torch.onnx.export(module, (example,), str(path), input_names=[input_name], output_names=["embedding"],
                      dynamic_axes={input_name: {0: "batch"}, "embedding": {0: "batch"}},
                      opset_version=OPSET, do_constant_folding=False, training=torch.onnx.TrainingMode.PRESERVE)


def bundle_config(vocab_size):
    """open_clip's config.json; the job reads embed_dim and text_cfg.context_length."""
    return {
        "embed_dim": EMBED_DIM,
        "vision_cfg": {"image_size": scenes.IMAGE_SIZE, "width": BLOCKS[-1][0], "patch_size": PATCH_SIZE,
                       "stem_width": STEM_WIDTH, "block": "basic", "block_widths": [w for w, _ in BLOCKS],
                       "block_strides": [s for _, s in BLOCKS], "pool": "attention"},
        "text_cfg": {"context_length": CONTEXT_LENGTH, "vocab_size": vocab_size, "width": TEXT_WIDTH,
                     "heads": TEXT_HEADS, "layers": TEXT_LAYERS}}


def write_bundle(model, vocab, merges):
    model.eval()
    size = scenes.IMAGE_SIZE
    export(VisualExport(model.visual), torch.zeros(2, 3, size, size), BUNDLE / "visual/model.onnx", "image")
    export(TextualExport(model.textual), torch.zeros(2, CONTEXT_LENGTH, dtype=torch.int32),
           BUNDLE / "textual/model.onnx", "text")
    write_immich_files(BUNDLE, bundle_config(len(vocab)), vocab, merges)


REFERENCE_CAPTIONS = ["a photo of a small red triangle.", "a drawing of a large purple circle.",
                      "there is a small green striped diamond in the image.",
                      "A  Picture of the LARGE orange cross on a noisy background.", "a yellow shape"]


def look(scene):
    return scene["background"], scene["texture"]


def write_java_references(tokenizer):
    """Scenes the Java rasterizer must reproduce byte for byte, and token ids its tokenizer must give."""
    JAVA_REFERENCES.mkdir(parents=True, exist_ok=True)
    references = []
    rng = scenes.SplitMix64(REFERENCE_SEED)
    # One scene per (background, texture), their classes spread over both sizes and all shapes.
    for k, (back, texture) in enumerate((b, t) for b in range(len(scenes.BACKGROUNDS)) for t in range(len(scenes.TEXTURES))):
        label = k * 7 % scenes.class_count()
        seed = rng.next()
        while look(scenes.sample_scene(label, seed)) != (back, texture):
            seed = rng.next()
        scene = scenes.sample_scene(label, seed)
        name = f"scene-{k}.png"
        Image.fromarray(scenes.render(scene)).save(JAVA_REFERENCES / name)
        references.append({"file": name, "label": label, "seed": str(seed),
                           "scene": {key: (str(value) if key == "noise_seed" else value) for key, value in scene.items()}})
    write_json(JAVA_REFERENCES / "shapes-reference.json", {
        "image_size": scenes.IMAGE_SIZE,
        "classes": [scenes.class_name(label) for label in range(scenes.class_count())],
        "held_out": [scenes.class_name(label) for label in range(scenes.class_count()) if scenes.is_held_out(label)],
        "templates": scenes.TEMPLATES,
        "scenes": references,
        "captions": [{"text": text, "ids": tokenizer.tokenize([text])[0][:20].tolist()} for text in REFERENCE_CAPTIONS],
        "mix64": {"0": str(scenes.mix64(0)), "1": str(scenes.mix64(1)),
                  "first_of_seed_42": [str(v) for v in scene_seeds(42, 3)]}})


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(THREADS)
    started = time.time()

    seen_classes = [scenes.class_attributes(label) for label in seen_labels()]
    merges = train_bpe(captions.corpus(seen_classes), BPE_MERGES)
    vocab = build_vocab(merges)
    tokenizer = SimpleTokenizer(vocab, merges)
    tokens = Tokens(tokenizer)
    print(f"vocabulary: {len(vocab)} tokens ({len(merges)} merges)")

    images, attributes = training_set()
    print(f"drew {len(images)} training scenes in {time.time() - started:.0f} s", flush=True)

    model = TinyClip(len(vocab), scenes.IMAGE_SIZE)
    train(model, images, attributes, tokens)
    trained = time.time()

    train_accuracy = zero_shot_accuracy(model, tokens, images[:4096], attribute_labels(attributes[:4096]))
    results = {"train": train_accuracy}
    for jpeg in (False, True):
        results["test_jpeg" if jpeg else "test_png"] = zero_shot_accuracy(model, tokens, *test_set(jpeg))
    for name, acc in results.items():
        print(f"zero-shot top-1 {name:9s}: all {acc['all']}  seen {acc['seen']}  held-out {acc['held-out']}")

    write_bundle(model, vocab, merges)
    write_java_references(tokenizer)
    print(f"training {trained - started:.0f} s, total {time.time() - started:.0f} s")


def attribute_labels(attributes):
    size, colour, shape = attributes[:, 0], attributes[:, 1], attributes[:, 2]
    return (size * len(scenes.COLOURS) + colour) * len(scenes.SHAPES) + shape


if __name__ == "__main__":
    sys.exit(main())
