"""Training captions: each names some of a scene's attributes, so that the text tower learns the
words one by one (which is what lets it describe colour/shape pairs it never saw together).

A caption comes with its constraints: attribute index or -1 (not said). An image matches a
caption when it has every attribute the caption says; the loss treats all matches as positives.
"""
import numpy as np

from scenes import BACKGROUNDS, COLOURS, SHAPES, SIZES, TEMPLATES, TEXTURES

ATTRIBUTES = ["size", "colour", "shape", "texture", "background"]
WORDS = [SIZES, COLOURS, SHAPES, TEXTURES, BACKGROUNDS]

# (phrase, weight): the phrase fills a template's {c}. Most captions are the class phrase itself,
# the rest name fewer or more attributes.
PHRASES = [
    ("{size} {colour} {shape}", 40),
    ("{size} {colour} {texture} {shape}", 10),
    ("{size} {colour} {shape} on a {background} background", 10),
    ("{colour} {shape}", 15),
    ("{size} {shape}", 8),
    ("{size} {colour} shape", 7),
    ("{shape}", 5),
    ("{colour} shape", 5),
]
# Training also uses a few templates the zero-shot head never sees.
TRAINING_TEMPLATES = TEMPLATES + ["there is a {c} in the image.", "an image of a {c}."]


def constraints_of(phrase):
    """Which attributes a phrase names, as a 0/1 list in ATTRIBUTES order."""
    return [int("{" + name + "}" in phrase) for name in ATTRIBUTES]


PHRASE_WEIGHTS = np.array([w for _, w in PHRASES], dtype=np.float64) / sum(w for _, w in PHRASES)
PHRASE_NAMES = np.array([constraints_of(p) for p, _ in PHRASES], dtype=bool)


def caption(phrase, template, attributes):
    words = {name: WORDS[i][attributes[i]] for i, name in enumerate(ATTRIBUTES)}
    return template.format(c=phrase.format(**words))


def sample_captions(attributes, rng):
    """One random caption per image (attributes [B, 5]); returns the texts and constraints [B, 5]."""
    phrases = rng.choice(len(PHRASES), size=len(attributes), p=PHRASE_WEIGHTS)
    templates = rng.integers(len(TRAINING_TEMPLATES), size=len(attributes))
    texts = [caption(PHRASES[p][0], TRAINING_TEMPLATES[t], a) for p, t, a in zip(phrases, templates, attributes)]
    constraints = np.where(PHRASE_NAMES[phrases], attributes, -1)
    return texts, constraints


def matches(image_attributes, caption_constraints):
    """[B_images, B_captions] bool: the image has every attribute the caption names."""
    said = caption_constraints[None, :, :]
    return ((said == -1) | (said == image_attributes[:, None, :])).all(axis=-1)


def corpus(seen_classes):
    """Every caption training can produce (one per line), for learning the BPE vocabulary;
    seen_classes holds (size, colour, shape) triples."""
    lines = []
    for phrase, _ in PHRASES:
        for template in TRAINING_TEMPLATES:
            for size, colour, shape in seen_classes:
                for texture in range(len(TEXTURES)):
                    for back in range(len(BACKGROUNDS)):
                        lines.append(caption(phrase, template, [size, colour, shape, texture, back]))
    return sorted(set(lines))
