#!/usr/bin/env bash
# quickstart.sh — from a fresh Debian machine to a first report: installs the missing
# packages, builds rightscan into build/, scans examples/newsroom (a text report on the
# terminal) and writes the same scan as JSON to report.json.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/deps.sh

rs_install_missing "${RS_BUILD_PACKAGES[@]}"

echo "==> building rightscan in build/"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRS_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)"

echo
echo "==> build/rightscan scan examples/newsroom"
status=0
build/rightscan scan examples/newsroom || status=$?
# 0 clean, 1 restricted content found (what the examples hold), 2 error, 3 incomplete
if [ "$status" -eq 2 ]; then
    echo "quickstart: the scan failed (exit status 2)" >&2
    exit 2
fi

status=0
build/rightscan scan --quiet --format json -o report.json examples/newsroom || status=$?
if [ "$status" -eq 2 ]; then
    echo "quickstart: the JSON report could not be written (exit status 2)" >&2
    exit 2
fi
echo
echo "Exit status $status (0 clean, 1 restricted content found, 3 incomplete)."
echo "JSON report: $PWD/report.json   (format: reports/FORMAT.md)"
echo "Next: scripts/test.sh runs the tests; man -l docs/rightscan.1 has the manual."
