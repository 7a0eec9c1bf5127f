#!/usr/bin/env bash
# Runs the headline benchmarks at 1 and 2 threads with the GC profiler, then merges the JSON into
# benchmarks/results/latest.json and rewrites the results section of docs/benchmarks.md.
#
#   ./mvnw -B -DskipTests package && benchmarks/run.sh
#
# About 12 minutes on 2 cores. Quiet the machine first: every benchmark shares its cores with
# whatever else runs. The defaults can be changed through the environment, for example
# BENCH_FORKS=2 BENCH_ITERATIONS=5 for tighter errors, or BENCH_WARMUPS=0 BENCH_SDK_WARMUPS=0
# BENCH_ITERATIONS=1 BENCH_TIME=200ms for a quick check that everything runs. Further arguments go
# to JMH unchanged (options other than those: JMH refuses an option given twice).
# BENCH_JAR runs another copy of the jar.
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/jmh-env.sh
primitives='^io\.mshield\.benchmarks\.(RawSignatureBenchmark|SunEcBenchmark|CmsBenchmark|TwoPartyBenchmark|PhoneSideBenchmark)\.'
# The SDK's path runs much more code than a primitive: the JIT needs longer before it settles.
sdk='^io\.mshield\.benchmarks\.SdkSigningBenchmark\.'
inputs=()
for threads in 1 2; do
  for set in primitives sdk; do
    # the SDK's path as a bank runs it by default, with a time-stamp token in every evidence;
    # benchmarks/timestamping.sh compares it with the path without one
    if [[ $set == sdk ]]; then pattern=$sdk warmups=${BENCH_SDK_WARMUPS:-6} only=(-p timeStamping=token); else pattern=$primitives warmups=${BENCH_WARMUPS:-2} only=(); fi
    "$java" -jar "$jar" "$pattern" "${only[@]}" \
      -t "$threads" -f "${BENCH_FORKS:-1}" -wi "$warmups" -w "${BENCH_TIME:-2s}" \
      -i "${BENCH_ITERATIONS:-3}" -r "${BENCH_TIME:-2s}" -prof gc \
      -jvmArgsAppend "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn" \
      -rf json -rff "$work/$set-t$threads.json" "$@"
    inputs+=("$work/$set-t$threads.json")
  done
done
"$java" -cp "$jar" io.mshield.benchmarks.Report "$out/latest.json" docs/benchmarks.md "${inputs[@]}"
echo "wrote $out/latest.json and docs/benchmarks.md"
