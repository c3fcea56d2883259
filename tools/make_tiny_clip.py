#!/usr/bin/python3
"""Builds a tiny, random-weight CLIP and its golden outputs for the Java tests.

Everything the tests need is written under core/src/test/resources/:
  models/tiny-clip-immich/   Immich / open_clip layout (visual output L2-normalised, int32 text ids)
  models/tiny-clip-hf/       HF optimum split layout (pixel_values / input_ids + attention_mask, int64)
  models/tiny-clip-fixed1/   Immich layout, batch fixed to 1, float16 image input and float16 text output
  models/odd-width-textual.onnx  a text tower whose embedding is 16 wide (for the width-mismatch check)
  golden/embeddings/         input images, PyTorch embeddings, token ids, zero-shot reference

The architecture follows OpenAI's CLIP (ViT image tower, causal text transformer pooled at the EOT
token); the BPE vocabulary is learnt here from a small caption corpus, byte-level like CLIP's.
Run: /usr/bin/python3 tools/make_tiny_clip.py   (deterministic; about half a minute)
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
from PIL import Image, ImageDraw

from clip_model import OPENAI_MEAN, OPENAI_STD, ResidualAttentionBlock, TextTransformer, clip_transform
from clip_tokenizer import EOT, SOT, SimpleTokenizer, build_vocab, openai_tokenizer, train_bpe

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "core/src/test/resources"
MODELS = RESOURCES / "models"
GOLDEN = RESOURCES / "golden/embeddings"
SKIMAGE_DATA = Path("/usr/lib/python3/dist-packages/skimage/data")

SEED = 20240601
IMAGE_SIZE, PATCH_SIZE = 224, 32
VISION_WIDTH, VISION_LAYERS, VISION_HEADS = 64, 2, 2
TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS = 64, 2, 2
EMBED_DIM, CONTEXT_LENGTH = 32, 77
BPE_MERGES = 300
OPSET = 14


# ----------------------------------------------------------------------------------------------
# Byte-level BPE (clip_tokenizer.py): a vocabulary learnt from the captions below, checked first
# against OpenAI's real vocabulary when it is at hand.
# ----------------------------------------------------------------------------------------------

def check_tokenizer_against_openai():
    """Self-check of SimpleTokenizer with OpenAI's real vocabulary, when ../shared/clip is present."""
    shared = ROOT.parent / "shared/clip"
    if not (shared / "tokenizer-vectors.jsonl").exists():
        print("skip tokenizer self-check: ../shared/clip absent")
        return
    tokenizer = openai_tokenizer(shared / "bpe_simple_vocab_16e6.txt.gz")
    cases = [json.loads(line) for line in open(shared / "tokenizer-vectors.jsonl", encoding="utf-8")]
    bad = [c["text"] for c in cases if tokenizer.tokenize([c["text"]])[0].tolist() != c["ids"]]
    print(f"tokenizer self-check vs OpenAI vectors: {len(cases) - len(bad)}/{len(cases)} equal", bad[:3])


CORPUS = [
    "a photo of a cat.", "a photo of a dog.", "a photo of a bird.", "a photo of a car.",
    "a photo of a ship on the sea.", "a blurry photo of a cat.", "a close-up photo of a dog.",
    "a bright photo of the cat sitting on a chair.", "a dark photo of the dog running in the park.",
    "a painting of a boat at sunset.", "a drawing of a red car on the street.",
    "a cup of coffee on a wooden table.", "a cat sleeping on the sofa.", "two dogs playing in the snow.",
    "an astronaut standing next to the flag.", "a rocket launching into the sky.",
    "the photo shows a small kitten with green eyes.", "there is a picture of a horse in a field.",
    "a black and white photo of a camera.", "a colourful gradient with circles and squares.",
    "an origami of a bird.", "a cropped photo of the ship.", "a good photo of a coffee cup.",
    "a photo of the large red car.", "a photo of the small white cat.", "a rendering of a house.",
    "people walking in the city at night.", "a tree in the middle of the meadow.",
    "it's a sunny day at the beach.", "we're looking at the mountains and the river.",
]
NOUNS = ["cat", "dog", "bird", "car", "ship", "boat", "horse", "kitten", "puppy", "camera", "coffee", "cup",
         "astronaut", "rocket", "flower", "garden", "mountain", "river", "bridge", "building", "street",
         "bicycle", "motorcycle", "airplane", "train", "truck", "person", "woman", "man", "child", "table",
         "chair", "window", "kitchen", "bedroom", "lighthouse", "castle", "forest", "beach", "island"]
