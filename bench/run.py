#!/usr/bin/env python3
"""run.py — rightscan side by side with ripgrep, grep and yara on one corpus, in one run.

    bench/run.py [--quick] [--articles N] [--big-mb M] [--runs N] [--work DIR] [--out FILE]

Makes the corpus with ../shared/bench/make-corpus.py (default --articles 30000 --big-mb 400,
as in issue 6; --quick: 3000 and 40), then measures on the same tree, warm cache:

  rightscan  scan -q -f jsonl [-j CORES] with the full signature set of this source tree
  rg         rg -l -i -F -f ANCHORS            (the literal anchors of the same signatures)
  rg-c       rg -c -i -F -f ANCHORS            (the same, reading every file to its end)
  grep       grep -rliF -f ANCHORS
  yara       yara -r RULES                      (one rule per signature: its anchors as
                                                  nocase strings, `any of them`)

and reports, per tool, the median of N runs (wall time), user+system CPU, peak RSS (of the
process and the children it waited for, from wait4), files/s and MB/s (10^6 bytes of the
tree on disk), and the ratios rightscan/peer. Then how rightscan's time grows with the
corpus (1x, 2x, 4x: hard-linked copies of the tree side by side) and with the signatures
(1x, 4x: the set copied under renamed ids, loaded with --no-builtin -s DIR), and the
prefilter figures: the share of bytes that reach PCRE2 or the approximate matcher
(`--stats`, given to rightscan's timed runs), and throughput with and without the
prefilter (`--no-prefilter`). Options
the binary lacks are reported as missing, not failed. Prints tables and writes a JSON file.

Ratios, not absolute times: the machine is shared and noisy. Python 3 standard library
(PyYAML, when present, only for the fallback anchor extraction).
"""
import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(HERE)
CORES = os.cpu_count() or 1


# ---- running and measuring ------------------------------------------------------------------

def measure(cmd, out_path, err_path, env=None, ok=(0, 1)):
    """Runs cmd once, stdout to out_path (never /dev/null: grep and rg stop at the first
    match when they see it), and returns wall seconds, CPU seconds, peak RSS (MB), rc."""
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
    res = {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024.0,
           "rc": p.returncode}
    if p.returncode not in ok:
        with open(err_path, encoding="utf-8", errors="replace") as f:
            res["error"] = f.read()[-2000:]
    return res


def summarise(runs):
    ok = [r for r in runs if "error" not in r]
    if not ok:
        return {"error": runs[-1].get("error", "failed"), "rc": runs[-1]["rc"]}
    return {"wall": statistics.median(r["wall"] for r in ok), "wall_min": min(r["wall"] for r in ok),
            "cpu": statistics.median(r["cpu"] for r in ok),
            "rss_mb": max(r["rss_mb"] for r in ok), "runs": [round(r["wall"], 4) for r in ok], "rc": ok[-1]["rc"]}


def tree_size(root):
    files = nbytes = 0
    for d, _, names in os.walk(root):
        for n in names:
            st = os.lstat(os.path.join(d, n))
            files += 1
            nbytes += st.st_size
    return files, nbytes


def warm(root):
    """Reads every file once so that every tool starts with the tree in the page cache."""
    for d, _, names in os.walk(root):
        for n in names:
            with open(os.path.join(d, n), "rb") as f:
                while f.read(1 << 20):
                    pass


def run_text(cmd, env=None):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def version(cmd):
    try:
        return run_text(cmd)[1].splitlines()[0].strip()
    except (OSError, IndexError):
        return None


# ---- the corpus -----------------------------------------------------------------------------

def find_make_corpus(given):
    cands = [given] if given else []
    env = os.environ.get("RS_SOURCE_DIR")
    if env:
        cands.append(os.path.join(env, "..", "shared", "bench", "make-corpus.py"))
    cands += [os.path.join(SRC, "..", "shared", "bench", "make-corpus.py"), os.path.join(HERE, "make-corpus.py")]
    for c in cands:
        if c and os.path.isfile(c):
            return os.path.abspath(c)
    sys.exit("run.py: make-corpus.py not found (give --make-corpus PATH)")


