"""The shapes world: one coloured shape on a background, drawn from a seed.

This file is the specification that io.clipbatch.job.demo.ShapeScene / SceneRasterizer implement in
Java; both must produce the same bytes for the same (class, seed). So everything here is integer
arithmetic on non-negative numbers (Python's // and % then agree with Java's / and %), and the
random numbers come from SplitMix64, masked to 64 bits.

Geometry is in 1/8-pixel units. A pixel x covers units [8x, 8x + 8); it is sampled 4 x 4 times, at
units 8x + 2k + 1 (k = 0..3), i.e. subsample j of a row sits at unit 2j + 1. A pixel's value is the
rounded mean of its 16 samples: (sum + 8) >> 4.
"""
import numpy as np

MASK64 = (1 << 64) - 1
GOLDEN_GAMMA = 0x9E3779B97F4A7C15

IMAGE_SIZE = 64          # pixels; also the model's input size, so preprocessing is only Normalize
UNITS = 8                # geometry units per pixel
SAMPLES = 4              # subsamples per pixel and axis
CANVAS = IMAGE_SIZE * UNITS

SIZES = ["small", "large"]
SIZE_RADIUS = [(56, 80), (112, 144)]  # radius range in units, inclusive: 7-10 px and 14-18 px
COLOURS = ["red", "orange", "yellow", "green", "blue", "purple"]
COLOUR_RGB = [(210, 40, 40), (240, 140, 30), (235, 215, 50), (50, 160, 70), (50, 90, 210), (140, 70, 190)]
SHAPES = ["circle", "square", "triangle", "diamond", "cross"]
TEXTURES = ["plain", "striped", "dotted"]
BACKGROUNDS = ["plain", "gradient", "noisy"]

# (size, colour, shape) classes never drawn or named in training: every colour loses one small and
# one large shape, each a colour/shape pair that training shows only in the other size. (Holding out
# whole colour/shape pairs was tried first: the earlier, non-residual image tower then did not
# recognise the shape in the new colour - about 50% top-1 on those pairs - far from 90%.)
HELD_OUT = sorted([(c % 2, c, c % len(SHAPES)) for c in range(len(COLOURS))]
                  + [((c + 1) % 2, c, (c + 2) % len(SHAPES)) for c in range(len(COLOURS))])

TEMPLATES = ["a photo of a {c}.", "a drawing of a {c}.", "a picture of the {c}.", "a {c}."]


def class_count():
    return len(SIZES) * len(COLOURS) * len(SHAPES)


def class_attributes(label):
    """(size, colour, shape) indices of a class; classes run size-major, then colour, then shape."""
    size, rest = divmod(label, len(COLOURS) * len(SHAPES))
    colour, shape = divmod(rest, len(SHAPES))
    return size, colour, shape


def class_name(label):
    size, colour, shape = class_attributes(label)
    return f"{SIZES[size]} {COLOURS[colour]} {SHAPES[shape]}"


def is_held_out(label):
    return class_attributes(label) in HELD_OUT


# ------------------------------------------------------------------------------------------------
# SplitMix64
# ------------------------------------------------------------------------------------------------

def mix64(z):
    """SplitMix64's finaliser (Stafford variant 13)."""
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return z ^ (z >> 31)


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + GOLDEN_GAMMA) & MASK64
        return mix64(self.state)

    def below(self, bound):
        """A number in [0, bound): the top 31 bits modulo bound (the tiny bias does not matter here)."""
        return (self.next() >> 33) % bound


def mix64_array(z):
    """mix64 on a uint64 array (numpy's uint64 products wrap modulo 2**64, as Java's longs do)."""
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


# ------------------------------------------------------------------------------------------------
# Scene parameters
# ------------------------------------------------------------------------------------------------

def clamp(v):
    return max(0, min(255, v))


def tinted_grey(rng):
    grey = 60 + rng.below(141)
    return tuple(clamp(grey + rng.below(31) - 15) for _ in range(3))


def sample_scene(label, seed):
    """The scene of class `label` drawn from `seed`: a dict of small integers, in a fixed draw order."""
    size, colour, shape = class_attributes(label)
    rng = SplitMix64(seed)
    scene = {"label": label, "size": size, "colour": colour, "shape": shape}
    scene["background"] = rng.below(len(BACKGROUNDS))
    scene["bg_a"] = tinted_grey(rng)
    scene["bg_b"] = tinted_grey(rng)
    scene["bg_axis"] = rng.below(2)
    scene["noise_amp"] = 8 + rng.below(25)
    scene["noise_seed"] = rng.next()
    low, high = SIZE_RADIUS[size]
    radius = low + rng.below(high - low + 1)
    scene["radius"] = radius
    reach = extent(radius) + UNITS
    scene["cx"] = reach + rng.below(CANVAS - 2 * reach + 1)
    scene["cy"] = reach + rng.below(CANVAS - 2 * reach + 1)
    scene["texture"] = rng.below(len(TEXTURES))
    scene["period"] = 24 + rng.below(17)
    scene["stripe_axis"] = rng.below(4)
    scene["rgb"] = tuple(clamp(c + rng.below(21) - 10) for c in COLOUR_RGB[colour])
    return scene


