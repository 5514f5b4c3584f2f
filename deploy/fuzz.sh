#!/usr/bin/env bash
# Fuzzes one target with libFuzzer for a while:
#
#   ./deploy/fuzz.sh TARGET [SECONDS]      (default 600)
#
# TARGET is request_decode, workflow_loader, personal_data, office_container or multipart
# (tests/fuzz).
# Builds with Debian's clang 19 (AddressSanitizer, UBSan) in build-fuzz/,
# starts from the seed corpus in tests/fuzz/corpus/TARGET, keeps what it
# learns in build-fuzz/corpus/TARGET, and leaves any crashing input in
# build-fuzz/crashes/ (exit status non-zero). The test command replays the
# seed corpus in every build; add a crash's input there once it is fixed.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=deploy/lib.sh
source "$root/deploy/lib.sh"

target=${1:?usage: deploy/fuzz.sh request_decode|workflow_loader|personal_data|office_container|multipart [SECONDS]}
seconds=${2:-600}
case "$target" in
  request_decode | workflow_loader | personal_data | office_container | multipart) ;;
  *) of_die "unknown fuzz target '$target': request_decode, workflow_loader, personal_data, office_container or multipart" ;;
esac

OF_PACKAGES+=(clang-19 libclang-rt-19-dev)
of_install_packages
build="$root/build-fuzz"
of_log "building fuzz_$target with clang 19 in $build"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOMBUDSFLOW_FUZZ=ON \
  -DCMAKE_CXX_COMPILER=clang++-19 >/dev/null
cmake --build "$build" -j "$(nproc)" --target "fuzz_$target"

corpus="$build/corpus/$target"
mkdir -p "$corpus" "$build/crashes"
of_log "fuzzing $target for $seconds s"
"$build/tests/fuzz_$target" "$corpus" "$root/tests/fuzz/corpus/$target" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -artifact_prefix="$build/crashes/$target-" -print_final_stats=1
