#!/usr/bin/env bash
# Durable transitions per second through the HTTP API (JSON, 16 concurrent
# keep-alive clients, synchronous_commit=on) against pgbench -N with the same
# client count, on one fresh PostgreSQL, in one run. Prints both and the ratio
# for each round, then the median ratio, and the WAL each transition wrote
# (the cost per write that does not depend on how busy the machine is).
#
# Rounds alternate the two, each from a checkpoint, so a shared machine's
# drift in speed falls on both alike.
#
#   ./bench/transitions.sh [seconds=15] [clients=16] [rounds=3]
#   OMBUDSFLOW_BENCH_SERVE_ARGS="--db-pool 16 --threads 2" ./bench/transitions.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-15}
clients=${2:-16}
rounds=${3:-3}

ofb_setup "$root"
ofb_serve
psql -q "$admin" -c "CREATE DATABASE pgbench" >/dev/null
pgbench_db="host=127.0.0.1 port=$port user=postgres dbname=pgbench"
pgbench -q -i -s 16 "$pgbench_db" >/dev/null 2>&1

ratios=()
wals=()
for round in $(seq "$rounds"); do
  of_log "round $round: engine, $clients clients for ${seconds}s"
  # The cases are registered first; the checkpoint comes before the clock.
  engine=$(ofb_load "$seconds" "$clients" checkpoint)
  engine_tps=$(sed -E 's/.* tps ([0-9]+).*/\1/' <<<"$engine")
  # The cost per write that does not depend on how busy the machine is.
  wal_bytes=$(ofb_wal_since_start)
  engine_transitions=$(sed -E 's/^transitions ([0-9]+).*/\1/' <<<"$engine")
  wal_per=$(awk -v w="$wal_bytes" -v n="$engine_transitions" 'BEGIN { printf "%.0f", w / n }')

  of_log "round $round: pgbench -N, $clients clients for ${seconds}s"
  psql -q "$admin" -c "CHECKPOINT" >/dev/null
  pg=$(pgbench -N -c "$clients" -j 2 -T "$seconds" "$pgbench_db" 2>/dev/null)
  pg_tps=$(grep -E '^tps' <<<"$pg" | head -n 1 | sed -E 's/tps = ([0-9.]+).*/\1/')

  ratio=$(awk -v e="$engine_tps" -v p="$pg_tps" 'BEGIN { printf "%.2f", e / p }')
  ratios+=("$ratio")
  wals+=("$wal_per")
  echo "round $round: engine $engine_tps transitions/s, pgbench $pg_tps tps, ratio $ratio"
  echo "  engine:  $engine"
  echo "  WAL per transition: $wal_per bytes (checkpoint's full-page images and the jobs included)"
done

echo "pgbench: -N, $clients clients, synchronous_commit=on; engine: JSON over HTTP, $clients clients"
printf '%s\n' "${ratios[@]}" | sort -n |
  awk '{ r[NR] = $1 } END { printf "ratio engine/pgbench, median of %d rounds: %.2f (%s to %s)\n", NR, r[int((NR + 1) / 2)], r[1], r[NR] }'
printf '%s\n' "${wals[@]}" | sort -n |
  awk '{ w[NR] = $1 } END { printf "WAL per transition, median of %d rounds: %d bytes (%d to %d)\n", NR, w[int((NR + 1) / 2)], w[1], w[NR] }'
