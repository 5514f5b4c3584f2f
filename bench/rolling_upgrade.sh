#!/usr/bin/env bash
# The rolling upgrade (docs/operations.md, "Upgrades"), on one machine,
# bounded in time, stopping everything it started. Two servers of the
# previous release (the newest v* tag; built once into
# /tmp/ombudsflow-release-TAG) serve behind nginx, which terminates TLS as
# deploy/nginx/ombudsflow.conf does; clients register cases through nginx
# all along. With the office open:
#   1. this tree's `migrate` applies the migrations since that release
#      (expansions: the old servers go on serving), and one old server is
#      restarted to show it also starts on the new schema;
#   2. each server in turn is taken out of nginx (a reload; its connections
#      end once nginx's old workers have finished their requests), drained
#      with SIGTERM, replaced by this tree's server on the same port, and
#      put back.
# Prints each step's time and the requests' figures, and fails on an
# acknowledged case the database lacks, on any request that was not
# acknowledged, on a request over 10 s, or on a server that did not come
# back.
#
#   ./bench/rolling_upgrade.sh [seconds between steps=4]
#   OMBUDSFLOW_BENCH_BUILD=build ./bench/rolling_upgrade.sh  # this tree's existing build
#   OMBUDSFLOW_PREVIOUS_RELEASE=v0.1.0 ...                   # another release to upgrade from
#   OMBUDSFLOW_PREVIOUS_BUILD=DIR ...                        # that release's build, made by hand
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
# shellcheck source=bench/lib.sh
source "$root/bench/lib.sh"
seconds=${1:-4}
deadline=$((SECONDS + 600))
limit() {
  local left=$((deadline - SECONDS))
  [ "$left" -gt 0 ] || of_die "the drill ran out of time"
  echo $(($1 < left ? $1 : left))
}

of_install_packages
command -v nginx >/dev/null || ofb_install nginx

# The previous release, built from its tag once (its sql/ and workflows/
# are compiled in as paths, so the folder stays where it was built).
tag=${OMBUDSFLOW_PREVIOUS_RELEASE:-$(git -C "$root" describe --tags --abbrev=0 --match 'v*')}
commit=$(git -C "$root" rev-parse "$tag^{commit}")
previous=/tmp/ombudsflow-release-$tag
if [ -n "${OMBUDSFLOW_PREVIOUS_BUILD:-}" ]; then
  old=$OMBUDSFLOW_PREVIOUS_BUILD/api/ombudsflow  # built by hand from $tag
elif [ "$(cat "$previous/commit" 2>/dev/null)" != "$commit" ] || [ ! -x "$previous/build/api/ombudsflow" ]; then
  of_log "building the previous release $tag into $previous (once)"
  rm -rf "$previous"
  mkdir -p "$previous"
  git -C "$root" archive "$tag" | tar -x -C "$previous"
  of_build "$previous" "$previous/build" Release ombudsflow >/dev/null
  echo "$commit" > "$previous/commit"
fi
old=${old:-$previous/build/api/ombudsflow}

# The database as the previous release left it: its migrations, its tokens.
OMBUDSFLOW_BENCH_BINARY=$old ofb_setup "$root"
new=$build/api/ombudsflow
pids=()
nginx_prefix="$work/nginx"
writer_pid=
# shellcheck disable=SC2317
drill_cleanup() {
  [ -n "$writer_pid" ] && kill "$writer_pid" 2>/dev/null && wait "$writer_pid" 2>/dev/null
  [ -f "$nginx_prefix/nginx.pid" ] && nginx -p "$nginx_prefix" -c "$nginx_prefix/nginx.conf" -s stop 2>/dev/null
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
  ofb_cleanup
}
trap drill_cleanup EXIT

