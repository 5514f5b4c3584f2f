#!/usr/bin/env bash
# Full-text search on many cases: GET /v1/complaints?q=... for its first
# page of 20, on N generated cases (bench/generate_cases.sql), timed over
# one keep-alive connection on loopback. The baseline in the same run is
# the same list without a search. Words from rare to common: how many
# cases each matches is printed with it, since ranking reads every match.
#
#   ./bench/search.sh [cases=100000] [requests=500]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
cases=${1:-100000}
requests=${2:-500}

ofb_setup "$root"
of_build "$root" "$build" Release page_timer >/dev/null
of_log "generating $cases cases"
started=$(date +%s)
psql -q "$db" -v cases="$cases" -f "$root/bench/generate_cases.sql" >/dev/null
of_log "generated in $(( $(date +%s) - started )) s; case_search: $(psql -Atq "$db" -c \
  "SELECT pg_size_pretty(pg_total_relation_size('case_search'))")"
ofb_serve

ofb_sign_in

# A name (one case: generate_cases.sql names case i "<first> <last> i"),
# words of a point, of a subject, of common sentences.
last_names=(Hansen Jensen Nielsen Pedersen Andersen Larsen)
rare=$((cases / 2))
queries=("${last_names[$((rare % 6))]}%20$rare" "tolkebistand" "klager" "forvaltningens" "svar%20-skolen")
targets=("/v1/complaints?page_size=20")
for q in "${queries[@]}"; do targets+=("/v1/complaints?page_size=20&q=$q"); done
targets+=("/?queue=all&q=klager")
for q in "${queries[@]}"; do
  words=$(printf '%b' "${q//%/\\x}")
  matches=$(psql -Atq "$db" -c "SELECT count(*) FROM case_search, websearch_to_tsquery('danish', '$words') q
                                 WHERE office_words @@ q")
  echo "q=$words matches $matches cases"
done

of_log "timing $requests requests per query"
out=$("$build/bench/page_timer" --port "$http_port" --cookie "$cookie" --requests "$requests" "${targets[@]}")
echo "$out"
p99() { grep -F "$1:" <<<"$out" | sed -E 's/.* p99 ([0-9]+) us.*/\1/'; }
base_p99=$(p99 "${targets[0]}")
for target in "${targets[@]:1}"; do
  awk -v p="$(p99 "$target")" -v a="$base_p99" -v name="$target" \
    'BEGIN { printf "%s: p99 %.2f ms, ratio to the list without a search %.2f\n", name, p / 1000, p / a }'
done
