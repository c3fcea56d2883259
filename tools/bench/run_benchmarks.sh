#!/usr/bin/env bash
# Every figure of docs/benchmarks.md, in one session: the Pillow + torchvision reference and clip-batch
# alternate, REPEAT times, on the same generated images, then summarize.py prints the table of medians
# and ratios. Nothing else heavy should run on the machine meanwhile.
#
#   tools/bench/run_benchmarks.sh [RESULTS_DIR]
#   REPEAT=3 SECONDS_PER_STAGE=6 SCALING=1000,10000,100000 by default; PREPROCESS_ONLY=1 skips the model runs.
#
# Needs Java 17 + Maven, and Debian's python3-pil, python3-torch, python3-torchvision, python3-skimage.
# libjpeg-turbo's TurboJPEG library (Debian libturbojpeg0) is used when installed; the pure-Java
# figures are measured either way.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
out=${1:-target/bench/results}
repeat=${REPEAT:-3}
seconds=${SECONDS_PER_STAGE:-6}
scaling=${SCALING:-1000,10000,100000}
images=target/bench/images
vit=target/bench/models/vit-b32-random
tiny=core/src/test/resources/models/tiny-clip-immich
mkdir -p "$out"

[[ -d $images/camera ]] || /usr/bin/python3 tools/bench/make_image_sets.py
[[ -f $vit/visual/model.onnx ]] || /usr/bin/python3 tools/bench/make_vit_b32.py
mvn -B -q -DskipTests -pl job -am package
bench() { submit/clip-batch bench --seconds "$seconds" --warmup 2 "$@"; }

{
  date -u +"date: %Y-%m-%dT%H:%M:%SZ"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "pillow: $(/usr/bin/python3 -c 'import PIL, torch, torchvision; print(PIL.__version__, torch.__version__, torchvision.__version__)')"
  echo "libturbojpeg: $(dpkg-query -W -f='${Version}' libturbojpeg0 2>/dev/null || echo absent)"
} > "$out/machine.txt"

for r in $(seq "$repeat"); do
  for set in imagenet camera; do
    for stage in decode preprocess; do
      /usr/bin/python3 tools/bench/pillow_baseline.py --images "$images/$set" --stage "$stage" \
        --min-seconds "$seconds" >> "$out/$set-pillow.jsonl"
    done
    bench --images "$images/$set" --stages decode,exact,fast --json "$out/$set-clipbatch.jsonl"
    bench --images "$images/$set" --stages decode,exact,fast --pure-java-jpeg --json "$out/$set-purejava.jsonl"
  done
  [[ -n "${PREPROCESS_ONLY:-}" ]] || bench --images "$images/imagenet" --model "$vit" --stages ort,pipeline \
    --pipeline-images 256 --json "$out/vit-b32.jsonl"
done
[[ -n "${PREPROCESS_ONLY:-}" ]] || bench --images "$images/small" --model "$tiny" --stages scaling \
  --scaling-counts "$scaling" --json "$out/scaling.jsonl"
/usr/bin/python3 tools/bench/summarize.py "$out"
