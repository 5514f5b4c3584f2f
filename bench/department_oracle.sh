#!/usr/bin/env bash
# Can a department tell another department's case from a missing one, or
# learn a case's version, by timing? The latency of a department's
# transition on another department's case (with the case's version, and with
# a wrong one) and on a missing id, 10,000 of each over one keep-alive
# connection, taken in turn request by request; medians. The three should be
# equal; a gap is an oracle.
#
#   ./bench/department_oracle.sh [BINARY]   (default: this checkout's Release build)
#
# BINARY may be an earlier release, to compare: its own migrations set up the
# database it serves.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/bench/lib.sh"
ofb_setup "$root"
binary=${1:-$build/api/ombudsflow}
oracle_db="host=127.0.0.1 port=$port user=postgres dbname=oracle"
psql -q "$admin" -c "CREATE DATABASE oracle" >/dev/null
"$binary" migrate --db "$oracle_db" >/dev/null
caseworker=$(ofb_person_token "$binary" "$oracle_db" caseworker)
sof=$("$binary" token create --db "$oracle_db" --role department --department SOF --name bench | tail -n 1)
http_port=$(of_free_port)
"$binary" serve --db "$oracle_db" --listen "127.0.0.1:$http_port" --db-pool 4 --threads 1 --log-level warn &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
python3 "$root/bench/department_oracle.py" "$http_port" "$caseworker" "$sof"
