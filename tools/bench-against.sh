#!/usr/bin/env bash
# Same-run JMH comparison of this checkout against an earlier commit: builds the earlier commit's benchmarks.jar in a
# temporary git worktree, then runs the two jars alternately (earlier, current, earlier, current, ...), because this
# project's VMs drift by up to 1.6x within minutes and only alternating runs compare fairly (BENCHMARKS.md).
#
#   tools/bench-against.sh REV ROUNDS JMH-ARGS...
#   tools/bench-against.sh 677e2d3 2 "AffinityScoreBenchmark.score" -p d=64,256,2048 -p threads=1,2
#
# Results: one JMH JSON file per jar and round in bench-against-<REV>/, and the score lines on stdout. Nothing is
# installed into ~/.m2 (both builds are reactor builds).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rev="${1:?usage: tools/bench-against.sh REV ROUNDS JMH-ARGS...}"
rounds="${2:?usage: tools/bench-against.sh REV ROUNDS JMH-ARGS...}"
shift 2
out="$root/bench-against-$rev"
work="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
mkdir -p "$out"
git -C "$root" worktree add --detach "$work/old" "$rev" >/dev/null
(cd "$work/old" && mvn -B -q -DskipTests -pl nlsig-bench -am package)
cp "$work/old/nlsig-bench/target/benchmarks.jar" "$out/benchmarks-$rev.jar"
(cd "$root" && mvn -B -q -DskipTests -pl nlsig-bench -am package)
cp "$root/nlsig-bench/target/benchmarks.jar" "$out/benchmarks-current.jar"
for round in $(seq 1 "$rounds"); do
  for which in "$rev" current; do
    echo "=== round $round, $which, $(date -u +%H:%M:%S) UTC, load $(cut -d' ' -f1 /proc/loadavg)"
    java -jar "$out/benchmarks-$which.jar" "$@" -rf json -rff "$out/jmh-$which-$round.json" 2>&1 \
      | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)'
  done
done
