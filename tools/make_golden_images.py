#!/usr/bin/python3
"""Golden vectors for io.clipbatch.core.image: input files and what OpenAI's preprocessing makes of them.

Run with the Debian reference stack (Pillow 9.4, torch 1.13, torchvision 0.14.1, skimage 0.19.3):

    /usr/bin/python3 tools/make_golden_images.py
    /usr/bin/python3 tools/make_golden_images.py --reuse-inputs   # without skimage: keeps the committed inputs

Writes core/src/test/resources/golden/images/:
  inputs/<name>.<ext>     the encoded files the Java decoder reads (photos from skimage, re-encoded small,
                          plus synthetic edge cases and corrupt files)
  expected/<case>.png     the uint8 RGB image right before ToTensor (lossless), the bit-exact target
  manifest.json           one entry per case: input, config, Pillow mode, expected PNG, float32 tensor sha256
                          and first values, or the error reason for files the reference refuses; "refused"
                          lists files Pillow opens but the Java decoder declines on purpose, with its reason
  normalize_table.bin     float32 [3][256]: torchvision's ToTensor+Normalize for every uint8 value per channel

Everything is deterministic (fixed seeds); re-running rewrites identical files.
"""
import hashlib
import io
import json
import os
import re
import struct
import sys

import numpy as np
import torch
from PIL import Image, ImageOps, features
from torchvision.transforms import CenterCrop, InterpolationMode, Normalize, Resize, ToTensor
import torchvision.transforms.functional as F

from clip_model import OPENAI_MEAN as MEAN, OPENAI_STD as STD

SKIMAGE = "/usr/lib/python3/dist-packages/skimage/data"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "core", "src", "test", "resources",
                   "golden", "images")
INTERPOLATIONS = {"bicubic": InterpolationMode.BICUBIC, "bilinear": InterpolationMode.BILINEAR,
                  "nearest": InterpolationMode.NEAREST}


# ---------------------------------------------------------------- reference pipelines (what the Java must match)

def convert_to_rgb(image):
    return image.convert("RGB")


def resize_keep_ratio_longest(img, size, interpolation):
    """open_clip ResizeKeepRatio(size, longest=1) without the random parts."""
    h, w = img.size[::-1]
    ratio_h, ratio_w = h / size, w / size
    ratio = max(ratio_h, ratio_w) * 1.0 + min(ratio_h, ratio_w) * (1.0 - 1.0)
    new_size = [round(x * 1.0 / ratio) for x in (h, w)]
    return F.resize(img, new_size, interpolation)


def center_crop_or_pad(img, size, fill):
    """open_clip center_crop_or_pad on a PIL image."""
    _, image_height, image_width = F.get_dimensions(img)
    if size > image_width or size > image_height:
        padding_ltrb = [
            (size - image_width) // 2 if size > image_width else 0,
            (size - image_height) // 2 if size > image_height else 0,
            (size - image_width + 1) // 2 if size > image_width else 0,
            (size - image_height + 1) // 2 if size > image_height else 0,
        ]
        img = F.pad(img, padding_ltrb, fill=fill)
        _, image_height, image_width = F.get_dimensions(img)
        if size == image_width and size == image_height:
            return img
    crop_top = int(round((image_height - size) / 2.0))
    crop_left = int(round((image_width - size) / 2.0))
    return F.crop(img, crop_top, crop_left, size, size)


def prepare_rgb(image, size, resize_mode, interpolation, fill):
    """Everything before ToTensor, as clip._transform / open_clip image_transform do it on a PIL image."""
    mode = INTERPOLATIONS[interpolation]
    if resize_mode == "shortest":
        image = CenterCrop(size)(Resize(size, interpolation=mode)(image))
    elif resize_mode == "squash":
        image = Resize((size, size), interpolation=mode)(image)
    elif resize_mode == "longest":
        image = center_crop_or_pad(resize_keep_ratio_longest(image, size, mode), size, fill)
    else:
        raise ValueError(resize_mode)
    return convert_to_rgb(image)


def to_tensor(rgb):
    return Normalize(MEAN, STD)(ToTensor()(rgb))


# ---------------------------------------------------------------- inputs

