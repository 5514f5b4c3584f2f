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
# The load generator shares the machine's two cores: each round also prints
# what share of them the server, PostgreSQL and the load generator used
# (pgbench's client likewise), and the rows each transition wrote.
#
#   ./bench/transitions.sh [seconds=15] [clients=16] [rounds=3] [transition_load args...]
#   ./bench/transitions.sh 15 16 3 --protobuf
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
shift 3 || shift $#

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
  ofb_measured_load "$seconds" "$clients" "$@"
  engine_tps=$(sed -E 's/.* tps ([0-9]+).*/\1/' <<<"$engine")
  # The cost per write that does not depend on how busy the machine is.
  wal_bytes=$(ofb_wal_since_start)
  engine_transitions=$(sed -E 's/^transitions ([0-9]+).*/\1/' <<<"$engine")
  wal_per=$(awk -v w="$wal_bytes" -v n="$engine_transitions" 'BEGIN { printf "%.0f", w / n }')
  rows_per=$(awk -v r="$(ofb_rows_since_start)" -v n="$engine_transitions" 'BEGIN { printf "%.1f", r / n }')
  load_share=$(sed -E 's/.* load_cpu ([0-9]+%).*/\1/' <<<"$engine")

  of_log "round $round: pgbench -N, $clients clients for ${seconds}s"
  psql -q "$admin" -c "CHECKPOINT" >/dev/null
  pg_postgres_ticks=$(ofb_postgres_ticks)
  pg_wal_start=$(psql -Atq "$admin" -c "SELECT pg_current_wal_lsn()")
  # `times` in the subshell: the CPU its one child, pgbench, used.
  pg=$( (pgbench -N -c "$clients" -j 2 -T "$seconds" "$pgbench_db" 2>/dev/null; times) )
  pg_postgres_ticks=$(( $(ofb_postgres_ticks) - pg_postgres_ticks ))
  pg_client_seconds=$(tail -n 1 <<<"$pg" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
  pg_tps=$(grep -E '^tps' <<<"$pg" | head -n 1 | sed -E 's/tps = ([0-9.]+).*/\1/')
  pg_transactions=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' <<<"$pg")
  pg_wal_per=$(psql -Atq "$admin" -c "SELECT round(pg_wal_lsn_diff(pg_current_wal_lsn(), '$pg_wal_start') / $pg_transactions)")

  ratio=$(awk -v e="$engine_tps" -v p="$pg_tps" 'BEGIN { printf "%.2f", e / p }')
  ratios+=("$ratio")
  wals+=("$wal_per")
  echo "round $round: engine $engine_tps transitions/s, pgbench $pg_tps tps, ratio $ratio"
  echo "  engine:  $engine"
  echo "  WAL per transition: $wal_per bytes (checkpoint's full-page images and the jobs included); rows written per transition: $rows_per; pgbench: $pg_wal_per bytes per transaction"
  echo "  CPU of the two cores: engine run: server $(ofb_share "$server_ticks" "$seconds"), PostgreSQL $(ofb_share "$postgres_ticks" "$seconds"), load generator $load_share;" \
    "pgbench run: PostgreSQL $(ofb_share "$pg_postgres_ticks" "$seconds"), pgbench's client $(awk -v c="$pg_client_seconds" -v s="$seconds" -v n="$(nproc)" 'BEGIN { printf "%.0f%%", 100 * c / s / n }')"
done

echo "pgbench: -N, $clients clients, synchronous_commit=on; engine: JSON over HTTP, $clients clients"
printf '%s\n' "${ratios[@]}" | sort -n |
  awk '{ r[NR] = $1 } END { printf "ratio engine/pgbench, median of %d rounds: %.2f (%s to %s)\n", NR, r[int((NR + 1) / 2)], r[1], r[NR] }'
printf '%s\n' "${wals[@]}" | sort -n |
  awk '{ w[NR] = $1 } END { printf "WAL per transition, median of %d rounds: %d bytes (%d to %d)\n", NR, w[int((NR + 1) / 2)], w[1], w[NR] }'
