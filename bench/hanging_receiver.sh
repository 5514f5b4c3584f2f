#!/usr/bin/env bash
# Background work must not hurt the request path. The engine's load (16
# clients walking cases down the investigation path, one hearing notice per
# case) runs with BUF's webhook endpoint pointing at a receiver that reads
# every request and never answers, so each delivery takes the server's full
# --webhook-timeout-ms; and, as the baseline, with no endpoint at all.
# Rounds alternate the two on one server and one database, each from a
# checkpoint. Prints throughput and latency for each and the ratios
# hanging/baseline, then their medians.
#
#   ./bench/hanging_receiver.sh [seconds=15] [clients=16] [rounds=3]
#   OMBUDSFLOW_BENCH_BINARY=/path/to/ombudsflow ./bench/hanging_receiver.sh   (another build's server)
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-15}
clients=${2:-16}
rounds=${3:-3}
secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
timeout_ms=10000

ofb_setup "$root"
"$build/bench/delivery_receiver" --hang --secret "$secret" --port-file "$work/receiver-port" > "$work/receiver.out" &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/receiver-port" ] && break; sleep 0.05; done
receiver_url="http://127.0.0.1:$(cat "$work/receiver-port")/notices"

ofb_serve --webhook-allow-loopback --webhook-timeout-ms "$timeout_ms"

api() {
  curl -sf -X POST "http://127.0.0.1:$http_port$1" -H "Authorization: Bearer $administrator" \
    -H 'Content-Type: application/json' -d "$2"
}
field() { sed -E "s/.*\"$1\": ?([0-9.]+).*/\1/; s/.* $1 ([0-9.]+).*/\1/" <<<"$2"; }

tps_ratios=()
p50_ratios=()
p99_ratios=()
for round in $(seq "$rounds"); do
  of_log "round $round: baseline (no endpoint), $clients clients for ${seconds}s"
  baseline=$(ofb_load "$seconds" "$clients" checkpoint)

  of_log "round $round: every delivery hangs for ${timeout_ms} ms, $clients clients for ${seconds}s"
  endpoint=$(api /v1/webhook-endpoints "{\"department\": \"BUF\", \"url\": \"$receiver_url\", \"secret\": \"$secret\"}")
  endpoint_id=$(sed -E 's/.*"id": ?"([^"]+)".*/\1/' <<<"$endpoint")
  hanging=$(ofb_load "$seconds" "$clients" checkpoint)
  # The next baseline starts without an endpoint; its pending deliveries are abandoned.
  api "/v1/webhook-endpoints/$endpoint_id:disable" '{"reason": "bench round over"}' >/dev/null

  tps=$(awk -v h="$(field tps "$hanging")" -v b="$(field tps "$baseline")" 'BEGIN { printf "%.3f", h / b }')
  p50=$(awk -v h="$(field p50_ms "$hanging")" -v b="$(field p50_ms "$baseline")" 'BEGIN { printf "%.3f", h / b }')
  p99=$(awk -v h="$(field p99_ms "$hanging")" -v b="$(field p99_ms "$baseline")" 'BEGIN { printf "%.3f", h / b }')
  tps_ratios+=("$tps")
  p50_ratios+=("$p50")
  p99_ratios+=("$p99")
  echo "round $round: hanging/baseline throughput $tps, p50 latency $p50, p99 latency $p99"
  echo "  baseline: $baseline"
  echo "  hanging:  $hanging"
done

kill -TERM "$receiver_pid"
wait "$receiver_pid" || true
receiver_pid=
echo "receiver: $(cat "$work/receiver.out")"
median() { printf '%s\n' "$@" | sort -n | awk '{ r[NR] = $1 } END { printf "%.3f (%s to %s)", r[int((NR + 1) / 2)], r[1], r[NR] }'; }
echo "hanging/baseline, median of $rounds rounds: throughput $(median "${tps_ratios[@]}")," \
  "p50 latency $(median "${p50_ratios[@]}"), p99 latency $(median "${p99_ratios[@]}")"
