#!/usr/bin/env bash
# The dedup benchmark (docs/benchmarks.md): recall against exact all-pairs, then dedup time on growing counts.
# Usage: tools/bench/dedup.sh [exactN exactWidth width threshold union_find|graphx|both size...]
# CLIPBATCH_DEDUP_SPREAD sets the most clusters a vector goes to (0: the margin rule unbounded).
# Default: 50k all-pairs at width 512, then 100k and 1M at width 128, union-find components.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
[[ -n "${CLIPBATCH_NO_BUILD:-}" ]] || mvn -B -q -DskipTests -pl job -am package >/dev/null
jar=$(ls job/target/clip-batch-job-*-shaded.jar | head -n 1)
args=("$@")
[[ ${#args[@]} -gt 0 ]] || args=(50000 512 128 0.95 union_find 100000 1000000)
exec java "-Xmx${CLIPBATCH_DRIVER_MEMORY:-8g}" -XX:+IgnoreUnrecognizedVMOptions --add-modules=jdk.incubator.vector \
  -Dclipbatch.dedup.spread="${CLIPBATCH_DEDUP_SPREAD:-3}" \
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED \
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED \
  -Dlog4j.configurationFile="$root/conf/log4j2.properties" -Dspark.master="${CLIPBATCH_MASTER:-local[*]}" \
  -Dspark.ui.enabled=false -Dspark.driver.memory="${CLIPBATCH_DRIVER_MEMORY:-8g}" \
  -cp "$jar:$(cat job/target/launcher-classpath.txt)" io.clipbatch.job.bench.DedupBench "${args[@]}"
