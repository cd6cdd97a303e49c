#!/usr/bin/env bash
# deps.sh — the Debian packages rightscan needs, in one place, and a function that installs
# the missing ones. Sourced by quickstart.sh and test.sh; can also be run:
#
#   scripts/deps.sh              install what the build and the tests need (if missing)
#   scripts/deps.sh build        only what the build needs
#   scripts/deps.sh --list       print the package names, one a line
#
# Only packages that are not installed are asked for (dpkg -s); apt-get update runs first,
# once, and only then. sudo is used when not root. Debian's own mirror is enough.

# To build: compiler, CMake (and make, its default generator), pkg-config, and the five
# libraries. libc6-dev is listed because gcc only recommends it. GCC's AddressSanitizer and
# UndefinedBehaviorSanitizer runtimes come with gcc, so the sanitizer build needs nothing more.
RS_BUILD_PACKAGES=(
    cmake make gcc libc6-dev pkg-config
    libmagic-dev      # file type detection for the long tail of formats
    libpcre2-dev      # signature patterns (PCRE2 with JIT)
    libarchive-dev    # archives and compressed streams, read from memory
    libyaml-dev       # signature files, with line/column in errors
    libutf8proc-dev   # Unicode normalisation and case folding for matching
    libpoppler-glib-dev # PDF page text and metadata
    libuchardet-dev   # guessing the charset of undeclared legacy text
    zlib1g-dev        # compressed PNG text chunks
)
# The literal prefilter: Hyperscan on amd64, its portable fork Vectorscan elsewhere (both
# provide libhs).
if [ "$(dpkg --print-architecture 2>/dev/null)" = amd64 ]; then
    RS_BUILD_PACKAGES+=(libhyperscan-dev)
else
    RS_BUILD_PACKAGES+=(libvectorscan-dev)
fi
# To test: cmocka for the unit tests; Python 3 (standard library only) for the end-to-end
# tests, which build their zip/tar/gzip fixtures with zipfile, tarfile and gzip; groff-base
# to check that docs/rightscan.1 renders without warnings.
RS_TEST_PACKAGES=(
    libcmocka-dev
    python3
    groff-base
    parallel          # the sharded-scan test runs shards as GNU parallel would on many hosts
    clang libclang-rt-14-dev  # the libFuzzer targets (tests/fuzz) and their smoke run
    valgrind          # memcheck over representative scans (tests/hostile/test_valgrind.py)
)

# rs_missing_packages PKG... — prints the packages that are not installed.
rs_missing_packages() {
    local p out
    for p in "$@"; do
        out="$(dpkg -s "$p" 2>/dev/null)" || out=""
        case "$out" in
            *"Status: install ok installed"*) ;;
            *) echo "$p" ;;
        esac
    done
}

# rs_install_missing PKG... — installs the packages that are not installed, if any.
rs_install_missing() {
    local missing sudo=()
    if ! command -v dpkg >/dev/null 2>&1; then
        echo "deps.sh: no dpkg here; install by hand: $*" >&2
        return 0
    fi
    mapfile -t missing < <(rs_missing_packages "$@")
    if [ "${#missing[@]}" -eq 0 ]; then
        return 0
    fi
    if [ "$(id -u)" -ne 0 ]; then
        if ! command -v sudo >/dev/null 2>&1; then
            echo "deps.sh: missing packages and no sudo; as root run: apt-get install ${missing[*]}" >&2
            return 1
        fi
        sudo=(sudo)
    fi
    echo "deps.sh: installing ${missing[*]}" >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "${missing[@]}"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-all}" in
        --list) printf '%s\n' "${RS_BUILD_PACKAGES[@]}" "${RS_TEST_PACKAGES[@]}" ;;
        build) rs_install_missing "${RS_BUILD_PACKAGES[@]}" ;;
        test | all) rs_install_missing "${RS_BUILD_PACKAGES[@]}" "${RS_TEST_PACKAGES[@]}" ;;
        *) echo "usage: scripts/deps.sh [build|all|--list]" >&2; exit 2 ;;
    esac
fi
