#!/usr/bin/env bash
# What the web workplace's pages cost: the queue page at 50 cases a page
# and a case page with its timeline, each timed over one keep-alive
# connection on loopback (server time plus loopback), against the JSON
# API's list of the same 50 cases in the same run. Prints p50 and p99 of
# each, and the pages' p99 as a ratio to the API's.
#
#   ./bench/web_render.sh [requests=2000]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
requests=${1:-2000}

ofb_setup "$root"
of_build "$root" "$build" Release page_timer >/dev/null
ofb_serve
base="http://127.0.0.1:$http_port"

ofb_sign_in

of_log "registering 60 cases"
intake='{"channel": "LETTER", "department": "BUF", "subject": "Svar på ansøgning om fritidsplads",
  "description": "Jeg har ventet i fire måneder på svar, og ingen har ringet tilbage.",
  "complainant": {"name": "Karen Borger", "email": "karen@example.com", "needsInterpreter": true}}'
for _ in $(seq 60); do
  id=$(curl -sf -H "Authorization: Bearer $caseworker" -H 'Content-Type: application/json' -d "$intake" \
    "$base/v1/complaints" | sed -E 's/.*"id":"([^"]+)".*/\1/')
done
# The last one gets a timeline: two transitions with a reason and two points.
fire() {
  curl -sf -H "Authorization: Bearer $caseworker" -H 'Content-Type: application/json' -H "If-Match: \"$2\"" \
    -d "$1" "$base/v1/complaints/$id/transitions" >/dev/null
}
fire '{"name": "consider_solutions", "input": {"department_has_answered": true}, "reason": "Svar modtaget 3. november."}' 1
fire '{"name": "start_written_treatment", "input": {"points": ["Sagsbehandlingstiden var for lang", "Ingen vejledning om klageadgang"]}}' 2

of_log "timing $requests requests per page"
out=$("$build/bench/page_timer" --port "$http_port" --cookie "$cookie" --requests "$requests" \
  "/v1/complaints?page_size=50" "/?queue=all" "/cases/$id")
echo "$out"
p99() { grep -F "$1:" <<<"$out" | sed -E 's/.* p99 ([0-9]+) us.*/\1/'; }
api=$(p99 "/v1/complaints?page_size=50")
for page in "/?queue=all" "/cases/$id"; do
  awk -v p="$(p99 "$page")" -v a="$api" -v name="$page" \
    'BEGIN { printf "%s: p99 %.2f ms, ratio to the API list of the same 50 cases %.2f\n", name, p / 1000, p / a }'
done

# Each page's weight: its HTML and the CSS and JS it links (fonts and icons
# aside), raw and gzipped as sent. Static files are cached immutably, so a
# browser fetches them once for every page.
of_log "page weights (HTML + CSS + JS, fonts and icons aside)"
for page in "/?queue=all" "/cases/$id" "/intake" "/office" "/workflows"; do
  html=$(curl -sf -H "Cookie: $cookie" "$base$page")
  raw=$(printf '%s' "$html" | wc -c)
  gz=$(printf '%s' "$html" | gzip -9 | wc -c)
  for asset in $(grep -oE '(href|src)="/static/[^"]+\.(css|js)"' <<<"$html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u); do
    raw=$((raw + $(curl -sf "$base$asset" | wc -c)))
    gz=$((gz + $(curl -sf -H 'Accept-Encoding: gzip' "$base$asset" | wc -c)))
  done
  awk -v p="$page" -v r="$raw" -v g="$gz" 'BEGIN { printf "%s: %.1f KB raw, %.1f KB gzipped\n", p, r / 1024, g / 1024 }'
done
