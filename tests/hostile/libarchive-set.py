#!/usr/bin/env python3
"""libarchive-set.py — scans libarchive's own test archives (the libarchive/test/*.uu set:
malformed, truncated, odd encodings, links, every format it reads) with the real binary,
one file at a time, and checks that each is handled.

    libarchive-set.py BINARY UU_DIR [--keep DIR] [--budget SECONDS] [--memory MIB]
                      [-j N] [--batch K]

UU_DIR holds the .uu files (a checkout's libarchive/test/, or any copy; they are not part of
this repository; test_libarchive_set.py fetches them). Each is uudecoded here (Python's
binascii), written under its own name in a temporary directory (or DIR with --keep) and
scanned alone as `rightscan scan --format jsonl --all -q FILE`, under the same limits as the
hostile suite: 2 s and 256 MiB by default (RLIMIT_AS; for a sanitizer build the peak
resident size, against three times the limit, with five times the time). -j N runs N
scans at a time (default 1). --batch K (default 1) names K files to each scan, with K times
the budget: the start-up (loading the signatures) is then paid once for K files instead of
K times; a scan with a problem (a crash, a sanitizer report, over its budget, a report that
does not add up) is done again file by file, to name the file, and when no file fails
alone the group is reported as failing together. The output is in file order whatever N
and K are.

Checked per file: no crash, no sanitizer report, not exit 2, within the budget; the report
is valid JSON Lines whose summary adds up to the units listed (in all and per status), whose
exit_status is the exit status, and which is incomplete exactly when the exit status is 3;
no unit is listed twice; the file itself is a unit (or the container of units "FILE!/...");
every unit not scanned has a specific reason (not empty, not "(null)", not a bare word).
Prints one line per file (status of the file's unit, units, skipped/failed, time, memory,
first reason) and a tally (files, and every unit by status); exits 1 when any file fails a
check. Python 3 standard library only.
"""
import argparse
import binascii
import concurrent.futures
import json
import multiprocessing
import os
import re
import shutil
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as h  # noqa: E402
from hostile import rstest  # noqa: E402


