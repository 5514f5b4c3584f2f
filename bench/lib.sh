# Shared by the bench scripts: a Release build and a fresh PostgreSQL with
# durability as shipped, migrated, with bench tokens. Source it after
# deploy/lib.sh; it defines functions only.

# ofb_build TARGETS...: builds them in $build, a Release build unless
# OMBUDSFLOW_BENCH_BUILD names a configured build to use as it is (a
# worktree's RelWithDebInfo build, to spare a second full build).
ofb_build() {
  if [ -n "${OMBUDSFLOW_BENCH_BUILD:-}" ]; then
    cmake --build "$build" -j "$(nproc)" --target "$@" >/dev/null
  else
    of_build "$root" "$build" Release "$@" >/dev/null
  fi
}

# ofb_install PACKAGES...: the Debian packages a bench alone uses (wrk, say).
ofb_install() {
  local OF_PACKAGES=("$@")  # seen by of_install_packages, for this call only
  of_install_packages
}

# ofb_setup ROOT: builds, starts the cluster (with OFB_PG_CONF's lines
# added to postgresql.conf) and sets build, work, port,
# admin, db, caseworker, ombudsman, administrator, and server (the
# ombudsflow binary: OMBUDSFLOW_BENCH_BINARY if set, to measure another
# build, which then also migrates the database). Stops everything on exit,
# including a process whose pid is in the variable `server_pid` or
# `receiver_pid`.
ofb_setup() {
  local root=$1
  build=${OMBUDSFLOW_BENCH_BUILD:-$root/build-release}
  of_install_packages
  ofb_build ombudsflow transition_load delivery_receiver
  server=${OMBUDSFLOW_BENCH_BINARY:-$build/api/ombudsflow}

  work=$(mktemp -d /tmp/ombudsflow-bench.XXXXXX)
  chmod 755 "$work"
  server_pid=
  receiver_pid=
  trap ofb_cleanup EXIT

  port=$(of_free_port)
  of_pg_init "$work/data"
  # Enough connections for the server's pool and pgbench; durability as shipped.
  cat >> "$work/data/postgresql.conf" <<CONF
max_connections = 100
synchronous_commit = on
shared_buffers = 512MB
${OFB_PG_CONF:-}
CONF
  of_pg_start "$work/data" "$port"
  admin="host=127.0.0.1 port=$port user=postgres dbname=postgres"
  db="host=127.0.0.1 port=$port user=postgres dbname=ombudsflow"
  ofb_prepare_database
}

# ofb_prepare_database: creates the ombudsflow database through $admin,
# migrates it ($db) with $server, and sets the bench people's tokens:
# `caseworker`, `ombudsman`, `administrator`.
ofb_prepare_database() {
  psql -q "$admin" -c "CREATE DATABASE ombudsflow" >/dev/null
  "$server" migrate --db "$db" >/dev/null
  # The investigation path needs both roles: the ombudsman decides, a caseworker does the rest.
  caseworker=$(ofb_person_token "$server" "$db" caseworker)
  ombudsman=$(ofb_person_token "$server" "$db" ombudsman)
  administrator=$(ofb_person_token "$server" "$db" administrator)
}

# ofb_person_token BINARY CONNINFO ROLE: prints a token of a bench person
# of ROLE (bench-ROLE@ombudsflow.local), made for the occasion: a system
# may hold only the department role, and a person's token is issued by
# that person with their own password (set here at the operator's shell).
# A build from before that rule gets a system token of the role instead.
ofb_person_token() {
  local binary=$1 conninfo=$2 role=$3 password="bench password 2026"
  local email="bench-$role@ombudsflow.local"
  if "$binary" user create --db "$conninfo" --name "Bench ${role^}" --email "$email" --role "$role" \
       >/dev/null 2>&1; then
    "$binary" user set-password --db "$conninfo" --user "$email" --password-stdin <<<"$password" >/dev/null
  fi
  "$binary" token create --db "$conninfo" --user "$email" --password-stdin --name bench <<<"$password" 2>/dev/null |
    tail -n 1 | grep '^ofk_' ||
    "$binary" token create --db "$conninfo" --role "$role" --name bench | tail -n 1
}

ofb_cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null && wait "$receiver_pid" 2>/dev/null
  of_pg_stop "$work/data"
  rm -rf "$work"
}

# ofb_serve [EXTRA ARGS...]: starts the server on a free port (http_port)
# and waits until it answers.
ofb_serve() {
  http_port=$(of_free_port)
  # On 2 cores, 8 connections (and as many workers) with one I/O thread
  # measured best: more threads only add context switches. One token drives
  # the whole load, so no rate limit.
  "$server" serve --db "$db" --listen "127.0.0.1:$http_port" \
    ${OMBUDSFLOW_BENCH_SERVE_ARGS:---db-pool 8 --threads 1 --rate-limit-per-minute 0} --log-level warn "$@" &
  server_pid=$!
  for _ in $(seq 100); do curl -sf "http://127.0.0.1:$http_port/healthz" >/dev/null && break; sleep 0.1; done
}

