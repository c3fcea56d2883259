# Shared by the clip-batch launcher and recipes/common.sh; sourced, not run.

# CLIPBATCH_DRY_RUN=1 prints the final command (shell-quoted, one line) and exits 0 instead of
# running it. Callers may set dry_run=1 themselves (the recipes' --dry-run).
dry_run=${CLIPBATCH_DRY_RUN:-0}
run_or_print() {
  if [[ "$dry_run" == 1 ]]; then
    printf '%q ' "$@"
    echo
    exit 0
  fi
  exec "$@"
}

# ONNX Runtime reaches the executors as a Maven package (or --jars with a copy) and is never
# shaded into the job jar: the CPU build, or the CUDA 12 + cuDNN 9 build for GPU executors.
# Which one is the caller's choice: the launcher takes CLIPBATCH_ORT_ARTIFACT, the recipes
# CLIPBATCH_GPU=1 (which also turns on GPU scheduling and --device cuda).
ort_version=${CLIPBATCH_ORT_VERSION:-1.29.0}
ort_cpu_artifact=onnxruntime
ort_gpu_artifact=onnxruntime_gpu
# ort_coordinate ARTIFACT: the artifact's Maven coordinate at ort_version.
ort_coordinate() {
  echo "com.microsoft.onnxruntime:$1:$ort_version"
}

# Lake table formats reach the executors as packages too, only when score's --sink asks for one.
# Apache Iceberg's runtime exists for Spark 3.5 / Scala 2.12 only (the Spark 4 build refuses --sink iceberg).
iceberg_version=${CLIPBATCH_ICEBERG_VERSION:-1.10.1}
# sink_packages ARGS...: the packages (comma-separated, maybe none) that the --sink among ARGS needs.
sink_packages() {
  local sink=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --sink) sink=${2:-}; shift ;;
      --sink=*) sink=${1#--sink=} ;;
    esac
    shift
  done
  case "$sink" in
    iceberg) echo "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:$iceberg_version" ;;
  esac
}
# job_packages ORT_ARTIFACT ARGS...: ONNX Runtime's package, then those of the --sink among ARGS.
job_packages() {
  local ort extra
  ort=$(ort_coordinate "$1")
  shift
  extra=$(sink_packages "$@")
  echo "$ort${extra:+,$extra}"
}
