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

# Lake-table formats are provided the same way, only when score asks for one (--sink delta or iceberg).
# CLIPBATCH_SPARK_LINE=4 picks the Spark 4.2 / Scala 2.13 build (default 3: Spark 3.5 / Scala 2.12).
delta_coordinate() {
  if [[ "${CLIPBATCH_SPARK_LINE:-3}" == 4 ]]; then
    echo "io.delta:delta-spark_2.13:4.4.0"
  else
    echo "io.delta:delta-spark_2.12:3.3.2"
  fi
}
# Apache Iceberg's Spark runtime exists for Spark 3.5 / Scala 2.12 only: the Spark 4 build refuses --sink iceberg.
iceberg_coordinate() {
  echo "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:${CLIPBATCH_ICEBERG_VERSION:-1.10.1}"
}
# sink_packages ARGS...: ",COORDINATE" for the table format the command-line arguments ask for, or nothing:
# a --sink, or an --embeddings table that can be told from here (a local folder holding _delta_log, or a
# catalog.db.table name; a Delta table on an object store needs --packages from the user).
sink_packages() {
  local previous=""
  for arg in "$@"; do
    if [[ "$previous" == --embeddings ]]; then
      arg="--embeddings=$arg"
    fi
    if [[ "$arg" == --embeddings=* ]]; then
      local table=${arg#--embeddings=}
      if [[ -d "$table/_delta_log" ]]; then
        echo ",$(delta_coordinate)"
        return
      fi
      if [[ "$table" =~ ^[^/:.]+\.[^/:.]+\.[^/:]+$ && ! -e "$table" ]]; then
        echo ",$(iceberg_coordinate)"
        return
      fi
    fi
    if [[ "$arg" == --sink=delta || ( "$previous" == --sink && "$arg" == delta ) ]]; then
      echo ",$(delta_coordinate)"
      return
    fi
    if [[ "$arg" == --sink=iceberg || ( "$previous" == --sink && "$arg" == iceberg ) ]]; then
      echo ",$(iceberg_coordinate)"
      return
    fi
    previous=$arg
  done
}