def extent(radius):
    """How far any shape of this radius reaches from its centre (the triangle's apex)."""
    return radius * 3 // 2


# ------------------------------------------------------------------------------------------------
# Rasterizer
# ------------------------------------------------------------------------------------------------

# x and y (in units) of every subsample, [Hs, Ws]: subsample j of a row or column sits at 2j + 1.
SAMPLE_X, SAMPLE_Y = np.meshgrid(2 * np.arange(IMAGE_SIZE * SAMPLES, dtype=np.int64) + 1,
                                 2 * np.arange(IMAGE_SIZE * SAMPLES, dtype=np.int64) + 1)


def inside(shape, dx, dy, r):
    """Whether offsets (dx, dy) from the centre fall inside the shape of radius r (all in units)."""
    ax, ay = np.abs(dx), np.abs(dy)
    if shape == 0:  # circle
        return dx * dx + dy * dy <= r * r
    if shape == 1:  # square, about the circle's area
        half = r * 7 // 8
        return (ax <= half) & (ay <= half)
    if shape == 2:  # triangle, apex up, centred on its centroid
        top = r * 3 // 2
        base = top // 2
        half_width = top * 13 // 15
        return (dy <= base) & ((dy + top) * half_width >= ax * (base + top))
    if shape == 3:  # diamond
        return ax + ay <= r * 5 // 4
    if shape == 4:  # cross (plus sign)
        arm, half = r * 6 // 5, r * 2 // 5
        return ((ax <= half) & (ay <= arm)) | ((ay <= half) & (ax <= arm))
    raise ValueError(shape)


def background(scene):
    """The per-pixel background, uint8-valued int64 [H, W, 3]."""
    a = np.array(scene["bg_a"], dtype=np.int64)
    if scene["background"] == 0:
        return np.broadcast_to(a, (IMAGE_SIZE, IMAGE_SIZE, 3)).copy()
    if scene["background"] == 1:
        b = np.array(scene["bg_b"], dtype=np.int64)
        t = np.arange(IMAGE_SIZE, dtype=np.int64)
        ramp = (a * (IMAGE_SIZE - 1 - t[:, None]) + b * t[:, None] + (IMAGE_SIZE - 1) // 2) // (IMAGE_SIZE - 1)
        ramp = ramp[:, None, :] if scene["bg_axis"] == 0 else ramp[None, :, :]  # axis 0: varies with y
        return np.broadcast_to(ramp, (IMAGE_SIZE, IMAGE_SIZE, 3)).copy()
    amp = scene["noise_amp"]
    index = np.arange(IMAGE_SIZE * IMAGE_SIZE, dtype=np.uint64) + np.uint64(1)
    hashed = mix64_array(np.uint64(scene["noise_seed"]) + index * np.uint64(GOLDEN_GAMMA))
    level = (hashed >> np.uint64(56)).astype(np.int64)
    offset = ((level * (2 * amp + 1)) >> 8) - amp
    return np.clip(a[None, :] + offset[:, None], 0, 255).reshape(IMAGE_SIZE, IMAGE_SIZE, 3)


def fill(scene, u, v):
    """The shape's colour at every subsample, int64 [Hs, Ws, 3]."""
    rgb = np.array(scene["rgb"], dtype=np.int64)
    if scene["texture"] == 0:
        return np.broadcast_to(rgb, u.shape + (3,))
    period = scene["period"]
    if scene["texture"] == 1:
        along = [u, v, u + v, u - v + CANVAS][scene["stripe_axis"]]
        dark = (along // period) % 2 == 1
        return np.where(dark[..., None], rgb * 3 // 5, rgb)
    du = u % period - period // 2
    dv = v % period - period // 2
    dot = 16 * (du * du + dv * dv) <= period * period
    return np.where(dot[..., None], (rgb + 255) // 2, rgb)


def render(scene):
    """The scene as uint8 [64, 64, 3] RGB."""
    image = background(scene)
    # Outside the shape's bounding box all 16 samples of a pixel are its background, so only the
    # box is supersampled (same bytes, a few times faster).
    reach = extent(scene["radius"])
    x0, x1 = pixel_span(scene["cx"], reach)
    y0, y1 = pixel_span(scene["cy"], reach)
    u = SAMPLE_X[y0 * SAMPLES:y1 * SAMPLES, x0 * SAMPLES:x1 * SAMPLES]
    v = SAMPLE_Y[y0 * SAMPLES:y1 * SAMPLES, x0 * SAMPLES:x1 * SAMPLES]
    mask = inside(scene["shape"], u - scene["cx"], v - scene["cy"], scene["radius"])
    back = np.repeat(np.repeat(image[y0:y1, x0:x1], SAMPLES, axis=0), SAMPLES, axis=1)
    samples = np.where(mask[..., None], fill(scene, u, v), back)
    sums = samples.reshape(y1 - y0, SAMPLES, x1 - x0, SAMPLES, 3).sum(axis=(1, 3))
    image[y0:y1, x0:x1] = (sums + 8) >> 4
    return image.astype(np.uint8)


def pixel_span(centre, reach):
    """The pixels [first, end) that units centre - reach .. centre + reach touch."""
    return max(0, (centre - reach) // UNITS), min(IMAGE_SIZE, (centre + reach) // UNITS + 1)
