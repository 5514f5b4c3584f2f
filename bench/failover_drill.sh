#!/usr/bin/env bash
# The failover drill (docs/operations.md, "Losing the database primary"):
# PostgreSQL 15 as a primary and a synchronous standby under Patroni, with
# etcd, all on loopback; two ombudsflow servers reaching whichever is the
# primary through libpq's multi-host connection string
# (target_session_attrs=read-write). Under load (cases registered through
# both servers, each answer written down; transitions walking cases with
# their hearing notices' webhooks to a real receiver), the primary's
# postmaster is killed with SIGKILL, Patroni promotes the standby, and the
# servers' pools reconnect. Each round prints:
#   - acknowledged writes lost (must be 0);
#   - the time from the kill to the first write acknowledged after it;
#   - the requests that failed meanwhile, by status, and whether each 503
#     had a Retry-After; requests slower than 10 s (a hang);
#   - webhook deliveries and duplicates (absorbed by the webhook-id);
#   - timers that fall due while the primary is down (cases guided to
#     dialogue, their deadline brought forward to just after the kill):
#     every one must have fired by the round's end;
#   - letters e-mailed (to a real SMTP receiver) after the promotion: the
#     letter job must go on.
# The old primary rejoins as the standby before the next round. Bounded in
# time; stops everything it started.
#
#   ./bench/failover_drill.sh [rounds=3] [seconds of load before and after each kill=5]
#   OMBUDSFLOW_BENCH_BUILD=build ./bench/failover_drill.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
rounds=${1:-3}
seconds=${2:-5}
deadline=$((SECONDS + 900))
secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

of_install_packages
ofb_install patroni etcd-server etcd-client
build=${OMBUDSFLOW_BENCH_BUILD:-$root/build-release}
ofb_build ombudsflow transition_load delivery_receiver
server=$build/api/ombudsflow