steps="$work/steps"
step() { echo "$(date +%s.%N) $*" >> "$steps"; of_log "$*"; }
ports=("$(of_free_port)" "$(of_free_port)")
# serve SLOT BINARY: starts BINARY on the slot's port, waits until it answers.
serve() {
  local slot=$1 binary=$2
  "$binary" serve --db "$db" --listen "127.0.0.1:${ports[$slot]}" --db-pool 4 --threads 1 \
    --rate-limit-per-minute 0 --trusted-proxies 127.0.0.1 --log-level warn >>"$work/server-$slot.log" 2>&1 &
  pids[slot]=$!
  for _ in $(seq 100); do
    curl -sf "http://127.0.0.1:${ports[$slot]}/healthz" >/dev/null && { step "   slot $slot serves"; return 0; }
    kill -0 "${pids[$slot]}" 2>/dev/null || break
    sleep 0.1
  done
  cat "$work/server-$slot.log" >&2
  of_die "the server in slot $slot ($binary) did not start"
}
# stop SLOT: SIGTERM, and the drain finishes before the port is given up.
stop() {
  local slot=$1
  kill -TERM "${pids[$slot]}"
  wait "${pids[$slot]}" || of_die "the server in slot $slot did not stop cleanly"
  pids[slot]=
  step "   slot $slot drained and stopped"
}

# nginx runs deploy/nginx/ombudsflow.conf, its ports and paths replaced, as
# tests/http/nginx_tls_test.cc does.
mkdir -p "$nginx_prefix"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=127.0.0.1 \
  -addext subjectAltName=IP:127.0.0.1 -keyout "$nginx_prefix/privkey.pem" -out "$nginx_prefix/fullchain.pem" \
  >/dev/null 2>&1
tls_port=$(of_free_port)
http_port=$(of_free_port)
# site [SLOT]: writes the site, that slot's server marked down if one is given.
site() {
  local down=$1 mark=()
  [ -n "$down" ] && mark=(-e "s|\(server 127.0.0.1:${ports[$down]}\) .*;|\1 down;|")
  sed -e "s|127.0.0.1:8080|127.0.0.1:${ports[0]}|; s|127.0.0.1:8081|127.0.0.1:${ports[1]}|" \
      -e '/listen \[::\]/d' \
      -e "s|listen 443 ssl http2;|listen 127.0.0.1:$tls_port ssl http2;|; s|listen 80;|listen 127.0.0.1:$http_port;|" \
      -e "s|/etc/ombudsflow/tls/|$nginx_prefix/|" \
      "${mark[@]}" \
      "$root/deploy/nginx/ombudsflow.conf" > "$nginx_prefix/site.conf"
}
cat > "$nginx_prefix/nginx.conf" <<CONF
pid $nginx_prefix/nginx.pid;
error_log $nginx_prefix/error.log;
$([ "$(id -u)" -eq 0 ] && echo "user root;")
events {}
http {
  access_log off;
  client_body_temp_path $nginx_prefix/body; proxy_temp_path $nginx_prefix/proxy;
  fastcgi_temp_path $nginx_prefix/fastcgi; uwsgi_temp_path $nginx_prefix/uwsgi; scgi_temp_path $nginx_prefix/scgi;
  include $nginx_prefix/site.conf;
}
CONF
# out_of_nginx SLOT (or - for none): reloads nginx so, and waits until no
# connection from nginx to that slot's server is left.
out_of_nginx() {
  local slot=$1
  site "${slot/-/}"
  nginx -p "$nginx_prefix" -c "$nginx_prefix/nginx.conf" -s reload 2>>"$nginx_prefix/signals.log"
  [ "$slot" = - ] && return 0
  for _ in $(seq 100); do
    [ "$(ss -Htn state established "( dport = :${ports[$slot]} )" | wc -l)" -eq 0 ] && { step "   nginx let go of slot $slot"; return 0; }
    sleep 0.1
  done
  of_die "nginx still holds connections to slot $slot after 10 s"
}

serve 0 "$old"
serve 1 "$old"
site ""
nginx -p "$nginx_prefix" -c "$nginx_prefix/nginx.conf"

step "two servers of $tag behind nginx; clients register cases through it"
python3 "$root/bench/case_writer.py" --port "$tls_port" --cafile "$nginx_prefix/fullchain.pem" \
  --token "$caseworker" --out "$work/acks" --stop "$work/stop" --clients 4 --retry-reused &