def ensure_corpus(work, make_corpus, articles, big_mb, seed):
    """WORK/corpus-A-B, made once and reused while its parameters stay the same."""
    root = os.path.join(work, f"corpus-{articles}-{big_mb}-{seed}")
    stamp = root + ".done"
    if not os.path.exists(stamp):
        shutil.rmtree(root, ignore_errors=True)
        t0 = time.time()
        print(f"making the corpus: --articles {articles} --big-mb {big_mb} --seed {seed} ...", flush=True)
        subprocess.run([sys.executable, make_corpus, root, "--articles", str(articles), "--big-mb", str(big_mb),
                        "--seed", str(seed)], check=True)
        os.replace(os.path.join(root, "TRUTH.jsonl"), root + ".TRUTH.jsonl")  # the key is not content
        with open(stamp, "w") as f:
            f.write(f"{time.time() - t0:.1f}\n")
    return root


def linked_copies(src, dst, k):
    """dst/c1..ck, each a hard-linked copy of src (same bytes, no extra disk or cache)."""
    stamp = dst + ".done"
    if os.path.exists(stamp):
        return dst
    shutil.rmtree(dst, ignore_errors=True)
    for i in range(1, k + 1):
        shutil.copytree(src, os.path.join(dst, f"c{i}"), copy_function=os.link)
    open(stamp, "w").close()
    return dst


# ---- anchors and yara rules -----------------------------------------------------------------

def fold(s):
    s = s.replace("İ", "i").replace("ı", "i").lower()
    s = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize("NFC", "".join(c for c in s if not unicodedata.combining(c)))


META = set("\\^$.|?*+()[]{}")


def regex_literals(rx):
    """Maximal literal runs of a regex, outside character classes, group syntax, escapes
    such as \\p{L} and counted repeats (a rough cut: alternatives are not told apart)."""
    runs, cur, i = [], "", 0

    def cut():
        nonlocal cur
        runs.append(cur)
        cur = ""
    while i < len(rx):
        c = rx[i]
        if c == "\\" and i + 1 < len(rx):
            n = rx[i + 1]
            if n in META or n in "-/'\" ":
                cur += n
                i += 2
                continue
            cut()
            i += 2
            if n in "pPx" and i < len(rx) and rx[i] == "{":
                i = rx.index("}", i) + 1
            elif n in "pP":
                i += 1
            continue
        if c == "[":
            cut()
            i += 1
            while i < len(rx) and rx[i] != "]":
                i += 2 if rx[i] == "\\" else 1
            i += 1
            continue
        if c == "(" and rx.startswith("(?", i):
            cut()
            m = re.match(r"\(\?(?:<[=!]|<\w+>|P<\w+>|[:=!>|]|[a-z]*:?)", rx[i:])
            i += len(m.group()) if m else 2
            continue
        if c in "?*" or (c == "{" and re.match(r"\{\d+(?:,\d*)?\}", rx[i:])):
            cur = cur[:-1]  # the repeated character is optional or counted
            cut()
            i = rx.index("}", i) + 1 if c == "{" else i + 1
            continue
        if c in META:
            cut()
        else:
            cur += c
        i += 1
    cut()
    return [r.strip() for r in runs if len(r.strip()) >= 4]


def fallback_anchors(sig_files):
    """Per-signature anchors extracted here from the YAML when the binary has no
    `signatures anchors`: the longest literal of every pattern and byline, credits of 3+
    characters, and the longest word of every notice."""
    try:
        import yaml
    except ImportError:
        yaml = None
    per = {}
    for sid, path in sig_files.items():
        text = open(path, encoding="utf-8").read()
        found = set()
        if yaml:
            doc = yaml.safe_load(text) or {}
            rxs = [p["regex"] if isinstance(p, dict) else p for p in (doc.get("patterns") or [])]
            rxs += [b["regex"] if isinstance(b, dict) else b for b in (doc.get("bylines") or [])]
            for n in doc.get("notices") or []:
                words = re.findall(r"\w{5,}", n.get("text", ""))
                if words:
                    found.add(fold(max(words, key=len)))
            found.update(fold(c) for c in (doc.get("credits") or []) if len(str(c)) >= 3)
        else:
            rxs = re.findall(r"(?:regex:|^\s*-)\s*'((?:[^']|'')+)'", text, re.M)
        for rx in rxs:
            lits = regex_literals(str(rx).replace("''", "'"))
            if lits:
                found.add(fold(max(lits, key=len)))
        per[sid] = sorted(a for a in found if len(a) >= 3)
    return per


