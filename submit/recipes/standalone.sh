#!/usr/bin/env bash
# clip-batch on a Spark standalone cluster.
#   CLIPBATCH_MASTER=spark://master:7077 submit/recipes/standalone.sh --model /shared/models/ViT-B-32__openai \
#       --input s3a://lake/manifest/ --output s3a://lake/clip/
# GPU Workers announce their GPUs themselves, in their spark-defaults.conf (or SPARK_WORKER_OPTS):
#   spark.worker.resource.gpu.amount=N
#   spark.worker.resource.gpu.discoveryScript=/opt/clip-batch/submit/gpu-discovery.sh
# The model bundle must be readable at the same path on every Worker (shared file system or image).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require CLIPBATCH_MASTER "the master URL, spark://host:7077"

cluster_conf_flags confs "$recipes_dir/../gpu-discovery.sh"
run_or_print "${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit" \
  --master "$CLIPBATCH_MASTER" \
  --deploy-mode client \
  --total-executor-cores "$((executors * executor_cores))" \
  --class io.clipbatch.job.cli.ClipBatch \
  --packages "$(job_packages)" \
  "${confs[@]}" \
  "$(job_jar)" score $(device_args) "${score_args[@]}"
