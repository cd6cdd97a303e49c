#!/usr/bin/env bash
# run.sh — runs every fuzz target for a while, from its seed corpus, and prints figures.
#
#   tests/fuzz/run.sh [SECONDS]        default 60 seconds per target
#
# Environment:
#   RS_FUZZ_BUILD    build directory (default build-fuzz/), configured with clang and
#                    -DRS_FUZZ=ON and built here when needed
#   RS_FUZZ_TARGETS  space-separated subset (e.g. "walk extract-jpeg"); default: all
#   RS_FUZZ_JOBS     targets run at once (default: the number of CPUs)
#   RS_FUZZ_STRICT=1 also break on errors without a specific reason (fuzz_common.h)
#
# Each target keeps its growing corpus in BUILD/fuzz-corpus/<target>/ (reused by the next
# run) and its crashes in BUILD/fuzz-artifacts/<target>/; after a crash the target starts
# again for the rest of its time. To keep a crash as a regression test, copy the file to
# tests/fuzz/regressions/<target>/ (replayed by ctest as fuzz-replay-<target>). The table
# at the end gives, per target: runs, executions, coverage (edges), corpus size, crashes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
secs="${1:-60}"
build="${RS_FUZZ_BUILD:-build-fuzz}"
jobs="${RS_FUZZ_JOBS:-$(nproc)}"

if ! command -v clang >/dev/null 2>&1; then
    echo "run.sh: clang is needed (scripts/deps.sh installs it with the test packages)" >&2
    exit 2
fi
if [ ! -f "$build/CMakeCache.txt" ]; then
    CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRS_FUZZ=ON >/dev/null
fi
cmake --build "$build" -j"$(nproc)" --target fuzz >/dev/null
python3 tests/fuzz/make-seeds.py "$build/tests/fuzz/seeds" "$PWD" >&2

targets="${RS_FUZZ_TARGETS:-$(cd "$build/fuzz" && ls fuzz-* | sed 's/^fuzz-//' | sort)}"
log="$build/fuzz-logs"
mkdir -p "$log"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export RIGHTSCAN_SIGNATURES="${RIGHTSCAN_SIGNATURES:-$PWD/signatures}"

# one TARGET: runs it until its seconds are used, restarting after each crash
one() {
    local t="$1" corpus="$build/fuzz-corpus/$1" art="$build/fuzz-artifacts/$1"
    local end=$(($(date +%s) + secs)) runs=0 left
    mkdir -p "$corpus" "$art"
    : >"$log/$t.log"
    while left=$((end - $(date +%s))) && [ "$left" -gt 0 ]; do
        runs=$((runs + 1))
        local start=$(date +%s)
        "$build/fuzz/fuzz-$t" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 \
            -max_len=65536 -print_final_stats=1 -artifact_prefix="$art/" \
            "$corpus" "$build/tests/fuzz/seeds/$t" >>"$log/$t.log" 2>&1 && break
        # a crash while reading the corpus would repeat at once: stop this target
        [ $(($(date +%s) - start)) -ge 3 ] || break
    done
    echo "$runs" >"$log/$t.runs"
}
export -f one
export build secs log

printf '%s\n' $targets | xargs -P "$jobs" -I{} bash -c 'one {}'

printf '%-22s %5s %12s %8s %8s %8s\n' target runs execs cov corpus crashes
for t in $targets; do
    execs=$(grep -h '^stat::number_of_executed_units' "$log/$t.log" | awk '{s += $2} END {print s + 0}')
    cov=$(grep -ho 'cov: [0-9]*' "$log/$t.log" | awk '{if ($2 > m) m = $2} END {print m + 0}')
    corpus=$(find "$build/fuzz-corpus/$t" -type f | wc -l)
    crashes=$(find "$build/fuzz-artifacts/$t" -type f | wc -l)
    printf '%-22s %5s %12s %8s %8s %8s\n' "$t" "$(cat "$log/$t.runs")" "$execs" "$cov" "$corpus" "$crashes"
done
if find "$build/fuzz-artifacts" -type f | grep -q .; then
    echo "run.sh: crashes in $build/fuzz-artifacts/ (logs in $log/)" >&2
    exit 1
fi
