#!/usr/bin/python3
"""Writes the built-in prompt sets, prompts/datasets/<key>/{classnames,templates}.txt, from OpenAI's files.

    /usr/bin/python3 tools/prompts/make_builtin_prompts.py [SHARED_CLIP_DIR]

SHARED_CLIP_DIR (default ../shared/clip from the repository root) holds OpenAI's CLIP
data/prompts.md, the ImageNet notebook's imagenet_classes.txt and imagenet_templates.txt, and
CLIP's LICENSE (MIT), which is copied next to the sets with a notice saying where they come from.

<key> is the dataset's name as clip-batch's DatasetNames reduces it (imagenet1k, cars, fer2013...),
so `eval --dataset KEY=DIR` finds its set. Only datasets that clip_benchmark evaluates are written.

classnames.txt has one class a line, in the order of the dataset's labels (torchvision's and
clip_benchmark's): prompts.md lists a few datasets in another order (OxfordPets, EuroSAT, FER2013),
and those are put in label order here. A class with several names (FER2013) has them on its line
separated by tabs, the first being its label; --protocol openai averages them all.
templates.txt has one template a line, with {} where the name goes.
"""
import ast
import os
import re
import shutil
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "prompts", "datasets")

# prompts.md heading -> key, for the datasets clip_benchmark evaluates. Left out: Birdsnap,
# HatefulMemes, Kinetics700 and UCF101 (not in clip_benchmark); CLEVRCounts and KITTI (clip_benchmark
# names and orders its VTAB versions differently); PascalVOC2007 (its label order in clip_benchmark
# is not the one prompts.md lists).
SECTIONS = {
    "CIFAR10": "cifar10",
    "CIFAR100": "cifar100",
    "Caltech101": "caltech101",
    "Country211": "country211",
    "DescribableTextures": "dtd",
    "EuroSAT": "eurosat",
    "FGVCAircraft": "fgvcaircraft",
    "FacialEmotionRecognition2013": "fer2013",
    "Flowers102": "flowers",
    "Food101": "food101",
    "GTSRB": "gtsrb",
    "MNIST": "mnist",
    "OxfordPets": "pets",
    "PatchCamelyon": "pcam",
    "RESISC45": "resisc45",
    "SST2": "renderedsst2",
    "STL10": "stl10",
    "SUN397": "sun397",
    "StanfordCars": "cars",
}

# Label order where prompts.md differs, by first name: the datasets' sorted class folders
# (EuroSAT: AnnualCrop, Forest, HerbaceousVegetation, Highway, Industrial, Pasture, PermanentCrop,
# Residential, River, SeaLake; FER2013: angry, disgust, fear, happy, neutral, sad, surprise).
LABEL_ORDER = {
    "eurosat": ["annual crop land", "forest", "brushland or shrubland", "highway or road",
                "industrial buildings or commercial buildings", "pasture land", "permanent crop land",
                "residential buildings or homes or apartments", "river", "lake or sea"],
    "fer2013": ["angry", "disgusted", "fearful", "happy", "neutral", "sad", "surprised"],
}
# OxfordPets' labels are its breeds sorted case-insensitively (the dataset's list.txt, torchvision).
CASE_INSENSITIVE_SORT = {"pets"}

NOTICE = """The class names and templates in this folder are derived from OpenAI's CLIP
(https://github.com/openai/CLIP): data/prompts.md, and imagenet_classes.txt and imagenet_templates.txt
of notebooks/Prompt_Engineering_for_ImageNet.ipynb. tools/prompts/make_builtin_prompts.py writes
them; a few lists are reordered to their datasets' label order and FER2013's synonyms are written
tab-separated on one line. They are used under the MIT licence, whose text follows.

"""


def sections(markdown):
    """{heading: (classes, templates)} from prompts.md's '## Heading' + python code blocks."""
    out = {}
    for match in re.finditer(r"^## (.+?)\n+```[a-z]*\n(.*?)```", markdown, re.S | re.M):
        values = {}
        for statement in ast.parse(match.group(2)).body:
            values[statement.targets[0].id] = ast.literal_eval(statement.value)
        out[match.group(1).strip()] = (values.get("classes"), values.get("templates"))
    return out


def synonym_lists(classes):
    return [list(c) if isinstance(c, list) else [c] for c in classes]


def in_label_order(key, classes):
    if key in LABEL_ORDER:
        by_first = {c[0]: c for c in classes}
        order = LABEL_ORDER[key]
        assert sorted(order) == sorted(by_first), key
        return [by_first[name] for name in order]
    if key in CASE_INSENSITIVE_SORT:
        return sorted(classes, key=lambda c: c[0].lower())
    return classes


def write_set(key, classes, templates):
    folder = os.path.join(OUT, key)
    os.makedirs(folder, exist_ok=True)
    for name in (n for c in classes for n in c):
        assert "\t" not in name and "\n" not in name and name.strip() == name, name
    with open(os.path.join(folder, "classnames.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.writelines("\t".join(c) + "\n" for c in classes)
    with open(os.path.join(folder, "templates.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.writelines(t + "\n" for t in templates)
    print(f"{key}: {len(classes)} classes, {len(templates)} templates")


def lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f if line.strip()]


def main():
    shared = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "clip")
    with open(os.path.join(shared, "prompts.md"), encoding="utf-8") as f:
        found = sections(f.read())
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    write_set("imagenet1k", [[n] for n in lines(os.path.join(shared, "imagenet_classes.txt"))],
              lines(os.path.join(shared, "imagenet_templates.txt")))
    for heading, key in sorted(SECTIONS.items(), key=lambda item: item[1]):
        classes, templates = found[heading]
        write_set(key, in_label_order(key, synonym_lists(classes)), templates)
    with open(os.path.join(shared, "LICENSE-openai-clip.txt"), encoding="utf-8") as f:
        licence = f.read()
    with open(os.path.join(OUT, "LICENSE"), "w", encoding="utf-8", newline="\n") as f:
        f.write(NOTICE + licence)


if __name__ == "__main__":
    main()
