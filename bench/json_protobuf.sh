#!/usr/bin/env bash
# The same transition load with JSON bodies and with protobuf bodies
# (requests and answers alike), in alternating rounds on one server and
# PostgreSQL. Prints each round's rates, the ratio JSON/protobuf, and its
# median (goal, issue #31: JSON at least 0.85 of protobuf).
#
#   ./bench/json_protobuf.sh [seconds=15] [clients=16] [rounds=3]
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

ratios=()
for round in $(seq "$rounds"); do
  # Every round adds cases, and a fuller database is a little slower: the
  # two take turns going first.
  if [ $((round % 2)) -eq 1 ]; then
    of_log "round $round: JSON, then protobuf, $clients clients for ${seconds}s each"
    json=$(ofb_load "$seconds" "$clients" checkpoint)
    protobuf=$(ofb_load "$seconds" "$clients" checkpoint --protobuf)
  else
    of_log "round $round: protobuf, then JSON, $clients clients for ${seconds}s each"
    protobuf=$(ofb_load "$seconds" "$clients" checkpoint --protobuf)
    json=$(ofb_load "$seconds" "$clients" checkpoint)
  fi
  json_tps=$(sed -E 's/.* tps ([0-9]+).*/\1/' <<<"$json")
  protobuf_tps=$(sed -E 's/.* tps ([0-9]+).*/\1/' <<<"$protobuf")
  ratio=$(awk -v j="$json_tps" -v p="$protobuf_tps" 'BEGIN { printf "%.2f", j / p }')
  ratios+=("$ratio")
  echo "round $round: JSON $json_tps transitions/s, protobuf $protobuf_tps transitions/s, ratio $ratio"
  echo "  JSON:     $json"
  echo "  protobuf: $protobuf"
done
printf '%s\n' "${ratios[@]}" | sort -n |
  awk '{ r[NR] = $1 } END { printf "ratio JSON/protobuf, median of %d rounds: %.2f (%s to %s)\n", NR, r[int((NR + 1) / 2)], r[1], r[NR] }'
