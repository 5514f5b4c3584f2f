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
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-15}
clients=${2:-16}
secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

ofb_setup "$root"
"$build/bench/delivery_receiver" --secret "$secret" --port-file "$work/receiver-port" > "$work/receiver.out" &
receiver_pid=$!
for _ in $(seq 100); do [ -s "$work/receiver-port" ] && break; sleep 0.05; done
receiver_port=$(cat "$work/receiver-port")

ofb_serve --webhook-allow-loopback
curl -sf -X POST "http://127.0.0.1:$http_port/v1/webhook-endpoints" \
  -H "Authorization: Bearer $administrator" -H 'Content-Type: application/json' \
  -d "{\"department\": \"BUF\", \"url\": \"http://127.0.0.1:$receiver_port/notices\", \"secret\": \"$secret\"}" >/dev/null

of_log "engine with webhooks: $clients clients for ${seconds}s"
engine=$(ofb_load "$seconds" "$clients")
sleep 2  # the last notices' deliveries
kill -TERM "$receiver_pid"
wait "$receiver_pid" || true
receiver_pid=

echo "engine:   $engine"
echo "webhooks: $(cat "$work/receiver.out")"
