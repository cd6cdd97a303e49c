#!/usr/bin/env bash
# test.sh — what CI runs: installs the missing packages, then builds and runs every test
# twice: with warnings as errors (build-ci/), then with AddressSanitizer and
# UndefinedBehaviorSanitizer (build-asan/); then a short smoke of the fuzz targets
# (build-fuzz/, clang). Exits non-zero if any fails.
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

# The fuzz smoke: the libFuzzer targets (tests/fuzz/), built with clang into build-fuzz/,
# each run for a few seconds from its seed corpus (ctest label fuzz). Longer campaigns:
# tests/fuzz/run.sh SECONDS.
fuzz_smoke() {
    if ! command -v clang >/dev/null 2>&1; then
        echo "==> fuzz smoke: SKIPPED, clang is not installed (the libFuzzer targets need it)"
        return
    fi
    echo "==> fuzz smoke: configuring build-fuzz"
    if ! CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRS_FUZZ=ON; then
        failed+=("fuzz smoke (configure)"); return
    fi
    echo "==> fuzz smoke: building the fuzz targets"
    if ! cmake --build build-fuzz -j"$jobs" --target fuzz; then failed+=("fuzz smoke (build)"); return; fi
    echo "==> fuzz smoke: running each target for a few seconds"
    if ! (cd build-fuzz && ctest --output-on-failure -j"$jobs" -L '^fuzz$'); then
        failed+=("fuzz smoke (tests)")
    fi
}
fuzz_smoke

if [ "${#failed[@]}" -ne 0 ]; then
    printf 'test.sh: FAILED: %s\n' "${failed[@]}" >&2
    exit 1
fi
echo "test.sh: all tests passed (build-ci/, build-asan/ and the fuzz smoke in build-fuzz/)"
