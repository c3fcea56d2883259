#!/usr/bin/env bash
# clip-batch on one machine through a Spark installation's spark-submit (SPARK_HOME), all cores.
# Without Spark installed, use submit/clip-batch instead: it runs on Spark from the Maven build.
#   submit/recipes/local.sh --model models/ViT-B-32__openai --input photos/ --output scores/
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

# Local mode has no GPU scheduling: with CLIPBATCH_GPU=1 every task uses CUDA device 0.
run_or_print "${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit" \
  --master "local[*]" \
  --driver-memory "${CLIPBATCH_DRIVER_MEMORY:-8g}" \
  --class io.clipbatch.job.cli.ClipBatch \
  --packages "$(job_packages)" \
  --conf spark.ui.showConsoleProgress=false \
  "$(job_jar)" score $(device_args) "${score_args[@]}"
