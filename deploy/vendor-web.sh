#!/usr/bin/env bash
# Refreshes the vendored browser files in static/vendor/ from npm at the
# pinned versions: only what the pages use (DKFDS's CSS compiled from its
# Sass sources with only the components the pages have, its minified JS,
# the woff2 fonts and the icons its CSS names, its sprite) and the
# licenses. Run by hand when a version changes; commit the result. Sass
# (npm `sass`, pinned) runs here only: serving needs no build step.
set -euo pipefail

DKFDS_VERSION=11.2.0
SASS_VERSION=1.77.8

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "dkfds@$DKFDS_VERSION" >/dev/null && tar xzf "dkfds-$DKFDS_VERSION.tgz" &&
  npm install --silent --no-save --no-audit --no-fund "sass@$SASS_VERSION" >/dev/null)
dist="$work/package/dist"
out="$root/static/vendor/dkfds"
rm -rf "$out"
mkdir -p "$out/css" "$out/js" "$out/img"

# Only the components the pages use (deploy/dkfds-workplace.scss). --quiet:
# Sass's deprecation warnings are DKFDS's to fix, not ours (errors still stop).
"$work/node_modules/.bin/sass" --no-source-map --style=compressed --quiet \
  --load-path="$work/package/src/stylesheets" "$root/deploy/dkfds-workplace.scss" "$out/css/dkfds-workplace.min.css"
cp "$dist/js/dkfds.min.js" "$out/js/"
cp "$dist/img/all-svg-icons.svg" "$out/img/"
cp "$work/package/LICENSE.md" "$out/LICENSE.md"
# The files the CSS refers to: woff2 and woff fonts (the regular face
# lists woff first, so browsers fetch it; eot and ttf are for browsers the
# office does not use) and icons.
grep -o 'url([^)]*)' "$out/css/dkfds-workplace.min.css" | sed -e 's/^url(//' -e 's/)$//' -e "s/[\"']//g" |
  grep -E '^\.\./(fonts/.*\.woff2?|img/svg-icons/.*\.svg)$' | sort -u |
  while read -r relative; do
    file=${relative#../}
    mkdir -p "$out/$(dirname "$file")"
    cp "$dist/$file" "$out/$file"
  done
cp "$dist/fonts/IBMPlexSans/split/woff/license.txt" "$out/fonts/IBMPlexSans/LICENSE.txt"
echo "dkfds $DKFDS_VERSION from npm; CSS compiled with sass $SASS_VERSION from deploy/dkfds-workplace.scss" > "$out/VERSION"
echo "vendored dkfds $DKFDS_VERSION into ${out#"$root"/}: $(du -sh "$out" | cut -f1)"
