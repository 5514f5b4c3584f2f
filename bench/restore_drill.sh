#!/usr/bin/env bash
# The restore drill (docs/operations.md, "Backups and restore"), on one
# machine, bounded in time, stopping everything it started:
#   1. cases are registered under load, each acknowledgement noted;
#   2. pgBackRest takes a full backup while they go on (WAL archived
#      continuously, deploy/backup.sh);
#   3. the time T is noted, and the writing goes on;
#   4. the backup and the archived WAL are restored to T into a new cluster;
#   5. every case acknowledged before T is there, none sent after T is,
#      and `ombudsflow audit verify --all` passes on the restored database.
# Prints each figure, and fails unless all of 5 holds and both sides of T
# had cases.
#
#   ./bench/restore_drill.sh [seconds of writing on each side=5]
#   OMBUDSFLOW_BENCH_BUILD=build ./bench/restore_drill.sh   # an existing build
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=deploy/backup.sh
source "$root/deploy/backup.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-5}
# The whole drill, however it goes, ends within this (its steps have their own).
deadline=$((SECONDS + 600))
# limit SECONDS: that, or what is left of the drill's time if less.
limit() {
  local left=$((deadline - SECONDS))
  [ "$left" -gt 0 ] || of_die "the drill ran out of time"
  echo $(($1 < left ? $1 : left))
}

ofb_install pgbackrest
ofb_setup "$root"
restored="$work/restored"
writer_pid=
# shellcheck disable=SC2317
drill_cleanup() {
  [ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null && wait "$writer_pid" 2>/dev/null
  of_pg_stop "$restored"
  ofb_cleanup
}
trap drill_cleanup EXIT

# Archiving needs a restart.
of_pg_stop "$work/data"
of_backup_configure "$work" "$work/data" "$port"
of_pg_start "$work/data" "$port"
OF_BACKUP_TIMEOUT=$(limit 60) of_backup stanza-create >/dev/null
OF_BACKUP_TIMEOUT=$(limit 60) of_backup check >/dev/null
ofb_serve

of_log "1. registering cases, 4 clients"
python3 "$root/bench/case_writer.py" --port "$http_port" --token "$caseworker" --out "$work/acks" \
  --stop "$work/stop" --clients 4 &
writer_pid=$!
sleep "$seconds"

of_log "2. a full backup, the cases still coming"
backup_started=$SECONDS
OF_BACKUP_TIMEOUT=$(limit 300) of_backup backup --type=full >/dev/null
backup_seconds=$((SECONDS - backup_started))
sleep "$seconds"

of_log "3. T, and more cases after it"
read -r target target_epoch < <(psql -Atq -F ' ' "$admin" -c \
  "SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00\"'), extract(epoch FROM now())")
sleep "$seconds"
touch "$work/stop"
wait "$writer_pid"
writer_pid=
# The segment holding T and after it, archived (check switches and waits).
OF_BACKUP_TIMEOUT=$(limit 120) of_backup check >/dev/null

of_log "4. restoring to T ($target) into a new cluster"
mkdir -p "$restored"
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$restored"
chmod 700 "$restored"
restore_started=$SECONDS
# A restored copy archives nothing into the original's repository.
OF_BACKUP_TIMEOUT=$(limit 300) of_backup restore --pg1-path="$restored" --type=time "--target=${target/T/ }" \
  --target-action=promote --archive-mode=off >/dev/null
restored_port=$(of_free_port)
of_pg_start "$restored" "$restored_port"
restored_admin="host=127.0.0.1 port=$restored_port user=postgres dbname=postgres"
restored_db="host=127.0.0.1 port=$restored_port user=postgres dbname=ombudsflow"
for _ in $(seq 600); do
  [ "$(psql -Atq "$restored_admin" -c "SELECT pg_is_in_recovery()")" = f ] && break
  sleep 0.1
done
[ "$(psql -Atq "$restored_admin" -c "SELECT pg_is_in_recovery()")" = f ] || of_die "the restored cluster did not finish recovery"
restore_seconds=$((SECONDS - restore_started))

of_log "5. checking the restored database"
awk -v t="$target_epoch" '$1 != "-" && $3 < t { print $1 }' "$work/acks" > "$work/before"
awk -v t="$target_epoch" '$1 != "-" && $2 > t { print $1 }' "$work/acks" > "$work/after"
in_flight=$(awk -v t="$target_epoch" '$1 != "-" && $3 >= t && $2 <= t' "$work/acks" | wc -l)
not_acknowledged=$(awk '$1 == "-"' "$work/acks" | wc -l)
# How many of FILE's ids the restored database has.
present() {
  { echo "CREATE TEMP TABLE ids (id uuid); COPY ids FROM STDIN;"; cat "$1"; echo '\.'
    echo "SELECT count(*) FROM ids JOIN complaints c USING (id);"; } | psql -Atq "$restored_db"
}
before=$(wc -l < "$work/before")
after=$(wc -l < "$work/after")
before_restored=$(present "$work/before")
after_restored=$(present "$work/after")
restored_cases=$(psql -Atq "$restored_db" -c "SELECT count(*) FROM complaints")
original_cases=$(psql -Atq "$db" -c "SELECT count(*) FROM complaints")
audit_ok=yes
audit=$(timeout "$(limit 300)" "$server" audit verify --db "$restored_db" --all 2>&1) || audit_ok=no

echo "T: $target"
echo "full backup: ${backup_seconds}s; restore to T and recovery: ${restore_seconds}s"
echo "cases acknowledged before T: $before; in the restored database: $before_restored"
echo "cases sent after T: $after; in the restored database: $after_restored"
echo "cases in flight at T (either is right): $in_flight; requests not acknowledged: $not_acknowledged"
echo "cases in the original database: $original_cases; in the restored one: $restored_cases"
echo "audit verify --all on the restored database: $audit_ok ($(tail -n 1 <<<"$audit"))"
[ "$before" -gt 0 ] && [ "$after" -gt 0 ] || of_die "the drill needs cases on both sides of T"
[ "$before_restored" -eq "$before" ] || of_die "$((before - before_restored)) cases acknowledged before T are missing"
[ "$after_restored" -eq 0 ] || of_die "$after_restored cases sent after T were restored"
[ "$audit_ok" = yes ] || of_die "audit verify failed on the restored database: $audit"
echo "restore drill: passed"