ADJECTIVES = ["small", "large", "red", "green", "blue", "yellow", "white", "black", "old", "new", "bright",
              "dark", "blurry", "clean", "dirty", "beautiful", "famous", "wooden", "sleeping", "running"]
STYLES = ["a photo of a {a} {n}.", "a painting of the {a} {n}.", "a close-up photo of a {a} {n}.",
          "a sketch of a {n} near the {n2}.", "there is a {a} {n} in the picture."]


def caption_corpus():
    """The hand-written captions plus generated ones, so that BPE finds a few hundred merges."""
    generated = [style.format(a=ADJECTIVES[i % len(ADJECTIVES)], n=noun, n2=NOUNS[(i * 7 + 3) % len(NOUNS)])
                 for i, noun in enumerate(NOUNS) for style in STYLES]
    return CORPUS + generated


# ----------------------------------------------------------------------------------------------
# The model: OpenAI CLIP's architecture, tiny (its transformer pieces are in clip_model.py).
# ----------------------------------------------------------------------------------------------

class VisionTower(nn.Module):
    def __init__(self):
        super().__init__()
        grid = IMAGE_SIZE // PATCH_SIZE
        scale = VISION_WIDTH ** -0.5
        self.conv1 = nn.Conv2d(3, VISION_WIDTH, PATCH_SIZE, PATCH_SIZE, bias=False)
        self.class_embedding = nn.Parameter(scale * torch.randn(VISION_WIDTH))
        self.positional_embedding = nn.Parameter(scale * torch.randn(grid * grid + 1, VISION_WIDTH))
        self.ln_pre, self.ln_post = nn.LayerNorm(VISION_WIDTH), nn.LayerNorm(VISION_WIDTH)
        self.blocks = nn.ModuleList(ResidualAttentionBlock(VISION_WIDTH, VISION_HEADS) for _ in range(VISION_LAYERS))
        self.proj = nn.Parameter(scale * torch.randn(VISION_WIDTH, EMBED_DIM))

    def forward(self, pixels):
        x = self.conv1(pixels).flatten(2).transpose(1, 2)
        cls = self.class_embedding.expand(x.shape[0], 1, -1)
        x = self.ln_pre(torch.cat([cls, x], dim=1) + self.positional_embedding)
        for block in self.blocks:
            x = block(x)
        return x, self.ln_post(x[:, 0, :]) @ self.proj


class TextTower(TextTransformer):
    def __init__(self, vocab_size):
        super().__init__(vocab_size, TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS, EMBED_DIM, CONTEXT_LENGTH, token_std=0.2)

    def forward(self, ids, attention_mask=None):
        """ids [N, 77] (any integer type); attention_mask [N, 77] of 0/1 masks padded keys (HF style)."""
        ids = ids.long()
        x = self.token_embedding(ids) + self.positional_embedding
        mask = self.causal_mask
        if attention_mask is not None:
            mask = mask + (1.0 - attention_mask.float())[:, None, None, :] * -1e9
        return self.encode(ids, x, mask)


def perturb_layer_norms(module):
    """Random LayerNorm affine parameters, so an export that dropped them would be caught."""
    for m in module.modules():
        if isinstance(m, nn.LayerNorm):
            m.weight.data = 1 + 0.1 * torch.randn_like(m.weight)
            m.bias.data = 0.1 * torch.randn_like(m.bias)


def strengthen_attention(module):
    """With random weights a token's output is mostly its own constant residual; stronger attention
    makes the embeddings depend on the content, as a trained CLIP's do (so that a preprocessing or
    tokenizer slip moves the embedding by far more than the tests' tolerance)."""
    for block in module.blocks:
        block.qkv.weight.data *= 2
        block.out_proj.weight.data *= 3


def l2_normalise(x):
    return x / x.norm(dim=-1, keepdim=True)


# Export wrappers: one per layout, so each ONNX graph has exactly the names its layout uses.

class ImmichVisual(nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, image):
        return l2_normalise(self.tower(image)[1])


class ImmichTextual(nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, text):
        return self.tower(text)[1]


class HfVision(nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, pixel_values):
        hidden, embeds = self.tower(pixel_values)
        return embeds, hidden


class HfText(nn.Module):
    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, input_ids, attention_mask):
        hidden, embeds = self.tower(input_ids, attention_mask)
        return embeds, hidden


class Fp16InVisual(nn.Module):
    """Takes float16 pixels, computes in float32, returns the raw (not normalised) embedding."""

    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, image):
        return self.tower(image.float())[1]


