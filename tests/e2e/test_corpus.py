#!/usr/bin/env python3
"""test_corpus.py — detection quality on the synthetic benchmark corpus: makes a corpus
with the benchmark's make-corpus.py (600 articles, fixed seed), scans it, and scores the
flagged units against its TRUTH.jsonl with score.py. Exits 77 (ctest: skipped) when the
benchmark scripts are not there: they are looked for in $RS_SOURCE_DIR/../shared/bench,
then in the source tree's bench/ (a plain clone may have neither).

    test_corpus.py BINARY SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rstest  # noqa: E402

ARTICLES, SEED = 600, 20251128
THRESHOLDS = "precision=0.99,recall=0.98,holder=0.98,class=0.98"


def bench_dir(src):
    env = os.environ.get("RS_SOURCE_DIR", src)
    for d in (os.path.join(env, "..", "shared", "bench"), os.path.join(src, "..", "shared", "bench"),
              os.path.join(src, "bench")):
        if os.path.isfile(os.path.join(d, "make-corpus.py")) and os.path.isfile(os.path.join(d, "score.py")):
            return os.path.normpath(d)
    return None


def main():
    if len(sys.argv) < 3:
        print("usage: test_corpus.py BINARY SOURCE_DIR", file=sys.stderr)
        return 2
    binary, src = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    bench = bench_dir(src)
    if not bench:
        print("SKIP corpus: no make-corpus.py / score.py in $RS_SOURCE_DIR/../shared/bench")
        return 77
    with tempfile.TemporaryDirectory(prefix="rs-corpus-") as tmp:
        corpus = os.path.join(tmp, "corpus")
        subprocess.run([sys.executable, os.path.join(bench, "make-corpus.py"), corpus,
                        "--articles", str(ARTICLES), "--seed", str(SEED)], check=True)
        # The answer key is not content: keep it out of the tree that is scanned.
        truth = os.path.join(tmp, "TRUTH.jsonl")
        os.replace(os.path.join(corpus, "TRUTH.jsonl"), truth)
        t = rstest.Test(binary, src, tmp)
        try:
            rep = t.scan(".", cwd=corpus, timeout=900)
        except rstest.Fail as e:
            print(f"FAIL corpus: {e}")
            return 1
        det = os.path.join(tmp, "detections.jsonl")
        with open(det, "w", encoding="utf-8") as f:
            for u in rep.units:
                if u["class"] != "none":
                    f.write(json.dumps(u, ensure_ascii=False) + "\n")
        score = subprocess.run([sys.executable, os.path.join(bench, "score.py"),
                                truth, det, "--show", "10",
                                "--min", THRESHOLDS], stdout=subprocess.PIPE, text=True)
        print(score.stdout, end="")
        problems = [u for u in rep.units if u["status"] != "scanned"]
        for u in problems[:10]:
            print(f"  {u['status']}: {u['path']}: {u.get('reason')}")
        s = rep.summary
        print(f"units={s['units']} scanned={s['scanned']} skipped={s['skipped']} "
              f"failed={s['failed']} containers={s['containers']} exit={rep.rc}")
        ok = True
        if score.returncode != 0:
            print(f"FAIL corpus: score below {THRESHOLDS}")
            ok = False
        if rep.rc != 1:
            print(f"FAIL corpus: exit status {rep.rc}, want 1 (restricted content, nothing "
                  f"skipped or failed)")
            ok = False
        if ok:
            print("PASS corpus")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