def skimage(name):
    return Image.open(os.path.join(SKIMAGE, name))


def encode(image, fmt, **params):
    buf = io.BytesIO()
    image.save(buf, fmt, **params)
    return buf.getvalue()


def rng_image(seed, mode, size):
    rng = np.random.default_rng(seed)
    w, h = size
    if mode in ("L", "P", "1"):
        arr = rng.integers(0, 256, (h, w), dtype=np.uint8)
    else:
        arr = rng.integers(0, 256, (h, w, len(mode)), dtype=np.uint8)
    return arr


def smooth_rgb(seed, size, noise=3.0):
    """A smooth-ish colourful picture (gradients + noise): compresses well, exercises the filters."""
    w, h = size
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    r = 127.5 + 127.5 * np.sin(x / (w / 6.0) + seed)
    g = 127.5 + 127.5 * np.cos(y / (h / 5.0) - seed)
    b = 255.0 * ((x + y) % 64) / 63.0
    arr = np.stack([r, g, b], axis=-1) + rng.normal(0, noise, (h, w, 3))
    return np.clip(arr, 0, 255).astype(np.uint8)


def make_inputs():
    """name -> encoded bytes. Names carry the extension the bytes really are (or pretend to be)."""
    files = {}
    astronaut = skimage("astronaut.png").convert("RGB")
    chelsea = skimage("chelsea.png").convert("RGB")
    coffee = skimage("coffee.png").convert("RGB")
    camera = skimage("camera.png")
    logo = skimage("logo.png")

    # Real photos, kept small.
    files["astronaut_320.png"] = encode(astronaut.resize((320, 320), Image.LANCZOS), "PNG", optimize=True)
    files["chelsea.png"] = encode(chelsea, "PNG", optimize=True)
    files["camera_gray_300.png"] = encode(camera.resize((300, 300), Image.LANCZOS), "PNG", optimize=True)
    files["logo_rgba_260.png"] = encode(logo.resize((260, 260), Image.LANCZOS), "PNG", optimize=True)
    files["palette_green.png"] = open(os.path.join(SKIMAGE, "green_palette.png"), "rb").read()
    files["rocket.jpg"] = open(os.path.join(SKIMAGE, "rocket.jpg"), "rb").read()  # a camera JPEG with ICC

    # JPEG flavours (all written by libjpeg-turbo through Pillow).
    coffee_small = coffee.resize((360, 240), Image.LANCZOS)
    files["coffee_420.jpg"] = encode(coffee_small, "JPEG", quality=90, subsampling=2)
    files["coffee_444.jpg"] = encode(coffee_small, "JPEG", quality=90, subsampling=0)
    files["coffee_422.jpg"] = encode(coffee_small, "JPEG", quality=85, subsampling=1)
    files["coffee_progressive.jpg"] = encode(coffee_small, "JPEG", quality=85, progressive=True)
    files["camera_gray.jpg"] = encode(camera.resize((256, 256), Image.LANCZOS), "JPEG", quality=90)
    files["hubble_small.jpg"] = encode(skimage("hubble_deep_field.jpg").convert("RGB").resize((300, 262),
                                                                                             Image.LANCZOS),
                                       "JPEG", quality=92)
    files["chelsea_cmyk.jpg"] = encode(chelsea.resize((240, 160), Image.LANCZOS).convert("CMYK"), "JPEG",
                                       quality=92)
    files["ycck.jpg"] = adobe_transform(files["chelsea_cmyk.jpg"], 2)
    files["rgb_ids.jpg"] = rgb_component_ids(files["coffee_444.jpg"])
    files["odd_1x1.jpg"] = encode(Image.new("RGB", (1, 1), (200, 30, 90)), "JPEG", quality=95)
    files["odd_17x9.jpg"] = encode(Image.fromarray(smooth_rgb(7, (17, 9))), "JPEG", quality=90)

    # EXIF orientation 6 (rotate 90 CW to display).
    exif = Image.Exif()
    exif[0x0112] = 6
    files["exif_rot6.jpg"] = encode(chelsea.resize((180, 120), Image.LANCZOS), "JPEG", quality=90, exif=exif)
    exif8 = Image.Exif()
    exif8[0x0112] = 8
    files["exif_rot8.png"] = encode(Image.fromarray(smooth_rgb(8, (90, 50))), "PNG", exif=exif8)

    # Geometry edge cases (lossless, so bit-exact).
    files["tiny_7x5.png"] = encode(Image.fromarray(rng_image(1, "RGB", (7, 5))), "PNG")
    files["wide_2400x90.png"] = encode(Image.fromarray(smooth_rgb(2, (2400, 90), noise=0)), "PNG", optimize=True)
    files["tall_90x2400.png"] = encode(Image.fromarray(smooth_rgb(3, (90, 2400), noise=0)), "PNG", optimize=True)
    files["exact_224.png"] = encode(Image.fromarray(smooth_rgb(4, (224, 224), noise=0)), "PNG")
    files["odd_225.png"] = encode(Image.fromarray(smooth_rgb(5, (225, 225), noise=0)), "PNG")
    files["odd_301x227.png"] = encode(Image.fromarray(smooth_rgb(6, (301, 227), noise=0)), "PNG")
    files["upscale_100x60.png"] = encode(Image.fromarray(smooth_rgb(9, (100, 60))), "PNG")

    # Pillow modes.
    files["bilevel_1bit.png"] = encode(skimage("camera.png").resize((200, 150)).convert("1"), "PNG")
    files["palette_trns.png"] = encode(palette_with_transparency(), "PNG")
    files["gray_alpha_LA.png"] = encode(gray_alpha(), "PNG")
    files["rgba_varied_alpha.png"] = encode(rgba_varied_alpha(), "PNG")
    files["gray16.png"] = encode(gray16(), "PNG")
    files["rgb16.png"] = rgb16_png()
    files["gray4bit.png"] = gray_low_bit_png(4)
    files["rgb_trns.png"] = encode(Image.fromarray(smooth_rgb(10, (120, 80))), "PNG", transparency=(0, 0, 0))
    files["interlaced.png"] = interlaced_png()
    files["anim.gif"] = gif_two_frames()
    files["gray_palette.gif"] = encode(camera.resize((160, 160)), "GIF")  # optimised palette: P
    files["gray_identity.gif"] = encode(camera.resize((120, 90)), "GIF", optimize=False)  # grey ramp: Pillow says L
    files["rgb24.bmp"] = encode(Image.fromarray(smooth_rgb(11, (150, 100))), "BMP")
    files["palette8.bmp"] = encode(palette_with_transparency().convert("RGB").quantize(64), "BMP")
    files["gray8.bmp"] = encode(camera.resize((130, 170)), "BMP")
    if features.check("webp"):
        files["lossless.webp"] = encode(Image.fromarray(smooth_rgb(12, (200, 140))), "WEBP", lossless=True)
        files["lossless_alpha.webp"] = encode(rgba_varied_alpha(), "WEBP", lossless=True)
        files["lossy.webp"] = encode(chelsea.resize((240, 160), Image.LANCZOS), "WEBP", quality=90)
        files.update(lossy_webp_inputs(files))
    files.update(tiff_inputs(camera, chelsea))

    # Files the reference refuses.
    good = files["coffee_420.jpg"]
    files["truncated.jpg"] = good[: len(good) * 2 // 3]
    files["skimage_truncated.jpg"] = open(os.path.join(SKIMAGE, "truncated.jpg"), "rb").read()
    files["empty.jpg"] = b""
    files["random.bin"] = np.random.default_rng(13).integers(0, 256, 4096, dtype=np.uint8).tobytes()
    files["page.html.jpg"] = b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>" \
                             b"<body><h1>Not Found</h1></body></html>\n"
    files["truncated.png"] = files["chelsea.png"][:20000]
    return files


def lossy_webp_inputs(files):
    """Lossy WebP (VP8, plus an ALPH chunk when there is alpha) written by libwebp through Pillow: a few
    qualities, odd sizes (chroma is subsampled 2x2, so the last row and column are the edge case) and alpha.
    The photos come from inputs made before, so that --reuse-inputs can make these without skimage."""
    chelsea = Image.open(io.BytesIO(files["chelsea.png"])).convert("RGB").resize((240, 160), Image.LANCZOS)
    astronaut = Image.open(io.BytesIO(files["astronaut_320.png"])).convert("RGB")
    alpha = rng_image(42, "L", (45, 31))
    opaque = Image.fromarray(smooth_rgb(43, (64, 48))).convert("RGBA")  # alpha all 255: written without ALPH
    return {
        "lossy_q10.webp": encode(chelsea, "WEBP", quality=10),
        "lossy_q50.webp": encode(chelsea, "WEBP", quality=50),
        "lossy_q100.webp": encode(chelsea, "WEBP", quality=100),
        "lossy_odd_1x1.webp": encode(Image.new("RGB", (1, 1), (200, 30, 90)), "WEBP", quality=75),
        "lossy_odd_17x9.webp": encode(Image.fromarray(smooth_rgb(40, (17, 9))), "WEBP", quality=75),
        "lossy_odd_301x227.webp": encode(astronaut.resize((301, 227), Image.LANCZOS), "WEBP", quality=80),
        "lossy_alpha.webp": encode(rgba_varied_alpha(), "WEBP", quality=80),
        "lossy_alpha_odd_45x31.webp": encode(Image.fromarray(np.dstack([smooth_rgb(41, (45, 31)), alpha]), "RGBA"),
                                             "WEBP", quality=60),
        "lossy_alpha_opaque.webp": encode(opaque, "WEBP", quality=70),
    }


def committed_inputs():
    """The inputs the last full run wrote, in make_inputs' order (every good input has a 224 case, and the
    error files come last), with the lossy WebP set made afresh: --reuse-inputs, for machines without
    skimage's sample photos. The other inputs' bytes are kept as they are."""
    with open(os.path.join(OUT, "manifest.json")) as fh:
        manifest = json.load(fh)
    names = list(dict.fromkeys(entry["input"][len("inputs/"):] for entry in manifest["cases"] + manifest["errors"]))
    files = {}
    for name in names:
        if kind_of(name) == "lossy-webp" and name != "lossy.webp":
            continue
        with open(os.path.join(OUT, "inputs", name), "rb") as fh:
            files[name] = fh.read()
        if name == "lossy.webp":
            files.update(lossy_webp_inputs(files))
    return files


def tiff_inputs(camera, chelsea):
    """TIFF first pages in the modes and compressions the Java decoder supports, written by Pillow (libtiff
    for the compressed ones); the variants Pillow cannot write are patched in by hand."""
    files = {}
    rgb = Image.fromarray(smooth_rgb(30, (130, 90)))
    files["rgb_raw.tif"] = encode(rgb, "TIFF")
    files["rgb_lzw.tif"] = encode(rgb, "TIFF", compression="tiff_lzw")
    files["rgb_lzw_predictor.tif"] = encode(rgb, "TIFF", compression="tiff_lzw", tiffinfo={317: 2})
    files["rgb_deflate.tif"] = encode(rgb, "TIFF", compression="tiff_adobe_deflate")
    files["rgb_deflate_predictor.tif"] = encode(rgb, "TIFF", compression="tiff_adobe_deflate", tiffinfo={317: 2})
    files["rgb_packbits.tif"] = encode(rgb, "TIFF", compression="packbits")
    files["rgbx_raw.tif"] = encode(rgb.convert("RGBX"), "TIFF")  # ExtraSamples 0: Pillow's mode RGBX
    gray = camera.resize((120, 100), Image.LANCZOS)
    files["gray_lzw.tif"] = encode(gray, "TIFF", compression="tiff_lzw")
    files["gray_miniswhite.tif"] = patch_tiff_short(encode(gray, "TIFF"), 262, 0)  # Pillow inverts it
    files["gray_alpha_LA.tif"] = encode(gray_alpha(), "TIFF", compression="tiff_adobe_deflate")
    bilevel = camera.resize((150, 110)).convert("1")
    files["bilevel_raw.tif"] = encode(bilevel, "TIFF")
    files["bilevel_miniswhite.tif"] = patch_tiff_short(encode(bilevel, "TIFF"), 262, 0)
    files["bilevel_group4.tif"] = encode(bilevel, "TIFF", compression="group4")
    files["palette_lzw.tif"] = encode(Image.fromarray(smooth_rgb(31, (110, 80))).quantize(48), "TIFF",
                                      compression="tiff_lzw")
    files["rgba_deflate.tif"] = encode(rgba_varied_alpha(), "TIFF", compression="tiff_adobe_deflate")
    files["rgba_associated.tif"] = associated_alpha_tiff()
    files["cmyk_lzw.tif"] = encode(chelsea.resize((120, 80), Image.LANCZOS).convert("CMYK"), "TIFF",
                                   compression="tiff_lzw")
    return files


def refused_tiffs():
    """TIFFs Pillow opens that the Java decoder declines (name -> bytes, reason, why)."""
    rgb = Image.fromarray(smooth_rgb(32, (80, 60)))
    y, x = np.mgrid[0:60, 0:80]
    gray16 = Image.fromarray((x * 300 + y * 200).astype(np.uint16))  # opens as I;16
    return {
        "gray16.tif": (encode(gray16, "TIFF"), "decode: unsupported TIFF (16-bit samples)",
                       "Pillow opens it as I;16, which its bicubic and bilinear resize refuse"),
        "jpeg.tif": (encode(rgb, "TIFF", compression="jpeg"), "decode: unsupported TIFF (JPEG compression)",
                     "lossy: libjpeg's output cannot be matched exactly"),
        "orientation6.tif": (encode(rgb, "TIFF", tiffinfo={274: 6}), "decode: unsupported TIFF (orientation 6)",
                             "Pillow 9.4 rotates it on load but reports the unrotated size until then"),
        "float32.tif": (encode(Image.fromarray((x / 80.0).astype(np.float32)), "TIFF"),
                        "decode: unsupported TIFF (float samples)", "Pillow mode F"),
    }


def patch_tiff_short(tiff, tag, value):
    """A little-endian TIFF with the one inline SHORT value of `tag` in its first IFD replaced."""
    assert tiff[:4] == b"II*\0"
    ifd = struct.unpack_from("<I", tiff, 4)[0]
    out = bytearray(tiff)
    for i in range(struct.unpack_from("<H", tiff, ifd)[0]):
        entry = ifd + 2 + 12 * i
        found, kind, count = struct.unpack_from("<HHI", tiff, entry)
        if found == tag:
            assert kind == 3 and count == 1
            struct.pack_into("<H", out, entry + 8, value)
            return bytes(out)
    raise KeyError(tag)


def associated_alpha_tiff():
    """Premultiplied RGBA (ExtraSamples 1): Pillow cannot write it, so an uncompressed RGBA file gets its
    samples premultiplied and its ExtraSamples patched; Pillow un-premultiplies it on load ("RGBa")."""
    rgba = np.asarray(rgba_varied_alpha()).astype(np.uint32)
    premultiplied = rgba.copy()
    premultiplied[..., :3] = (rgba[..., :3] * rgba[..., 3:] + 127) // 255
    raw = encode(Image.fromarray(premultiplied.astype(np.uint8), "RGBA"), "TIFF")
    return patch_tiff_short(raw, 338, 1)


def adobe_transform(jpeg, transform):
    """The same JPEG with its Adobe APP14 colour transform changed: transform 2 makes libjpeg read the four
    components as YCCK (Pillow cannot write YCCK, and what matters is the decoder's conversion path)."""
    at = jpeg.index(b"Adobe")
    assert jpeg[at - 4:at - 2] == b"\xff\xee"
    data = bytearray(jpeg)
    data[at + 11] = transform
    return bytes(data)


def rgb_component_ids(jpeg):
    """The same JPEG without its JFIF marker and with component ids 'R', 'G', 'B': libjpeg then takes the
    three components as RGB and skips the YCbCr conversion (the colours look wrong; the path is tested)."""
    assert jpeg[2:4] == b"\xff\xe0" and jpeg[6:11] == b"JFIF\0"
    app0_length = struct.unpack(">H", jpeg[4:6])[0]
    data = bytearray(jpeg[:2] + jpeg[4 + app0_length:])
    sof = data.index(b"\xff\xc0")
    sos = data.index(b"\xff\xda")  # baseline: one scan, whose component selectors must match
    for i, cid in enumerate(b"RGB"):
        data[sof + 10 + 3 * i] = cid
        data[sos + 5 + 2 * i] = cid
    return bytes(data)


def palette_with_transparency():
    arr = smooth_rgb(20, (150, 110))
    im = Image.fromarray(arr).quantize(32)
    im.info["transparency"] = bytes(range(0, 256, 8))  # per-entry alpha
    return im


def gray_alpha():
    rng = np.random.default_rng(21)
    w, h = 140, 100
    y, x = np.mgrid[0:h, 0:w]
    lum = ((x * 255) // (w - 1)).astype(np.uint8)
    alpha = rng.integers(0, 256, (h, w), dtype=np.uint8)
    alpha[:, :10] = 0
    alpha[:, -10:] = 255
    return Image.fromarray(np.stack([lum, alpha], -1), "LA")


def rgba_varied_alpha():
    rgb = smooth_rgb(22, (170, 120))
    rng = np.random.default_rng(22)
    alpha = rng.integers(0, 256, (120, 170), dtype=np.uint8)
    alpha[:20] = 0
    alpha[20:40] = 255
    alpha[40:60] = rng.integers(1, 4, (20, 170))  # tiny alphas: un-premultiplying amplifies rounding
    return Image.fromarray(np.dstack([rgb, alpha]), "RGBA")


def gray16():
    w, h = 150, 90
    y, x = np.mgrid[0:h, 0:w]
    arr = (x * 3 + y * 2).astype(np.int32)  # 0..~600: values above 255 saturate on convert("RGB")
    return Image.fromarray(arr.astype(np.int32), "I")


def png_chunk(kind, data):
    import zlib
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_file(width, height, bit_depth, color_type, raw_rows, interlace=0):
    import zlib
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw_rows, 9))
            + png_chunk(b"IEND", b""))


