#!/usr/bin/env bash
# Runs ombudsflow locally: installs what is missing, builds (Release), creates
# or reuses a PostgreSQL cluster in .local/, applies migrations, creates demo
# tokens for every role, and serves on 127.0.0.1:8080 until Ctrl-C, which
# stops the server and the cluster.
#
# Environment: OMBUDSFLOW_LISTEN (default 127.0.0.1:8080),
#              OMBUDSFLOW_PG_PORT (default 54329).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

listen=${OMBUDSFLOW_LISTEN:-127.0.0.1:8080}
pg_port=${OMBUDSFLOW_PG_PORT:-54329}
state="$root/.local"
data="$state/pg"
tokens="$state/demo-tokens"
bin="$root/build-release/api/ombudsflow"

of_install_packages
of_build "$root" "$root/build-release" Release ombudsflow

mkdir -p "$state"
chmod 755 "$state"  # the postgres user must reach the cluster inside
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$state"; then
  of_die "the postgres user cannot reach $state; clone the repository somewhere it can (e.g. /srv or /tmp)"
fi
of_pg_init "$data"
if ! of_as_pg "$OF_PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
  of_pg_start "$data" "$pg_port"
fi
server_pid=
stop_all() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  of_log "stopping PostgreSQL"
  of_pg_stop "$data"
}
trap stop_all EXIT

admin="host=127.0.0.1 port=$pg_port user=postgres dbname=postgres"
db="host=127.0.0.1 port=$pg_port user=postgres dbname=ombudsflow"
if [ "$(psql -tAq "$admin" -c "SELECT count(*) FROM pg_database WHERE datname = 'ombudsflow'")" = 0 ]; then
  psql -q "$admin" -c "CREATE DATABASE ombudsflow" >/dev/null
fi
"$bin" migrate --db "$db"
of_server_login "$admin"
# The server itself connects as a role that cannot change audit events.
server_db="host=127.0.0.1 port=$pg_port user=$OF_SERVER_USER dbname=ombudsflow"

# Demo tokens, one per role, kept in .local/ and reused while the database
# still knows them.
token_known() {
  [ "$(psql -tAq "$db" -c "SELECT count(*) FROM api_tokens WHERE revoked_at IS NULL AND expires_at > now() + interval '1 day' AND token_hash = encode(sha256(convert_to('$1', 'UTF8')), 'hex')")" = 1 ]
}
declare -A demo=()
if [ -f "$tokens" ]; then
  while IFS='=' read -r role token; do
    token_known "$token" && demo[$role]=$token
  done < "$tokens"
fi
for role in caseworker ombudsman deputy department administrator; do
  [ -n "${demo[$role]:-}" ] && continue
  department=()
  [ "$role" = department ] && department=(--department BUF)
  demo[$role]=$("$bin" token create --db "$db" --role "$role" "${department[@]}" \
                  --name "demo $role" | tail -n 1)
done
: > "$tokens"
chmod 600 "$tokens"
for role in "${!demo[@]}"; do echo "$role=${demo[$role]}" >> "$tokens"; done

cat <<TXT

ombudsflow on http://$listen  (database: $server_db)

Demo tokens (also in .local/demo-tokens):
  caseworker     ${demo[caseworker]}
  ombudsman      ${demo[ombudsman]}
  deputy         ${demo[deputy]}
  department BUF ${demo[department]}
  administrator  ${demo[administrator]}

Try:
  TOKEN=${demo[caseworker]}
  curl -s -X POST http://$listen/v1/complaints -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' \\
       -d '{"channel":"LETTER","complainant":{"name":"Jens Hansen","email":"jens@example.dk"},
            "department":"BUF","subject":"Svar på ansøgning","description":"Intet svar i tre måneder."}'
  curl -s http://$listen/v1/complaints -H "Authorization: Bearer \$TOKEN"

Ctrl-C stops the server and PostgreSQL.

TXT

"$bin" serve --db "$server_db" --listen "$listen" --workflows "$root/workflows" &
server_pid=$!
wait "$server_pid" || true
server_pid=
