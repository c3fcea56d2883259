#!/usr/bin/env bash
# clip-batch as a one-time Databricks job run (Jobs API 2.1 through the databricks CLI). The job jar
# and ONNX Runtime are cluster libraries; the model sits on a Unity Catalog volume, which every node
# reads at /Volumes/...
#   CLIPBATCH_JAR=/Volumes/main/default/jars/clip-batch-job-0.1.0-shaded.jar \
#   CLIPBATCH_MODEL_DIR=/Volumes/main/default/models/ViT-B-32__openai \
#       submit/recipes/databricks.sh --input s3a://lake/manifest/ --output s3a://lake/clip/
# GPU runtimes (the "-gpu-ml-" Spark versions on g5/g6 nodes) configure GPU scheduling themselves:
# one GPU per worker, spark.task.resource.gpu.amount set; ONNX Runtime's GPU build comes from Maven.
# clip-batch needs Java 17: JNAME=zulu17-ca-amd64 selects it on runtimes 13 to 15.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require CLIPBATCH_JAR "the job jar on a volume or in DBFS"
require CLIPBATCH_MODEL_DIR "the model bundle directory on a volume"

if [[ "$gpu" == 1 ]]; then
  spark_version=${CLIPBATCH_DATABRICKS_RUNTIME:-15.4.x-gpu-ml-scala2.12}
  node_type=${CLIPBATCH_DATABRICKS_NODE:-g5.xlarge}
else
  spark_version=${CLIPBATCH_DATABRICKS_RUNTIME:-15.4.x-scala2.12}
  node_type=${CLIPBATCH_DATABRICKS_NODE:-m6i.2xlarge}
fi
json_strings() {
  local first=1 item
  for item in "$@"; do
    [[ $first == 1 ]] || printf ','
    first=0
    printf '"%s"' "$(printf '%s' "$item" | sed 's/\\/\\\\/g; s/"/\\"/g')"
  done
}
# Databricks ships Delta; Iceberg's Spark runtime is a cluster library, like ONNX Runtime.
iceberg_library=""
if [[ "$(sink_packages "${score_args[@]}")" == ",$(iceberg_coordinate)" ]]; then
  iceberg_library=", {\"maven\": {\"coordinates\": \"$(iceberg_coordinate)\"}}"
fi
parameters=$(json_strings score --model "$CLIPBATCH_MODEL_DIR" $(device_args) "${score_args[@]}")
run=$(cat <<JSON
{
  "run_name": "clip-batch score",
  "tasks": [{
    "task_key": "score",
    "spark_jar_task": {"main_class_name": "io.clipbatch.job.cli.ClipBatch", "parameters": [$parameters]},
    "libraries": [{"jar": "$CLIPBATCH_JAR"},
                  {"maven": {"coordinates": "$(ort_package)"}}$iceberg_library],
    "new_cluster": {
      "spark_version": "$spark_version",
      "node_type_id": "$node_type",
      "num_workers": $executors,
      "spark_conf": {"spark.sql.parquet.compression.codec": "zstd", "spark.task.maxFailures": "8"},
      "spark_env_vars": {"JNAME": "zulu17-ca-amd64"}
    }
  }]
}
JSON
)
run_or_print databricks jobs submit --json "$run"