def rgb16_png():
    """16-bit RGB written by hand (Pillow cannot write it); Pillow reads it as RGB from the high bytes."""
    w, h = 110, 70
    rng = np.random.default_rng(23)
    high = smooth_rgb(23, (w, h)).astype(np.uint16) << 8
    arr = high | rng.integers(0, 256, (h, w, 3), dtype=np.uint16)  # Pillow keeps only the high byte
    rows = b"".join(b"\x00" + arr[r].astype(">u2").tobytes() for r in range(h))
    return png_file(w, h, 16, 2, rows)


def gray_low_bit_png(bits):
    w, h = 64, 40
    rng = np.random.default_rng(24)
    vals = rng.integers(0, 1 << bits, (h, w), dtype=np.uint8)
    per_byte = 8 // bits
    rows = b""
    for r in range(h):
        packed = bytearray()
        for i in range(0, w, per_byte):
            byte = 0
            for j in range(per_byte):
                byte = (byte << bits) | int(vals[r, i + j])
            packed.append(byte)
        rows += b"\x00" + bytes(packed)
    return png_file(w, h, bits, 0, rows)


def interlaced_png():
    """Adam7 interlaced 8-bit RGB, written by hand."""
    w, h = 33, 21
    arr = smooth_rgb(25, (w, h))
    passes = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
    raw = b""
    for x0, y0, dx, dy in passes:
        sub = arr[y0::dy, x0::dx]
        if sub.size == 0:
            continue
        for r in range(sub.shape[0]):
            raw += b"\x00" + sub[r].tobytes()
    return png_file(w, h, 8, 2, raw, interlace=1)


