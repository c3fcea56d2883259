#!/usr/bin/python3
"""Writes the reference for clip-batch's zero-shot retrieval metrics, computed with PyTorch as
clip_benchmark computes them (clip_benchmark/metrics/zeroshot_retrieval.py).

    mvn -B -q -pl job -am test -Dtest=RetrievalEvalTest -Dsurefire.failIfNoSpecifiedTests=false \\
        -Dclipbatch.retrieval.writeFixture=true      # only to refresh shapes/*.npy from a run
    /usr/bin/python3 tools/eval/make_retrieval_reference.py

Inputs and outputs under job/src/test/resources/eval/retrieval-reference/:
  shapes/{images,captions,caption_image}.npy
        the embeddings RetrievalEvalTest's eval run wrote: clip-tiny-shapes on 100 demo scenes
        (demo-data --n 100 --seed 2024) with three captions each. ONNX Runtime has no Python
        package here, so the reference starts from the embeddings rather than from the pixels; the
        test checks that a run still writes these embeddings (within 1e-5).
  ties/{images,captions,caption_image}.npy
        written here: 10 images and their captions drawn from a few repeated unit vectors, so that
        scores tie exactly everywhere, and one image without captions.
  expected.json
        per case: images, captions and the six recalls, with ties to the lower index (clip-batch's
        rule), as float32 values; plus what torch.topk itself gives ("torch_topk"), whose order
        among equal scores PyTorch leaves undefined.

Scores are the dot products summed in float64 and rounded to float32, as clip-batch does, so both
sides compare the same numbers; an fp32 matrix product differs from them by at most one rounding.
Recall@k is clip_benchmark's: a caption hits when its image is among its top k images; an image
hits when any of its captions is among its top k captions; each is the fp32 mean of 0/1 hits (an
image without captions is 0/0, no hit).
"""
import json
import os

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "job", "src", "test", "resources", "eval", "retrieval-reference")
KS = [1, 5, 10]


def recall_at_k(scores, positive_pairs, k, topk):
    """clip_benchmark's recall_at_k: true positives among the top k over all positives, per row."""
    nb_rows, nb_columns = scores.shape
    top = topk(scores, k)
    nb_positive = positive_pairs.sum(dim=1)
    onehot = torch.nn.functional.one_hot(top, num_classes=nb_columns)
    nb_true_positive = (onehot * positive_pairs.view(nb_rows, 1, nb_columns)).sum(dim=(1, 2))
    return nb_true_positive / nb_positive


def torch_topk(scores, k):
    return torch.topk(scores, k, dim=1)[1]


def lower_index_topk(scores, k):
    """The k best columns of each row, equal scores in increasing column order."""
    return torch.sort(-scores, dim=1, stable=True)[1][:, :k]


def metrics(images, captions, caption_image, topk):
    scores = (torch.from_numpy(captions).double() @ torch.from_numpy(images).double().t()).float()
    positive_pairs = torch.zeros_like(scores, dtype=torch.bool)
    positive_pairs[torch.arange(len(scores)), torch.from_numpy(caption_image)] = True
    out = {"images": int(images.shape[0]), "captions": int(captions.shape[0])}
    for k in KS:
        kk = min(k, scores.shape[1])
        out[f"image_retrieval_recall@{k}"] = (recall_at_k(scores, positive_pairs, kk, topk) > 0).float().mean().item()
    for k in KS:
        kk = min(k, scores.shape[0])
        out[f"text_retrieval_recall@{k}"] = (recall_at_k(scores.T, positive_pairs.T, kk, topk) > 0).float().mean().item()
    return out


def unit_rows(generator, n, dim):
    rows = torch.randn(n, dim, generator=generator)
    return (rows / rows.norm(dim=1, keepdim=True)).numpy().astype(np.float32)


def write_ties(folder):
    """10 images over 4 distinct vectors; captions over 5 distinct vectors; image 3 has no caption."""
    generator = torch.Generator().manual_seed(15)
    image_vectors = unit_rows(generator, 4, 8)
    caption_vectors = unit_rows(generator, 5, 8)
    image_of = [0, 1, 0, 2, 1, 3, 0, 2, 3, 1]
    captions_per_image = [2, 1, 3, 0, 2, 1, 2, 3, 1, 2]
    images = np.stack([image_vectors[v] for v in image_of])
    captions, caption_image = [], []
    draw = torch.randint(0, 5, (sum(captions_per_image),), generator=generator).tolist()
    for image, count in enumerate(captions_per_image):
        for _ in range(count):
            captions.append(caption_vectors[draw[len(captions)]])
            caption_image.append(image)
    os.makedirs(folder, exist_ok=True)
    np.save(os.path.join(folder, "images.npy"), images)
    np.save(os.path.join(folder, "captions.npy"), np.stack(captions).astype(np.float32))
    np.save(os.path.join(folder, "caption_image.npy"), np.array(caption_image, dtype=np.int64))


def load(folder):
    return (np.load(os.path.join(folder, "images.npy")), np.load(os.path.join(folder, "captions.npy")),
            np.load(os.path.join(folder, "caption_image.npy")))


def main():
    torch.set_num_threads(1)
    write_ties(os.path.join(OUT, "ties"))
    expected = {}
    for case in ["shapes", "ties"]:
        arrays = load(os.path.join(OUT, case))
        ours = metrics(*arrays, lower_index_topk)
        theirs = metrics(*arrays, torch_topk)
        expected[case] = {name: repr(value) if isinstance(value, float) else value for name, value in ours.items()}
        expected[case]["torch_topk"] = {name: repr(value) for name, value in theirs.items() if isinstance(value, float)}
        print(case, json.dumps(ours), "torch.topk agrees" if ours == theirs else "torch.topk differs: " + json.dumps(theirs))
    with open(os.path.join(OUT, "expected.json"), "w") as out:
        json.dump(expected, out, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
