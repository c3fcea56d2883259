#!/usr/bin/env bash
# clip-batch as a Dataproc job (image 2.2+: Spark 3.5, Java 17 via dataproc:dataproc.java.version).
# The jar and the model archive live in GCS; gs:// paths need no extra settings, s3a:// ones need
# the S3A keys in a secret-backed property, never on the command line.
#   CLIPBATCH_DATAPROC_CLUSTER=clip CLIPBATCH_REGION=europe-west4 \
#   CLIPBATCH_JAR=gs://bucket/clip-batch/clip-batch-job-0.1.0-shaded.jar \
#   CLIPBATCH_MODEL_ARCHIVE=gs://bucket/models/ViT-B-32__openai.tar.gz \
#       submit/recipes/dataproc.sh --input gs://lake/manifest/ --output gs://lake/clip/
# GPU clusters: create them with --worker-accelerator type=nvidia-l4,count=1 and the GPU driver
# initialization action; with CLIPBATCH_GPU=1 set CLIPBATCH_DISCOVERY_SCRIPT to a gs:// copy of
# submit/gpu-discovery.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require CLIPBATCH_DATAPROC_CLUSTER "the Dataproc cluster name"
require CLIPBATCH_REGION "the cluster's region"
require CLIPBATCH_JAR "the job jar's gs:// location"
require CLIPBATCH_MODEL_ARCHIVE "the model bundle as a .tar.gz in GCS"

files=()
if [[ "$gpu" == 1 ]]; then
  require CLIPBATCH_DISCOVERY_SCRIPT "gpu-discovery.sh's gs:// location"
  files=("--files=$CLIPBATCH_DISCOVERY_SCRIPT")
fi
# Properties are joined with '#' (gcloud's ^#^ delimiter syntax), so values may hold commas.
properties=$(cluster_confs ./gpu-discovery.sh \
  "spark.jars.packages=$(job_packages)" "spark.executor.instances=$executors" | paste -sd'#' -)
run_or_print gcloud dataproc jobs submit spark \
  --cluster="$CLIPBATCH_DATAPROC_CLUSTER" \
  --region="$CLIPBATCH_REGION" \
  --class=io.clipbatch.job.cli.ClipBatch \
  --jars="$CLIPBATCH_JAR" \
  --archives="$CLIPBATCH_MODEL_ARCHIVE#model" \
  "${files[@]}" \
  "--properties=^#^$properties" \
  -- score --model ./model $(device_args) "${score_args[@]}"
