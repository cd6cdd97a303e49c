#!/usr/bin/env python3
"""valgrind-e2e.py — one end-to-end script (tests/e2e/test_*.py, or the hostile suite) with
every run of the binary under valgrind's memcheck.

    valgrind-e2e.py [--part K/N] SCRIPT BINARY SOURCE_DIR [CASE...]

Runs `SCRIPT BINARY SOURCE_DIR CASE...` with RS_WRAPPER set to valgrind (tests/e2e/rstest.py
puts it before every run the script makes, its own and the harness's) and RS_TIME_FACTOR
set to TIME_FACTOR: an invalid read or write, a use of uninitialised memory, or a definite
or indirect leak makes valgrind exit 99 and fails the case, with valgrind's report. The
suppressions are tests/hostile/valgrind.supp's. Every case of the script runs but those in
EXCLUDE below, each with the reason it cannot run under valgrind in reasonable time.
--part K/N runs the Kth of N parts of the cases (every Nth, from the Kth): a script whose
cases take minutes under valgrind is split over several ctest tests, which run in
parallel (valgrind runs a program's threads one at a time: one scan uses one core).

Exits 77 (ctest skips) when valgrind is not installed or the binary was built with
AddressSanitizer (the two cannot run together); otherwise the script's exit status.
RS_VALGRIND_OPTIONS adds options (e.g. --track-origins=yes, to see where an uninitialised
value came from). Python 3 standard library only.
"""
import os
import shlex
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hostile as h  # noqa: E402

VALGRIND = ["valgrind", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
            "--num-callers=30", "-q", "--suppressions=" + os.path.join(HERE, "valgrind.supp")]

# A scan under memcheck is 20 to 50 times slower; the harness's timeouts are stretched by:
TIME_FACTOR = 20

# Cases that cannot run under valgrind in reasonable time, by script. Each is named and
# said why; everything else runs.
EXCLUDE = {
    "test_hostile.py": {
        "members_200k": "its bounds on the peak resident size are the scanner's allocator's: "
                        "under valgrind malloc is valgrind's (red zones, a record a block), "
                        "which grows with the blocks (100,000 units: +33 MiB, bound 12); "
                        "and 90 s of CPU",
    },
}


def cases_of(script):
    """The case names of a test script, in order (importing it defines them)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("rs_script_under_valgrind", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    import rstest
    return [fn.__name__ for fn in rstest.CASES]


def main(argv):
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    part = None
    if len(argv) > 2 and argv[1] == "--part":
        k, n = (int(x) for x in argv[2].split("/"))
        part = (k, n)
        argv = argv[:1] + argv[3:]
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    script, binary, source = (os.path.abspath(a) for a in argv[1:4])
    only = argv[4:]
    if not shutil.which("valgrind"):
        print("SKIP: valgrind is not installed")
        return 77
    if h.sanitized(binary):
        print("SKIP: the binary is built with AddressSanitizer; valgrind cannot run it")
        return 77
    name = os.path.basename(script)
    excluded = EXCLUDE.get(name, {})
    names = only or cases_of(script)
    if part:
        names = names[part[0] - 1::part[1]]
        print(f"part {part[0]} of {part[1]}: {' '.join(names)}")
    for c in names:
        if c in excluded:
            print(f"EXCLUDED {c}: {excluded[c]}")
    names = [c for c in names if c not in excluded]
    if not names:
        print("no case left to run")
        return 0
    env = dict(os.environ)
    env["RS_WRAPPER"] = shlex.join(VALGRIND + shlex.split(env.get("RS_VALGRIND_OPTIONS", "")))
    env.setdefault("RS_TIME_FACTOR", str(TIME_FACTOR))
    # the hostile suite's budgets (2 s a case) stretched alike; its memory limit is an
    # RLIMIT_AS on the process it starts, here valgrind, which needs gigabytes of address
    # space of its own: raised out of the way (the limits are checked by the normal runs)
    env.setdefault("RS_HOSTILE_TIME_SCALE", str(2 * TIME_FACTOR))
    env.setdefault("RS_HOSTILE_MEMORY_MIB", "4096")
    sys.stdout.flush()
    return subprocess.call([sys.executable, script, binary, source] + names, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
