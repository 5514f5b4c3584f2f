#!/usr/bin/env bash
# Sign-in load (issue #25, finding 5): valid accounts sign in with their
# right password from 8, then 30 clients (each its own account, so the
# per-account sign-in limits do not decide) for 20 s each, without backing
# off, against a server with its default limits but the per-address limit
# on requests without credentials (as behind a proxy, or from many
# addresses: with it, that limit refuses nearly all, not the password
# hashing); another client times /healthz meanwhile. Prints sign-ins, 429s
# by reason, the server's memory growth (VmHWM over VmRSS before) and
# /healthz p50/p99. The goals: growth under 100 MB and p99 under 10 ms.
#
#   ./bench/sign_in_load.sh [seconds=20] [extra serve options...]
# OMBUDSFLOW_BENCH_BINARY measures another server build (e.g. main's).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-20}
shift || true

ofb_setup "$root"
ofb_build sign_in_load
password="bench password 2026"
for i in $(seq 0 29); do
  "$server" user create --db "$db" --name "Bench Caseworker $i" --email "bench$i@ombudsflow.local" \
    --role caseworker >/dev/null
  "$server" user set-password --db "$db" --user "bench$i@ombudsflow.local" --password-stdin <<<"$password" >/dev/null
done
http_port=$(of_free_port)
"$server" serve --db "$db" --listen "127.0.0.1:$http_port" --log-level warn --request-log false \
  --anonymous-rate-limit-per-minute 0 "$@" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
for threads in 8 30; do
  "$build/bench/sign_in_load" --port "$http_port" --pid "$server_pid" --email bench@ombudsflow.local \
    --accounts "$threads" --password "$password" --threads "$threads" --seconds "$seconds"
  sleep 2
done