work=$(mktemp -d /tmp/ombudsflow-failover.XXXXXX)
chmod 755 "$work"
pids=()
# shellcheck disable=SC2317
drill_cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  pkill -f "patroni $work/" 2>/dev/null || true
  sleep 1
  for node in 1 2; do
    [ -f "$work/node$node/postmaster.pid" ] &&
      of_as_pg "$OF_PG_BIN/pg_ctl" -D "$work/node$node" -m immediate stop >/dev/null 2>&1 || true
  done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  # The logs outlive the run, for a drill that failed.
  rm -rf /tmp/ombudsflow-failover-logs
  mkdir -p /tmp/ombudsflow-failover-logs
  cp "$work"/*.log /tmp/ombudsflow-failover-logs/ 2>/dev/null || true
  rm -rf "$work"
}
trap drill_cleanup EXIT
in_time() { [ "$SECONDS" -lt "$deadline" ] || of_die "the drill ran out of time"; }
now() { date +%s.%N; }

# etcd: Patroni's consensus on who leads.
etcd_client=$(of_free_port)
etcd_peer=$(of_free_port)
etcd --name drill --data-dir "$work/etcd" --log-level warn \
  --listen-client-urls "http://127.0.0.1:$etcd_client" --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "drill=http://127.0.0.1:$etcd_peer" > "$work/etcd.log" 2>&1 &
pids+=($!)

# Two Patroni nodes. synchronous_mode: a commit returns once the standby
# has it, and Patroni promotes only that standby. primary_start_timeout 0:
# a crashed primary is failed over at once, not restarted in place.
declare -A pg_port rest_port
for node in 1 2; do
  pg_port[$node]=$(of_free_port)
  rest_port[$node]=$(of_free_port)
done
for node in 1 2; do
  cat > "$work/node$node.yml" <<YAML
scope: ombudsflow-drill
name: node$node
restapi:
  listen: 127.0.0.1:${rest_port[$node]}
  connect_address: 127.0.0.1:${rest_port[$node]}
etcd3:
  hosts: 127.0.0.1:$etcd_client
bootstrap:
  dcs:
    ttl: 10
    loop_wait: 1
    retry_timeout: 5
    primary_start_timeout: 0
    master_start_timeout: 0
    maximum_lag_on_failover: 0
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        synchronous_commit: "on"
        wal_level: replica
        wal_log_hints: "on"
        max_wal_senders: 5
        max_replication_slots: 5
        max_connections: 100
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
  pg_hba:
    - host replication replicator 127.0.0.1/32 trust
    - host all all 127.0.0.1/32 trust
    - local all all trust
postgresql:
  listen: 127.0.0.1:${pg_port[$node]}
  connect_address: 127.0.0.1:${pg_port[$node]}
  data_dir: $work/node$node
  bin_dir: $OF_PG_BIN
  pgpass: $work/pgpass$node
  authentication:
    replication:
      username: replicator
      password: replicator
    superuser:
      username: postgres
      password: postgres
    rewind:
      username: postgres
      password: postgres
  parameters:
    unix_socket_directories: $work
YAML
done
chown -R postgres:postgres "$work"
for node in 1 2; do
  runuser -u postgres -- patroni "$work/node$node.yml" > "$work/patroni$node.log" 2>&1 &
  pids+=($!)
  sleep 2  # node1 bootstraps; node2 then joins it
done

# cluster_role NODE: "leader", "sync_standby", "replica" or "" (Patroni's REST API).
cluster_json() {
  curl -sf --max-time 1 "http://127.0.0.1:${rest_port[1]}/cluster" 2>/dev/null ||
    curl -sf --max-time 1 "http://127.0.0.1:${rest_port[2]}/cluster"
}
leader() { cluster_json | python3 -c 'import json,sys; m=[x["name"] for x in json.load(sys.stdin)["members"] if x["role"] in ("leader","master") and x["state"] == "running"]; print(m[0][4:] if m else "")' 2>/dev/null || true; }
synced() { cluster_json | python3 -c 'import json,sys; m=[x for x in json.load(sys.stdin)["members"] if x["role"] == "sync_standby" and x["state"] in ("streaming","running")]; print("yes" if m else "")' 2>/dev/null || true; }
wait_for_pair() {
  for _ in $(seq 1200); do
    in_time
    [ -n "$(leader)" ] && [ -n "$(synced)" ] && return 0
    sleep 0.1
  done
  tail -n 20 "$work"/patroni*.log >&2
  of_die "no primary with a synchronous standby"
}
of_log "Patroni: a primary and a synchronous standby"
wait_for_pair

conninfo="host=127.0.0.1,127.0.0.1 port=${pg_port[1]},${pg_port[2]} user=postgres target_session_attrs=read-write connect_timeout=2"
admin="$conninfo dbname=postgres"
db="$conninfo dbname=ombudsflow"
ofb_prepare_database

"$build/bench/delivery_receiver" --secret "$secret" --port-file "$work/receiver-port" > "$work/receiver.out" &
receiver_pid=$!
pids+=("$receiver_pid")
for _ in $(seq 100); do [ -s "$work/receiver-port" ] && break; sleep 0.05; done
# The letters' e-mail goes to the tests' SMTP receiver (python3-aiosmtpd).
mkdir -p "$work/mail"
/usr/bin/python3 "$root/tests/support/smtp_receiver.py" "$work/mail" > "$work/smtp.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "^listening" "$work/smtp.log" && break; sleep 0.05; done
smtp_port=$(awk '/^listening/ { print $2 }' "$work/smtp.log")
[ -n "$smtp_port" ] || of_die "the SMTP receiver did not start: $(cat "$work/smtp.log")"

declare -A http_port
for instance in 1 2; do
  http_port[$instance]=$(of_free_port)
  "$server" serve --db "$db" --listen "127.0.0.1:${http_port[$instance]}" --db-pool 4 --threads 1 \
    --rate-limit-per-minute 0 --webhook-allow-loopback --smtp-url "smtp://127.0.0.1:$smtp_port" \
    --smtp-from kontoret@ombudsmand.test --log-level warn > "$work/server$instance.log" 2>&1 &
  pids+=($!)
done
for instance in 1 2; do
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:${http_port[$instance]}/healthz" >/dev/null && break; sleep 0.1; done
done
curl -sf -X POST "http://127.0.0.1:${http_port[1]}/v1/webhook-endpoints" \
  -H "Authorization: Bearer $administrator" -H 'Content-Type: application/json' \
  -d "{\"department\": \"BUF\", \"url\": \"http://127.0.0.1:$(cat "$work/receiver-port")/notices\", \"secret\": \"$secret\"}" >/dev/null

# timers_due_after SECONDS FILE: 20 cases guided to dialogue, whose 30
# working days are brought forward to SECONDS from now (as time passing
# would); their ids in FILE.
timers_due_after() {
  local after=$1 file=$2 id
  : > "$file"
  for _ in $(seq 20); do
    id=$(curl -sf -X POST "http://127.0.0.1:${http_port[1]}/v1/complaints" -H "Authorization: Bearer $caseworker" \
           -H 'Content-Type: application/json' -d '{"channel": "LETTER", "complainant": {"name": "Ida Holm",
           "email": "ida@example.dk"}, "department": "BUF", "subject": "Frist", "description": "Intet svar."}' |
         python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')
    curl -sf -o /dev/null -X POST "http://127.0.0.1:${http_port[1]}/v1/complaints/$id/transitions" \
      -H "Authorization: Bearer $caseworker" -H 'Content-Type: application/json' -H 'If-Match: "1"' \
      -d '{"name": "guide_to_dialogue", "input": {"department_has_answered": false}}'
    echo "$id" >> "$file"
  done
  { echo "CREATE TEMP TABLE ids (id uuid); COPY ids FROM STDIN;"; cat "$file"; echo '\.'
    echo "UPDATE case_state s SET deadline_at = now() + interval '$after seconds' FROM ids
          WHERE s.id = ids.id AND s.state = 'awaiting_dialogue';"; } | psql -Atq "$db" >/dev/null
}
# still_waiting FILE: how many of FILE's cases still wait in dialogue.
still_waiting() {
  { echo "CREATE TEMP TABLE ids (id uuid); COPY ids FROM STDIN;"; cat "$1"; echo '\.'
    echo "SELECT count(*) FROM ids JOIN case_state s USING (id) WHERE s.state = 'awaiting_dialogue';"; } |
    psql -Atq "$db"
}

lost_total=0
for round in $(seq "$rounds"); do
  in_time
  wait_for_pair
  old=$(leader)
  of_log "round $round: load on both servers, then SIGKILL to node$old's postmaster"
  rm -f "$work/stop" "$work/ready"
  # The transitions' cases are registered first; their clock starts with the writers.
  "$build/bench/transition_load" --port "${http_port[2]}" --token "$caseworker" --ombudsman-token "$ombudsman" \
    --clients 4 --seconds $((3 * seconds)) --cases $((20 * seconds)) --when-ready "touch $work/ready" \
    > "$work/transitions.$round" 2>&1 &
  transitions_pid=$!
  while [ ! -e "$work/ready" ]; do in_time; sleep 0.05; done
  writers=()
  for instance in 1 2; do
    python3 "$root/bench/case_writer.py" --port "${http_port[$instance]}" --token "$caseworker" \
      --out "$work/acks.$round.$instance" --stop "$work/stop" --clients 2 &
    writers+=($!)
  done
  timers_started=$SECONDS
  timers_due_after $((seconds + 1)) "$work/timers.$round"
  sleep $((seconds - (SECONDS - timers_started) > 0 ? seconds - (SECONDS - timers_started) : 0))
  postmaster=$(head -n 1 "$work/node$old/postmaster.pid")
  killed_at=$(now)
  kill -KILL "$postmaster"
  # The standby's own answer: 200 from /primary once it runs as the primary.
  other=$((3 - old))
  until curl -sf --max-time 1 -o /dev/null "http://127.0.0.1:${rest_port[$other]}/primary"; do in_time; sleep 0.05; done
  promoted_at=$(now)
  sleep $((2 * seconds))
  # The timers fire within a second of falling due, on whichever server
  # claims them first (FOR UPDATE SKIP LOCKED); give them 10 s more.
  for _ in $(seq 100); do [ "$(still_waiting "$work/timers.$round")" -eq 0 ] && break; sleep 0.1; done
  timers_waiting=$(still_waiting "$work/timers.$round")
  letters_after=$(psql -Atq "$db" -c "SELECT count(*) FROM letters
                                      WHERE delivered_at > to_timestamp($promoted_at)")
  touch "$work/stop"
  for pid in "${writers[@]}"; do wait "$pid"; done
  wait "$transitions_pid" || true

  cat "$work/acks.$round".* > "$work/acks.$round"
  awk '$4 == 201 { print $1 }' "$work/acks.$round" > "$work/acknowledged.$round"
  acknowledged=$(wc -l < "$work/acknowledged.$round")
  present=$({ echo "CREATE TEMP TABLE ids (id uuid); COPY ids FROM STDIN;"; cat "$work/acknowledged.$round"; echo '\.'
             echo "SELECT count(*) FROM ids JOIN complaints c USING (id);"; } | psql -Atq "$db")
  lost=$((acknowledged - present))
  lost_total=$((lost_total + lost))
  # (One awk, no `sort | head`: under pipefail, head's early exit fails sort.)
  first_write=$(awk -v k="$killed_at" '$4 == 201 && $2 > k && (first == "" || $3 - k < first) { first = $3 - k }
                                       END { if (first != "") printf "%.1f", first }' "$work/acks.$round")
  failed=$(awk '$4 != 201 { n[$4 ($4 == 503 ? ($5 == "-" ? " without Retry-After" : " with Retry-After") : "")]++ }
                END { for (s in n) printf "%s%s: %d", (c++ ? ", " : ""), s, n[s] }' "$work/acks.$round")
  hangs=$(awk '$3 - $2 > 10' "$work/acks.$round" | wc -l)
  echo "round $round: killed node$old's postmaster; node$other promoted after $(awk -v a="$killed_at" -v b="$promoted_at" 'BEGIN { printf "%.1f", b - a }') s"
  echo "  acknowledged writes: $acknowledged; lost: $lost"
  echo "  first write acknowledged after the kill: ${first_write:-none} s after it"
  echo "  failed requests: ${failed:-none}; slower than 10 s: $hangs"
  echo "  transitions: $(grep -E '^transitions' "$work/transitions.$round" || tail -n 1 "$work/transitions.$round")"
  echo "  timers due after the kill: $(wc -l < "$work/timers.$round"); fired: $(($(wc -l < "$work/timers.$round") - timers_waiting))"
  echo "  letters e-mailed after the promotion: $letters_after"
  [ "$timers_waiting" -eq 0 ] || of_die "round $round: $timers_waiting timers did not fire after the failover"
  [ "$letters_after" -gt 0 ] || of_die "round $round: no letter was e-mailed after the promotion"
  [ -n "$first_write" ] || of_die "round $round: no write succeeded after the kill"
  unclean=$(awk '$4 != 201 && !($4 == 503 && $5 != "-")' "$work/acks.$round" | wc -l)
  [ "$unclean" -eq 0 ] || of_die "round $round: $unclean failed requests were not a 503 with Retry-After"
  [ "$hangs" -eq 0 ] || of_die "round $round: $hangs requests took longer than 10 s"
done

sleep 3  # the last notices' deliveries
kill -TERM "$receiver_pid"
wait "$receiver_pid" || true
echo "webhooks over all rounds: $(cat "$work/receiver.out")"
echo "acknowledged writes lost over $rounds rounds: $lost_total"
[ "$lost_total" -eq 0 ] || of_die "acknowledged writes were lost"
grep -q "^deliveries [1-9]" "$work/receiver.out" || of_die "no webhook was delivered"
echo "failover drill: passed"
