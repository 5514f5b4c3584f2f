#!/usr/bin/env bash
# Idle flood (issue #25, finding 6): 5,000 connections from one address
# (127.0.0.2) that never send a byte and come back whenever closed, for
# 20 s, against a server with its default limits; another client
# (127.0.0.3) times /healthz meanwhile. Prints /healthz p50/p99 and what
# became of the flood's connections. The goal: p99 under 10 ms.
#
#   ./bench/idle_flood.sh [connections=5000] [seconds=20] [extra serve options...]
# OMBUDSFLOW_BENCH_BINARY measures another server build (e.g. main's).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
connections=${1:-5000}
seconds=${2:-20}
shift 2 || shift $#

# The flood and the server each need a descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ofb_setup "$root"
ofb_build idle_flood
http_port=$(of_free_port)
"$server" serve --db "$db" --listen "127.0.0.1:$http_port" --log-level warn --request-log false "$@" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
"$build/bench/idle_flood" --port "$http_port" --connections "$connections" --seconds "$seconds"
