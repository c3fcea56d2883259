#!/usr/bin/env bash
# clip-batch as an EMR step (EMR 7.x: Spark 3.5, Java 17). The jar and the model archive live in S3;
# credentials come from the cluster's instance role, never from arguments.
#   CLIPBATCH_EMR_CLUSTER=j-XXXXXXXX CLIPBATCH_JAR=s3://bucket/clip-batch/clip-batch-job-0.1.0-shaded.jar \
#   CLIPBATCH_MODEL_ARCHIVE=s3://bucket/models/ViT-B-32__openai.tar.gz \
#       submit/recipes/emr.sh --input s3a://lake/manifest/ --output s3a://lake/clip/
# GPU instance types (g5, g6, p4d) with CLIPBATCH_GPU=1: upload submit/gpu-discovery.sh next to the
# jar (CLIPBATCH_DISCOVERY_SCRIPT) and use an EMR release with the NVIDIA drivers (EMR's GPU AMI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require CLIPBATCH_EMR_CLUSTER "the EMR cluster id, j-..."
require CLIPBATCH_JAR "the job jar's s3:// location"
require CLIPBATCH_MODEL_ARCHIVE "the model bundle as a .tar.gz in S3"

submit=(spark-submit --deploy-mode cluster --class io.clipbatch.job.cli.ClipBatch
  --packages "$(job_packages)" --archives "$CLIPBATCH_MODEL_ARCHIVE#model")
if [[ "$gpu" == 1 ]]; then
  require CLIPBATCH_DISCOVERY_SCRIPT "gpu-discovery.sh's s3:// location"
  submit+=(--files "$CLIPBATCH_DISCOVERY_SCRIPT")
fi
cluster_conf_flags confs ./gpu-discovery.sh
submit+=("${confs[@]}" "$CLIPBATCH_JAR" score --model ./model $(device_args) "${score_args[@]}")

# EMR step arguments are one comma-separated list: commas inside an argument cannot be expressed.
for arg in "${submit[@]}"; do
  if [[ "$arg" == *,* ]]; then
    echo "clip-batch recipe: the EMR step argument '$arg' contains a comma; use --steps file://step.json" >&2
    exit 2
  fi
done
step_args=$(IFS=,; echo "${submit[*]:1}")
run_or_print aws emr add-steps --cluster-id "$CLIPBATCH_EMR_CLUSTER" \
  --steps "Type=Spark,Name=clip-batch score,ActionOnFailure=CONTINUE,Args=[$step_args]"
