#!/usr/bin/env bash
# clip-batch on Kubernetes (spark-submit in cluster mode). The container image holds Spark, the job
# jar, ONNX Runtime's jar (the GPU build for GPU nodes, with CUDA 12 and cuDNN 9 libraries), the
# discovery script and the model, under /opt/clip-batch:
#   FROM apache/spark:3.5.x-java17   (add CUDA 12 + cuDNN 9 for GPU nodes)
#   COPY job/target/clip-batch-job-*-shaded.jar onnxruntime_gpu-1.29.0.jar submit/gpu-discovery.sh /opt/clip-batch/
#   COPY models/ViT-B-32__openai /opt/clip-batch/model
#   CLIPBATCH_K8S_API=https://k8s.example:6443 CLIPBATCH_IMAGE=registry/clip-batch:0.1 \
#       submit/recipes/kubernetes.sh --input s3a://lake/manifest/ --output s3a://lake/clip/
# GPUs come from the NVIDIA device plugin: spark.executor.resource.gpu.vendor=nvidia.com.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require CLIPBATCH_K8S_API "the Kubernetes API server URL"
require CLIPBATCH_IMAGE "the container image with Spark and clip-batch"

k8s_confs=(
  "spark.executor.instances=$executors"
  "spark.kubernetes.container.image=$CLIPBATCH_IMAGE"
  "spark.kubernetes.namespace=${CLIPBATCH_K8S_NAMESPACE:-default}"
  "spark.kubernetes.authenticate.driver.serviceAccountName=${CLIPBATCH_K8S_SERVICE_ACCOUNT:-spark}"
)
if [[ "$gpu" == 1 ]]; then
  k8s_confs+=("spark.executor.resource.gpu.vendor=nvidia.com")
fi
cluster_conf_flags confs /opt/clip-batch/gpu-discovery.sh "${k8s_confs[@]}"
run_or_print "${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit" \
  --master "k8s://$CLIPBATCH_K8S_API" \
  --deploy-mode cluster \
  --name clip-batch \
  --class io.clipbatch.job.cli.ClipBatch \
  --jars "local:///opt/clip-batch/$(ort_artifact)-$ort_version.jar" \
  "${confs[@]}" \
  "local:///opt/clip-batch/$(basename "$(job_jar)")" score --model /opt/clip-batch/model $(device_args) \
  "${score_args[@]}"
