#!/usr/bin/env bash
# Latency under load, at a fixed rate: the engine's transitions and pgbench
# -N, each paced to half the engine's maximum rate measured first in the
# same run, with the same clients. Prints p50, p99 and p99.9 of each and the
# ratio of the p99s (goal, issue #31: the engine's p99 at most 3x pgbench's).
#
# Both time each transaction from when it was due, not from when it was
# sent: a slow answer's wait counts in the transactions it delayed
# (transition_load --rate; pgbench -R logs the time from the scheduled
# start).
#
#   ./bench/latency.sh [seconds=15] [clients=16]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-15}
clients=${2:-16}

ofb_setup "$root"
ofb_serve
psql -q "$admin" -c "CREATE DATABASE pgbench" >/dev/null
pgbench_db="host=127.0.0.1 port=$port user=postgres dbname=pgbench"
pgbench -q -i -s 16 "$pgbench_db" >/dev/null 2>&1

of_log "the engine's maximum: $clients clients for ${seconds}s"
maximum=$(ofb_load "$seconds" "$clients" checkpoint | sed -E 's/.* tps ([0-9]+).*/\1/')
rate=$((maximum / 2))

of_log "the engine at $rate transitions/s"
engine=$(ofb_load "$seconds" "$clients" checkpoint --rate "$rate")
read -r e50 e99 e999 e_tps < <(sed -E 's/.* tps ([0-9]+) p50_ms ([0-9.]+) p99_ms ([0-9.]+) p999_ms ([0-9.]+).*/\2 \3 \4 \1/' <<<"$engine")

of_log "pgbench -N at $rate tps"
psql -q "$admin" -c "CHECKPOINT" >/dev/null
(cd "$work" && pgbench -N -c "$clients" -j 2 -T "$seconds" -R "$rate" -l --log-prefix=pgbench "$pgbench_db" \
  >"$work/pgbench.out" 2>/dev/null)
p_tps=$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' "$work/pgbench.out" | head -n 1)
# Each log line: client, transaction, latency in us from the scheduled start, ...
read -r p50 p99 p999 < <(cat "$work"/pgbench.* | awk '{ print $3 / 1000 }' | sort -n |
  awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f\n", v[int(NR * 0.5)], v[int(NR * 0.99)], v[int(NR * 0.999)] }')

echo "engine maximum: $maximum transitions/s; both paced to $rate/s with $clients clients for ${seconds}s"
printf 'engine:  %s/s done, p50 %s ms, p99 %s ms, p99.9 %s ms\n' "$e_tps" "$e50" "$e99" "$e999"
printf 'pgbench: %.0f/s done, p50 %s ms, p99 %s ms, p99.9 %s ms\n' "$p_tps" "$p50" "$p99" "$p999"
awk -v e="$e99" -v p="$p99" 'BEGIN { printf "p99 engine/pgbench: %.1f (goal: at most 3)\n", e / p }'