def get_anchors(rs, env, sigdir):
    """({signature id: [anchors]}, all anchors, where they came from)."""
    rc, out, _ = run_text([rs, "signatures", "list", "--format", "json"], env)
    sigs = json.loads(out) if rc == 0 else []
    files = {s["id"]: s["file"] for s in sigs}
    rc, out, err = run_text([rs, "signatures", "anchors"], env)
    if rc == 0 and out.strip():
        every = sorted(set(a for a in out.splitlines() if a.strip()))
        per, src = {}, "rightscan signatures anchors"
        with tempfile.TemporaryDirectory(prefix="rs-sig1-") as tmp:
            for sid, path in files.items():
                d = os.path.join(tmp, sid)
                os.makedirs(d)
                shutil.copy(path, d)
                rc1, out1, _ = run_text([rs, "signatures", "anchors", "--no-builtin", "-s", d], env)
                if rc1 != 0:
                    per = {"all": every}
                    src += " (one yara rule: the command does not take -s DIR)"
                    break
                per[sid] = sorted(set(a for a in out1.splitlines() if a.strip()))
        return per, every, src
    per = fallback_anchors(files)
    every = sorted(set(a for v in per.values() for a in v))
    return per, every, "extracted by bench/run.py from the signature files (`rightscan signatures anchors` is missing)"


def yara_string(s):
    out = []
    for b in s.encode("utf-8"):
        ch = chr(b)
        out.append(f"\\x{b:02x}" if b > 126 or b < 32 or ch in '"\\' else ch)
    return '"' + "".join(out) + '"'


def yara_rules(per):
    rules = []
    for sid, anchors in sorted(per.items()):
        if not anchors:
            continue
        name = "sig_" + re.sub(r"\W", "_", sid)
        strings = "\n".join(f"    $a{i} = {yara_string(a)} nocase" for i, a in enumerate(anchors))
        rules.append(f"rule {name}\n{{\n  strings:\n{strings}\n  condition:\n    any of them\n}}\n")
    return "\n".join(rules)


def copy_signatures(src_files, dst, k):
    """dst/copyI/... for I in 1..k: the signature files, ids renamed id -> id-cI (I > 1)."""
    shutil.rmtree(dst, ignore_errors=True)
    for i in range(1, k + 1):
        d = os.path.join(dst, f"copy{i}")
        os.makedirs(d)
        for j, path in enumerate(sorted(src_files)):
            text = open(path, encoding="utf-8").read()
            if i > 1:
                text = re.sub(r"^id:\s*(\S+)", lambda m: f"id: {m.group(1)}-c{i}", text, count=1, flags=re.M)
            with open(os.path.join(d, f"{j:03d}-{os.path.basename(path)}"), "w", encoding="utf-8") as f:
                f.write(text)
    return dst


# ---- rightscan's options --------------------------------------------------------------------

def capabilities(rs, env):
    _, helptext, _ = run_text([rs, "scan", "--help"], env)
    has = lambda opt: re.search(r"(?<![\w-])" + re.escape(opt) + r"\b", helptext) is not None
    thr = "-j" if has("-j") else ("--threads" if has("--threads") else ("--jobs" if has("--jobs") else None))
    return {"threads": thr, "stats": has("--stats"), "no_prefilter": has("--no-prefilter")}


