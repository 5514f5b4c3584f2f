#!/usr/bin/env bash
# Refreshes the vendored browser files in static/vendor/ from npm at the
# pinned versions: only what the pages use (DKFDS's minified CSS and JS,
# the woff2 fonts and the icons its CSS names, its sprite) and the
# licenses. Run by hand when a version changes; commit the result.
set -euo pipefail

DKFDS_VERSION=11.2.0

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "dkfds@$DKFDS_VERSION" >/dev/null && tar xzf "dkfds-$DKFDS_VERSION.tgz")
dist="$work/package/dist"
out="$root/static/vendor/dkfds"
rm -rf "$out"
mkdir -p "$out/css" "$out/js" "$out/img"

cp "$dist/css/dkfds.min.css" "$out/css/"
cp "$dist/js/dkfds.min.js" "$out/js/"
cp "$dist/img/all-svg-icons.svg" "$out/img/"
cp "$work/package/LICENSE.md" "$out/LICENSE.md"
# The files the CSS refers to: woff2 and woff fonts (the regular face
# lists woff first, so browsers fetch it; eot and ttf are for browsers the
# office does not use) and icons.
grep -o 'url([^)]*)' "$dist/css/dkfds.min.css" | sed -e 's/^url(//' -e 's/)$//' -e "s/[\"']//g" |
  grep -E '^\.\./(fonts/.*\.woff2?|img/svg-icons/.*\.svg)$' | sort -u |
  while read -r relative; do
    file=${relative#../}
    mkdir -p "$out/$(dirname "$file")"
    cp "$dist/$file" "$out/$file"
  done
cp "$dist/fonts/IBMPlexSans/split/woff/license.txt" "$out/fonts/IBMPlexSans/LICENSE.txt"
echo "dkfds $DKFDS_VERSION from npm" > "$out/VERSION"
echo "vendored dkfds $DKFDS_VERSION into ${out#"$root"/}: $(du -sh "$out" | cut -f1)"
