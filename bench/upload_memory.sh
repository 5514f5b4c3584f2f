#!/usr/bin/env bash
# Upload memory (issue #28): a large document uploaded through HTTP and
# downloaded again, with the server's resident memory read from /proc
# before, after and at its peak (VmHWM, reset before each step). The
# baseline in the same run is a 1 MiB document. The goal: a 100 MiB upload
# leaves RSS within 20 MiB of where it started. No clamd runs: documents
# wait for their scan, which their uploader may still read back.
#
#   ./bench/upload_memory.sh [MiB=100]
# OMBUDSFLOW_BENCH_BUILD=build uses that configured build as it is.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
size_mib=${1:-100}

ofb_setup "$root"
spool="$work/spool"
mkdir -p "$spool"
http_port=$(of_free_port)
"$server" serve --db "$db" --listen "127.0.0.1:$http_port" --log-level warn --request-log false \
  --document-max-mib "$((size_mib + 1))" --case-documents-max-mib "$((size_mib * 4))" \
  --clamd-socket "$work/no-clamd.sock" --spool-folder "$spool" &
server_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$http_port"
auth="Authorization: Bearer $caseworker"

case_id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' "$base/v1/complaints" -d '{"channel": "LETTER",
  "complainant": {"name": "Bench Borger", "email": "bench@example.dk", "language": "da"},
  "department": "BUF", "subject": "Bench", "description": "Et stort bilag."}' |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')

kib() { awk -v field="$1:" '$1 == field { print $2 }' "/proc/$server_pid/status"; }
reset_peak() { echo 5 > "/proc/$server_pid/clear_refs"; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

# measure MIB: uploads and downloads a MIB MiB PDF; prints one line.
measure() {
  local mib=$1 file="$work/document-$1.pdf"
  { printf '%%PDF-1.4\n'; head -c "$((mib * 1024 * 1024 - 9))" /dev/urandom; } > "$file"
  local before after peak_up down_after peak_down id code seconds
  before=$(kib VmRSS)
  reset_peak
  read -r code seconds < <(curl -s -o "$work/uploaded.json" -w '%{http_code} %{time_total}\n' -H "$auth" \
    -H 'Content-Type: application/pdf' -X POST -T "$file" \
    "$base/v1/complaints/$case_id/documents?title=Bench&direction=DOCUMENT_IN&counterpart=citizen&file_name=bench.pdf")
  [ "$code" = 201 ] || { echo "upload answered $code: $(cat "$work/uploaded.json")" >&2; exit 1; }
  after=$(kib VmRSS)
  peak_up=$(kib VmHWM)
  id=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["id"])' "$work/uploaded.json")
  reset_peak
  curl -sf -o "$work/downloaded" -H "$auth" "$base/v1/complaints/$case_id/documents/$id/content"
  cmp -s "$file" "$work/downloaded" || { echo "the download differs from the upload" >&2; exit 1; }
  down_after=$(kib VmRSS)
  peak_down=$(kib VmHWM)
  printf '%4d MiB  upload %6.2f s  RSS %6s -> %6s MiB (%+5s), peak %+5s  download: RSS %+5s, peak %+5s\n' \
    "$mib" "$seconds" "$(mib "$before")" "$(mib "$after")" "$(mib $((after - before)))" \
    "$(mib $((peak_up - before)))" "$(mib $((down_after - before)))" "$(mib $((peak_down - before)))"
  last_peak=$((peak_up > peak_down ? peak_up - before : peak_down - before))
}

measure 1
baseline_peak=$last_peak
measure "$size_mib"
printf 'peak growth, %d MiB against 1 MiB: %s x; within 20 MiB of the start: %s\n' "$size_mib" \
  "$(awk -v a="$last_peak" -v b="$baseline_peak" 'BEGIN { printf "%.2f", a / (b > 0 ? b : 1) }')" \
  "$([ "$last_peak" -le $((20 * 1024)) ] && echo yes || echo no)"