def gif_two_frames():
    """A GIF whose first frame is smaller than the screen and has a transparent index."""
    first = Image.fromarray(smooth_rgb(26, (80, 60))).quantize(16)
    second = Image.fromarray(smooth_rgb(27, (80, 60))).quantize(16)
    buf = io.BytesIO()
    first.save(buf, "GIF", save_all=True, append_images=[second], transparency=3, duration=100)
    data = bytearray(buf.getvalue())
    # Grow the logical screen to 100x70 so the first frame sits inside a larger canvas.
    data[6:8] = struct.pack("<H", 100)
    data[8:10] = struct.pack("<H", 70)
    return bytes(data)


# ---------------------------------------------------------------- cases

CASES_ALL_224 = dict(size=224, resize_mode="shortest", interpolation="bicubic", fill_color=0)
EXTRA_CONFIGS = [
    ("squash", dict(size=224, resize_mode="squash", interpolation="bicubic", fill_color=0),
     ["wide_2400x90.png", "logo_rgba_260.png", "coffee_444.jpg", "tiny_7x5.png", "lossy_q50.webp"]),
    ("longest", dict(size=224, resize_mode="longest", interpolation="bicubic", fill_color=0),
     ["chelsea.png", "tall_90x2400.png", "odd_301x227.png", "palette_trns.png", "gray_alpha_LA.png"]),
    ("longest_fill128", dict(size=224, resize_mode="longest", interpolation="bicubic", fill_color=128),
     ["chelsea.png", "wide_2400x90.png", "rgba_varied_alpha.png", "gray16.png", "bilevel_1bit.png",
      "palette_trns.png", "palette_lzw.tif", "bilevel_group4.tif", "lossy_alpha.webp"]),
    ("bilinear", dict(size=224, resize_mode="shortest", interpolation="bilinear", fill_color=0),
     ["astronaut_320.png", "rgba_varied_alpha.png", "upscale_100x60.png", "gray16.png", "coffee_420.jpg"]),
    ("nearest", dict(size=224, resize_mode="shortest", interpolation="nearest", fill_color=0),
     ["astronaut_320.png", "odd_301x227.png", "upscale_100x60.png", "gray_alpha_LA.png", "gray16.png",
      "rgba_associated.tif", "cmyk_lzw.tif"]),
    ("s64", dict(size=64, resize_mode="shortest", interpolation="bicubic", fill_color=0),
     ["astronaut_320.png", "tiny_7x5.png", "rgba_varied_alpha.png", "chelsea_cmyk.jpg", "wide_2400x90.png",
      "rgba_associated.tif", "rgb_lzw_predictor.tif"]),
    ("s336", dict(size=336, resize_mode="shortest", interpolation="bicubic", fill_color=0),
     ["odd_225.png", "camera_gray_300.png"]),
]
EXIF_CASES = ["exif_rot6.jpg", "exif_rot8.png"]