# ofb_load SECONDS CLIENTS [checkpoint|measured] [TRANSITION_LOAD ARGS...]:
# the engine's load; prints transition_load's line. With "checkpoint",
# PostgreSQL checkpoints after the cases are registered, before the clock
# starts, and the WAL position at that moment goes to $work/wal_start
# (ofb_wal_since_start reads it). "measured" does that too, after waiting
# out the statistics of the registration (a backend reports its rows within
# 10 s), and then writes the rows written so far to $work/rows_start
# (ofb_rows_since_start) and touches $work/ready as the clock starts.
ofb_load() {
  local seconds=$1 clients=$2 mode=${3:-} when_ready=
  shift 3 || shift $#
  local checkpoint="psql -q '$admin' -c CHECKPOINT >/dev/null && psql -Atq '$admin' -c 'SELECT pg_current_wal_lsn()' > '$work/wal_start'"
  case "$mode" in
    checkpoint) when_ready=$checkpoint ;;
    measured)
      rm -f "$work/ready"
      when_ready="sleep 11 && psql -Atq '$db' -c \"$(ofb_rows_sql)\" > '$work/rows_start' && $checkpoint && touch '$work/ready'" ;;
  esac
  # Enough cases that no client runs out below 7,200 transitions/s (six
  # per case); transition_load fails the run if one does.
  local cases=$(( seconds * 1200 / clients + 50 ))
  "$build/bench/transition_load" --port "$http_port" --token "$caseworker" --ombudsman-token "$ombudsman" \
    --clients "$clients" --seconds "$seconds" --cases "$cases" --when-ready "$when_ready" "$@"
}

# ofb_measured_load SECONDS CLIENTS [TRANSITION_LOAD ARGS...]: a measured
# ofb_load. Sets `engine` (its line), and `server_ticks` and
# `postgres_ticks`: the CPU the server and PostgreSQL used while the clock
# ran. Calls ofb_at_clock_start, if defined, as the clock starts, and
# ofb_while_loading, if defined, over and over until the load ends.
ofb_measured_load() {
  local seconds=$1 clients=$2 loader
  shift 2
  # Removed here, not only in ofb_load: a second round's loop would
  # otherwise find the first round's file before the loader removes it.
  rm -f "$work/ready"
  ofb_load "$seconds" "$clients" measured "$@" > "$work/engine.out" &
  loader=$!
  while [ ! -e "$work/ready" ] && kill -0 "$loader" 2>/dev/null; do sleep 0.05; done
  if declare -F ofb_at_clock_start >/dev/null; then ofb_at_clock_start; fi
  server_ticks=$(ofb_cpu_ticks "$server_pid")
  postgres_ticks=$(ofb_postgres_ticks)
  if declare -F ofb_while_loading >/dev/null; then
    while kill -0 "$loader" 2>/dev/null; do ofb_while_loading; done
  fi
  wait "$loader"
  server_ticks=$(( $(ofb_cpu_ticks "$server_pid") - server_ticks ))
  postgres_ticks=$(( $(ofb_postgres_ticks) - postgres_ticks ))
  engine=$(cat "$work/engine.out")
}

# The rows written to the engine's tables so far (inserted, updated, deleted).
ofb_rows_sql() {
  echo "SELECT sum(n_tup_ins + n_tup_upd + n_tup_del) FROM pg_stat_user_tables"
}

# ofb_rows_since_start: rows written since a measured ofb_load's clock
# started, once the backends have reported them (within 10 s).
ofb_rows_since_start() {
  sleep 11
  psql -Atq "$db" -c "SELECT ($(ofb_rows_sql)) - $(cat "$work/rows_start")"
}

# ofb_wal_since_start: bytes of WAL written since the last checkpointed
# ofb_load's clock started (everything: the load, the jobs, full-page images).
ofb_wal_since_start() {
  psql -Atq "$admin" -c "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$(cat "$work/wal_start")')"
}

# ofb_sign_in: creates a caseworker who signs in, and sets `cookie` to the
# session cookie (pages and the API alike accept it).
ofb_sign_in() {
  local password="bench password 2026"
  "$server" user create --db "$db" --name "Bench Caseworker" --email bench@ombudsflow.local --role caseworker \
    >/dev/null
  "$server" user set-password --db "$db" --user bench@ombudsflow.local --password-stdin <<<"$password" >/dev/null
  cookie=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"email\": \"bench@ombudsflow.local\", \"password\": \"$password\"}" \
    "http://127.0.0.1:$http_port/v1/sessions" |
    sed -n 's/^[Ss]et-[Cc]ookie: \(ombudsflow_session=[^;]*\).*/\1/p')
  [ -n "$cookie" ] || of_die "could not sign in"
}

# ofb_cpu_ticks PID...: CPU time (user + system, in clock ticks) the
# processes used so far, with their children that have ended.
ofb_cpu_ticks() {
  local pid total=0 fields
  for pid in "$@"; do
    fields=$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null) || continue
    # After the command's name: utime, stime, cutime, cstime are fields 12-15.
    total=$((total + $(awk '{ print $12 + $13 + $14 + $15 }' <<<"$fields")))
  done
  echo "$total"
}

# ofb_postgres_ticks: the cluster's CPU time so far, every backend's
# included (the postmaster counts those that ended).
ofb_postgres_ticks() {
  local postmaster
  postmaster=$(head -n 1 "$work/data/postmaster.pid")
  # shellcheck disable=SC2046
  ofb_cpu_ticks "$postmaster" $(pgrep -P "$postmaster")
}

# ofb_share TICKS SECONDS: TICKS as a percentage of all cores for SECONDS.
ofb_share() {
  awk -v t="$1" -v s="$2" -v hz="$(getconf CLK_TCK)" -v n="$(nproc)" 'BEGIN { printf "%.0f%%", 100 * t / hz / s / n }'
}
