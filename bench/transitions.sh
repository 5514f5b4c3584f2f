#!/usr/bin/env bash
# Durable transitions per second through the HTTP API (JSON, 16 concurrent
# keep-alive clients, synchronous_commit=on) against pgbench -N with the same
# client count, on one fresh PostgreSQL, in one run. Prints both and the ratio.
#
#   ./bench/transitions.sh [seconds=15] [clients=16]
#   OMBUDSFLOW_BENCH_SERVE_ARGS="--db-pool 16 --threads 2" ./bench/transitions.sh
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

of_log "engine: $clients clients for ${seconds}s"
engine=$(ofb_load "$seconds" "$clients")
engine_tps=$(sed -E 's/.* tps ([0-9]+).*/\1/' <<<"$engine")

of_log "pgbench -N: $clients clients for ${seconds}s"
psql -q "$admin" -c "CREATE DATABASE pgbench" >/dev/null
pgbench -q -i -s 16 "host=127.0.0.1 port=$port user=postgres dbname=pgbench" >/dev/null 2>&1
pg=$(pgbench -N -c "$clients" -j 2 -T "$seconds" "host=127.0.0.1 port=$port user=postgres dbname=pgbench" 2>/dev/null)
pg_tps=$(grep -E '^tps' <<<"$pg" | head -n 1 | sed -E 's/tps = ([0-9.]+).*/\1/')

echo "engine:  $engine"
echo "pgbench: tps $pg_tps (-N, $clients clients, synchronous_commit=on)"
awk -v e="$engine_tps" -v p="$pg_tps" 'BEGIN { printf "ratio engine/pgbench: %.2f\n", e / p }'
