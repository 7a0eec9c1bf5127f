#!/usr/bin/env bash
# What a signature-time-stamp token costs on the payment path (issue 16 item 6):
#  1. TimeStampingBenchmark: the SDK's payment path with and without a token, interleaved payment
#     by payment in one JVM (SM2 and P-256, in memory and on H2), one thread;
#  2. TimeStampBenchmark: the token's parts, interleaved call by call (a signature by a key like the
#     unit's, the token, the token added to an evidence CMS).
# Both count this thread's CPU time besides the wall time, which on a loaded machine also holds
# the waits for a core.
# Records the load average before and after, merges JMH's JSON into benchmarks/results/timestamping.json
# and rewrites the "Time-stamping" table of docs/benchmarks.md.
#
#   ./mvnw -B -DskipTests package && benchmarks/timestamping.sh
#
# About 8 minutes on 2 cores under load. BENCH_SDK_WARMUPS, BENCH_WARMUPS, BENCH_ITERATIONS,
# BENCH_TIME and BENCH_SDK_TIME (the measured iterations of the path) change the defaults;
# BENCH_JAR runs another copy of the jar (one copied aside while a build rewrites target/).
set -euo pipefail
cd "$(dirname "$0")/.."
. benchmarks/jmh-env.sh
quiet="-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"
before=$(cut -d' ' -f1-3 /proc/loadavg)
"$java" -jar "$jar" '^io\.mshield\.benchmarks\.TimeStampingBenchmark\.alternate$' \
  -t 1 -f 1 -wi "${BENCH_SDK_WARMUPS:-10}" -w "${BENCH_TIME:-2s}" -i "${BENCH_ITERATIONS:-5}" -r "${BENCH_SDK_TIME:-4s}" \
  -jvmArgsAppend "$quiet" -rf json -rff "$work/path.json"
"$java" -jar "$jar" '^io\.mshield\.benchmarks\.TimeStampBenchmark\.parts$' \
  -t 1 -f 1 -wi "${BENCH_WARMUPS:-5}" -w "${BENCH_TIME:-2s}" -i "${BENCH_ITERATIONS:-5}" -r "${BENCH_TIME:-2s}" \
  -jvmArgsAppend "$quiet" -rf json -rff "$work/token.json"
after=$(cut -d' ' -f1-3 /proc/loadavg)
"$java" -cp "$jar" io.mshield.benchmarks.TimeStampingReport "$out/timestamping.json" docs/benchmarks.md "$before" "$after" \
  "$work/path.json" "$work/token.json"
echo "wrote $out/timestamping.json and docs/benchmarks.md"
