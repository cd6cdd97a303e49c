#!/usr/bin/env python3
"""test_examples.py — scans examples/newsroom and checks every unit against
examples/EXPECTED.jsonl: each expected unit found with its holder and class, nothing else
flagged, nothing skipped or failed, every file of the tree met.

    test_examples.py BINARY SOURCE_DIR [CASE...]
"""
import json
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rstest  # noqa: E402
from rstest import case  # noqa: E402


def expected(t):
    with open(os.path.join(t.src, "examples", "EXPECTED.jsonl"), encoding="utf-8") as f:
        return {e["path"]: e for e in map(json.loads, filter(str.strip, f))}


@case
def newsroom_verdicts(t):
    root = os.path.join(t.src, "examples", "newsroom")
    want = expected(t)
    rep = t.scan("--all", ".", cwd=root)
    got = rep.flagged()
    problems = []
    for path, e in sorted(want.items()):
        u = rep.unit(path)
        if u is None:
            problems.append(f"missing unit: {path}")
        elif (u["holder"], u["class"]) != (e["holder"], e["class"]):
            problems.append(f"wrong verdict: {path}: got {u['holder']}/{u['class']}, "
                            f"want {e['holder']}/{e['class']}")
    for path, u in sorted(got.items()):
        if path not in want:
            problems.append(f"unexpected: {path}: {u['holder']}/{u['class']} "
                            f"({', '.join(f['signature'] + ' ' + repr(f['excerpt']) for f in u['findings'])})")
    for u in rep.units:
        if u["status"] != "scanned":
            problems.append(f"{u['status']}: {u['path']}: {u.get('reason')}")
    files = []
    for d, _, names in os.walk(root):
        files += [os.path.relpath(os.path.join(d, n), root) for n in names]
    for f in sorted(files):
        if rep.unit(f) is None:
            problems.append(f"file not reported with --all: {f}")
    t.check(not problems, f"{len(problems)} problem(s):\n  " + "\n  ".join(problems))
    t.eq(rep.rc, 1, "exit status (restricted content, nothing skipped)", rep)
    t.note(f"{len(rep.units)} units, {len(got)} flagged, all as expected")


@case
def newsroom_by_path(t):
    # Scanning examples/newsroom by its path prefixes every unit with it.
    rep = t.scan("examples/newsroom", cwd=t.src)
    want = {"examples/newsroom/" + p for p in expected(t)}
    t.eq(set(rep.flagged()), want, "flagged units, scanned from the source tree's root", rep)


if __name__ == "__main__":
    sys.exit(rstest.main())
