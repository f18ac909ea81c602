#!/usr/bin/env bash
# The study benchmark: 4 small models (tools/make_study_models.py) x 2 datasets (the demo's Fashion-MNIST sample and
# random data) as one nlsig study, run sequentially (one run after the other, --threads CORES) and with Spark
# (--spark local[CORES], --threads 1 per task) alternately in the same session, because this project's VMs drift
# within minutes and only alternating runs compare fairly (BENCHMARKS.md). Prints each run's wall time, the median of
# each mode and their ratio, and the per-batch cost of a sequential run for estimates.
#
#   tools/bench_study.sh [ROUNDS] [CORES] [BATCHES]      # defaults: 3 rounds, 2 cores, 8 batches of 128 per run
#
# Builds nlsig.jar and nlsig-spark.jar with a reactor package build (nothing is installed into ~/.m2); the work
# folder is bench-study/ in the checkout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-3}"
cores="${2:-2}"
batches="${3:-8}"
work="$root/bench-study"
mkdir -p "$work/models" "$work/data"
(cd "$root" && mvn -B -q -o -DskipTests -pl nlsig-cli,nlsig-spark -am package)
/usr/bin/python3 "$root/tools/make_study_models.py" "$work/models" >/dev/null
jar="$root/nlsig-cli/target/nlsig.jar"
for f in images-idx3-ubyte labels-idx1-ubyte; do
  [ -f "$work/data/fmnist-$f" ] || unzip -p "$jar" "org/nlsig/cli/demo/fashion-mnist-test-2048-$f.gz" \
    | gunzip > "$work/data/fmnist-$f"
done
{
  echo "name,model,data,batch_size,batches,mean,std,family,dataset"
  for m in cnn8_relu cnn16_relu cnn8_gelu cnn16_silu; do
    echo "$m-fmnist,models/$m.onnx,\"idx:data/fmnist-images-idx3-ubyte,data/fmnist-labels-idx1-ubyte\",128,$batches,0.2860,0.3530,cnn,fashion-mnist"
    echo "$m-random,models/$m.onnx,\"random:1x28x28,n=2048,seed=7\",128,$batches,,,cnn,random"
  done
} > "$work/study.csv"
# Spark 4 on Java 17 needs these (nlsig-spark's pom.xml: spark.jvm.options)
opts="$(sed -n 's:.*<spark.jvm.options>\(.*\)</spark.jvm.options>.*:\1:p' "$root/nlsig-spark/pom.xml")"
cp="$jar:$root/nlsig-spark/target/nlsig-spark.jar:$root/nlsig-spark/target/lib/*"
run() { # MODE ROUND -> seconds
  local out="$work/out-$1-$2"
  rm -rf "$out"
  local args=(study "$work/study.csv" --out "$out")
  if [ "$1" = spark ]; then args+=(--spark "local[$cores]" --threads 1); else args+=(--threads "$cores"); fi
  local t0 t1
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  java $opts -Dlog4j2.level=warn -cp "$cp" org.nlsig.cli.NlsigCommand "${args[@]}" >"$out.log" 2>&1 \
    || { echo "study failed, see $out.log" >&2; exit 1; }
  t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc
}
seq_times=(); spark_times=()
for r in $(seq 1 "$rounds"); do
  s=$(run sequential "$r"); seq_times+=("$s")
  p=$(run spark "$r"); spark_times+=("$p")
  printf 'round %d: sequential %.1f s, spark local[%d] %.1f s (load %s)\n' "$r" "$s" "$cores" "$p" \
    "$(cut -d' ' -f1 /proc/loadavg)"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms=$(median "${seq_times[@]}"); mp=$(median "${spark_times[@]}")
printf 'median: sequential %.1f s, spark local[%d] %.1f s, spark/sequential %.2f\n' "$ms" "$cores" "$mp" \
  "$(echo "$mp / $ms" | bc -l)"
# per-batch cost: the sequential study's wall time over its batches (8 runs)
printf 'sequential: %.3f s per batch of 128 (%d runs x %d batches, JVM start and report included)\n' \
  "$(echo "$ms / (8 * $batches)" | bc -l)" 8 "$batches"