class Fp16OutTextual(nn.Module):
    """int32 ids in, float16 embedding out."""

    def __init__(self, tower):
        super().__init__()
        self.tower = tower

    def forward(self, text):
        return self.tower(text)[1].half()


class OddWidthTextual(nn.Module):
    """A stand-in text tower 16 wide: only its output width matters to the test that uses it."""

    def __init__(self, vocab_size):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, 16)

    def forward(self, text):
        return self.token_embedding(text.long()).mean(dim=1)


def export(module, args, path, input_names, output_names, dynamic_batch=True):
    path.parent.mkdir(parents=True, exist_ok=True)
    axes = {n: {0: "batch"} for n in input_names + output_names} if dynamic_batch else None
    torch.onnx.export(module, args, str(path), input_names=input_names, output_names=output_names,
                      dynamic_axes=axes, opset_version=OPSET, do_constant_folding=True)
    print(f"  {path.relative_to(ROOT)}: {path.stat().st_size // 1024} KiB")


# ----------------------------------------------------------------------------------------------
# Bundles on disk
# ----------------------------------------------------------------------------------------------

def write_json(path, value):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, indent=1) + "\n", encoding="utf-8")


def write_tokenizer_files(folder, vocab, merges):
    write_json(folder / "vocab.json", vocab)
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["#version: 0.2"] + [" ".join(m) for m in merges]
    (folder / "merges.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_json(folder / "special_tokens_map.json", {"bos_token": SOT, "eos_token": EOT,
                                                   "pad_token": EOT, "unk_token": EOT})


def read_tokenizer_files(folder):
    """(vocab, merges) as write_tokenizer_files wrote them."""
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    lines = (folder / "merges.txt").read_text(encoding="utf-8").split("\n")
    return vocab, [tuple(line.split(" ")) for line in lines[1:] if line]


def immich_config(vocab_size):
    return {"embed_dim": EMBED_DIM,
            "vision_cfg": {"image_size": IMAGE_SIZE, "layers": VISION_LAYERS, "width": VISION_WIDTH,
                           "patch_size": PATCH_SIZE},
            "text_cfg": {"context_length": CONTEXT_LENGTH, "vocab_size": vocab_size, "width": TEXT_WIDTH,
                         "heads": TEXT_HEADS, "layers": TEXT_LAYERS}}


def immich_preprocess_cfg(size):
    """open_clip's preprocess_cfg.json for OpenAI's transform at this input size."""
    return {"size": [size, size], "mode": "RGB", "mean": OPENAI_MEAN, "std": OPENAI_STD,
            "interpolation": "bicubic", "resize_mode": "shortest", "fill_color": 0}


def write_immich_files(folder, config, vocab, merges):
    """Everything of an Immich bundle but its two graphs: config.json (open_clip's, given), the
    visual preprocess_cfg.json and the textual tokenizer files. The input size and context length
    come from the config."""
    write_json(folder / "config.json", config)
    write_json(folder / "visual/preprocess_cfg.json", immich_preprocess_cfg(config["vision_cfg"]["image_size"]))
    write_tokenizer_files(folder / "textual", vocab, merges)
    write_json(folder / "textual/tokenizer_config.json", {"model_max_length": config["text_cfg"]["context_length"],
                                                          "bos_token": SOT, "eos_token": EOT})


def write_immich_bundle(folder, visual, textual, vocab, merges, fixed_batch=False):
    pixels = torch.zeros(1 if fixed_batch else 2, 3, IMAGE_SIZE, IMAGE_SIZE)
    ids = torch.zeros(pixels.shape[0], CONTEXT_LENGTH, dtype=torch.int32)
    if isinstance(visual, Fp16InVisual):
        pixels = pixels.half()
    export(visual, (pixels,), folder / "visual/model.onnx", ["image"], ["embedding"], not fixed_batch)
    export(textual, (ids,), folder / "textual/model.onnx", ["text"], ["embedding"], not fixed_batch)
    write_immich_files(folder, immich_config(len(vocab)), vocab, merges)


