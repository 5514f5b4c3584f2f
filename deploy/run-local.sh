#!/usr/bin/env bash
# Runs ombudsflow locally: installs what is missing, builds (Release), creates
# or reuses a PostgreSQL cluster in .local/, applies migrations, creates a
# demo person for every role (with a password and a token), and serves on 127.0.0.1:8080 until Ctrl-C, which
# stops the server and the cluster.
#
# Environment: OMBUDSFLOW_LISTEN (default 127.0.0.1:8080),
#              OMBUDSFLOW_PG_PORT (default 54329),
#              OMBUDSFLOW_OIDC_ISSUER, OMBUDSFLOW_OIDC_CLIENT_ID and
#              OMBUDSFLOW_OIDC_CLIENT_SECRET: sign-in with an identity provider.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

listen=${OMBUDSFLOW_LISTEN:-127.0.0.1:8080}
pg_port=${OMBUDSFLOW_PG_PORT:-54329}
state="$root/.local"
data="$state/pg"
tokens="$state/demo-tokens"
people="$state/demo-users"
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

# A demo person per role, demo-<role>@ombudsflow.local, and a token of
# theirs; passwords and tokens are kept in .local/ (mode 600) and reused
# while the database still knows them. This is the operator's shell: it
# sets each demo password with the break-glass `user set-password` (a
# person would use the link `user create` prints), and each person's token
# is issued with that person's own password, as only they could.
declare -A password=() demo=()
[ -f "$people" ] && while IFS='=' read -r role secret; do password[$role]=$secret; done < "$people"
[ -f "$tokens" ] && while IFS='=' read -r role token; do demo[$role]=$token; done < "$tokens"
token_known() {
  [ "$(psql -tAq "$db" -c "SELECT count(*) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.active AND t.revoked_at IS NULL AND t.expires_at > now() + interval '1 day' AND t.token_hash = encode(sha256(convert_to('$1', 'UTF8')), 'hex')")" = 1 ]
}
for role in caseworker ombudsman deputy department administrator; do
  email="demo-$role@ombudsflow.local"
  if [ "$(psql -tAq "$db" -c "SELECT count(*) FROM users WHERE email = '$email' AND active")" = 0 ]; then
    department=()
    [ "$role" = department ] && department=(--department BUF)
    name="Demo ${role^}"
    [ "$role" = department ] && name="Demo BUF"
    "$bin" user create --db "$db" --name "$name" --email "$email" --role "$role" "${department[@]}" \
      --public-url "http://$listen" >/dev/null
    password[$role]=
    demo[$role]=
  fi
  if [ -z "${password[$role]:-}" ]; then
    password[$role]=$("$bin" user set-password --db "$db" --user "$email" --random-password | tail -n 1)
  fi
  if [ -z "${demo[$role]:-}" ] || ! token_known "${demo[$role]}"; then
    own_token() {
      "$bin" token create --db "$db" --user "$email" --password-stdin --name "run-local demo" \
        <<<"${password[$role]}" | tail -n 1
    }
    if ! demo[$role]=$(own_token 2>/dev/null); then
      # The kept password is no longer theirs (changed at /set-password?): a new one.
      password[$role]=$("$bin" user set-password --db "$db" --user "$email" --random-password | tail -n 1)
      demo[$role]=$(own_token)
    fi
  fi
done
: > "$people"
: > "$tokens"
chmod 600 "$people" "$tokens"
for role in "${!demo[@]}"; do
  echo "$role=${password[$role]}" >> "$people"
  echo "$role=${demo[$role]}" >> "$tokens"
done

cat <<TXT

ombudsflow on http://$listen  (database: $server_db)

The workplace: open http://$listen/ in a browser and sign in as one of
the demo people below (Danish first; "English" in the header switches).
A whole complaint: register it under "Ny klage" as the caseworker, take
it, fire its steps from the case page; the ombudsman opens the
investigation and approves the publication (/cases/<id>/approval); the
department answers the hearing and acknowledges notices at /department.
Alerts, the publication hold and delegations are under "Kontoret" (/office);
the administrator creates people (each gets a one-time link to set their
own password), system tokens and webhooks under /admin; everyone issues
their own API tokens under "Mine API-nøgler" (/me/tokens).
(The notice period before publication is ${OMBUDSFLOW_NOTICE_PERIOD_DAYS:-0} days here; 5 in the office.)

