#!/usr/bin/env python3
"""test_eval.py — detection quality on the labelled evaluation corpus of real-world
variants (issue 3's "Done when"): makes the corpus with make-eval.py in a temporary
directory — once per seed, side by side (s<SEED>/...), so that the figures do not rest on
one draw of cut points, edits and formats — scans it with the real binary
(`scan -q -f jsonl`), scores the report with score_eval.py, prints the figures per case and
overall, and fails below

    recall 0.98, precision 0.99, holder 0.98, class 0.98 (overall).

    test_eval.py BINARY SOURCE_DIR [--keep DIR] [--seeds S,S,...] [--show N]

--keep DIR keeps the corpus (DIR/corpus), its TRUTH/CASES and the report (DIR/report.jsonl)
for a closer look, e.g. `score_eval.py DIR/TRUTH.jsonl DIR/CASES.jsonl DIR/report.jsonl
--show 50`. Needs nothing outside the source tree; Python 3 standard library only.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
import rstest  # noqa: E402
import score_eval  # noqa: E402

THRESHOLDS = {"recall": 0.98, "precision": 0.99, "holder": 0.98, "class": 0.98}
SEEDS = "20251130,1,2"


def loaded_holders(t):
    """Holder ids of the signatures the binary loads (None when it cannot list them)."""
    r = t.run("signatures", "list", "--format", "json")
    if r.rc != 0:
        return None
    try:
        return {s.get("holder") or s["id"] for s in json.loads(r.text)}
    except (ValueError, KeyError, TypeError):
        return None


def make(corpus, seeds, truth, cases):
    """corpus/s<SEED>/ per seed; the answer keys, merged, go to truth and cases (out of the
    tree that is scanned: the key is not content)."""
    with open(truth, "w", encoding="utf-8") as ft, open(cases, "w", encoding="utf-8") as fc:
        for seed in seeds:
            sub = os.path.join(corpus, f"s{seed}")
            subprocess.run([sys.executable, os.path.join(HERE, "make-eval.py"), sub, "--seed", str(seed)],
                           check=True)
            for name, f in (("TRUTH.jsonl", ft), ("CASES.jsonl", fc)):
                with open(os.path.join(sub, name), encoding="utf-8") as src:
                    for line in src:
                        d = json.loads(line)
                        d["path"] = f"s{seed}/{d['path']}"
                        f.write(json.dumps(d, ensure_ascii=False) + "\n")
                os.remove(os.path.join(sub, name))


def run(binary, src, work, seeds, show):
    corpus = os.path.join(work, "corpus")
    truth, cases = os.path.join(work, "TRUTH.jsonl"), os.path.join(work, "CASES.jsonl")
    make(corpus, seeds, truth, cases)
    t = rstest.Test(binary, src, work)
    try:
        rep = t.scan("-q", ".", cwd=corpus, timeout=600)
    except rstest.Fail as e:
        print(f"FAIL eval: {e}")
        return 1
    report = os.path.join(work, "report.jsonl")
    with open(report, "wb") as f:
        f.write(rep.out)
    truth_m, cases_m, units = score_eval.load(truth, cases, report)
    holders = loaded_holders(t)
    result = score_eval.score(truth_m, cases_m, units, holders)
    print(score_eval.table(result))
    if show:
        d = score_eval.details(result, truth_m, units, show)
        if d:
            print(f"\ndetails (first {show} per case):\n{d}")
    s = rep.summary
    print(f"\nunits={s['units']} scanned={s['scanned']} skipped={s['skipped']} failed={s['failed']} "
          f"exit={rep.rc}")
    for u in [u for u in rep.units if u["status"] != "scanned"][:10]:
        print(f"  {u['status']}: {u['path']}: {u.get('reason')}")
    if holders is not None:
        absent = sorted({v["holder"] for v in truth_m.values()} - holders - {"*"})
        if absent:
            n = sum(1 for v in truth_m.values() if v["holder"] in absent)
            print(f"note: {n} truth units name holders with no loaded signature: {', '.join(absent)}")
    short = score_eval.short_of(result, THRESHOLDS)
    want = ", ".join(f"{k} {v}" for k, v in THRESHOLDS.items())
    if short:
        print(f"FAIL eval: {'; '.join(short)} (required: {want})")
        return 1
    print(f"PASS eval ({want})")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("source")
    ap.add_argument("--keep", help="keep the corpus and the report in this directory")
    ap.add_argument("--seeds", default=SEEDS, help=f"comma-separated seeds (default {SEEDS})")
    ap.add_argument("--show", type=int, default=3, help="misses and false alarms to list per case")
    a = ap.parse_args()
    binary, src = os.path.abspath(a.binary), os.path.abspath(a.source)
    seeds = [int(x) for x in a.seeds.split(",") if x.strip()]
    if a.keep:
        shutil.rmtree(a.keep, ignore_errors=True)
        os.makedirs(a.keep)
        return run(binary, src, os.path.abspath(a.keep), seeds, a.show)
    with tempfile.TemporaryDirectory(prefix="rs-eval-") as work:
        return run(binary, src, work, seeds, a.show)


if __name__ == "__main__":
    sys.exit(main())
