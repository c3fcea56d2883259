#!/usr/bin/env bash
# Spark GPU discovery script: prints the GPUs this executor (or Worker) may use as the JSON that
# Spark's resource scheduling reads, e.g. {"name":"gpu","addresses":["0","1"]}.
#
# Each address is a CUDA device index as nvidia-smi numbers it. clip-batch opens its ONNX Runtime
# session on the address Spark gives each task (spark.task.resource.gpu.amount), so a task's
# address is its CUDA device id. Containers (YARN with GPU isolation, Kubernetes with the NVIDIA
# device plugin) show only their own GPUs, numbered from 0, which is what CUDA numbers them too.
#
# Use it with:
#   --conf spark.executor.resource.gpu.amount=1
#   --conf spark.executor.resource.gpu.discoveryScript=./gpu-discovery.sh   (ship it: --files)
#   --conf spark.task.resource.gpu.amount=1
# and on standalone Workers: spark.worker.resource.gpu.amount / .discoveryScript.
set -euo pipefail

# With CUDA_VISIBLE_DEVICES set, CUDA renumbers the devices it shows from 0, whatever their
# physical indices (nvidia-smi ignores the variable): the addresses are then 0 .. count-1.
if [[ -n "${CUDA_VISIBLE_DEVICES+set}" ]]; then
  indices=""
  count=0
  IFS=, read -ra visible <<< "${CUDA_VISIBLE_DEVICES}"
  for device in "${visible[@]}"; do
    [[ -n "${device// /}" && "$device" != "-1" ]] || continue
    indices+="$count "
    count=$((count + 1))
  done
elif command -v nvidia-smi >/dev/null 2>&1; then
  indices=$(nvidia-smi --query-gpu=index --format=csv,noheader 2>/dev/null | tr -d ' \r' | tr '\n' ' ')
else
  indices=""
fi

addresses=""
for index in $indices; do
  addresses+="${addresses:+,}\"$index\""
done
printf '{"name":"gpu","addresses":[%s]}\n' "$addresses"
