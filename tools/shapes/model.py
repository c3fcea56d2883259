"""A small CLIP: a small ResNet image tower (patchify stem, three residual blocks) with CLIP's
attention pooling, and OpenAI's causal text transformer pooled at the end-of-text token. Sized to
train on two CPU cores in minutes."""
import math
import sys
from collections import OrderedDict
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from clip_model import TextTransformer  # noqa: E402  (OpenAI's text encoder, shared with the test models)

EMBED_DIM = 64
CONTEXT_LENGTH = 77
# The image tower: a 4 x 4 patchify stem 3 -> STEM_WIDTH (convolutions at full resolution are what
# makes CPU training slow), then residual blocks given as (out channels, stride); 64 px in, 8 x 8 out.
PATCH_SIZE, STEM_WIDTH = 4, 32
BLOCKS = [(32, 1), (64, 2), (128, 1)]
VISION_HEADS = 4
TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS = 96, 2, 4


class AttentionPool(nn.Module):
    """CLIP's AttentionPool2d: the mean of the grid, with positions, attends over the grid."""

    def __init__(self, grid, width, heads, out_dim):
        super().__init__()
        self.heads = heads
        self.positional_embedding = nn.Parameter(torch.randn(grid * grid + 1, width) / width ** 0.5)
        self.q_proj, self.k_proj, self.v_proj = (nn.Linear(width, width) for _ in range(3))
        self.c_proj = nn.Linear(width, out_dim)

    def forward(self, x):
        n, width = x.shape[0], x.shape[1]
        x = x.flatten(2).transpose(1, 2)                      # [N, HW, C]
        x = torch.cat([x.mean(dim=1, keepdim=True), x], dim=1) + self.positional_embedding
        head_dim = width // self.heads
        q = self.q_proj(x[:, :1]).reshape(n, 1, self.heads, head_dim).transpose(1, 2)
        k = self.k_proj(x).reshape(n, -1, self.heads, head_dim).transpose(1, 2)
        v = self.v_proj(x).reshape(n, -1, self.heads, head_dim).transpose(1, 2)
        attention = (q @ k.transpose(-2, -1) / math.sqrt(head_dim)).softmax(dim=-1)
        pooled = (attention @ v).transpose(1, 2).reshape(n, width)
        return self.c_proj(pooled)


class BasicBlock(nn.Module):
    """ResNet's basic block: conv3x3-BN-ReLU-conv3x3-BN, plus the shortcut, then ReLU. A strided
    block strides its first convolution; where the shape changes, the shortcut is CLIP's
    ModifiedResNet downsample: average pooling (if strided), 1 x 1 convolution, BatchNorm."""

    def __init__(self, c_in, c_out, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(c_out)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(c_out)
        self.downsample = None
        if stride > 1 or c_in != c_out:
            self.downsample = nn.Sequential(OrderedDict([
                ("-1", nn.AvgPool2d(stride) if stride > 1 else nn.Identity()),
                ("0", nn.Conv2d(c_in, c_out, 1, bias=False)),
                ("1", nn.BatchNorm2d(c_out))]))

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        out = self.bn2(self.conv2(out))
        identity = x if self.downsample is None else self.downsample(x)
        return F.relu(out + identity)


class ImageTower(nn.Module):
    """A small ResNet in the spirit of CLIP's ModifiedResNet: patchify stem (conv 4 x 4, stride 4,
    BatchNorm, ReLU; 64 px -> 16 x 16), basic blocks of width 32, 64 (stride 2; 8 x 8) and 128, then
    CLIP's AttentionPool2d to EMBED_DIM."""

    def __init__(self, image_size):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, STEM_WIDTH, PATCH_SIZE, PATCH_SIZE, bias=False),
                                  nn.BatchNorm2d(STEM_WIDTH), nn.ReLU())
        blocks, width, grid = [], STEM_WIDTH, image_size // PATCH_SIZE
        for c_out, stride in BLOCKS:
            blocks.append(BasicBlock(width, c_out, stride))
            width, grid = c_out, grid // stride
        self.blocks = nn.Sequential(*blocks)
        self.attnpool = AttentionPool(grid, width, VISION_HEADS, EMBED_DIM)

    def forward(self, pixels):
        return self.attnpool(self.blocks(self.stem(pixels)))


class TextTower(TextTransformer):
    """OpenAI's text encoder. Because attention is causal, the end-of-text features depend only on
    the tokens before it, so training may cut the padding (ids [N, L], L <= 77) and get the same
    function the exported 77-token graph computes."""

    def __init__(self, vocab_size):
        super().__init__(vocab_size, TEXT_WIDTH, TEXT_LAYERS, TEXT_HEADS, EMBED_DIM, CONTEXT_LENGTH, token_std=0.02)

    def forward(self, ids):
        ids = ids.long()
        length = ids.shape[1]
        x = self.token_embedding(ids) + self.positional_embedding[:length]
        return self.encode(ids, x, self.causal_mask[:length, :length])[1]


class TinyClip(nn.Module):
    def __init__(self, vocab_size, image_size):
        super().__init__()
        self.visual = ImageTower(image_size)
        self.textual = TextTower(vocab_size)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(1 / 0.07)))

    def forward(self, pixels, ids):
        image = F.normalize(self.visual(pixels), dim=-1)
        text = F.normalize(self.textual(ids), dim=-1)
        return image, text, self.logit_scale.clamp(max=math.log(100)).exp()


class VisualExport(nn.Module):
    """Immich's visual graph: image [N, 3, S, S] -> embedding [N, D] (the session normalises)."""

    def __init__(self, visual):
        super().__init__()
        self.visual = visual

    def forward(self, image):
        return self.visual(image)


class TextualExport(nn.Module):
    """Immich's textual graph: text [N, 77] int32 -> embedding [N, D]."""

    def __init__(self, textual):
        super().__init__()
        self.textual = textual

    def forward(self, text):
        return self.textual(text)
