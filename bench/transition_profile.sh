#!/usr/bin/env bash
# Where a transition's time and WAL go, statement by statement: one run of
# the transitions load (bench/transitions.sh's) with pg_stat_statements
# (nested statements too: triggers' and functions'), then per transition:
# each statement's calls, its time and share of the statements' time, its
# WAL bytes and full-page images; each table's rows inserted, updated
# (and of those HOT) and deleted; and the CPU shares of server, PostgreSQL
# and load generator; and the WAL by kind of record (pg_waldump).
# pg_stat_statements costs a little: read the shares,
# not the rate. It also samples what the busy backends wait for.
#
#   ./bench/transition_profile.sh [seconds=15] [clients=16] [transition_load args...]
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-15}
clients=${2:-16}
shift 2 || shift $#

OFB_PG_CONF="shared_preload_libraries = 'pg_stat_statements'
pg_stat_statements.track = all
pg_stat_statements.max = 2000
track_io_timing = on" ofb_setup "$root"
psql -q "$db" -c "CREATE EXTENSION pg_stat_statements" >/dev/null
ofb_serve

ofb_at_clock_start() {
  psql -q "$db" -c "SELECT pg_stat_statements_reset()" >/dev/null
  psql -q "$db" -c "SELECT pg_stat_reset()" >/dev/null
  : > "$work/waits"
}
# What the busy backends wait for, sampled every 50 ms while the clock runs.
ofb_while_loading() {
  psql -Atq "$db" -c "SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') FROM pg_stat_activity
                      WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()" \
    >> "$work/waits" || true
  sleep 0.05
}
ofb_measured_load "$seconds" "$clients" "$@"
transitions=$(sed -E 's/^transitions ([0-9]+).*/\1/' <<<"$engine")
wal_bytes=$(ofb_wal_since_start)
wal_end=$(psql -Atq "$admin" -c "SELECT pg_current_wal_lsn()")
sleep 11  # the backends report their table statistics within 10 s

echo "engine: $engine"
echo "CPU of the two cores: server $(ofb_share "$server_ticks" "$seconds"), PostgreSQL $(ofb_share "$postgres_ticks" "$seconds"), load generator $(sed -E 's/.* load_cpu ([0-9]+%).*/\1/' <<<"$engine")"
echo "WAL per transition: $(( wal_bytes / transitions )) bytes"
echo
echo "Statements per transition (top 25 by time; nested ones indented by their level's share):"
psql -q "$db" -P pager=off -P footer=off -c "
  SELECT round(calls::numeric / $transitions, 2) AS calls_per_tr,
         round(mean_exec_time::numeric, 3) AS mean_ms,
         round((100 * total_exec_time / sum(total_exec_time) OVER ())::numeric, 1) AS pct_time,
         round(wal_bytes / $transitions) AS wal_b_per_tr,
         round(wal_fpi::numeric / $transitions, 2) AS fpi_per_tr,
         round(rows::numeric / greatest(calls, 1), 1) AS rows_per_call,
         left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS statement
  FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
  ORDER BY total_exec_time DESC LIMIT 25"
echo "What active backends were doing, sampled every 50 ms ($(wc -l < "$work/waits") samples):"
sort "$work/waits" | uniq -c | sort -rn | head -n 12 |
  awk -v n="$(wc -l < "$work/waits")" '{ printf "  %5.1f%%  %s\n", 100 * $1 / n, $2 }'
echo
echo "WAL by kind of record over the run (pg_waldump --stats=record; bytes per transition):"
"$OF_PG_BIN/pg_waldump" --stats=record -p "$work/data/pg_wal" -s "$(cat "$work/wal_start")" -e "$wal_end" 2>/dev/null |
  awk -v n="$transitions" '{ gsub(/\([^)]*\)/, "") } $1 ~ /\// && $2 ~ /^[0-9]+$/ {
    printf "%10.0f  %6.2f records  %8.0f of it full-page images  %s\n", $5 / n, $2 / n, $4 / n, $1 }' |
  sort -rn | head -n 15
echo
echo "Rows per transition, by table (the jobs' included):"
psql -q "$db" -P pager=off -P footer=off -c "
  SELECT relname AS table_name, round(n_tup_ins::numeric / $transitions, 2) AS inserted,
         round(n_tup_upd::numeric / $transitions, 2) AS updated, round(n_tup_hot_upd::numeric / $transitions, 2) AS hot,
         round(n_tup_del::numeric / $transitions, 2) AS deleted,
         (SELECT count(*) FROM pg_index i WHERE i.indrelid = s.relid) AS indexes
  FROM pg_stat_user_tables s WHERE n_tup_ins + n_tup_upd + n_tup_del > 0
  ORDER BY n_tup_ins + n_tup_upd + n_tup_del DESC"
