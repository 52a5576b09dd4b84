#!/usr/bin/env bash
# Parse + solve benchmark for the STEG front end and the layout solver.
#  1. in-process, warm JVM (JMH): the figure for toolchains that embed RACE;
#  2. cold, whole process: `race layout` on the same generated file, as a user runs it
#     (JVM start-up and JIT warm-up included), median of 5 runs, with peak RSS.
# Usage: bench/parse-solve.sh [TYPES]   (default 100000). Build first: mvn -B install -DskipTests
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
types="${1:-100000}"
jar="$root/race-bench/target/race-benchmarks.jar"
[ -f "$jar" ] || { echo "build first: mvn -B install -DskipTests" >&2; exit 2; }
out="$root/bench/out"; mkdir -p "$out"
steg="$out/bench-$types.steg"
java -cp "$jar" dev.race.bench.StegWorkload "$types" "$steg" 42
echo "workload: $types types, $(wc -c < "$steg") bytes, $(wc -l < "$steg") lines"

echo "== cold: bin/race layout --json (whole process, 5 runs)"
for i in 1 2 3 4 5; do
  /usr/bin/time -f "%e s %M KiB" "$root/bin/race" layout --json -o "$out/layout.json" "$steg" 2>&1 | tail -1
done | sort -n | tee "$out/cold.txt"
echo "median: $(sed -n 3p "$out/cold.txt")"

echo "== warm (JMH, in-process)"
java -jar "$jar" ParseSolveBenchmark -p types="$types" -rf text -rff "$out/jmh.txt" | tail -6
