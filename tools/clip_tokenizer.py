"""OpenAI CLIP's byte-level BPE tokenizer (clip/simple_tokenizer.py) without ftfy, and the trainer
that learns this project's small vocabularies in the same format.

ftfy is not installed here, and the Java tokenizer reproduces ftfy.fix_text on its own, so every
Python reference starts after it (on the prompts of the test models it is a no-op anyway). Needs
only `regex` and numpy, not torch, so that tokenizer/gen_python_goldens.py runs without torch.
Also used by make_tiny_clip.py and shapes/.
"""
import gzip
import html
from collections import Counter

import numpy as np
import regex

SOT, EOT = "<|startoftext|>", "<|endoftext|>"
CONTEXT_LENGTH = 77

# CLIP's pre-tokenizer: the special tokens, English contractions, runs of letters, single digits,
# runs of anything else but spaces. IGNORECASE is OpenAI's: it changes which characters match.
SPLIT_PATTERN = regex.compile(
    r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+""",
    regex.IGNORECASE)


def bytes_to_unicode():
    """CLIP's reversible byte -> printable character table, in CLIP's vocabulary order.

    BPE works on strings, so every byte needs a character: printable Latin-1 bytes stand for
    themselves, the rest (controls, spaces) get code points from 256 up, so that no symbol is a
    space or control character (merges.txt separates symbols by spaces)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) \
        + list(range(ord("®"), ord("ÿ") + 1))
    codes = printable[:]
    extra = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
    return dict(zip(printable, [chr(c) for c in codes]))


BYTE_ENCODER = bytes_to_unicode()
BYTE_DECODER = {char: byte for byte, char in BYTE_ENCODER.items()}


def clean(text):
    """OpenAI's basic_clean + whitespace_clean + lower, minus ftfy: HTML unescaped twice (for
    double-escaped scraped captions), whitespace runs made one space."""
    text = html.unescape(html.unescape(text)).strip()
    return regex.sub(r"\s+", " ", text).strip().lower()


def pre_tokens(text):
    """The words BPE runs on: the cleaned text split by CLIP's pattern, each as byte characters."""
    return ["".join(BYTE_ENCODER[b] for b in word.encode("utf-8")) for word in SPLIT_PATTERN.findall(clean(text))]


def merge_pair(symbols, pair):
    """The symbols with each occurrence of pair, left to right, joined into one symbol."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def build_vocab(merges):
    """CLIP's token ids: the 256 byte characters, the same ending a word ('</w>'), one token per
    merge, then <|startoftext|> and <|endoftext|> (the highest id, which pooling relies on)."""
    base = list(BYTE_ENCODER.values())
    vocab = base + [v + "</w>" for v in base] + ["".join(m) for m in merges] + [SOT, EOT]
    return {token: i for i, token in enumerate(vocab)}


class SimpleTokenizer:
    """OpenAI's simple_tokenizer algorithm: clean, split, byte-encode, BPE by rank, '</w>' ends words."""

    def __init__(self, vocab, merges):
        self.encoder = vocab
        self.decoder = {i: token for token, i in vocab.items()}
        self.ranks = {pair: i for i, pair in enumerate(merges)}
        self.cache = {SOT: SOT, EOT: EOT}  # the special tokens are single symbols, never split

    def bpe(self, token):
        """A pre-token's BPE pieces, space-separated: apply the lowest-ranked merge present until none is."""
        if token in self.cache:
            return self.cache[token]
        word = tuple(token[:-1]) + (token[-1] + "</w>",)
        while len(word) > 1:
            pairs = set(zip(word, word[1:]))
            best = min(pairs, key=lambda p: self.ranks.get(p, float("inf")))
            if best not in self.ranks:
                break
            word = merge_pair(word, best)
        self.cache[token] = " ".join(word)
        return self.cache[token]

    def encode(self, text):
        ids = []
        for word in pre_tokens(text):
            ids.extend(self.encoder[piece] for piece in self.bpe(word).split(" "))
        return ids

    def decode(self, ids):
        """Token strings joined, byte characters back to bytes; broken UTF-8 becomes U+FFFD."""
        text = "".join(self.decoder[i] for i in ids)
        return bytearray([BYTE_DECODER[c] for c in text]).decode("utf-8", errors="replace").replace("</w>", " ")

    def tokenize(self, texts, context_length=CONTEXT_LENGTH):
        """Like clip.tokenize(texts, truncate=True): over-long prompts end in EOT at the last slot."""
        result = np.zeros((len(texts), context_length), dtype=np.int64)
        for row, text in enumerate(texts):
            ids = [self.encoder[SOT]] + self.encode(text) + [self.encoder[EOT]]
            if len(ids) > context_length:
                ids = ids[:context_length]
                ids[-1] = self.encoder[EOT]
            result[row, :len(ids)] = ids
        return result


def openai_tokenizer(gz_path):
    """SimpleTokenizer with OpenAI's vocabulary, from bpe_simple_vocab_16e6.txt.gz."""
    lines = gzip.open(gz_path).read().decode("utf-8").split("\n")
    # OpenAI keeps the first 49152 - 256 - 2 merges after the header line: with the 512 byte
    # tokens and the two special tokens they make CLIP's 49408 ids.
    merges = [tuple(line.split()) for line in lines[1:49152 - 256 - 2 + 1]]
    return SimpleTokenizer(build_vocab(merges), merges)


def train_bpe(corpus, merges_wanted):
    """Learns merges from lines of text: merge the most frequent adjacent pair, repeat. Ties go to
    the smallest pair, so the result never depends on dict order; stops early when no pair occurs
    twice."""
    word_counts = Counter(w for line in corpus for w in pre_tokens(line))
    words = {tuple(w[:-1]) + (w[-1] + "</w>",): c for w, c in word_counts.items()}
    merges = []
    while len(merges) < merges_wanted:
        pairs = Counter()
        for symbols, count in words.items():
            for pair in zip(symbols, symbols[1:]):
                pairs[pair] += count
        if not pairs:
            break
        best = min(pairs, key=lambda p: (-pairs[p], p))
        if pairs[best] < 2:
            break
        merges.append(best)
        words = {merge_pair(symbols, best): c for symbols, c in words.items()}
    return merges
