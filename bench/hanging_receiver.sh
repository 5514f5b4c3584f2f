#!/usr/bin/env bash
# Background work must not hurt the request path. The engine's load (16
# clients walking cases down the investigation path, one hearing notice per
# case) runs three ways, in turn within each round, on one server and one
# database, each from a checkpoint:
#   none:    BUF has no webhook endpoint;
#   healthy: BUF's endpoint answers 204 at once;
#   hanging: BUF's endpoint reads every request and never answers, so each
#            delivery takes the server's full --webhook-timeout-ms.
# The order of the three rotates from round to round.
# Prints throughput and latency of each, the ratios hanging/none and
# hanging/healthy, then their medians. hanging/healthy isolates the hanging
# receiver; hanging/none also counts queueing a delivery with every notice.
#
#   ./bench/hanging_receiver.sh [seconds=15] [clients=16] [rounds=6]
#   OMBUDSFLOW_BENCH_BINARY=/path/to/ombudsflow ./bench/hanging_receiver.sh   (another build's server)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-15}
clients=${2:-16}
rounds=${3:-6}
secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
timeout_ms=10000

ofb_setup "$root"
"$build/bench/delivery_receiver" --hang --secret "$secret" --port-file "$work/receiver-port" > "$work/receiver.out" &
receiver_pid=$!
"$build/bench/delivery_receiver" --secret "$secret" --port-file "$work/healthy-port" > "$work/healthy.out" &
healthy_pid=$!
for _ in $(seq 100); do [ -s "$work/receiver-port" ] && [ -s "$work/healthy-port" ] && break; sleep 0.05; done
receiver_url="http://127.0.0.1:$(cat "$work/receiver-port")/notices"
healthy_url="http://127.0.0.1:$(cat "$work/healthy-port")/notices"
trap '[ -n "$healthy_pid" ] && kill "$healthy_pid" 2>/dev/null; ofb_cleanup' EXIT

ofb_serve --webhook-allow-loopback --webhook-timeout-ms "$timeout_ms"

api() {
  curl -sf -X POST "http://127.0.0.1:$http_port$1" -H "Authorization: Bearer $administrator" \
    -H 'Content-Type: application/json' -d "$2"
}
field() { sed -E "s/.*\"$1\": ?([0-9.]+).*/\1/; s/.* $1 ([0-9.]+).*/\1/" <<<"$2"; }

# with_endpoint URL: runs the load with BUF's endpoint at URL, then
# disables it (its pending deliveries are abandoned); prints the load's line.
with_endpoint() {
  local endpoint endpoint_id result
  endpoint=$(api /v1/webhook-endpoints "{\"department\": \"BUF\", \"url\": \"$1\", \"secret\": \"$secret\"}")
  endpoint_id=$(sed -E 's/.*"id": ?"([^"]+)".*/\1/' <<<"$endpoint")
  result=$(ofb_load "$seconds" "$clients" checkpoint)
  api "/v1/webhook-endpoints/$endpoint_id:disable" '{"reason": "bench round over"}' >/dev/null
  echo "$result"
}
ratio() { awk -v a="$(field "$1" "$2")" -v b="$(field "$1" "$3")" 'BEGIN { printf "%.3f", a / b }'; }

declare -A ratios
# run_way WAY: one run of the load, its line in the variable named WAY.
run_way() {
  case $1 in
    none)
      of_log "round $round: no endpoint, $clients clients for ${seconds}s"
      none=$(ofb_load "$seconds" "$clients" checkpoint) ;;
    healthy)
      of_log "round $round: a receiver answering at once"
      healthy=$(with_endpoint "$healthy_url") ;;
    hanging)
      of_log "round $round: a receiver that never answers (${timeout_ms} ms timeout)"
      hanging=$(with_endpoint "$receiver_url") ;;
  esac
}

ways=(none healthy hanging)
for round in $(seq "$rounds"); do
  # Each round starts with another way, so that none of them always runs on
  # the database the others just grew, or always first.
  for step in 0 1 2; do
    run_way "${ways[$(((round - 1 + step) % 3))]}"
  done
  for base in none healthy; do
    for figure in tps p50_ms p99_ms; do
      ratios[$base.$figure]+="$(ratio "$figure" "$hanging" "${!base}") "
    done
    echo "round $round: hanging/$base throughput $(ratio tps "$hanging" "${!base}")," \
      "p50 latency $(ratio p50_ms "$hanging" "${!base}"), p99 latency $(ratio p99_ms "$hanging" "${!base}")"
  done
  echo "  none:    $none"
  echo "  healthy: $healthy"
  echo "  hanging: $hanging"
done

kill -TERM "$receiver_pid" "$healthy_pid"
wait "$receiver_pid" "$healthy_pid" || true
healthy_pid=
receiver_pid=
echo "hanging receiver: $(cat "$work/receiver.out")"
echo "healthy receiver: $(cat "$work/healthy.out")"
median() { printf '%s\n' $1 | sort -n | awk '{ r[NR] = $1 } END { printf "%.3f (%s to %s)", r[int((NR + 1) / 2)], r[1], r[NR] }'; }
for base in none healthy; do
  echo "hanging/$base, median of $rounds rounds: throughput $(median "${ratios[$base.tps]}")," \
    "p50 latency $(median "${ratios[$base.p50_ms]}"), p99 latency $(median "${ratios[$base.p99_ms]}")"
done
