#!/usr/bin/env python3
"""test_valgrind.py — representative scans under valgrind's memcheck: every format the
scanner reads, archives nested in archives, a few hostile inputs, one worker and two.

    test_valgrind.py BINARY SOURCE_DIR [CASE...]

Each scan runs as `valgrind --error-exitcode=99 --leak-check=full ...`: an invalid read or
write, a use of uninitialised memory, or a definite leak fails the case. Exits 77 (ctest
skips) when valgrind is not installed or the binary was built with AddressSanitizer (the
two cannot run together). Python 3 standard library only.
"""
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as h  # noqa: E402
from hostile import Fail, rstest, samples  # noqa: E402

case = rstest.case
VALGRIND = ["valgrind", "--error-exitcode=99", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect", "--show-leak-kinds=definite,indirect",
            "--track-origins=yes", "--num-callers=30", "-q",
            "--suppressions=" + os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                             "valgrind.supp")]


def vg_scan(t, *args, budget=300):
    cmd = VALGRIND + [t.bin, "scan", "--format", "jsonl", "--all", "-q"] + [str(a) for a in args]
    try:
        p = subprocess.run(cmd, cwd=t.tmp, env=t.env(), stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=budget)
    except subprocess.TimeoutExpired:
        raise Fail(f"valgrind run over {budget}s: {' '.join(cmd)}")
    res = rstest.Result(cmd, p.returncode, p.stdout, p.stderr)
    if p.returncode == 99 or b"==" in p.stderr and b"ERROR SUMMARY" in p.stderr:
        raise Fail(f"valgrind found errors:\n{rstest.clip(res.errtext, 12000)}")
    if p.returncode not in (0, 1, 3):
        raise Fail(f"exit status {p.returncode}\n{res!r}")
    units, summary = rstest.parse_jsonl(res)
    return rstest.Report(res, units, summary)


def formats_tree(t):
    docs = samples.document_samples()
    for fn, got in docs.items():
        for name, data in got.items():
            t.write(f"tree/docs/{fn}-{name}", data)
    for name, data in samples.archive_samples().items():
        t.write(f"tree/archives/{name}", data)
    t.write("tree/nested/outer.tar.gz", samples.tar_bytes(
        [("in/batch.zip", samples.zip_bytes([("doc.docx", samples.docx_bytes()),
                                             ("s.txt", samples.ILKHA_STORY)]))], "gz"))
    t.write(h.GOOD, samples.ILKHA_STORY)


@case
def every_format(t):
    formats_tree(t)
    rep = vg_scan(t, "-j1", "tree")
    t.verdict(rep, h.GOOD, "ilkha", "restricted")
    t.verdict(rep, "tree/nested/outer.tar.gz!/in/batch.zip!/s.txt", "ilkha", "restricted")


@case
def every_format_two_workers(t):
    formats_tree(t)
    rep = vg_scan(t, "-j2", "tree")
    t.verdict(rep, h.GOOD, "ilkha", "restricted")


@case
def hostile_inputs(t):
    for name, data in h.jpeg_variants().items():
        t.write(f"tree/jpeg/{name}", data)
    for kind, data in h.archive_set().items():
        t.write(f"tree/trunc/t.{kind}", data[:len(data) // 2])
    t.write("tree/enc.zip", rstest.zip_with_encrypted([("s.txt", samples.ILKHA_STORY, True)]))
    t.write("tree/enc.7z", samples.sevenz_aes("s.txt", samples.ILKHA_STORY))
    t.write("tree/xxe.xml", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM '
            '"file:///etc/passwd">]><d>&x;</d>')
    t.write("tree/bad-utf8.txt", b"\xff\xfe\xc0\x80 text \xed\xa0\x80" * 100)
    os.symlink("nowhere", t.path("tree/dangling"))
    t.write(h.GOOD, samples.ILKHA_STORY)
    rep = vg_scan(t, "-j1", "-L", "tree")
    t.verdict(rep, h.GOOD, "ilkha", "restricted")


@case
def examples_tree(t):
    src = os.path.join(t.src, "examples", "newsroom")
    if not os.path.isdir(src):
        raise rstest.Skip("no examples/newsroom")
    shutil.copytree(src, t.path("newsroom"))
    vg_scan(t, "-j1", "newsroom")


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    if not shutil.which("valgrind"):
        print("SKIP: valgrind is not installed")
        return 77
    if h.sanitized(binary):
        print("SKIP: the binary is built with AddressSanitizer; valgrind cannot run it")
        return 77
    return rstest.main()


if __name__ == "__main__":
    sys.exit(main())