def pillow_refusal(data):
    """What Pillow says when Image.open(...).load() refuses these bytes (recorded in the manifest next to
    the reason the Java side must give), or None when it decodes them."""
    try:
        Image.open(io.BytesIO(data)).load()
    except Exception as e:  # noqa: BLE001 - we record whatever Pillow says
        # Without the stream's address, which changes from run to run.
        return re.sub(r" at 0x[0-9a-f]+>", ">", f"{type(e).__name__}: {e}")
    return None


JAVA_REASONS = {
    "truncated.jpg": "decode: truncated JPEG",
    "skimage_truncated.jpg": "decode: truncated JPEG",
    "empty.jpg": "decode: empty file",
    "random.bin": "decode: unknown image format",
    "page.html.jpg": "decode: unknown image format",
    "truncated.png": "decode: truncated PNG",
}


def truncations(files):
    """Pillow's verdict on cut-off copies of every good input: the Java side cuts the same bytes itself."""
    verdicts = []
    for name, data in files.items():
        if name in JAVA_REASONS or len(data) < 100:
            continue
        for length in sorted({len(data) // 2, len(data) * 9 // 10, len(data) * 995 // 1000, len(data) - 12,
                              len(data) - 1}):
            verdicts.append(dict(input=f"inputs/{name}", length=length, pillow_error=pillow_refusal(data[:length])))
    return verdicts


