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
seconds=${1:-15}
clients=${2:-16}
build="$root/build-release"

of_install_packages
of_build "$root" "$build" Release >/dev/null

work=$(mktemp -d /tmp/ombudsflow-bench.XXXXXX)
chmod 755 "$work"
data="$work/data"
server_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  of_pg_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT

port=$(of_free_port)
of_pg_init "$data"
# Enough connections for the server's pool and pgbench; durability as shipped.
cat >> "$data/postgresql.conf" <<CONF
max_connections = 100
synchronous_commit = on
shared_buffers = 512MB
CONF
of_pg_start "$data" "$port"
admin="host=127.0.0.1 port=$port user=postgres dbname=postgres"
db="host=127.0.0.1 port=$port user=postgres dbname=ombudsflow"
psql -q "$admin" -c "CREATE DATABASE ombudsflow" -c "CREATE DATABASE pgbench" >/dev/null
"$build/api/ombudsflow" migrate --db "$db" >/dev/null
# The investigation path needs both roles: the ombudsman decides, a caseworker does the rest.
caseworker=$("$build/api/ombudsflow" token create --db "$db" --role caseworker --name bench | tail -n 1)
ombudsman=$("$build/api/ombudsflow" token create --db "$db" --role ombudsman --name bench | tail -n 1)
http_port=$(of_free_port)
# On 2 cores, 8 connections (and as many workers) with one I/O thread
# measured best: more threads only add context switches.
"$build/api/ombudsflow" serve --db "$db" --listen "127.0.0.1:$http_port" \
  ${OMBUDSFLOW_BENCH_SERVE_ARGS:---db-pool 8 --threads 1} --log-level warn &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done

# Enough cases that no client runs out: ~6 transitions per case.
cases=$(( seconds * 500 / clients + 50 ))
of_log "engine: $clients clients for ${seconds}s"
engine=$("$build/bench/transition_load" --port "$http_port" --token "$caseworker" --ombudsman-token "$ombudsman" --clients "$clients" \
           --seconds "$seconds" --cases "$cases")
engine_tps=$(sed -E 's/.* tps ([0-9]+).*/\1/' <<<"$engine")

of_log "pgbench -N: $clients clients for ${seconds}s"
pgbench -q -i -s 16 "host=127.0.0.1 port=$port user=postgres dbname=pgbench" >/dev/null 2>&1
pg=$(pgbench -N -c "$clients" -j 2 -T "$seconds" "host=127.0.0.1 port=$port user=postgres dbname=pgbench" 2>/dev/null)
pg_tps=$(grep -E '^tps' <<<"$pg" | head -n 1 | sed -E 's/tps = ([0-9.]+).*/\1/')

echo "engine:  $engine"
echo "pgbench: tps $pg_tps (-N, $clients clients, synchronous_commit=on)"
awk -v e="$engine_tps" -v p="$pg_tps" 'BEGIN { printf "ratio engine/pgbench: %.2f\n", e / p }'
