#!/usr/bin/env bash
# Notice delivery lag: the engine benchmark's load (16 clients walking cases
# down the investigation path, one hearing notice per case) with BUF's
# webhook endpoint pointing at a real receiver on loopback. The receiver
# checks each signature and records the time from the notice's creation in
# its transition to its 2xx answer. Prints the transition rate reached and
# the lag's p50, p99 and max.
#
#   ./bench/delivery_lag.sh [seconds=15] [clients=16]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
seconds=${1:-15}
clients=${2:-16}
build="$root/build-release"
secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

of_install_packages
of_build "$root" "$build" Release >/dev/null

work=$(mktemp -d /tmp/ombudsflow-bench.XXXXXX)
chmod 755 "$work"
data="$work/data"
server_pid=
receiver_pid=
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
  of_pg_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT

port=$(of_free_port)
of_pg_init "$data"
cat >> "$data/postgresql.conf" <<CONF
max_connections = 100
synchronous_commit = on
shared_buffers = 512MB
CONF
of_pg_start "$data" "$port"
admin="host=127.0.0.1 port=$port user=postgres dbname=postgres"
db="host=127.0.0.1 port=$port user=postgres dbname=ombudsflow"
psql -q "$admin" -c "CREATE DATABASE ombudsflow" >/dev/null
"$build/api/ombudsflow" migrate --db "$db" >/dev/null
caseworker=$("$build/api/ombudsflow" token create --db "$db" --role caseworker --name bench | tail -n 1)
ombudsman=$("$build/api/ombudsflow" token create --db "$db" --role ombudsman --name bench | tail -n 1)
administrator=$("$build/api/ombudsflow" token create --db "$db" --role administrator --name bench | tail -n 1)

"$build/bench/delivery_receiver" --secret "$secret" --port-file "$work/receiver-port" > "$work/receiver.out" &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/receiver-port" ] && break; sleep 0.05; done
receiver_port=$(cat "$work/receiver-port")

http_port=$(of_free_port)
"$build/api/ombudsflow" serve --db "$db" --listen "127.0.0.1:$http_port" --webhook-allow-loopback \
  ${OMBUDSFLOW_BENCH_SERVE_ARGS:---db-pool 8 --threads 1} --log-level warn &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "http://127.0.0.1:$http_port/v1/webhook-endpoints" \
  -H "Authorization: Bearer $administrator" -H 'Content-Type: application/json' \
  -d "{\"department\": \"BUF\", \"url\": \"http://127.0.0.1:$receiver_port/notices\", \"secret\": \"$secret\"}" >/dev/null

cases=$(( seconds * 500 / clients + 50 ))
of_log "engine with webhooks: $clients clients for ${seconds}s"
engine=$("$build/bench/transition_load" --port "$http_port" --token "$caseworker" --ombudsman-token "$ombudsman" \
           --clients "$clients" --seconds "$seconds" --cases "$cases")
sleep 2  # the last notices' deliveries
kill -TERM "$receiver_pid"
wait "$receiver_pid" || true
receiver_pid=

echo "engine:   $engine"
echo "webhooks: $(cat "$work/receiver.out")"
