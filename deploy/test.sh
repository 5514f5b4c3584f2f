#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, starts a throwaway
# PostgreSQL on a free port, runs CTest against it, and stops it again
# whatever happened. Extra arguments go to ctest (e.g. -R intake).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

build_dir=${OMBUDSFLOW_BUILD_DIR:-$root/build}

of_install_packages
(OF_PACKAGES=("${OF_TEST_PACKAGES[@]}"); of_install_packages)
of_install_test_node "$root"
of_build "$root" "$build_dir" "${OMBUDSFLOW_BUILD_TYPE:-RelWithDebInfo}"

# The cluster lives in a fresh folder the postgres user can reach.
work=$(mktemp -d /tmp/ombudsflow-test.XXXXXX)
chmod 755 "$work"
data="$work/data"
cleanup() {
  of_pg_stop "$data"
  rm -rf "$work"
}
trap cleanup EXIT

port=$(of_free_port)
of_pg_init "$data"
of_pg_start "$data" "$port"
of_log "PostgreSQL on 127.0.0.1:$port"

admin="host=127.0.0.1 port=$port user=postgres dbname=postgres"
psql -q "$admin" -c "CREATE DATABASE ombudsflow_template" >/dev/null
"$build_dir/api/ombudsflow" migrate --db "host=127.0.0.1 port=$port user=postgres dbname=ombudsflow_template" >/dev/null
of_server_login "$admin"

# The recovery tests stop, crash and start this cluster themselves.
cat > "$work/pgctl" <<SCRIPT
#!/usr/bin/env bash
source "$root/deploy/lib.sh"
case "\$1" in
  stop) of_pg_stop "$data" ;;
  start) of_pg_start "$data" "$port" ;;
  # As a power cut would: no checkpoint, no flush; recovery replays the WAL.
  crash) of_as_pg "\$OF_PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null ;;
  *) echo "usage: pgctl stop|start|crash" >&2; exit 2 ;;
esac
SCRIPT
chmod +x "$work/pgctl"

export OMBUDSFLOW_TEST_ADMIN_DB="$admin"
export OMBUDSFLOW_TEST_SERVER_USER="$OF_SERVER_USER"
export OMBUDSFLOW_TEST_PGCTL="$work/pgctl"
export OMBUDSFLOW_TEST_PG_LOG="$data/server.log"

cd "$build_dir"
ctest --output-on-failure -j "$(nproc)" "$@"
