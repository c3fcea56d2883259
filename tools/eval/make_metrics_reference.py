#!/usr/bin/python3
"""Writes an independent reference for clip-batch's zero-shot metrics, computed with numpy.

    /usr/bin/python3 tools/eval/make_metrics_reference.py

Outputs under job/src/test/resources/eval/metrics-reference/:
  predictions.csv  one row per image: id, label, error ('' when the image was fine) and the class
                   probabilities p0..p11 as float32 values (shortest round-trip decimal)
  expected.json    acc1, acc5, mean_per_class_recall and per-class support / correct / recall /
                   most frequent wrong prediction, as clip_benchmark defines them

The table is made to be hard: uneven class sizes, two classes absent from the labels (the mean
per-class recall averages over present classes only, as sklearn's balanced_accuracy_score), rows
whose top scores tie (ties go to the lower class index, for top-1 and top-5 alike) and rows that
failed to decode (counted, excluded from every metric).
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "job", "src", "test", "resources", "eval", "metrics-reference")
CLASSES = 12
ABSENT = {10, 11}
N = 240
N_ERRORS = 9


def make_table(rng):
    present = [c for c in range(CLASSES) if c not in ABSENT]
    weights = np.array([1 + (c * 7) % 5 for c in present], dtype=np.float64)
    labels = rng.choice(present, size=N, p=weights / weights.sum())
    logits = rng.normal(0, 1.5, size=(N, CLASSES)).astype(np.float32)
    logits[np.arange(N), labels] += rng.uniform(0, 3, size=N).astype(np.float32)  # a somewhat useful "model"
    probs = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = (probs / probs.sum(axis=1, keepdims=True)).astype(np.float32)
    # Exact ties: top-1 ties where the label is the higher index (must count as wrong), and the lower
    # (must count as right), and ties straddling the 5th/6th rank (decide acc5).
    for i in range(0, N, 11):
        order = np.argsort(-probs[i], kind="stable")
        a, b = sorted((int(order[0]), int(order[1])))
        probs[i, a] = probs[i, b] = max(probs[i, a], probs[i, b])
    for i in range(5, N, 13):
        order = np.argsort(-probs[i], kind="stable")
        fifth, sixth = int(order[4]), int(order[5])
        probs[i, sixth] = probs[i, fifth]
    for i in range(3, N, 17):  # the label tied with a lower index at the top: wrong by the tie rule
        low = int(rng.integers(0, labels[i])) if labels[i] > 0 else None
        if low is not None:
            top = probs[i].max()
            probs[i, labels[i]] = top
            probs[i, low] = top
    errors = np.zeros(N, dtype=bool)
    errors[rng.choice(N, size=N_ERRORS, replace=False)] = True
    return labels, probs, errors


def metrics(labels, probs, errors):
    ok = ~errors
    y, p = labels[ok], probs[ok]
    ranked = np.argsort(-p, axis=1, kind="stable")  # stable: equal scores keep the lower index first
    pred = ranked[:, 0]
    n = np.float32(len(y))
    acc1 = np.float32(np.float32((pred == y).sum()) / n)
    acc5 = np.float32(np.float32((ranked[:, :5] == y[:, None]).any(axis=1).sum()) / n)
    per_class = []
    recalls = []
    for c in range(CLASSES):
        mine = y == c
        support = int(mine.sum())
        correct = int((pred[mine] == c).sum())
        recall = None
        if support:
            recall = np.float32(np.float32(correct) / np.float32(support))
            recalls.append(recall)
        wrong = np.bincount(pred[mine & (pred != c)], minlength=CLASSES)
        confused = int(np.argmax(wrong)) if wrong.max() > 0 else None  # argmax: the lowest index among equals
        per_class.append({"class_index": c, "support": support, "correct": correct,
                          "recall": None if recall is None else repr(float(recall)),
                          "most_confused_with_index": confused,
                          "most_confused_count": int(wrong.max()) if confused is not None else 0})
    mpcr = np.float32(np.mean(np.array(recalls, dtype=np.float32).astype(np.float64)))
    # The same by sklearn's definition of balanced accuracy, in float64: mean of the confusion diagonal over row sums.
    cm = np.zeros((CLASSES, CLASSES))
    np.add.at(cm, (y, pred), 1)
    rows = cm.sum(axis=1)
    balanced = np.mean(np.diag(cm)[rows > 0] / rows[rows > 0])
    assert abs(balanced - float(mpcr)) < 1e-6, (balanced, mpcr)
    return {"n": int(ok.sum()), "n_errors": int(errors.sum()), "classes": CLASSES,
            "acc1": repr(float(acc1)), "acc5": repr(float(acc5)), "mean_per_class_recall": repr(float(mpcr)),
            "per_class": per_class}


def main():
    rng = np.random.default_rng(20240611)
    labels, probs, errors = make_table(rng)
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "predictions.csv"), "w") as f:
        f.write("id,label,error," + ",".join("p%d" % c for c in range(CLASSES)) + "\n")
        for i in range(N):
            values = ["" if errors[i] else repr(float(v)) for v in probs[i]]
            f.write("%d,%d,%s,%s\n" % (i, labels[i], "decode: truncated JPEG" if errors[i] else "", ",".join(values)))
    expected = metrics(labels, probs, errors)
    with open(os.path.join(OUT, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)
        f.write("\n")
    print("acc1 %s acc5 %s mpcr %s over %d images (%d errors)" % (expected["acc1"], expected["acc5"],
          expected["mean_per_class_recall"], expected["n"], expected["n_errors"]))


if __name__ == "__main__":
    main()
