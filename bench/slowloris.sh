#!/usr/bin/env bash
# Slowloris: 1,000 connections trickle request headers (a byte every 5 s,
# reconnecting when closed) while /healthz and an authenticated GET of one
# case are measured on fresh connections. Prints p50/p99 without and under
# the attack, and the p99 ratios (the issue asks for at most 2).
#
#   ./bench/slowloris.sh [connections=1000] [probes=5000]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
connections=${1:-1000}
probes=${2:-5000}

# The attack and the server each need a descriptor per connection.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ofb_setup "$root"
of_build "$root" "$build" Release slowloris >/dev/null
ofb_serve
id=$(curl -s -X POST "http://127.0.0.1:$http_port/v1/complaints" -H "Authorization: Bearer $caseworker" \
  -H 'Content-Type: application/json' \
  -d '{"channel":"LETTER","complainant":{"name":"Jens Hansen","email":"jens@example.dk"},"department":"BUF","subject":"S","description":"D"}' |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"$build/bench/slowloris" --port "$http_port" --token "$caseworker" --target "/v1/complaints/$id" \
  --connections "$connections" --probes "$probes"
