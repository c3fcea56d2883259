# Shared by the recipes in this folder; sourced, not run.
#
# Every recipe prints its final command instead of running it when CLIPBATCH_DRY_RUN=1 (or when
# its first argument is --dry-run), and passes its remaining arguments to `clip-batch score`.
#
# Settings every recipe reads (environment):
#   CLIPBATCH_JAR          the shaded job jar (a local path, or s3://, gs://, dbfs:/ where the platform wants it)
#   CLIPBATCH_GPU=1        GPU executors: ONNX Runtime's CUDA build, GPU resource scheduling, --device cuda
#   CLIPBATCH_EXECUTORS    executors (default 2); CLIPBATCH_EXECUTOR_CORES cores each (default 4)
#   CLIPBATCH_EXECUTOR_MEMORY (default 8g)
#   CLIPBATCH_ORT_VERSION  ONNX Runtime's version (default in ../lib.sh, shared with the launcher)
# Credentials are never taken as arguments: use the platform's roles or its credential providers.

recipes_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
clipbatch_root=$(cd "$recipes_dir/../.." && pwd)
# run_or_print and dry_run (CLIPBATCH_DRY_RUN), ort_version (CLIPBATCH_ORT_VERSION), ort_coordinate.
source "$recipes_dir/../lib.sh"

executors=${CLIPBATCH_EXECUTORS:-2}
executor_cores=${CLIPBATCH_EXECUTOR_CORES:-4}
executor_memory=${CLIPBATCH_EXECUTOR_MEMORY:-8g}
gpu=${CLIPBATCH_GPU:-0}
if [[ "${1:-}" == --dry-run ]]; then
  dry_run=1
  shift
fi
score_args=("$@")

# ONNX Runtime's build follows CLIPBATCH_GPU: the CUDA 12 + cuDNN 9 one on GPU executors.
ort_artifact() {
  if [[ "$gpu" == 1 ]]; then echo "$ort_gpu_artifact"; else echo "$ort_cpu_artifact"; fi
}
ort_package() {
  ort_coordinate "$(ort_artifact)"
}
# What --packages gets: ONNX Runtime, and the table format that --sink asks for (Databricks ships Delta).
job_packages() {
  echo "$(ort_package)$(sink_packages "${score_args[@]}")"
}

job_jar() {
  if [[ -n "${CLIPBATCH_JAR:-}" ]]; then
    echo "$CLIPBATCH_JAR"
  else
    ls "$clipbatch_root"/job/target/clip-batch-job-*-shaded.jar 2>/dev/null | head -n 1 \
      || echo "$clipbatch_root/job/target/clip-batch-job-shaded.jar"
  fi
}

# Spark settings for GPU executors: one GPU per executor, shared by its tasks, each task's CUDA
# device being the GPU address Spark gives it (found by gpu-discovery.sh).
gpu_confs() {
  [[ "$gpu" == 1 ]] || return 0
  local discovery=${1:-./gpu-discovery.sh}
  printf '%s\n' \
    "spark.executor.resource.gpu.amount=1" \
    "spark.task.resource.gpu.amount=$(awk -v c="$executor_cores" 'BEGIN { printf "%g", 1 / c }')" \
    "spark.executor.resource.gpu.discoveryScript=$discovery"
}

# Executor settings that matter for clip-batch on any cluster manager (see conf/spark-defaults.conf).
common_confs() {
  printf '%s\n' \
    "spark.executor.cores=$executor_cores" \
    "spark.executor.memory=$executor_memory" \
    "spark.task.maxFailures=8" \
    "spark.excludeOnFailure.enabled=true" \
    "spark.sql.parquet.compression.codec=zstd" \
    "spark.hadoop.fs.s3a.connection.maximum=$((executor_cores * 8 + 16))" \
    "spark.hadoop.fs.s3a.threads.max=$((executor_cores * 4 + 8))" \
    "spark.hadoop.fs.s3a.attempts.maximum=10" \
    "spark.hadoop.fs.s3a.retry.limit=10"
}

# cluster_confs DISCOVERY [KEY=VALUE ...]: lines of KEY=VALUE, common_confs, then gpu_confs DISCOVERY,
# then the extra settings given.
cluster_confs() {
  common_confs
  gpu_confs "$1"
  shift
  [[ $# -eq 0 ]] || printf '%s\n' "$@"
}

# --conf KEY=VALUE pairs for spark-submit from lines of KEY=VALUE.
as_conf_flags() {
  local line
  while IFS= read -r line; do
    if [[ -n "$line" ]]; then
      printf '%s\n' --conf "$line"
    fi
  done
}

# cluster_conf_flags ARRAY DISCOVERY [KEY=VALUE ...]: sets the array named ARRAY to spark-submit's
# --conf flags for cluster_confs DISCOVERY [KEY=VALUE ...].
cluster_conf_flags() {
  local -n _conf_flags=$1
  shift
  mapfile -t _conf_flags < <(cluster_confs "$@" | as_conf_flags)
}

# --device for score, unless the arguments already choose one.
device_args() {
  local arg
  for arg in "${score_args[@]}"; do
    [[ "$arg" == --device || "$arg" == --device=* ]] && return 0
  done
  if [[ "$gpu" == 1 ]]; then echo "--device cuda"; else echo "--device cpu"; fi
}

require() {
  local name=$1
  if [[ -z "${!name:-}" ]]; then
    echo "clip-batch recipe: set $name (${2})" >&2
    exit 2
  fi
}
