#!/usr/bin/env bash
# Can a department tell another department's case from a missing one, or
# learn a case's version, by timing? Median latency of a department's
# transition on another department's case (with the case's version, and with
# a wrong one) and on a missing id, each 3 x 3,000 requests over keep-alive,
# interleaved. The three should be equal; a gap is an oracle.
#
#   ./bench/department_oracle.sh [BINARY]   (default: this checkout's Release build)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
source "$root/deploy/lib.sh"
source "$root/bench/lib.sh"
ofb_setup "$root"
binary=${1:-$build/api/ombudsflow}
sof=$("$binary" token create --db "$db" --role department --department SOF --name bench | tail -n 1)
OMBUDSFLOW_BENCH_SERVE_ARGS="--db-pool 4 --threads 1" ofb_serve
python3 "$root/bench/department_oracle.py" "$http_port" "$caseworker" "$sof"