def write_hf_bundle(folder, vision, text, vocab, merges):
    pixels = torch.zeros(2, 3, IMAGE_SIZE, IMAGE_SIZE)
    ids = torch.zeros(2, CONTEXT_LENGTH, dtype=torch.int64)
    export(HfVision(vision), (pixels,), folder / "onnx/vision_model.onnx", ["pixel_values"],
           ["image_embeds", "last_hidden_state"])
    export(HfText(text), (ids, torch.ones_like(ids)), folder / "onnx/text_model.onnx",
           ["input_ids", "attention_mask"], ["text_embeds", "last_hidden_state"])
    write_json(folder / "config.json", {
        "architectures": ["CLIPModel"], "model_type": "clip", "projection_dim": EMBED_DIM,
        "logit_scale_init_value": 2.6592,
        "text_config": {"model_type": "clip_text_model", "hidden_size": TEXT_WIDTH,
                        "intermediate_size": 4 * TEXT_WIDTH, "num_attention_heads": TEXT_HEADS,
                        "num_hidden_layers": TEXT_LAYERS, "max_position_embeddings": CONTEXT_LENGTH,
                        "vocab_size": len(vocab), "bos_token_id": vocab[SOT], "eos_token_id": vocab[EOT],
                        "pad_token_id": 1, "hidden_act": "quick_gelu", "projection_dim": EMBED_DIM},
        "vision_config": {"model_type": "clip_vision_model", "hidden_size": VISION_WIDTH,
                          "intermediate_size": 4 * VISION_WIDTH, "num_attention_heads": VISION_HEADS,
                          "num_hidden_layers": VISION_LAYERS, "image_size": IMAGE_SIZE,
                          "patch_size": PATCH_SIZE, "hidden_act": "quick_gelu", "projection_dim": EMBED_DIM}})
    write_json(folder / "preprocessor_config.json", {
        "crop_size": {"height": IMAGE_SIZE, "width": IMAGE_SIZE}, "do_center_crop": True,
        "do_convert_rgb": True, "do_normalize": True, "do_rescale": True, "do_resize": True,
        "feature_extractor_type": "CLIPFeatureExtractor", "image_mean": OPENAI_MEAN,
        "image_processor_type": "CLIPImageProcessor", "image_std": OPENAI_STD, "resample": 3,
        "rescale_factor": 1 / 255, "size": {"shortest_edge": IMAGE_SIZE}})
    write_tokenizer_files(folder, vocab, merges)


# ----------------------------------------------------------------------------------------------
# Golden inputs and outputs
# ----------------------------------------------------------------------------------------------