def decoded_digest(data):
    """What Pillow's Image.open(...).load() holds, before any transform: mode, size and pixel sha256
    (8-bit modes as interleaved bytes, mode 1 as 0/255 bytes, mode I as little-endian int32)."""
    im = Image.open(io.BytesIO(data))
    im.load()
    if im.mode == "1":
        raw = (np.asarray(im, dtype=np.uint8) * 255).tobytes()
    elif im.mode == "I":
        raw = np.asarray(im, dtype="<i4").tobytes()
    else:
        raw = im.tobytes()
    return dict(mode=im.mode, size=list(im.size), sha256=hashlib.sha256(raw).hexdigest())


def tensor_digest(t):
    data = t.numpy().astype("<f4").tobytes()
    return hashlib.sha256(data).hexdigest(), [float(v) for v in t.flatten()[:8]]


def kind_of(name):
    if name.endswith(".jpg"):
        return "jpeg"
    if name.startswith("lossy") and name.endswith(".webp"):
        return "lossy-webp"
    return "lossless"


def run_case(case_id, name, data, cfg, exif_transpose=False):
    image = Image.open(io.BytesIO(data))
    opened_mode = image.mode
    if exif_transpose:
        image = ImageOps.exif_transpose(image)
    rgb = prepare_rgb(image, cfg["size"], cfg["resize_mode"], cfg["interpolation"], cfg["fill_color"])
    expected_png = f"expected/{case_id}.png"
    # A clean copy: convert() carries info["transparency"] along, which would write a tRNS chunk.
    Image.frombytes("RGB", rgb.size, rgb.tobytes()).save(os.path.join(OUT, expected_png), "PNG", optimize=True)
    sha, first = tensor_digest(to_tensor(rgb))
    return dict(id=case_id, input=f"inputs/{name}", kind=kind_of(name), pillow_mode=opened_mode,
                decoded=decoded_digest(data),
                pillow_size=list(Image.open(io.BytesIO(data)).size), exif_transpose=exif_transpose,
                expected=expected_png, tensor_sha256=sha, tensor_first=first, **cfg)


