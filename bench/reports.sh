#!/usr/bin/env bash
# The reports on a city's history: N cases over ten years
# (bench/generate_history.sql), then GET /v1/reports/annual for the last
# full year, for the reporting year from 1 April and for all ten years,
# GET /v1/reports/themes for the last year, and the workplace's report
# page, each timed over one keep-alive connection on loopback. The baseline
# in the same run is the first page of the case list.
#
#   ./bench/reports.sh [cases=1000000] [requests=100]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
cases=${1:-1000000}
requests=${2:-100}

ofb_setup "$root"
of_build "$root" "$build" Release page_timer >/dev/null
of_log "generating a history of $cases cases over ten years"
started=$(date +%s)
psql -q "$db" -v cases="$cases" -v years=10 -f "$root/bench/generate_history.sql" >/dev/null
of_log "generated in $(( $(date +%s) - started )) s: $(psql -Atq "$db" -c \
  "SELECT count(*) || ' tally rows, ' || pg_size_pretty(pg_total_relation_size('report_tallies'))
   FROM report_tallies")"
ofb_serve --reporting-year-start 04-01
ofb_sign_in

year=$(( $(date +%Y) - 1 ))
first=$(psql -Atq "$db" -c "SELECT min(day) FROM report_tallies")
yesterday=$(date -d yesterday +%F)
targets=("/v1/complaints?page_size=20"
         "/v1/reports/annual?from=$year-01-01&to=$year-12-31"
         "/v1/reports/annual"
         "/v1/reports/annual?from=$first&to=$yesterday"
         "/v1/reports/themes?from=$year-01-01&to=$year-12-31"
         "/reports?from=$year-01-01&to=$year-12-31")
echo "the $year report: $(curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$http_port${targets[1]}" |
  python3 -c 'import json,sys; r=json.load(sys.stdin); a=r["allDepartments"];
print(r["received"], "cases received,", a["complaintsReceived"], "complaints,", a["pointsInvestigated"],
      "points investigated, upheld", round(a["upheldRate"]*100, 1), "%, compliance", round(a["complianceRate"]*100, 1), "%")')"

of_log "timing $requests requests each"
out=$("$build/bench/page_timer" --port "$http_port" --cookie "$cookie" --requests "$requests" "${targets[@]}")
echo "$out"
p() { grep -F "$1:" <<<"$out" | sed -E "s/.* $2 ([0-9]+) us.*/\1/"; }
base_p50=$(p "${targets[0]}" p50)
for target in "${targets[@]:1}"; do
  awk -v p50="$(p "$target" p50)" -v p99="$(p "$target" p99)" -v a="$base_p50" -v name="$target" \
    'BEGIN { printf "%s: p50 %.1f ms, p99 %.1f ms, p50 ratio to the case list %.1f\n", name, p50 / 1000, p99 / 1000, p50 / a }'
done
