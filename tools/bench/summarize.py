#!/usr/bin/python3
"""Medians and ratios from tools/bench/run_benchmarks.sh's results, as the markdown table in docs/benchmarks.md.

    /usr/bin/python3 tools/bench/summarize.py target/bench/results
"""
import json
import statistics
import sys
from pathlib import Path


def load(path):
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] if path.exists() else []


def median(rows, stage, key):
    values = [r[key] for r in rows if r["stage"] == stage]
    return (statistics.median(values), min(values), max(values), len(values)) if values else None


def fmt(m):
    return "n/a" if m is None else f"{m[0]:.1f} (min {m[1]:.1f}, max {m[2]:.1f}, n={m[3]})"


def ratio(a, b):
    return "n/a" if a is None or b is None else f"**{a[0] / b[0]:.2f}x**"


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "target/bench/results")
    print((out / "machine.txt").read_text() if (out / "machine.txt").exists() else "")
    print("| set | stage | reference (Pillow) images/CPU-s | clip-batch images/CPU-s | ratio | wall ratio |")
    print("|---|---|---|---|---|---|")
    for image_set in ["imagenet", "camera"]:
        pillow = load(out / f"{image_set}-pillow.jsonl")
        for tool in ["clipbatch", "purejava"]:
            ours = load(out / f"{image_set}-{tool}.jsonl")
            label = "" if tool == "clipbatch" else " (pure Java)"
            for stage, reference in [("decode", "decode"), ("exact", "preprocess"), ("fast", "preprocess")]:
                p = median(pillow, reference, "per_cpu_second")
                o = median(ours, stage, "per_cpu_second")
                pw = median(pillow, reference, "images_per_second")
                ow = median(ours, stage, "images_per_second")
                print(f"| {image_set} | {stage}{label} | {fmt(p)} | {fmt(o)} | {ratio(o, p)} | {ratio(ow, pw)} |")
    vit = load(out / "vit-b32.jsonl")
    ort = median(vit, "ort", "images_per_second")
    pipe = median(vit, "pipeline", "images_per_second")
    print()
    print("| ViT-B/32 on CPU | images/s (wall) | images/CPU-s |")
    print("|---|---|---|")
    print(f"| ORT alone | {fmt(ort)} | {fmt(median(vit, 'ort', 'per_cpu_second'))} |")
    print(f"| partition pipeline | {fmt(pipe)} | {fmt(median(vit, 'pipeline', 'per_cpu_second'))} |")
    print(f"| pipeline / ORT | {ratio(pipe, ort)} | {ratio(median(vit, 'pipeline', 'per_cpu_second'), median(vit, 'ort', 'per_cpu_second'))} |")
    scaling = [r for r in load(out / "scaling.jsonl") if r["stage"] == "scaling"]
    if scaling:
        print()
        print("| images | seconds | ms/image | CPU-ms/image | marginal ms/image | heap after GC (MB) | peak heap (MB) |")
        print("|---|---|---|---|---|---|---|")
        previous = None
        for r in scaling:
            marginal = "" if previous is None or r["images"] <= previous["images"] else \
                f"{1000 * (r['seconds'] - previous['seconds']) / (r['images'] - previous['images']):.3f}"
            print(f"| {r['images']} | {r['seconds']:.1f} | {r['ms_per_image']:.3f} | {r.get('cpu_ms_per_image', 0):.3f} |"
                  f" {marginal} | {r['heap_after_gc_mb']:.0f} | {r['peak_heap_mb']:.0f} |")
            previous = r
        by_count = {}
        for r in scaling:
            by_count.setdefault(r["images"], []).append(r)
        counts = sorted(by_count)
        first = statistics.median(r["ms_per_image"] for r in by_count[counts[0]])
        last = statistics.median(r["ms_per_image"] for r in by_count[counts[-1]])
        print(f"\ntime per image, {counts[-1]} vs {counts[0]} images (medians): **{last / first:.2f}x**")
        if all("cpu_ms_per_image" in r for r in scaling):
            first = statistics.median(r["cpu_ms_per_image"] for r in by_count[counts[0]])
            last = statistics.median(r["cpu_ms_per_image"] for r in by_count[counts[-1]])
            print(f"CPU time per image, {counts[-1]} vs {counts[0]} images (medians): **{last / first:.2f}x**")
        heaps = [r["heap_after_gc_mb"] for r in scaling]
        print(f"heap after GC over the runs: {min(heaps):.0f} to {max(heaps):.0f} MB")


if __name__ == "__main__":
    main()
