#!/usr/bin/env python3
"""libarchive-set.py — scans libarchive's own test archives (the libarchive/test/*.uu set:
malformed, truncated, odd encodings, links, every format it reads) with the real binary,
one file at a time, and checks that each is handled.

    libarchive-set.py BINARY UU_DIR [--keep DIR] [--budget SECONDS] [--memory MIB]

UU_DIR holds the .uu files (a checkout's libarchive/test/, or any copy; they are not part of
this repository). Each is uudecoded here (Python's binascii), written under its own name in
a temporary directory (or DIR with --keep) and scanned alone as
`rightscan scan --format jsonl --all -q FILE`, under the same limits as the hostile suite:
2 s and 256 MiB by default (RLIMIT_AS; for a sanitizer build the peak resident size, against
three times the limit, with five times the time).

Checked per file: no crash, no sanitizer report, not exit 2, within the budget; the report
is valid JSON Lines whose summary adds up to the units listed; the file itself is a unit
(or the container of units "FILE!/..."); every unit not scanned has a reason. Prints one
line per file (status of the file's unit, units, skipped/failed, time, memory, first
reason) and a tally; exits 1 when any file fails a check. Python 3 standard library only.
"""
import argparse
import binascii
import json
import os
import shutil
import sys
import tempfile

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


def check_one(binary, path, budget, memory, env):
    """Scans one decoded file; returns (ok, line, problems)."""
    san = h.sanitized(binary)
    scale = h.time_scale(binary)
    cmd = [binary, "scan", "--format", "jsonl", "--all", "-q", path]
    rc, out, err, elapsed, rss, timed_out = h.run_limited(
        cmd, os.path.dirname(path), env, max(budget * scale * 3, 10), memory, as_limit=not san)
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
    if elapsed > budget * scale and not timed_out:
        problems.append(f"took {elapsed:.2f}s (budget {budget * scale:.1f}s)")
    if san and rss > 3 * memory:
        problems.append(f"peak {rss >> 20} MiB")
    top, units, reason = "-", [], ""
    if rc in (0, 1, 3):
        try:
            units, summary = rstest.parse_jsonl(res)
            if len(units) != summary["units"]:
                problems.append(f"{len(units)} units listed, summary says {summary['units']}")
        except rstest.Fail as e:
            problems.append(f"report: {e}")
        name = os.path.basename(path)
        mine = [u for u in units if u["path"] == name or u["path"].endswith("/" + name)]
        if not mine:
            problems.append("the file itself is not a unit of the report")
        else:
            top = mine[0]["status"]
        for u in units:
            if u["status"] != "scanned":
                reason = reason or u.get("reason") or ""
                if not u.get("reason"):
                    problems.append(f"{u['path']}: {u['status']} without a reason")
                elif "(null)" in u["reason"]:
                    problems.append(f"{u['path']}: reason '{u['reason']}' (a NULL message)")
    sk = sum(1 for u in units if u["status"] == "skipped")
    fa = sum(1 for u in units if u["status"] == "failed")
    line = (f"{os.path.basename(path)[:58]:58} {top:8} {len(units):5} {sk:3} {fa:3} "
            f"{elapsed:6.2f}s {rss >> 20:4}M  {reason[:70]}")
    return not problems, line, problems


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("uu_dir")
    ap.add_argument("--keep", help="decode into this directory and leave the files there")
    ap.add_argument("--budget", type=float, default=h.BUDGET, help="seconds per file (2)")
    ap.add_argument("--memory", type=int, default=h.MEMORY >> 20, help="MiB per file (256)")
    a = ap.parse_args(argv[1:])
    binary = os.path.abspath(a.binary)
    files = sorted(f for f in os.listdir(a.uu_dir) if f.endswith(".uu"))
    if not files:
        print(f"libarchive-set.py: no .uu files in {a.uu_dir}", file=sys.stderr)
        return 2
    work = a.keep or tempfile.mkdtemp(prefix="rs-libarchive-set-")
    os.makedirs(work, exist_ok=True)
    env = dict(os.environ)
    src = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env.setdefault("RIGHTSCAN_SIGNATURES", os.path.join(src, "signatures"))
    tally = {"ok": 0, "failed": 0, "undecodable": 0}
    statuses = {}
    print(f"{'file':58} {'status':8} {'units':>5} {'sk':>3} {'fa':>3} {'time':>7} {'mem':>5}  first reason")
    try:
        for f in files:
            try:
                name, data = uudecode(os.path.join(a.uu_dir, f))
            except (ValueError, binascii.Error) as e:
                tally["undecodable"] += 1
                print(f"{f[:58]:58} undecodable: {e}")
                continue
            d = os.path.join(work, f[:-3])
            os.makedirs(d, exist_ok=True)
            p = os.path.join(d, os.path.basename(name))
            with open(p, "wb") as out:
                out.write(data)
            ok, line, problems = check_one(binary, p, a.budget, a.memory << 20, env)
            print(("   " if ok else "!! ") + line)
            for pr in problems:
                print(f"     {pr}")
            tally["ok" if ok else "failed"] += 1
            st = line.split()[1] if ok else "problem"
            statuses[st] = statuses.get(st, 0) + 1
            sys.stdout.flush()
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{tally['ok']} passed, {tally['failed']} failed"
          + (f", {tally['undecodable']} skipped" if tally["undecodable"] else ""))
    print("file units by status: " + json.dumps(statuses, sort_keys=True))
    return 1 if tally["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
