# Shared by run-local.sh and test.sh: packages, build, and a private
# PostgreSQL cluster. Source it; it defines functions only.

OF_PG_BIN=${OF_PG_BIN:-/usr/lib/postgresql/15/bin}

# Everything the build, the server and the tests need, as Debian packages.
OF_PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libboost-program-options-dev
  libsoci-dev libpq-dev postgresql-15 postgresql-contrib
  libprotobuf-dev protobuf-compiler
  libssl-dev libspdlog-dev libfmt-dev nlohmann-json3-dev libjemalloc-dev
  libre2-dev libicu-dev libsodium-dev libcjose-dev libjansson-dev libmagic-dev
  libkainjow-mustache-dev zlib1g-dev graphviz libgmime-3.0-dev
  libcurl4-openssl-dev weasyprint fonts-dejavu-core prometheus-cpp-dev libsystemd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  ca-certificates openssl curl python3
)
# What only the tests use: a real SMTP server on loopback, PDF readers that
# check the letters' structure, and promtool (in prometheus) to check /metrics.
OF_TEST_PACKAGES=(python3-aiosmtpd python3-feedparser qpdf poppler-utils prometheus clamav-daemon systemd nginx pgbackrest patroni etcd-server etcd-client)

of_log() { printf '==> %s\n' "$*" >&2; }
of_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs whatever of OF_PACKAGES is missing (as root, or through sudo).
of_install_packages() {
  local missing=() package
  for package in "${OF_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
      missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  of_log "installing ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || of_die "not root and no sudo: install ${missing[*]} first"
    sudo=(sudo)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
}

# Node.js, Debian's chromium, and the npm packages of the test identity
# provider (tests/oidc) and the browser tests (tests/web), each pinned by
# its package-lock.json. A machine without node gets Debian's. Each package
# is asked for only when its command is missing: a Node.js from elsewhere
# (NodeSource's brings its own npm) conflicts with Debian's npm package.
of_install_test_node() {
  local OF_PACKAGES=()  # seen by of_install_packages, for this call only
  command -v node >/dev/null || OF_PACKAGES+=(nodejs)
  command -v npm >/dev/null || OF_PACKAGES+=(npm)
  command -v chromium >/dev/null || OF_PACKAGES+=(chromium)
  [ ${#OF_PACKAGES[@]} -eq 0 ] || of_install_packages
  local dir
  for dir in "$1/tests/oidc" "$1/tests/web"; do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules" ]; then
      of_log "installing npm packages (npm ci in ${dir#"$1"/})"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
      touch "$dir/node_modules"
    fi
  done
}

# of_build SOURCE_DIR BUILD_DIR BUILD_TYPE [TARGET...]: everything, or only
# the targets named (the server alone needs none of the tests).
of_build() {
  of_log "building ($3) in $2"
  cmake -S "$1" -B "$2" -G Ninja -DCMAKE_BUILD_TYPE="$3" >/dev/null
  cmake --build "$2" -j "$(nproc)" ${4:+--target "${@:4}"}
}

# PostgreSQL refuses to run as root: as root, run its tools as 'postgres'.
of_as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# of_pg_init DATA_DIR: creates a cluster there unless one exists.
of_pg_init() {
  local data=$1
  [ -f "$data/PG_VERSION" ] && return 0
  of_log "creating a PostgreSQL cluster in $data"
  mkdir -p "$data"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
  chmod 700 "$data"
  of_as_pg "$OF_PG_BIN/initdb" -D "$data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 >/dev/null
}

# The login the server connects as: a member of ombudsflow_server (migration
# 0012), which may never change or remove an audit event. Local clusters
# trust loopback, so it needs no password here; production gives it one.
OF_SERVER_USER=ombudsflow_app

# of_server_login ADMIN_CONNINFO: creates OF_SERVER_USER unless it exists.
# Run after the migrations, which create the role it joins.
of_server_login() {
  psql -q "$1" -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$OF_SERVER_USER') THEN
    CREATE ROLE $OF_SERVER_USER LOGIN IN ROLE ombudsflow_server;
  END IF;
END
\$\$;
SQL
}

# Citizens' data must not reach PostgreSQL's log: an error's DETAIL quotes
# the failing row ("Failing row contains (..., name, e-mail, ...)") and its
# STATEMENT the query. Terse errors, no statements, no bound parameters.
OF_PG_PRIVATE_LOG="-c log_error_verbosity=terse -c log_min_error_statement=panic"
OF_PG_PRIVATE_LOG+=" -c log_parameter_max_length_on_error=0 -c log_statement=none"

# of_pg_start DATA_DIR PORT: listens on 127.0.0.1:PORT and a socket in DATA_DIR.
of_pg_start() {
  local data=$1 port=$2
  of_as_pg "$OF_PG_BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $data $OF_PG_PRIVATE_LOG" start >/dev/null ||
    { tail -n 20 "$data/server.log" >&2; of_die "PostgreSQL did not start"; }
}

of_pg_stop() {
  [ -f "$1/postmaster.pid" ] || return 0
  of_as_pg "$OF_PG_BIN/pg_ctl" -D "$1" -m fast -w stop >/dev/null || true
}

# A TCP port nothing listens on now.
of_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
