# Sourced by the benchmark scripts (run.sh, timestamping.sh): from the project's root, checks that
# the benchmarks jar was built and sets
#   jar   the jar (BENCH_JAR runs another copy, e.g. one copied aside while a build rewrites target/)
#   java  the java launcher (JAVA_HOME's when set)
#   out   benchmarks/results, where the merged JSON goes
#   work  a temporary folder for JMH's JSON, removed when the script exits
jar=${BENCH_JAR:-benchmarks/target/benchmarks.jar}
[[ -f $jar ]] || { echo "no $jar: run ./mvnw -B -DskipTests package first" >&2; exit 1; }
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=benchmarks/results
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