def uudecode(path):
    """(name, bytes) of a uuencoded file ("begin MODE NAME" ... "end")."""
    name, out, inside = None, bytearray(), False
    with open(path, "rb") as f:
        for raw in f:
            line = raw.rstrip(b"\r\n")
            if not inside:
                if line.startswith(b"begin "):
                    parts = line.split(b" ", 2)
                    name = parts[2].decode("utf-8", "replace") if len(parts) > 2 else None
                    inside = True
                continue
            if line in (b"end", b"`"):
                if line == b"end":
                    break
                continue
            if not line:
                continue
            try:
                out += binascii.a2b_uu(line)
            except binascii.Error:
                # some encoders pad lines oddly: decode by the length byte, tolerantly
                n = (line[0] - 32) & 63
                out += binascii.a2b_uu(line[:1 + (n * 4 + 2) // 3].ljust(1 + (n * 4 + 2) // 3, b" "))[:n]
    if not inside:
        raise ValueError("no 'begin' line")
    base = os.path.basename(path)[:-3] if path.endswith(".uu") else os.path.basename(path)
    return base or name or "decoded", bytes(out)


# A reason must say what happened: not empty, not "(null)", and more than one bare word
# such as "error" or "failed".
VAGUE = re.compile(r"^\s*(error|failed|failure|unknown|corrupt|invalid|skipped|\(null\))?\s*[.:]?\s*$",
                   re.I)


def scan_files(binary, paths, budget, memory, env):
    """Scans paths in one run (budget and memory as for one file, the budget times the
    number of files); returns (units, problems of the run as a whole, elapsed, peak)."""
    san = h.sanitized(binary)
    budget *= h.time_scale(binary) * len(paths)
    cmd = [binary, "scan", "--format", "jsonl", "--all", "-q"] + list(paths)
    rc, out, err, elapsed, rss, timed_out = h.run_limited(
        cmd, os.path.dirname(paths[0]), env, max(budget * 3, 10), memory, as_limit=not san)
    res = rstest.Result(cmd, rc, out, err)
    problems = []
    if any(m in err for m in rstest.SANITIZER_MARKS):
        problems.append("sanitizer report: " + rstest.clip(res.errtext, 3000))
    if timed_out:
        problems.append(f"killed after {elapsed:.1f}s")
    elif rc < 0:
        problems.append(f"killed by signal {-rc}")
    elif rc == 2:
        problems.append("exit 2: " + res.errtext.strip()[:300])
    elif rc not in (0, 1, 3):
        problems.append(f"exit {rc}: " + res.errtext.strip()[:300])
    if elapsed > budget and not timed_out:
        problems.append(f"took {elapsed:.2f}s (budget {budget:.1f}s)")
    if san and rss > 3 * memory:
        problems.append(f"peak {rss >> 20} MiB")
    units = []
    if rc in (0, 1, 3):
        try:
            units, summary = rstest.parse_jsonl(res)
            if len(units) != summary["units"]:
                problems.append(f"{len(units)} units listed, summary says {summary['units']}")
            for st in rstest.STATUSES:
                n = sum(1 for u in units if u["status"] == st)
                if n != summary[st]:
                    problems.append(f"{n} {st} units listed, summary says {summary[st]}")
            if summary["exit_status"] != rc:
                problems.append(f"summary exit_status {summary['exit_status']}, exit status {rc}")
            if (rc == 3) == summary["complete"]:
                problems.append(f"exit status {rc} with complete={summary['complete']}")
        except (rstest.Fail, KeyError) as e:
            problems.append(f"report: {e}")
        seen = set()
        for u in units:
            if u["path"] in seen:
                problems.append(f"{u['path']}: listed more than once")
            seen.add(u["path"])
        known = [u for u in units if any(u["path"] == p or u["path"].startswith(p + "!/")
                                         for p in paths)]
        if len(known) != len(units):
            problems.append(f"{len(units) - len(known)} units of no input given")
    return units, problems, elapsed, rss


def judge(path, units):
    """The checks of one file's units (those at path or inside it): (top status, counts by
    status, first reason, problems)."""
    mine = [u for u in units if u["path"] == path or u["path"].startswith(path + "!/")]
    problems = []
    top = [u["status"] for u in mine if u["path"] == path]
    if top:
        top = top[0]
    elif mine:
        top = "inside"  # the container is not a unit of its own, its members are
    else:
        top = "-"
        problems.append("the file itself is not a unit of the report")
    reason = ""
    for u in mine:
        if u["status"] != "scanned":
            r = u.get("reason") or ""
            reason = reason or r
            if not r:
                problems.append(f"{u['path']}: {u['status']} without a reason")
            elif "(null)" in r:
                problems.append(f"{u['path']}: reason '{r}' (a NULL message)")
            elif VAGUE.match(r):
                problems.append(f"{u['path']}: reason '{r}' says nothing specific")
    counts = {st: sum(1 for u in mine if u["status"] == st) for st in rstest.STATUSES}
    return top, counts, reason, problems


def result_line(path, top, counts, elapsed, rss, reason):
    return (f"{os.path.basename(path)[:58]:58} {top:8} {sum(counts.values()):5} "
            f"{counts['skipped']:3} {counts['failed']:3} {elapsed:6.2f}s {rss >> 20:4}M  "
            f"{reason[:70]}")


def check_one(binary, path, budget, memory, env):
    """Scans one decoded file alone; returns (ok, line, problems, counts by unit status,
    status of the file's unit)."""
    units, problems, elapsed, rss = scan_files(binary, [path], budget, memory, env)
    top, counts, reason, mine = judge(path, units)
    problems += mine
    return not problems, result_line(path, top, counts, elapsed, rss, reason), problems, counts, top


def check_group(binary, paths, budget, memory, env):
    """Scans paths in one run and judges each file; when the run as a whole has a problem
    (a crash, a sanitizer report, over the budget, a report that does not add up) every
    file is scanned again alone, to say which one it is. Returns one check_one-shaped tuple
    per path."""
    if len(paths) == 1:
        return [check_one(binary, paths[0], budget, memory, env)]
    units, problems, elapsed, rss = scan_files(binary, paths, budget, memory, env)
    if not problems:
        out = []
        for p in paths:
            top, counts, reason, mine = judge(p, units)
            line = result_line(p, top, counts, elapsed / len(paths), rss, reason)
            out.append((not mine, line, mine, counts, top))
        return out
    out = [check_one(binary, p, budget, memory, env) for p in paths]
    # A problem of these files together, not of one of them (but the time: each file
    # alone kept to its budget, which is what is checked; together they only shared it).
    problems = [pr for pr in problems if not pr.startswith("took ")]
    if all(r[0] for r in out) and problems:
        names = ", ".join(os.path.basename(p) for p in paths)
        ok, line, probs, counts, top = out[0]
        out[0] = (False, line, probs + [f"scanned together with {names}: {pr}" for pr in problems],
                  counts, top)
    return out


def decode_into(work, uu_dir, f):
    """Decodes UU_DIR/f into WORK/<f less .uu>/<name>; returns the path."""
    name, data = uudecode(os.path.join(uu_dir, f))
    d = os.path.join(work, f[:-3])
    os.makedirs(d, exist_ok=True)
    p = os.path.join(d, os.path.basename(name))
    with open(p, "wb") as out:
        out.write(data)
    return p


def run_set(binary, uu_dir, work, budget, memory, jobs, env, batch=1, out=sys.stdout):
    """Checks every .uu file of uu_dir, batch files a run (see check_group), jobs runs at a
    time; prints the lines (in file order) and the tally; returns the tally as a dict
    (files, passed, failed, undecodable, file units by status, units by status, seconds)."""
    t0 = time.monotonic()
    files = sorted(f for f in os.listdir(uu_dir) if f.endswith(".uu"))
    tally = {"files": len(files), "passed": 0, "failed": 0, "undecodable": 0,
             "file_status": {}, "units": {st: 0 for st in rstest.STATUSES}}
    print(f"{'file':58} {'status':8} {'units':>5} {'sk':>3} {'fa':>3} {'time':>7} {'mem':>5}  first reason",
          file=out)
    jobs, batch = max(1, jobs), max(1, batch)
    pool = None
    if jobs > 1:
        # processes, not threads: the children are started with a preexec function
        # (RLIMIT_AS), which is not safe in a threaded parent
        pool = concurrent.futures.ProcessPoolExecutor(
            jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        decoded, pending = [], []
        for f in files:
            try:
                decoded.append((f, decode_into(work, uu_dir, f), None))
            except (ValueError, binascii.Error, OSError) as e:
                decoded.append((f, None, e))
        good = [p for _, p, e in decoded if e is None]
        groups = [good[i:i + batch] for i in range(0, len(good), batch)]
        if pool:
            pending = [pool.submit(check_group, binary, g, budget, memory, env) for g in groups]
        results = {}
        gi = 0
        for f, p, e in decoded:
            if e is not None:
                tally["undecodable"] += 1
                print(f"{f[:58]:58} undecodable: {e}", file=out)
                continue
            if p not in results:
                g = groups[gi]
                got = pending[gi].result() if pool else check_group(binary, g, budget, memory, env)
                results.update(zip(g, got))
                gi += 1
            ok, line, problems, counts, top = results.pop(p)
            print(("   " if ok else "!! ") + line, file=out)
            for pr in problems:
                print(f"     {pr}", file=out)
            tally["passed" if ok else "failed"] += 1
            st = top if ok else "problem"
            tally["file_status"][st] = tally["file_status"].get(st, 0) + 1
            for k, n in counts.items():
                tally["units"][k] += n
            out.flush()
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
    tally["seconds"] = time.monotonic() - t0
    print(f"{tally['files']} files: {tally['passed']} passed, {tally['failed']} failed"
          + (f", {tally['undecodable']} undecodable" if tally["undecodable"] else "")
          + f" in {tally['seconds']:.1f}s ({jobs} at a time, {batch} a run)", file=out)
    print("file units by status: " + json.dumps(tally["file_status"], sort_keys=True), file=out)
    print("all units by status: " + json.dumps(tally["units"]), file=out)
    return tally


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("uu_dir")
    ap.add_argument("--keep", help="decode into this directory and leave the files there")
    ap.add_argument("--budget", type=float, default=h.BUDGET, help="seconds per file (2)")
    ap.add_argument("--memory", type=int, default=h.MEMORY >> 20, help="MiB per file (256)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="runs at a time (1)")
    ap.add_argument("--batch", type=int, default=1,
                    help="files a run (1: each alone; more: faster, and a run with a "
                         "problem is done again file by file)")
    a = ap.parse_args(argv[1:])
    binary = os.path.abspath(a.binary)
    if not any(f.endswith(".uu") for f in os.listdir(a.uu_dir)):
        print(f"libarchive-set.py: no .uu files in {a.uu_dir}", file=sys.stderr)
        return 2
    work = a.keep or tempfile.mkdtemp(prefix="rs-libarchive-set-")
    os.makedirs(work, exist_ok=True)
    try:
        tally = run_set(binary, a.uu_dir, work, a.budget, a.memory << 20, a.jobs, default_env(),
                        a.batch)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if tally["failed"] else 0


def default_env():
    env = dict(os.environ)
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env.setdefault("RIGHTSCAN_SIGNATURES", os.path.join(src, "signatures"))
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    return env


if __name__ == "__main__":
    sys.exit(main(sys.argv))
