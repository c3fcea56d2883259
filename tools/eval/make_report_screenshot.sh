#!/usr/bin/env bash
# Renders docs/report-screenshot.png: `clip-batch tables` on the eval fixtures (the tiny random CLIP,
# a copy of it with another normalisation, and their ensemble), then headless Chromium
# (Debian's `chromium`) on the self-contained report.html. Needs a built project (mvn -B package).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fixtures=job/src/test/resources/eval/fixtures
cp -r core/src/test/resources/models/tiny-clip-immich "$work/tiny-clip-shifted"
sed -i 's/"mean": \[[^]]*\]/"mean": [0.5, 0.5, 0.5]/' "$work/tiny-clip-shifted/visual/preprocess_cfg.json"
submit/clip-batch tables --device cpu \
    --models "tiny-clip=core/src/test/resources/models/tiny-clip-immich,tiny-shifted=$work/tiny-clip-shifted" \
    --ensemble "ensemble=core/src/test/resources/models/tiny-clip-immich:1,$work/tiny-clip-shifted:3" \
    --datasets "cars=$fixtures/cars,wds=$fixtures/wds,folders=$fixtures/folders" \
    --reference-name tiny-clip=ViT-B/32 --output "$work/report"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update \
    --disable-sync --no-first-run --user-data-dir="$work/chromium" --hide-scrollbars \
    --screenshot="$PWD/docs/report-screenshot.png" --window-size=1200,1600 "file://$work/report/report.html"