def make_images():
    """Six small images covering the decoder paths: RGB/L/RGBA/P PNG, baseline JPEG, odd shapes."""
    images = {}
    w, h = 320, 240
    xs, ys = np.meshgrid(np.arange(w), np.arange(h))
    gradient = np.stack([xs * 255 // (w - 1), ys * 255 // (h - 1), (xs + ys) * 255 // (w + h - 2)], -1)
    img = Image.fromarray(gradient.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(img)
    draw.ellipse((40, 30, 150, 140), fill=(250, 250, 20))
    draw.rectangle((190, 120, 300, 220), fill=(20, 40, 200))
    images["gradient.png"] = img
    tall = Image.new("RGB", (150, 260), (30, 120, 60))
    d = ImageDraw.Draw(tall)
    for i in range(0, 260, 20):
        d.line((0, i, 150, 260 - i), fill=(255, 255 - i, i), width=3)
    images["tall-lines.png"] = tall
    images["camera-grey.png"] = Image.open(SKIMAGE_DATA / "camera.png").convert("L").resize((256, 256))
    rgba = Image.open(SKIMAGE_DATA / "astronaut.png").convert("RGB").resize((240, 240)).convert("RGBA")
    alpha = Image.fromarray((np.add.outer(np.arange(240), np.arange(240)) * 255 // 478).astype(np.uint8))
    rgba.putalpha(alpha)
    images["astronaut-rgba.png"] = rgba
    images["chelsea.jpg"] = Image.open(SKIMAGE_DATA / "chelsea.png").convert("RGB").resize((300, 200))
    images["coffee-palette.png"] = Image.open(SKIMAGE_DATA / "coffee.png").convert("RGB") \
        .resize((270, 180)).convert("P", palette=Image.ADAPTIVE, colors=64)
    return images


def save_images(images):
    GOLDEN.mkdir(parents=True, exist_ok=True)
    for name, img in images.items():
        if name.endswith(".jpg"):
            img.save(GOLDEN / name, quality=90)
        else:
            img.save(GOLDEN / name)


def write_float32(path, tensor):
    data = tensor.detach().numpy().astype("<f4").ravel()
    path.write_bytes(struct.pack(f"<{data.size}f", *data))


PROMPTS = [
    "a photo of a cat.",
    "a photo of a dog.",
    "A Photo Of A CAT!",
    "  a   blurry\tphoto of the   ship  ",
    "rock &amp; roll at the beach",
    "it's 2 dogs and 12 cats",
    "a café in zürich ☕",
    "an xylophone (zebra) @night #42",
    "",
    " ".join(["a photo of a cat on a chair"] * 12),
]
CLASSES = ["cat", "dog", "astronaut", "coffee", "camera"]
TEMPLATES = ["a photo of a {c}.", "a blurry photo of the {c}.", "a drawing of a {c}."]


def text_embeddings(text_tower, ids):
    with torch.no_grad():
        return l2_normalise(text_tower(torch.from_numpy(ids))[1])


def zero_shot_reference(text_tower, tokenizer, image_embeddings):
    """clip_benchmark's zero_shot_classifier and its logits/probabilities."""
    weights, prompt_ids = [], {}
    for name in CLASSES:
        prompts = [t.format(c=name) for t in TEMPLATES]
        ids = tokenizer.tokenize(prompts)
        prompt_ids.update({p: row.tolist() for p, row in zip(prompts, ids)})
        weights.append(l2_normalise(text_embeddings(text_tower, ids).mean(dim=0)))
    weights = torch.stack(weights)
    logits = 100.0 * image_embeddings @ weights.T
    return weights, logits, logits.softmax(dim=-1), prompt_ids


def rounded(tensor):
    return [[float(v) for v in row] for row in tensor.tolist()]


def main():
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    check_tokenizer_against_openai()

    merges = train_bpe(caption_corpus(), BPE_MERGES)
    vocab = build_vocab(merges)
    tokenizer = SimpleTokenizer(vocab, merges)
    print(f"vocabulary: {len(vocab)} tokens ({len(merges)} merges)")

    vision, text = VisionTower(), TextTower(len(vocab))
    perturb_layer_norms(vision)
    perturb_layer_norms(text)
    strengthen_attention(vision)
    strengthen_attention(text)
    vision.eval()
    text.eval()

    write_immich_bundle(MODELS / "tiny-clip-immich", ImmichVisual(vision), ImmichTextual(text), vocab, merges)
    write_hf_bundle(MODELS / "tiny-clip-hf", vision, text, vocab, merges)
    write_immich_bundle(MODELS / "tiny-clip-fixed1", Fp16InVisual(vision), Fp16OutTextual(text), vocab,
                        merges, fixed_batch=True)
    export(OddWidthTextual(len(vocab)), (torch.zeros(2, CONTEXT_LENGTH, dtype=torch.int32),),
           MODELS / "odd-width-textual.onnx", ["text"], ["embedding"])

    images = make_images()
    save_images(images)
    preprocess = clip_transform(IMAGE_SIZE)
    names = sorted(images)
    # Preprocess the files as saved (the JPEG went through its encoder), as the Java side will.
    pixels = torch.stack([preprocess(Image.open(GOLDEN / n)) for n in names])
    for name in ["gradient.png", "chelsea.jpg"]:
        write_float32(GOLDEN / (name.rsplit(".", 1)[0] + ".f32.bin"), pixels[names.index(name)])
    with torch.no_grad():
        image_embeddings = l2_normalise(vision(pixels)[1])

    prompt_ids = tokenizer.tokenize(PROMPTS)
    weights, logits, probabilities, zero_shot_ids = zero_shot_reference(text, tokenizer, image_embeddings)
    write_json(GOLDEN / "images.json", {
        "preprocess": "torchvision Resize(224, bicubic), CenterCrop(224), convert RGB, ToTensor, "
                      "Normalize(OpenAI mean/std); embeddings L2-normalised",
        "tensors": {"gradient.png": "gradient.f32.bin", "chelsea.jpg": "chelsea.f32.bin"},
        "tensor_shape": [3, IMAGE_SIZE, IMAGE_SIZE],
        "images": names, "embeddings": rounded(image_embeddings)})
    write_json(GOLDEN / "texts.json", {
        "tokenizer": "OpenAI simple_tokenizer algorithm with this vocabulary, truncate=True",
        "prompts": PROMPTS, "ids": prompt_ids.tolist(),
        "embeddings": rounded(text_embeddings(text, prompt_ids))})
    write_json(GOLDEN / "zeroshot.json", {
        "classes": CLASSES, "templates": TEMPLATES, "logit_scale": 100.0, "images": names,
        "prompt_ids": zero_shot_ids,
        "weights": rounded(weights), "logits": rounded(logits), "probabilities": rounded(probabilities)})
    print("image embedding cosines to image 0:", [round(float(v), 3) for v in image_embeddings @ image_embeddings[0]])
    print("zero-shot top-1 probabilities:", [round(float(v), 3) for v in probabilities.max(dim=-1).values])


if __name__ == "__main__":
    sys.exit(main())
