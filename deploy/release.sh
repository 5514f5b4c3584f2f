#!/usr/bin/env bash
# Cuts a release: records the checksums of the migrations it ships in
# sql/releases/VERSION.sha256, commits that, and tags the commit VERSION.
# Every later migration is held to that schema by
# tests/deploy/schema_compat.py (docs/operations.md, "Upgrades").
#
#   ./deploy/release.sh v0.2.0
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"
version=${1:-}
[[ "$version" =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || of_die "usage: deploy/release.sh vMAJOR.MINOR.PATCH"
cd "$root"
git diff --quiet HEAD && [ -z "$(git status --porcelain)" ] || of_die "commit or stash your changes first"
git rev-parse -q --verify "refs/tags/$version" >/dev/null && of_die "$version is already tagged"
manifest="sql/releases/$version.sha256"
[ -e "$manifest" ] && of_die "$manifest exists"
mkdir -p sql/releases
(cd sql && sha256sum [0-9][0-9][0-9][0-9]_*.sql) > "$manifest"
git add "$manifest"
git commit -q -m "release $version: the migrations it ships ($(wc -l < "$manifest"))"
git tag -a "$version" -m "ombudsflow $version"
of_log "tagged $version; push it with: git push origin main $version"
