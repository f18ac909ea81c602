#!/usr/bin/env bash
# Start-up of `nlsig score` (issue 18's target: one pair at n = 512, d = 2048 in <= 0.7 s, whole process), against
# the score alone. Each round runs, alternately, because this VM drifts by up to 1.6x within minutes:
#   launcher   ./nlsig score X.npy Y.npy        (class-data-sharing archive, the launcher's JVM flags for score)
#   plain      java -jar nlsig.jar score X.npy Y.npy   (the JVM's defaults)
#   version    ./nlsig --version                (the fixed part: JVM, class loading, picocli)
#   alone      the score alone, cold, in-process: JMH single shot (no warm-up) in a fresh JVM with the launcher's
#              flags, the arrays made in memory and OpenBLAS loaded before the clock starts
# and prints each variant's times in seconds. The pair is AffinityScoreBenchmark's (ReLU of correlated Gaussian input,
# seed 42), written by org.nlsig.bench.StartupArrays.
#
#   tools/bench-startup.sh [ROUNDS]      (default 5)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-5}"
cd "$root"
./nlsig --version >/dev/null # builds the jar if needed and writes the class-data-sharing archive of --version
[ -f nlsig-bench/target/benchmarks.jar ] || mvn -B -q -DskipTests -pl nlsig-bench -am package
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
java -cp nlsig-bench/target/benchmarks.jar org.nlsig.bench.StartupArrays "$work"
./nlsig score "$work/X.npy" "$work/Y.npy" >/dev/null # writes score's archive (each subcommand has its own)
sleep 1 # the launcher renames a new archive into place just after java has exited
seconds() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); printf "%.3f" "$(echo "($e - $s) / 1000000000" | bc -l)"; }
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:NewRatio=1" # the launcher's, for score
echo "$(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
declare -A times
for round in $(seq 1 "$rounds"); do
  times[launcher]+=" $(seconds ./nlsig score "$work/X.npy" "$work/Y.npy")"
  times[plain]+=" $(seconds java -jar nlsig-cli/target/nlsig.jar score "$work/X.npy" "$work/Y.npy")"
  times[version]+=" $(seconds ./nlsig --version)"
  alone=$(java -jar nlsig-bench/target/benchmarks.jar 'AffinityScoreBenchmark.score$' -p d=2048 -p threads=2 \
    -bm ss -wi 0 -i 1 -f 1 -tu ms -jvmArgsAppend "$flags" 2>&1 | awk '/^AffinityScoreBenchmark.score/ {print $(NF-1)}')
  times[alone]+=" $(printf "%.3f" "$(echo "$alone / 1000" | bc -l)")"
done
echo "load at the end $(cut -d' ' -f1 /proc/loadavg)"
for v in launcher plain version alone; do echo "$v:${times[$v]}"; done