Demo people (passwords also in .local/demo-users, tokens in .local/demo-tokens):
  role            e-mail                                  password              token
  caseworker      demo-caseworker@ombudsflow.local        ${password[caseworker]}  ${demo[caseworker]}
  ombudsman       demo-ombudsman@ombudsflow.local         ${password[ombudsman]}  ${demo[ombudsman]}
  deputy          demo-deputy@ombudsflow.local            ${password[deputy]}  ${demo[deputy]}
  department BUF  demo-department@ombudsflow.local        ${password[department]}  ${demo[department]}
  administrator   demo-administrator@ombudsflow.local     ${password[administrator]}  ${demo[administrator]}

Try:
  TOKEN=${demo[caseworker]}
  curl -s -X POST http://$listen/v1/complaints -H "Authorization: Bearer \$TOKEN" \\
       -H 'Content-Type: application/json' \\
       -d '{"channel":"LETTER","complainant":{"name":"Jens Hansen","email":"jens@example.dk"},
            "department":"BUF","subject":"Svar på ansøgning","description":"Intet svar i tre måneder."}'
  curl -s http://$listen/v1/complaints -H "Authorization: Bearer \$TOKEN"

Sign in as a person:
  curl -si -c jar -X POST http://$listen/v1/sessions -H 'Content-Type: application/json' \\
       -d '{"email":"demo-caseworker@ombudsflow.local","password":"${password[caseworker]}"}'

Sign-in with the municipality's identity provider (OpenID Connect: Entra ID,
or a SAML-to-OIDC broker in front of KOMBIT's Context Handler): register
ombudsflow there as a confidential client with the redirect URI
  http://$listen/v1/auth/oidc/callback
(the public https address in production), then run this again with
  OMBUDSFLOW_OIDC_ISSUER=https://login.microsoftonline.com/<tenant>/v2.0 \\
  OMBUDSFLOW_OIDC_CLIENT_ID=<client id> OMBUDSFLOW_OIDC_CLIENT_SECRET=<secret> ./deploy/run-local.sh
and open http://$listen/v1/auth/oidc/login. People are matched by their
verified e-mail at their first sign-in (create them at /admin or with
'ombudsflow user create'); nobody gets an account by signing in.${OMBUDSFLOW_OIDC_ISSUER:+
OIDC is on: $OMBUDSFLOW_OIDC_ISSUER}

Ctrl-C stops the server and PostgreSQL.

TXT

oidc=()
if [ -n "${OMBUDSFLOW_OIDC_ISSUER:-}" ]; then
  [ -n "${OMBUDSFLOW_OIDC_CLIENT_ID:-}" ] && [ -n "${OMBUDSFLOW_OIDC_CLIENT_SECRET:-}" ] ||
    of_die "OMBUDSFLOW_OIDC_ISSUER needs OMBUDSFLOW_OIDC_CLIENT_ID and OMBUDSFLOW_OIDC_CLIENT_SECRET"
  oidc=(--oidc-issuer "$OMBUDSFLOW_OIDC_ISSUER" --oidc-client-id "$OMBUDSFLOW_OIDC_CLIENT_ID")
  export OMBUDSFLOW_OIDC_CLIENT_SECRET
fi
# The department's notice period before publication: 5 days in the office,
# 0 here unless OMBUDSFLOW_NOTICE_PERIOD_DAYS says, so a demo can approve
# on the day the department acknowledges.
"$bin" serve --db "$server_db" --listen "$listen" --workflows "$root/workflows" \
  --notice-period-days "${OMBUDSFLOW_NOTICE_PERIOD_DAYS:-0}" "${oidc[@]}" &
server_pid=$!
wait "$server_pid" || true
server_pid=
