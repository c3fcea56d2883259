#!/usr/bin/env bash
# Keeping a Delta table current: the first load of N demo images with score --sink delta, an
# --incremental run after 1% new images are added, and an --incremental run with nothing new.
# Prints each run's wall and CPU time, the load average before it, and the bytes the 1%-new run wrote to
# and removed from the table (the add/remove sizes of its commits in the Delta log). Last, the fixed
# cost of any run: an --incremental run with nothing new on a table of one image (a fresh JVM starting
# Spark and Delta, reading the table's state, planning the worklist).
#
#   tools/bench/lake_incremental.sh [N (default 100000)] [WORK (default target/bench/lake)]
#
# Needs the built job (mvn -B -pl job -am package -DskipTests). Not part of mvn verify.
set -euo pipefail

n=${1:-100000}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(realpath -m "${2:-$root/target/bench/lake}")
launcher="$root/submit/clip-batch"
model="$root/models/clip-tiny-shapes"
table="$work/table"
images="$work/data/images"
new=$((n / 100))

rm -rf "$work"
mkdir -p "$work"
"$launcher" demo-data --output "$work/data" --n "$n" > /dev/null
"$launcher" demo-data --output "$work/extra" --n "$new" --seed 8 > /dev/null

# One run: the load average before it, its wall and CPU (user + sys) time, and its summary line.
# On a shared machine the CPU time is the figure to compare: the wall time follows the load.
timed_score() {
  local label=$1; shift
  timed_score_into "$table" "$images" "$label" "$@"
}

timed_score_into() {
  local table=$1 images=$2 label=$3; shift 3
  local load wall user sys TIMEFORMAT='%R %U %S'
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  { time "$launcher" score --model "$model" --input "$images" --output "$table" --sink delta "$@" \
      2> "$work/$label.err" > /dev/null; } 2> "$work/$label.time"
  read -r wall user sys < "$work/$label.time"
  printf '%-12s wall %7.1f s  CPU %7.1f s  load before %s  %s\n' "$label" "$wall" "$(echo "$user + $sys" | bc)" \
    "$load" "$(grep '^clip-batch: ' "$work/$label.err" | tail -1)"
}

# The table's newest version: what a run's commits are counted from.
latest_version() {
  ls "$table/_delta_log" | grep -E '^[0-9]{20}\.json$' | sort | tail -1 | sed 's/\.json$//; s/^0*//; s/^$/0/'
}

echo "images: $n (+ $new new); $(nproc) cores; $(date -u +%Y-%m-%dT%H:%M:%SZ)"
timed_score first-load
before=$(latest_version)

# 1% new images, under names the first load did not have.
for file in "$work/extra/images"/*; do
  cp -p "$file" "$images/new-$(basename "$file")"
done
timed_score one-percent --incremental
after=$(latest_version)

/usr/bin/python3 - "$table/_delta_log" "$before" "$after" <<'EOF'
import json, sys, os
log, before, after = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
added = removed = files_added = files_removed = 0
metrics = []
for version in range(before + 1, after + 1):
    with open(os.path.join(log, "%020d.json" % version)) as f:
        for line in f:
            action = json.loads(line)
            if "add" in action:
                added += action["add"]["size"]; files_added += 1
            if "remove" in action:
                removed += action["remove"].get("size", 0); files_removed += 1
            if "commitInfo" in action:
                info = action["commitInfo"]
                metrics.append("v%d %s %s" % (version, info.get("operation"),
                               json.dumps(info.get("operationMetrics", {}), sort_keys=True)))
print("one-percent  commits v%d..v%d: %d files / %d bytes added, %d files / %d bytes removed (rewritten)"
      % (before + 1, after, files_added, added, files_removed, removed))
for m in metrics:
    print("  " + m)
EOF

timed_score nothing-new --incremental
echo "table versions: before 1%-new v$before, after v$after, after nothing-new v$(latest_version)"
du -sb "$table" | awk '{print "table size: " $1 " bytes"}'

one="$work/one/images"
mkdir -p "$one"
cp -p "$(find "$images" -maxdepth 1 -type f | sort | head -n 1)" "$one/"
timed_score_into "$work/one/table" "$one" one-image-first > /dev/null
timed_score_into "$work/one/table" "$one" fixed-cost --incremental