writer_pid=$!
sleep "$seconds"

step "1. migrating to this tree's schema, the office open"
migrated=$(timeout "$(limit 120)" "$new" migrate --db "$db" | tail -n 1)
step "   $migrated"
sleep "$seconds"
step "   restarting one $tag server on the new schema"
out_of_nginx 0
stop 0
serve 0 "$old"
out_of_nginx -
newer_warning=$(grep -c "newer than this server" "$work/server-0.log" || true)
sleep "$seconds"

for slot in 0 1; do
  step "2. slot $slot: out of nginx, drained, replaced by this tree's server, back in"
  out_of_nginx "$slot"
  stop "$slot"
  serve "$slot" "$new"
  out_of_nginx -
  sleep "$seconds"
done
step "done: both servers run this tree's build"
touch "$work/stop"
wait "$writer_pid"
writer_pid=

# Every acknowledged case is in the database; nothing failed.
awk '$1 != "-" { print $1 }' "$work/acks" > "$work/acknowledged"
acknowledged=$(wc -l < "$work/acknowledged")
present=$({ echo "CREATE TEMP TABLE ids (id uuid); COPY ids FROM STDIN;"; cat "$work/acknowledged"; echo '\.'
            echo "SELECT count(*) FROM ids JOIN complaints c USING (id);"; } | psql -Atq "$db")
failed=$(awk '$4 != "201"' "$work/acks" | wc -l)
statuses=$(awk '$4 != "201" { print $4 }' "$work/acks" | sort | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }')
slow=$(awk '$3 - $2 > 10' "$work/acks" | wc -l)
resent=$(awk '$6 == 1' "$work/acks" | wc -l)
longest=$(awk 'BEGIN { m = 0 } { d = $3 - $2; if (d > m) m = d } END { printf "%.3f", m }' "$work/acks")
p99=$(awk '{ printf "%.6f\n", $3 - $2 }' "$work/acks" | sort -n |
      awk '{ a[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.3f", a[i] }')
first=$(head -n 1 "$steps" | cut -d' ' -f1)
last=$(tail -n 1 "$steps" | cut -d' ' -f1)

echo "upgrade from $tag ($(git -C "$root" rev-parse --short "$commit")) to $(git -C "$root" describe --tags --always --dirty)"
awk -v t0="$first" '{ $1 = sprintf("%6.1fs", $1 - t0); print }' "$steps"
echo "migrate: $migrated; the restarted $tag server warned of newer migrations: $([ "$newer_warning" -gt 0 ] && echo yes || echo "no (none applied)")"
echo "requests: $(wc -l < "$work/acks") over $(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.0f", b - a }') s; acknowledged $acknowledged, in the database $present"
echo "failed: $failed${statuses:+ ($statuses)}; over 10 s: $slow; p99 $p99 s, longest $longest s"
echo "sent again on a new connection (a kept-alive one closed under it, same Idempotency-Key): $resent"
[ "$acknowledged" -gt 0 ] || of_die "no case was acknowledged"
[ "$present" -eq "$acknowledged" ] || of_die "$((acknowledged - present)) acknowledged cases are missing"
[ "$failed" -eq 0 ] || of_die "$failed requests failed during the upgrade"
[ "$slow" -eq 0 ] || of_die "$slow requests took over 10 s"
for slot in 0 1; do
  [ "$(readlink "/proc/${pids[$slot]}/exe")" = "$(readlink -f "$new")" ] ||
    of_die "slot $slot does not run this tree's build"
done
# The new servers say which release they run (sql/0052_running_servers.sql).
running=$(psql -Atq -F ' ' "$db" -c "SELECT count(*) FILTER (WHERE seen_at > now() - interval '1 minute'),
                                            string_agg(DISTINCT release || ' (' || newest_migration || ')', ', ')
                                     FROM running_servers")
echo "running servers, as they say themselves: $running"
[ "${running%% *}" -eq 2 ] || of_die "expected both new servers in running_servers: $running"
echo "rolling upgrade: passed"
