#!/usr/bin/env bash
# Renders docs/search-screenshot.png and docs/dedup-screenshot.png: the demo's output (submit/clip-batch
# demo), `search --html` and `dedup --html` on its embeddings, then headless Chromium (Debian's
# `chromium`) on the two self-contained pages.
#
#   tools/pictures/make_screenshots.sh             the pages as the commands write them
#   tools/pictures/make_screenshots.sh --pages DIR only the screenshots, of DIR/search.html and DIR/dedup.html
#
# The demo's outputs stay in target/demo, the pages and results in target/pictures.
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-commands}
demo=target/demo
pages=$PWD/target/pictures
queries=(
  "small red square" "large green circle" "small blue triangle" "large yellow diamond"  # seen in training
  "small green circle" "large blue square"                                               # held out of it
)

make_demo() {
  [[ -d "$demo/eval/predictions" ]] || submit/clip-batch demo
}

write_queries() {
  mkdir -p "$pages"
  printf '%s\n' "${queries[@]}" > "$pages/queries.txt"
}

pages_from_commands() {
  rm -rf "$pages" && write_queries
  submit/clip-batch search --embeddings "$demo/eval/predictions" --model models/clip-tiny-shapes \
      --texts "$pages/queries.txt" --top-k 20 --output "$pages/search" --html "$pages/search.html"
  submit/clip-batch dedup --embeddings "$demo/eval/predictions" --threshold 0.95 \
      --output "$pages/dedup" --html "$pages/dedup.html"
}

screenshot() {  # page.html docs/name.png
  local profile
  profile=$(mktemp -d)
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
      --disable-component-update --disable-sync --user-data-dir="$profile" --hide-scrollbars \
      --screenshot="$PWD/$2" --window-size=1280,1400 "file://$1"
  rm -rf "$profile"
}

case "$mode" in
  commands) make_demo && pages_from_commands ;;
  --pages) pages=$(cd "$2" && pwd) ;;
  *) echo "usage: $0 [--pages DIR]" >&2; exit 2 ;;
esac
screenshot "$pages/search.html" docs/search-screenshot.png
screenshot "$pages/dedup.html" docs/dedup-screenshot.png
echo "docs/search-screenshot.png and docs/dedup-screenshot.png from $pages"
