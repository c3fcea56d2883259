#!/usr/bin/env bash
# clip-batch on YARN (Hadoop clusters, and EMR/Dataproc when you submit on the master node).
#   CLIPBATCH_MODEL_ARCHIVE=hdfs:///models/ViT-B-32__openai.tar.gz submit/recipes/yarn.sh \
#       --input s3a://lake/manifest/ --output s3a://lake/clip/
# The bundle travels as an archive that YARN unpacks next to every container as ./model.
# GPUs: YARN must schedule yarn.io/gpu (resource-types.xml); Spark maps spark.executor.resource.gpu
# to it, and the discovery script, shipped with --files, reports the container's GPUs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require CLIPBATCH_MODEL_ARCHIVE "the model bundle as a .tar.gz on HDFS or S3"

files=()
if [[ "$gpu" == 1 ]]; then
  files=(--files "$recipes_dir/../gpu-discovery.sh")
fi
cluster_conf_flags confs ./gpu-discovery.sh
run_or_print "${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit" \
  --master yarn \
  --deploy-mode cluster \
  --num-executors "$executors" \
  --class io.clipbatch.job.cli.ClipBatch \
  --packages "$(job_packages)" \
  --archives "$CLIPBATCH_MODEL_ARCHIVE#model" \
  "${files[@]}" \
  "${confs[@]}" \
  "$(job_jar)" score --model ./model $(device_args) "${score_args[@]}"
