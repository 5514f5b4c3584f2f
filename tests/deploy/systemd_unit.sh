#!/usr/bin/env bash
# `systemd-analyze verify` on deploy/systemd/ombudsflow.service as it is
# installed: in a root folder with the unit in /etc/systemd/system, an
# executable at its ExecStart path, and this system's own units. Any
# warning fails it (verify exits 0 on an unknown key or a misspelt value),
# and a copy with one misspelt value must fail, so the check can fail.
# Prints the unit's `systemd-analyze security` exposure score.
#
#   tests/deploy/systemd_unit.sh SOURCE_DIR
set -euo pipefail
source_dir=$1
command -v systemd-analyze >/dev/null || { echo "systemd-analyze is missing (Debian's systemd)" >&2; exit 1; }
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr/local/bin" "$root/etc/systemd/system" "$root/usr/lib/systemd"
ln -s /lib/systemd/system "$root/usr/lib/systemd/system"
# verify asks only that ExecStart's program exists and is executable.
printf '#!/bin/sh\n' > "$root/usr/local/bin/ombudsflow"
chmod 755 "$root/usr/local/bin/ombudsflow"
unit="$root/etc/systemd/system/ombudsflow.service"

verify() {
  local out
  if ! out=$(systemd-analyze verify --root="$root" ombudsflow.service 2>&1) || [ -n "$out" ]; then
    echo "$out"
    return 1
  fi
}

cp "$source_dir/deploy/systemd/ombudsflow.service" "$unit"
if ! verify; then
  echo "FAIL: deploy/systemd/ombudsflow.service does not verify cleanly" >&2
  exit 1
fi
grep -q '^ProtectSystem=strict$' "$unit" || { echo "FAIL: the unit lost ProtectSystem=strict" >&2; exit 1; }
sed -i 's/^ProtectSystem=strict$/ProtectSystem=strictly/' "$unit"
if verify >/dev/null; then
  echo "FAIL: a unit with a misspelt value passed the check" >&2
  exit 1
fi
cp "$source_dir/deploy/systemd/ombudsflow.service" "$unit"
echo "deploy/systemd/ombudsflow.service verifies"
systemd-analyze security --offline=true --root="$root" ombudsflow.service 2>&1 | tail -n 1
