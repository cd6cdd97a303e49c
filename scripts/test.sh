#!/usr/bin/env bash
# test.sh — what CI runs: installs the missing packages, then builds and runs every test
# twice: with warnings as errors (build-ci/), then with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/). Exits non-zero if either fails.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/deps.sh

rs_install_missing "${RS_BUILD_PACKAGES[@]}" "${RS_TEST_PACKAGES[@]}"

jobs="$(nproc)"
failed=()

# phase NAME BUILD_DIR CMAKE_ARGS... — configure, build and run ctest; remembers a failure.
phase() {
    local name="$1" dir="$2"
    shift 2
    echo "==> $name: configuring $dir"
    if ! cmake -S . -B "$dir" "$@"; then failed+=("$name (configure)"); return; fi
    echo "==> $name: building"
    if ! cmake --build "$dir" -j"$jobs"; then failed+=("$name (build)"); return; fi
    echo "==> $name: testing"
    if ! (cd "$dir" && ctest --output-on-failure -j"$jobs"); then failed+=("$name (tests)"); fi
}

phase "warnings as errors" build-ci -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRS_WERROR=ON

export ASAN_OPTIONS=detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
phase "sanitizers" build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRS_SANITIZE=ON

if [ "${#failed[@]}" -ne 0 ]; then
    printf 'test.sh: FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "test.sh: all tests passed (build-ci/ and build-asan/)"
