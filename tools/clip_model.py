"""OpenAI CLIP's transformer pieces (clip/model.py), shared by this project's two small CLIPs: the
random-weight test models (make_tiny_clip.py) and clip-tiny-shapes (shapes/model.py); and OpenAI's
image preprocessing (clip/clip.py's _transform), the reference every tool here compares against.

Two things here are load-bearing beyond the arithmetic. The attribute names are the weights' names
in the exported ONNX graphs, from which shapes/eval_torch.py rebuilds the model. And the order in
which parameters are created is the order they draw from torch's seeded generator, which is what
makes the generators rewrite the same files.
"""
import math

import torch
import torch.nn as nn
from torchvision import transforms

OPENAI_MEAN = [0.48145466, 0.4578275, 0.40821073]
OPENAI_STD = [0.26862954, 0.26130258, 0.27577711]


def _convert_image_to_rgb(image):
    return image.convert("RGB")


def clip_transform(size, mean=OPENAI_MEAN, std=OPENAI_STD):
    """OpenAI's clip._transform, exactly: Resize(size, bicubic) of the shorter side, CenterCrop(size),
    convert("RGB"), ToTensor, Normalize(mean, std). It takes a PIL image; torchvision's defaults
    (antialias on for PIL input) are left as they are, as clip/clip.py leaves them."""
    return transforms.Compose([
        transforms.Resize(size, interpolation=transforms.InterpolationMode.BICUBIC),
        transforms.CenterCrop(size),
        _convert_image_to_rgb,
        transforms.ToTensor(),
        transforms.Normalize(mean, std)])


class QuickGELU(nn.Module):
    """CLIP's GELU approximation; a trained CLIP needs this one, not nn.GELU."""

    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


class ResidualAttentionBlock(nn.Module):
    """Pre-norm transformer block: attention then MLP, each added to the residual stream."""

    def __init__(self, width, heads):
        super().__init__()
        self.heads = heads
        self.ln_1, self.ln_2 = nn.LayerNorm(width), nn.LayerNorm(width)
        self.qkv = nn.Linear(width, 3 * width)
        self.out_proj = nn.Linear(width, width)
        self.mlp = nn.Sequential(nn.Linear(width, 4 * width), QuickGELU(), nn.Linear(4 * width, width))

    def attention(self, x, additive_mask):
        n, length, width = x.shape
        head_dim = width // self.heads
        q, k, v = self.qkv(x).reshape(n, length, 3, self.heads, head_dim).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-2, -1) / math.sqrt(head_dim)
        if additive_mask is not None:
            scores = scores + additive_mask
        out = scores.softmax(dim=-1) @ v
        return self.out_proj(out.transpose(1, 2).reshape(n, length, width))

    def forward(self, x, additive_mask=None):
        x = x + self.attention(self.ln_1(x), additive_mask)
        return x + self.mlp(self.ln_2(x))


class TextTransformer(nn.Module):
    """OpenAI's text encoder: token + position embeddings, causal blocks, ln_final, and the
    features at the end-of-text token projected to the shared embedding space.

    Subclasses write forward(): they embed the ids and pick the mask (the test models take an
    optional padding mask, clip-tiny-shapes cuts the padding), then call encode(). Each exported
    graph then holds only the operations its own forward traces."""

    def __init__(self, vocab_size, width, layers, heads, embed_dim, context_length, token_std):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, width)
        self.positional_embedding = nn.Parameter(0.01 * torch.randn(context_length, width))
        self.blocks = nn.ModuleList(ResidualAttentionBlock(width, heads) for _ in range(layers))
        self.ln_final = nn.LayerNorm(width)
        self.text_projection = nn.Parameter(width ** -0.5 * torch.randn(width, embed_dim))
        causal = torch.full((context_length, context_length), float("-inf")).triu(1)
        self.register_buffer("causal_mask", causal)
        nn.init.normal_(self.token_embedding.weight, std=token_std)

    def encode(self, ids, x, mask):
        """Embedded tokens x [N, L, W] -> (features [N, L, W], embeddings [N, D])."""
        for block in self.blocks:
            x = block(x, mask)
        x = self.ln_final(x)
        # The end-of-text token has the highest id, so its position is the argmax (taken in float:
        # ONNX Runtime's ArgMax lacks an int64 kernel on some providers).
        eot = ids.float().argmax(dim=-1)
        return x, x[torch.arange(x.shape[0]), eot] @ self.text_projection
