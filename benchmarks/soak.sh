#!/usr/bin/env bash
# The two-node soak on the local PostgreSQL (issue 19 item 4; docs/reliability.md "Soak").
#
#   ./mvnw -B -DskipTests package && benchmarks/soak.sh              # 5 minutes, 2 nodes, 4 customers each
#   benchmarks/soak.sh --seconds 60 --nodes 2 --threads 4 --shields 20 --kill-every 5 --wrong-pins 15 --freezes 5
#
# --wrong-pins and --freezes are the percent of each customer's operations that are wrong PINs
# and staff freeze-and-unfreeze (15 and 5 by default; QR logins are 15 %, payments the rest).
# With many wrong PINs the shields are PIN-locked most of the time: use --wrong-pins 1 for a
# throughput figure. --daily-limit (CNY, 3000.00 by default) is each shield's daily limit; payments
# average 150 CNY, so the default refuses most payments after the first minute: for a throughput
# figure give one the run does not reach, such as 100000000.00.
#
# It creates a fresh database on 127.0.0.1:5432 (user postgres, trust), opens the shields in it
# (Soak setup), starts the nodes as separate JVMs with a HikariCP pool each (Soak node), and every
# few seconds terminates the backend connections of THAT database only — other databases on the
# server are never touched. When the nodes stop it checks the invariants from the database and
# prints throughput, latency and error counts (Soak check); the exit status is 1 when an
# invariant fails. The database is dropped at the end unless --keep is given.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=300 nodes=2 threads=4 shields=20 kill_every=5 keep=0 wrong_pins=15 freezes=5 daily_limit=3000.00
while [[ $# -gt 0 ]]; do
  case $1 in
    --seconds) seconds=$2; shift 2 ;;
    --minutes) seconds=$(( $2 * 60 )); shift 2 ;;
    --nodes) nodes=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --shields) shields=$2; shift 2 ;;
    --kill-every) kill_every=$2; shift 2 ;;
    --wrong-pins) wrong_pins=$2; shift 2 ;;
    --freezes) freezes=$2; shift 2 ;;
    --daily-limit) daily_limit=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
jar=benchmarks/target/benchmarks.jar
[[ -f $jar ]] || { echo "no $jar: run ./mvnw -B -DskipTests package first" >&2; exit 2; }
java=(${JAVA_HOME:+$JAVA_HOME/bin/}java "-Dmshield.soak.dailyLimit=$daily_limit")
psql=(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -v ON_ERROR_STOP=1 -qAt)
db=mssoak_$(date -u +%Y%m%d%H%M%S)_$$
url=jdbc:postgresql://127.0.0.1:5432/$db
work=$(mktemp -d)
node_pids=()
cleanup() {
  for pid in "${node_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [[ $keep == 0 ]]; then "${psql[@]}" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
"${psql[@]}" -c "CREATE DATABASE $db"
echo "soak: database $db, $nodes nodes x $threads customers, $seconds s, backends killed every $kill_every s, $wrong_pins % wrong PINs, $freezes % freezes, daily limit $daily_limit CNY"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
"${java[@]}" -cp "$jar" io.mshield.benchmarks.Soak setup "$url" "$work" "$shields"
for i in $(seq 1 "$nodes"); do
  "${java[@]}" -Xmx512m -cp "$jar" io.mshield.benchmarks.Soak node "$url" "$work" "$i" "$threads" "$seconds" "$wrong_pins" "$freezes" > "$work/node-$i.log" 2>&1 &
  node_pids+=($!)
done
kills=0 rounds=0
alive() { for pid in "${node_pids[@]}"; do kill -0 "$pid" 2>/dev/null && return 0; done; return 1; }
while alive; do
  sleep "$kill_every"
  alive || break
  # only this soak's database, never this session's own backend
  n=$("${psql[@]}" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$db' AND pid <> pg_backend_pid()" || echo 0)
  kills=$(( kills + n )); rounds=$(( rounds + 1 ))
done
status=0
for i in "${!node_pids[@]}"; do
  wait "${node_pids[$i]}" || { echo "node $(( i + 1 )) exited with $?; its log:" >&2; tail -50 "$work/node-$(( i + 1 )).log" >&2; status=1; }
done
node_pids=()
echo "load average at end $(cut -d' ' -f1-3 /proc/loadavg); $rounds kill rounds"
"${java[@]}" -cp "$jar" io.mshield.benchmarks.Soak check "$url" "$work" "$kills" || status=1
exit $status