def parse_stats(err_path):
    """The last JSON object on standard error (`--stats`), flattened one level."""
    try:
        lines = open(err_path, encoding="utf-8", errors="replace").read().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        line = line.strip()
        if line.startswith("{"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            if len(d) == 1 and isinstance(next(iter(d.values())), dict):
                d = next(iter(d.values()))
            return d
    return None


def count_output(tool, path):
    """Files (or units) each tool reports."""
    n = 0
    with open(path, encoding="utf-8", errors="replace") as f:
        if tool.startswith("rightscan"):
            for line in f:
                if line.startswith('{"type":"unit"') and '"class":"none"' not in line:
                    n += 1
        elif tool == "yara":
            n = len({line.split(" ", 1)[1] for line in f if " " in line})
        else:
            n = sum(1 for _ in f)
    return n


# ---- reporting ------------------------------------------------------------------------------

def fmt_table(rows, cols):
    widths = [max(len(str(c)), *(len(str(r[i])) for r in rows)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(str(v).rjust(w) if i else str(v).ljust(w) for i, (v, w) in enumerate(zip(vals, widths)))
    return "\n".join([line(cols), line(["-" * w for w in widths])] + [line(r) for r in rows])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a small corpus: --articles 3000 --big-mb 40")
    ap.add_argument("--articles", type=int)
    ap.add_argument("--big-mb", type=int)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=3, help="runs per tool; the median is reported (default 3)")
    ap.add_argument("--scale-runs", type=int,
                    help="runs per scaling point (default: --runs when rightscan's 1x median is under 10 s, else 1)")
    ap.add_argument("--no-scale", action="store_true", help="skip the size and signature scaling")
    ap.add_argument("--rightscan", help="the binary (default: $RIGHTSCAN, build/rightscan)")
    ap.add_argument("--make-corpus", help="path of make-corpus.py (default: ../shared/bench/)")
    ap.add_argument("--work", help="work directory, reused between runs (default: /tmp/rightscan-bench)")
    ap.add_argument("--out", help="results JSON (default: WORK/results-quick.json or results-full.json)")
    ap.add_argument("--keep", action="store_true", help="keep the scaling copies (hard links) afterwards")
    a = ap.parse_args()
    articles = a.articles or (3000 if a.quick else 30000)
    big_mb = a.big_mb if a.big_mb is not None else (40 if a.quick else 400)
    work = os.path.abspath(a.work or "/tmp/rightscan-bench")
    os.makedirs(work, exist_ok=True)
    out_json = a.out or os.path.join(work, f"results-{'quick' if a.quick else 'full'}.json")

    rs = a.rightscan or os.environ.get("RIGHTSCAN") or os.path.join(SRC, "build", "rightscan")
    if not os.access(rs, os.X_OK):
        sys.exit(f"run.py: no rightscan binary at {rs} (build it, or give --rightscan PATH)")
    rs = os.path.abspath(rs)
    # One signature set for the whole run: a snapshot of this tree's signatures/ (others may
    # be editing them while the benchmark runs).
    sigdir = os.path.join(work, "signatures")
    shutil.rmtree(sigdir, ignore_errors=True)
    shutil.copytree(os.path.join(SRC, "signatures"), sigdir)
    env = dict(os.environ, RIGHTSCAN_SIGNATURES=sigdir)
    peers = {t: shutil.which(t) for t in ("rg", "grep", "yara")}
    caps = capabilities(rs, env)

    corpus = ensure_corpus(work, find_make_corpus(a.make_corpus), articles, big_mb, a.seed)
    files, nbytes = tree_size(corpus)
    per_sig, anchors, anchors_src = get_anchors(rs, env, sigdir)
    anchors_file = os.path.join(work, "anchors.txt")
    with open(anchors_file, "w", encoding="utf-8") as f:
        f.write("".join(x + "\n" for x in anchors))
    rules_file = os.path.join(work, "rules.yar")
    with open(rules_file, "w", encoding="utf-8") as f:
        f.write(yara_rules(per_sig))
    rc, out, _ = run_text([rs, "signatures", "list", "--format", "json"], env)
    sig_list = json.loads(out) if rc == 0 else []

    def rs_cmd(root, extra=()):
        cmd = [rs, "scan", "-q", "-f", "jsonl"]
        if caps["threads"]:
            cmd += [caps["threads"], str(CORES)]
        return cmd + list(extra) + [root]

    # --stats only adds counters printed at the end: the timed runs carry it
    tools = [("rightscan", rs_cmd(corpus, ["--stats"] if caps["stats"] else []), (0, 1, 3))]
    if peers["rg"]:
        tools.append(("rg", [peers["rg"], "-l", "-i", "-F", "-f", anchors_file, corpus], (0, 1)))
        # -l stops reading a file at its first match (on the corpus's 400 MB dump, after a few
        # kilobytes); -c reads every file to its end, as a scan that reports every signal must
        tools.append(("rg-c", [peers["rg"], "-c", "-i", "-F", "-f", anchors_file, corpus], (0, 1)))
    if peers["grep"]:
        tools.append(("grep", [peers["grep"], "-rliF", "-f", anchors_file, corpus], (0, 1)))
    if peers["yara"]:
        tools.append(("yara", [peers["yara"], "-r", rules_file, corpus], (0, 1)))

    print(f"corpus: {corpus}: {files:,} files, {nbytes / 1e6:,.1f} MB; {len(sig_list)} signatures, "
          f"{len(anchors)} anchors ({anchors_src}); {CORES} cores; {a.runs} runs per tool", flush=True)
    warm(corpus)
    raw = {name: [] for name, _, _ in tools}
    for i in range(a.runs):
        order = tools[i % len(tools):] + tools[:i % len(tools)]  # rotate: spread the noise
        for name, cmd, ok in order:
            r = measure(cmd, os.path.join(work, f"out-{name}.txt"), os.path.join(work, f"err-{name}.txt"), env, ok)
            raw[name].append(r)
            print(f"  run {i + 1}/{a.runs} {name:<9} {r['wall']:8.3f} s  rss {r['rss_mb']:7.1f} MB"
                  + (f"  ERROR rc={r['rc']}" if "error" in r else ""), flush=True)
    side = {}
    for name, cmd, _ in tools:
        s = summarise(raw[name])
        s["cmd"] = " ".join(os.path.relpath(c, work) if c.startswith(work) else c for c in cmd)
        if "wall" in s:
            s["files_per_s"] = files / s["wall"]
            s["mb_per_s"] = nbytes / 1e6 / s["wall"]
            s["reported"] = count_output(name, os.path.join(work, f"out-{name}.txt"))
        side[name] = s

    # ---- the prefilter ----
    pre = {"stats_option": caps["stats"], "no_prefilter_option": caps["no_prefilter"]}
    if caps["stats"]:
        st = parse_stats(os.path.join(work, "err-rightscan.txt"))
        pre["stats"] = st
        if st and st.get("field_bytes"):
            fb = st["field_bytes"]
            pre["share_regex"] = st.get("regex_bytes", 0) / fb
            pre["share_approx"] = st.get("approx_bytes", 0) / fb
            pre["share_normalized"] = st.get("normalized_bytes", 0) / fb
            pre["share_matched"] = max(st.get("regex_bytes", 0), st.get("approx_bytes", 0)) / fb
    if caps["no_prefilter"]:
        # once: the ratio is large (x50-x80) and one run of the full corpus takes minutes
        runs = [measure(rs_cmd(corpus, ["--no-prefilter"]), os.path.join(work, "out-nopre.txt"),
                        os.path.join(work, "err-nopre.txt"), env, (0, 1, 3))]
        s = summarise(runs)
        pre["without"] = s
        if "wall" in s and "wall" in side["rightscan"]:
            pre["mb_per_s_with"] = side["rightscan"]["mb_per_s"]
            pre["mb_per_s_without"] = nbytes / 1e6 / s["wall"]
            pre["speedup"] = s["wall"] / side["rightscan"]["wall"]

    # ---- scaling ----
    scale, sigscale = {}, {}
    if not a.no_scale:
        base = side["rightscan"].get("wall")
        scale_runs = a.scale_runs or (a.runs if base and base < 10 else 1)
        print(f"scaling with the corpus size ({scale_runs} run(s) per point) ...", flush=True)
        for k in (1, 2, 4):
            root = corpus if k == 1 else linked_copies(corpus, os.path.join(work, f"scale-{k}x"), k)
            if k > 1:
                warm(root)
            row = {}
            for name, mk in (("rightscan", lambda r: rs_cmd(r)),
                             ("rg", lambda r: [peers["rg"], "-l", "-i", "-F", "-f", anchors_file, r])):
                if name == "rg" and not peers["rg"]:
                    continue
                if k == 1 and name in side and "wall" in side[name]:
                    row[name] = {k2: side[name][k2] for k2 in ("wall", "cpu", "rss_mb")}
                    continue
                row[name] = summarise([measure(mk(root), os.path.join(work, f"out-scale-{name}.txt"),
                                               os.path.join(work, f"err-scale-{name}.txt"), env, (0, 1, 3))
                                       for _ in range(scale_runs)])
                print(f"  {k}x {name:<9} {row[name].get('wall', float('nan')):8.3f} s", flush=True)
            scale[f"{k}x"] = row
        if base:
            cbase = side["rightscan"]["cpu"]
            for k in ("2x", "4x"):
                r = scale[k]["rightscan"]
                if r.get("wall"):
                    r["per_1x"] = r["wall"] / base / int(k[0])
                    r["cpu_per_1x"] = r["cpu"] / cbase / int(k[0]) if cbase else None
        print("scaling with the number of signatures ...", flush=True)
        files_sig = [s["file"] for s in sig_list]
        for k in (1, 4):
            d = copy_signatures(files_sig, os.path.join(work, f"sigs-{k}x"), k)
            rc, out, err = run_text([rs, "signatures", "list", "--format", "json", "--no-builtin", "-s", d], env)
            n = len(json.loads(out)) if rc == 0 else None
            r = summarise([measure(rs_cmd(corpus, ["--no-builtin", "-s", d]), os.path.join(work, "out-sig.txt"),
                                   os.path.join(work, "err-sig.txt"), env, (0, 1, 3)) for _ in range(scale_runs)])
            r["signatures"] = n
            if rc != 0:
                r["error"] = err[-1000:]
            sigscale[f"{k}x"] = r
            print(f"  {k}x signatures ({n}) {r.get('wall', float('nan')):8.3f} s", flush=True)
        if not a.keep:
            for k in (2, 4):
                shutil.rmtree(os.path.join(work, f"scale-{k}x"), ignore_errors=True)
                if os.path.exists(os.path.join(work, f"scale-{k}x.done")):
                    os.remove(os.path.join(work, f"scale-{k}x.done"))

    # ---- report ----
    rsw = side["rightscan"].get("wall")
    rows = []
    for name, s in side.items():
        if "wall" not in s:
            rows.append([name, "error", "", "", "", "", "", "", "", "", s.get("error", "")[:60].replace("\n", " ")])
            continue
        rs_cpu = side["rightscan"].get("cpu")
        ratio = f"{rsw / s['wall']:.2f}" if rsw else "-"
        cratio = f"{rs_cpu / s['cpu']:.2f}" if rs_cpu and s["cpu"] > 0 else "-"
        rows.append([name, f"{s['wall']:.3f}", f"{s['wall_min']:.3f}", f"{s['cpu']:.2f}", ratio, cratio,
                     f"{s['rss_mb']:.1f}", f"{s['files_per_s']:,.0f}", f"{s['mb_per_s']:,.1f}", s["reported"], s["cmd"]])
    print()
    print(f"side by side ({files:,} files, {nbytes / 1e6:,.1f} MB; median of {a.runs} runs, and the fastest; "
          "rs/peer = rightscan's wall time over the peer's, cpu rs/peer the same for user+system CPU)")
    print(fmt_table(rows, ["tool", "wall s", "min s", "cpu s", "rs/peer", "cpu rs/peer", "peak MB", "files/s",
                           "MB/s", "reported", "command"]))
    print()
    if "stats" in pre and pre["stats"]:
        st = pre["stats"]
        print("prefilter (--stats): " + ", ".join(f"{k}={v:,}" if isinstance(v, int) else f"{k}={v}"
                                                  for k, v in st.items()))
        if "share_regex" in pre:
            print(f"  share of field bytes reaching PCRE2: {pre['share_regex']:.1%}; the approximate matcher: "
                  f"{pre['share_approx']:.1%}; normalised: {pre['share_normalized']:.1%}")
    else:
        print("prefilter: this rightscan has no --stats" if not caps["stats"] else "prefilter: --stats printed nothing")
    if "without" in pre and "speedup" in pre:
        print(f"  throughput with the prefilter {pre['mb_per_s_with']:,.1f} MB/s, without "
              f"{pre['mb_per_s_without']:,.1f} MB/s (x{pre['speedup']:.2f})")
    elif not caps["no_prefilter"]:
        print("  throughput without the prefilter: not measured (this rightscan has no --no-prefilter)")
    if scale:
        print()
        print("rightscan time vs corpus size (hard-linked copies; per_1x = t(k) / (k * t(1)) for wall time, "
              "cpu per_1x the same for CPU time; 1.00 = linear)")
        srows = []
        for k, row in scale.items():
            r, g = row.get("rightscan", {}), row.get("rg", {})
            srows.append([k, f"{r.get('wall', float('nan')):.3f}", f"{r.get('cpu', float('nan')):.2f}",
                          f"{r.get('per_1x', 1.0):.2f}", f"{r.get('cpu_per_1x') or 1.0:.2f}",
                          f"{r.get('rss_mb', float('nan')):.1f}", f"{g.get('wall', float('nan')):.3f}"
                          if g else "-"])
        print(fmt_table(srows, ["size", "rightscan s", "cpu s", "per_1x", "cpu per_1x", "peak MB", "rg s"]))
    if sigscale:
        print()
        print("rightscan time vs number of signatures (1x corpus; --no-builtin -s COPIES)")
        b = sigscale.get("1x", {}).get("wall")
        cb = sigscale.get("1x", {}).get("cpu")
        print(fmt_table([[k, str(r.get("signatures")), f"{r.get('wall', float('nan')):.3f}",
                          f"{r['wall'] / b:.2f}" if b and "wall" in r else "-", f"{r.get('cpu', float('nan')):.2f}",
                          f"{r['cpu'] / cb:.2f}" if cb and "cpu" in r else "-", f"{r.get('rss_mb', float('nan')):.1f}"]
                         for k, r in sigscale.items()],
                        ["signatures", "count", "wall s", "vs 1x", "cpu s", "cpu vs 1x", "peak MB"]))
    result = {
        "corpus": {"path": corpus, "articles": articles, "big_mb": big_mb, "seed": a.seed, "files": files,
                   "bytes": nbytes},
        "machine": {"cores": CORES, "platform": platform.platform(), "python": platform.python_version()},
        "versions": {"rightscan": version([rs, "--version"]), "rg": version(["rg", "--version"]),
                     "grep": version(["grep", "--version"]), "yara": version(["yara", "--version"])},
        "rightscan_options": caps, "signatures": len(sig_list), "anchors": {"count": len(anchors), "source": anchors_src},
        "runs": a.runs, "side_by_side": side,
        "ratios": {f"rightscan/{n}": rsw / s["wall"] for n, s in side.items() if n != "rightscan" and "wall" in s and rsw},
        "cpu_ratios": {f"rightscan/{n}": side["rightscan"]["cpu"] / s["cpu"] for n, s in side.items()
                       if n != "rightscan" and s.get("cpu") and rsw},
        "prefilter": pre, "size_scaling": scale, "signature_scaling": sigscale,
    }
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
    print(f"\nresults: {out_json}")
    return 0 if all("wall" in s for s in side.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
