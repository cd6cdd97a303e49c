#!/usr/bin/env python3
"""test_scale.py — parallel and sharded scans give the report of one plain scan.

A tree with nested archives, problems (a FIFO, a corrupt archive, a symlink) and signals
is scanned with 1 and 4 threads, and in 3 shards joined by `rightscan report merge`
(directly, and run by GNU parallel as it would run over SSH on three hosts): every report
must equal the single-threaded one byte for byte.
"""
import json
import io
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rstest  # noqa: E402
from rstest import case, Skip  # noqa: E402


def build_tree(t):
    for i in range(60):
        body = rstest.CLEAN_EN if i % 3 else rstest.CLEAN_EN + "\n" + rstest.ILKHA_EN + "\n"
        t.write(f"tree/d{i % 7}/a-{i:03d}.txt", body)
    t.write("tree/d1/sub/ilkha.tr.txt", "DİYARBAKIR (İLKHA) " + rstest.CLEAN_TR + rstest.ILKHA_TR)
    t.write("tree/d2/cc.md", "# Garden\n\n" + rstest.CC_BY + "\n")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as z:
        z.writestr("story.txt", rstest.CLEAN_EN + rstest.AFP_FR)
        z.writestr("clean.txt", rstest.CLEAN_EN)
    tb = io.BytesIO()
    with tarfile.open(fileobj=tb, mode="w:gz") as tf:
        data = inner.getvalue()
        ti = tarfile.TarInfo("incoming/batch.zip")
        ti.size = len(data)
        tf.addfile(ti, io.BytesIO(data))
    t.write("tree/d3/bundle.tar.gz", tb.getvalue())
    t.write("tree/d4/cut.zip", inner.getvalue()[: len(inner.getvalue()) // 2])
    os.mkfifo(t.path("tree/d5/pipe"))
    os.symlink("../d0", t.path("tree/d6/link"))


def run_ok(t, *args, cwd=None):
    r = t.run(*args, cwd=cwd)
    t.check(r.rc in (0, 1, 3), f"exit status {r.rc}", r)
    return r


@case
def threads_give_the_same_report(t):
    build_tree(t)
    one = run_ok(t, "scan", "-j1", "--all", "-f", "jsonl", "tree")
    four = run_ok(t, "scan", "-j4", "--all", "-f", "jsonl", "tree")
    t.check(one.rc == 3, "the corrupt zip and the FIFO make the scan incomplete", one)
    t.eq(four.out, one.out, "the -j4 report against -j1")
    t.eq(four.rc, one.rc, "exit status")
    text1 = run_ok(t, "scan", "-j1", "--all", "tree")
    text4 = run_ok(t, "scan", "-j3", "--all", "tree")
    t.eq(text4.out, text1.out, "the text report with -j3 against -j1")


@case
def shards_merge_to_one_scan(t):
    build_tree(t)
    single = run_ok(t, "scan", "-j2", "--all", "-f", "jsonl", ".", cwd=t.path("tree"))
    parts = []
    for k in (1, 2, 3):
        r = run_ok(t, "scan", "--all", "-f", "jsonl", "--shard", f"{k}/3", ".",
                   cwd=t.path("tree"))
        t.check(r.out.count(b"\n") < single.out.count(b"\n"), f"shard {k} scanned everything")
        p = t.path(f"shard{k}.jsonl")
        with open(p, "wb") as f:
            f.write(r.out)
        parts.append(p)
    merged = t.run("report", "merge", *parts)
    t.eq(merged.rc, single.rc, "merged exit status", merged)
    t.eq(merged.out, single.out, "the merged report against one scan")


@case
def gnu_parallel_runs_the_shards(t):
    if not shutil.which("parallel"):
        raise Skip("GNU parallel is not installed (Debian package parallel)")
    build_tree(t)
    single = run_ok(t, "scan", "--all", "-f", "jsonl", ".", cwd=t.path("tree"))
    # As over SSH on three hosts (parallel -S host1,host2,host3), here on this one.
    cmd = (f"parallel --will-cite -j3 '{t.bin} scan -q --all -f jsonl --shard {{}}/3 . "
           f"> ../part-{{}}.jsonl; test $? -ne 2' ::: 1 2 3")
    p = subprocess.run(cmd, shell=True, cwd=t.path("tree"), env=t.env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    t.eq(p.returncode, 0, "parallel's exit status", p.stderr.decode(errors="replace"))
    merged = t.run("report", "merge", *(t.path(f"part-{k}.jsonl") for k in (1, 2, 3)))
    t.eq(merged.out, single.out, "the merged report against one scan")


@case
def big_text_file_in_windows(t):
    """A 40 MB text file is read in overlapping windows, matched on several threads: every
    planted notice is found once, at its real line, including those that straddle a
    window's end, and the report is the same for -j1, -j2 and -j4."""
    line = "Ordinary wire copy about trade and energy prices, nothing to report here.\n"
    lines, planted = [], []
    size, n = 0, 0
    import random
    rng = random.Random(7)
    while size < 40 << 20:
        if rng.random() < 0.00004 or (n and n % 52000 == 0):
            planted.append(len(lines) + 1)
            lines.append(rstest.ILKHA_EN + "\n")
        else:
            lines.append(line)
        size += len(lines[-1].encode())
        n += 1
    t.write("big/wire-dump.txt", "".join(lines))
    rep = t.scan("big")
    u = t.unit(rep, "big/wire-dump.txt")
    found = sorted(f["line"] for f in u["findings"]
                   if f["signature"] == "ilkha" and f["kind"] == "notice")
    t.eq(found, planted, "lines of the ILKHA notices found")
    t.eq(u["holder"], "ilkha", "holder")
    t.eq(u["size"], size, "size")
    # its windows are matched on several threads: the same report for any number of them,
    # and --stats counts the windows every thread matched
    one = t.scan("-j1", "--stats", "big")
    stats = [json.loads(l)["stats"] for l in one.err.decode().splitlines() if '"stats"' in l]
    t.eq(len(stats), 1, "one --stats line")
    t.check(stats[0]["field_bytes"] >= size, "--stats counts every byte of the file")
    for j in ("-j2", "-j4"):
        other = t.scan(j, "--stats", "big")
        t.eq(other.out, one.out, f"report with {j} vs -j1")
        t.eq(other.err, one.err, f"--stats with {j} vs -j1")


@case
def files_from_lists_paths(t):
    build_tree(t)
    with open(t.path("list.txt"), "w") as f:
        f.write("tree/d2/cc.md\ntree/d1/sub/ilkha.tr.txt\n")
    rep = t.scan("--files-from", t.path("list.txt"))
    t.eq(sorted(rep.paths()), ["tree/d1/sub/ilkha.tr.txt", "tree/d2/cc.md"], "units")
    with open(t.path("list0"), "wb") as f:
        f.write(b"tree/d2/cc.md\0tree/d1/sub/ilkha.tr.txt\0")
    rep0 = t.scan("--files-from", t.path("list0"))
    t.eq(sorted(rep0.paths()), sorted(rep.paths()), "NUL-separated list")


@case
def bad_shard_and_thread_values(t):
    for bad in (["--shard", "0/3"], ["--shard", "4/3"], ["--shard", "x"], ["-j", "-1"],
                ["-j", "1000"]):
        r = t.run("scan", *bad, ".")
        t.eq(r.rc, 2, f"exit status for {bad}", r)


@case
def merge_refuses_what_is_not_a_report(t):
    t.write("junk.jsonl", "hello\n")
    r = t.run("report", "merge", t.path("junk.jsonl"))
    t.eq(r.rc, 2, "exit status", r)
    t.check(b"junk.jsonl:1" in r.err, "the message names file and line", r)
    t.write("cut.jsonl", '{"type":"unit","path":"a.txt","status":"scanned"}\n')
    r = t.run("report", "merge", t.path("cut.jsonl"))
    t.eq(r.rc, 2, "a shard without its summary line is incomplete", r)


if __name__ == "__main__":
    sys.exit(rstest.main())