def normalize_table():
    """torchvision's ToTensor+Normalize for each uint8 value, as float32 [3][256]."""
    ramp = np.tile(np.arange(256, dtype=np.uint8), (3, 1)).T.reshape(1, 256, 3)  # H=1, W=256, C=3
    t = to_tensor(Image.fromarray(np.ascontiguousarray(ramp), "RGB"))  # [3, 1, 256]
    return t.numpy().astype("<f4").tobytes()


def main():
    files = committed_inputs() if "--reuse-inputs" in sys.argv[1:] else make_inputs()
    os.makedirs(os.path.join(OUT, "inputs"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
    for d in ("inputs", "expected"):
        for f in os.listdir(os.path.join(OUT, d)):
            os.remove(os.path.join(OUT, d, f))
    refused = refused_tiffs()
    for name, data in list(files.items()) + [(n, r[0]) for n, r in refused.items()]:
        with open(os.path.join(OUT, "inputs", name), "wb") as fh:
            fh.write(data)

    cases, errors = [], []
    for name, data in files.items():
        if name in JAVA_REASONS:
            pillow_error = pillow_refusal(data)
            assert pillow_error is not None, f"Pillow accepted {name}"
            errors.append(dict(input=f"inputs/{name}", reason=JAVA_REASONS[name], pillow_error=pillow_error))
            continue
        cases.append(run_case(os.path.splitext(name)[0].replace(".", "_") + "__224", name, data, CASES_ALL_224))
    for tag, cfg, names in EXTRA_CONFIGS:
        for name in names:
            cases.append(run_case(os.path.splitext(name)[0] + "__" + tag, name, files[name], cfg))
    for name in EXIF_CASES:
        cases.append(run_case(os.path.splitext(name)[0] + "__exif_transposed", name, files[name], CASES_ALL_224,
                              exif_transpose=True))

    with open(os.path.join(OUT, "normalize_table.bin"), "wb") as fh:
        fh.write(normalize_table())
    manifest = dict(
        generator="tools/make_golden_images.py",
        reference=dict(pillow=Image.__version__, torch=torch.__version__,
                       torchvision=__import__("torchvision").__version__,
                       libjpeg_turbo=features.version("jpg"), webp=features.version("webp")),
        mean=MEAN, std=STD, cases=cases, errors=errors, truncations=truncations(files),
        refused=[dict(input=f"inputs/{n}", reason=r[1], why=r[2], pillow_mode=decoded_digest(r[0])["mode"])
                 for n, r in refused.items()])
    with open(os.path.join(OUT, "manifest.json"), "w") as fh:
        json.dump(manifest, fh, indent=1)
        fh.write("\n")
    total = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(OUT) for f in fs)
    print(f"{len(cases)} cases, {len(errors)} error cases, {total / 1e6:.2f} MB in {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
