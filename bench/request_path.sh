#!/usr/bin/env bash
# What ombudsflow's request path costs on routes that need no database,
# against a bare async Beast server (bench/bare_beast.cc) in the same model
# and with the same threads, under wrk on loopback, in one run:
#   - /healthz (anonymous) against the bare server's answer of the same body;
#   - /v1/workflows (a caseworker's bearer token, the list served from
#     memory) against the bare server answering the same bytes.
# Rounds alternate the bare server and ombudsflow, so a shared machine's
# drift falls on both. Prints requests/s of each, each ratio, the median
# ratio per route, and the latency wrk saw.
#
#   ./bench/request_path.sh [seconds=10] [rounds=5] [connections=64] [threads=2]
#   OMBUDSFLOW_BENCH_SERVE_ARGS="--request-log false" ./bench/request_path.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-10}
rounds=${2:-5}
connections=${3:-64}
threads=${4:-2}

ofb_install wrk
ofb_setup "$root"
ofb_build bare_beast

http_port=$(of_free_port)
# As shipped, but without the per-token rate limit: one token drives the load.
# shellcheck disable=SC2086
"$server" serve --db "$db" --listen "127.0.0.1:$http_port" --threads "$threads" --rate-limit-per-minute 0 \
  --log-level warn ${OMBUDSFLOW_BENCH_SERVE_ARGS:-} &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done

# The bare server answers the very bytes ombudsflow does.
curl -sf "http://127.0.0.1:$http_port/healthz" > "$work/healthz.json"
curl -sf -H "Authorization: Bearer $caseworker" "http://127.0.0.1:$http_port/v1/workflows" > "$work/workflows.json"
bare_port=$(of_free_port)
"$build/bench/bare_beast" --port "$bare_port" --threads "$threads" \
  --body "/healthz=$work/healthz.json" --body "/v1/workflows=$work/workflows.json" &
receiver_pid=$!  # stopped on exit with the rest
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$bare_port/healthz" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -sf "http://127.0.0.1:$bare_port/v1/workflows") "$work/workflows.json" ||
  of_die "the bare server does not answer the same bytes"

# wrk_rate PORT PATH [HEADER]: requests/s, then p50 and p99 in microseconds.
wrk_rate() {
  local out
  out=$(wrk -t1 -c"$connections" -d"${seconds}s" --latency ${3:+-H "$3"} "http://127.0.0.1:$1$2")
  grep -q 'Non-2xx' <<<"$out" && of_die "wrk saw errors on $2: $(grep Non-2xx <<<"$out")"
  local rate p50 p99
  rate=$(awk '/^Requests\/sec/ { printf "%.0f", $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  echo "$rate $p50 $p99"
}

declare -A ratios
for round in $(seq "$rounds"); do
  for route in /healthz /v1/workflows; do
    header=
    [ "$route" = /v1/workflows ] && header="Authorization: Bearer $caseworker"
    read -r bare bare50 bare99 < <(wrk_rate "$bare_port" "$route" "$header")
    read -r ours ours50 ours99 < <(wrk_rate "$http_port" "$route" "$header")
    ratio=$(awk -v o="$ours" -v b="$bare" 'BEGIN { printf "%.2f", o / b }')
    ratios[$route]+="$ratio "
    printf 'round %d %-14s bare %6d req/s (p50 %s, p99 %s), ombudsflow %6d req/s (p50 %s, p99 %s), ratio %s\n' \
      "$round" "$route" "$bare" "$bare50" "$bare99" "$ours" "$ours50" "$ours99" "$ratio"
  done
done

echo "wrk: 1 thread, $connections keep-alive connections, ${seconds}s a run; both servers $threads threads"
for route in /healthz /v1/workflows; do
  tr ' ' '\n' <<<"${ratios[$route]}" | sed '/^$/d' | sort -n |
    awk -v route="$route" '{ r[NR] = $1 } END {
      printf "%s: ratio ombudsflow/bare Beast, median of %d rounds: %.2f (%s to %s)\n",
        route, NR, r[int((NR + 1) / 2)], r[1], r[NR] }'
done
