#!/usr/bin/env python3
"""test_cli.py — the rightscan command line: help, version, options, exit statuses, report
files and the JSON / JSON Lines shapes (reports/FORMAT.md).

    test_cli.py BINARY SOURCE_DIR [CASE...]
"""
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rstest  # noqa: E402
from rstest import case, Fail, ILKHA_TR, ILKHA_EN, CC_BY, CLEAN_EN, CLEAN_TR  # noqa: E402

SIGNATURE_IDS = ("ilkha", "aa", "ap", "reuters", "afp", "dpa", "generic-rights-reserved",
                 "cc-by-4.0", "cc-by-sa-4.0", "cc0-1.0")


def usage(t, name):
    with open(os.path.join(t.src, "scanner", "cli", "usage.h"), encoding="utf-8") as f:
        return rstest.c_macro_text(f.read(), name)


def version(t):
    with open(os.path.join(t.src, "scanner", "rightscan.h"), encoding="utf-8") as f:
        return re.search(r'#define\s+RS_VERSION\s+"([^"]+)"', f.read()).group(1)


def mixed_tree(t, root="tree"):
    """A small tree: clean files in several formats, one ILKHA story, a CC BY post."""
    t.write(f"{root}/inhouse/council.txt", CLEAN_EN)
    t.write(f"{root}/inhouse/meclis.md", "# Meclis\n\n" + CLEAN_TR)
    t.write(f"{root}/inhouse/page.html",
            f"<!doctype html><html><head><meta charset=\"utf-8\"><title>Bridge</title></head>"
            f"<body><p>{CLEAN_EN}</p></body></html>\n")
    t.write(f"{root}/inhouse/item.json", json.dumps({"title": "Bridge", "body": CLEAN_EN}) + "\n")
    t.write(f"{root}/wire/ilkha.txt", CLEAN_TR + "\n(İLKHA)\n" + ILKHA_TR + "\n")
    t.write(f"{root}/blog/post.md", "# Gardens\n\n" + CLEAN_EN + "\n" + CC_BY + "\n")
    t.write(f"{root}/bundle.zip", rstest.zip_bytes([("a/clean.txt", CLEAN_EN),
                                                    ("a/story.txt", CLEAN_EN + "\n(ILKHA)\n" + ILKHA_EN)]))
    return root


# ---- help and version ----

@case
def main_help(t):
    text = usage(t, "RS_USAGE_MAIN")
    for flag in ("--help", "-h"):
        r = t.run(flag)
        t.eq(r.rc, 0, f"rightscan {flag}: exit status", r)
        for opt in sorted(rstest.options_in(text)):
            t.check(re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", r.text),
                    f"rightscan {flag} does not mention {opt}", r)
        for cmd in ("scan", "signatures list", "signatures test"):
            t.check(cmd in r.text, f"rightscan {flag} does not mention the command {cmd!r}", r)
        t.check(text in r.text, f"rightscan {flag} does not print usage.h's RS_USAGE_MAIN", r)


@case
def scan_help(t):
    text = usage(t, "RS_USAGE_SCAN")
    for args in (("scan", "--help"), ("scan", "-h")):
        r = t.run(*args)
        t.eq(r.rc, 0, f"rightscan {' '.join(args)}: exit status", r)
        missing = [o for o in sorted(rstest.options_in(text))
                   if not re.search(r"(?<![\w-])" + re.escape(o) + r"(?![\w-])", r.text)]
        t.check(not missing, f"rightscan {' '.join(args)} does not mention {missing}", r)
        t.check(text in r.text, "scan --help does not print usage.h's RS_USAGE_SCAN", r)
        for default in ("8", "64M", "4G", "1G", "100000", "1000", "WINDOWS-1252"):
            t.check(default in r.text, f"scan --help does not give the default {default}", r)


@case
def signatures_help(t):
    text = usage(t, "RS_USAGE_SIGNATURES")
    r = t.run("signatures", "--help")
    t.eq(r.rc, 0, "rightscan signatures --help: exit status", r)
    t.check(text in r.text, "signatures --help does not print usage.h's RS_USAGE_SIGNATURES", r)


@case
def version_option(t):
    want = version(t)
    for flag in ("--version", "-V"):
        r = t.run(flag)
        t.eq(r.rc, 0, f"rightscan {flag}: exit status", r)
        t.check(want in r.text, f"rightscan {flag} does not print the version {want}", r)
        t.check(r.text.count("\n") <= 3, f"rightscan {flag} prints more than a version", r)


@case
def man_page_options(t):
    with open(os.path.join(t.src, "docs", "rightscan.1"), encoding="utf-8") as f:
        man = f.read().replace("\\-", "-")
    for name in ("RS_USAGE_MAIN", "RS_USAGE_SCAN", "RS_USAGE_SIGNATURES"):
        for opt in sorted(rstest.options_in(usage(t, name))):
            t.check(re.search(r"(?<![\w-])" + re.escape(opt) + r"(?![\w-])", man),
                    f"docs/rightscan.1 does not document {opt} (from {name})")


# ---- usage errors: exit 2 with a message ----

@case
def usage_errors(t):
    t.write("tree/a.txt", CLEAN_EN)
    # (arguments, words of which the message must name one)
    bad = [
        (["scan", "--no-such-option", "tree"], ("--no-such-option",)),
        (["--no-such-option"], ("--no-such-option",)),
        (["frobnicate"], ("frobnicate",)),
        ([], ()),
        (["scan"], ()),
        (["scan", "--format", "xml", "tree"], ("xml", "--format")),
        (["scan", "--format"], ("--format",)),
        (["scan", "--color", "sometimes", "tree"], ("sometimes", "--color")),
        (["scan", "--max-depth", "lots", "tree"], ("lots", "--max-depth")),
        (["scan", "--max-depth", "-1", "tree"], ("-1", "--max-depth")),
        (["scan", "--max-file-size", "12Q", "tree"], ("12Q", "--max-file-size")),
        (["scan", "--max-member-size", "", "tree"], ("--max-member-size",)),
        (["scan", "--max-ratio", "1.5", "tree"], ("1.5", "--max-ratio")),
        (["scan", "--charset", "NO-SUCH-CHARSET", "tree"], ("NO-SUCH-CHARSET", "--charset")),
        (["signatures", "frobnicate"], ("frobnicate",)),
    ]
    problems = []  # every argument list is tried; all problems are reported together
    for args, words in bad:
        what = "rightscan " + " ".join(repr(a) if not a or " " in a else a for a in args)
        r = t.run(*args)
        if r.rc != 2:
            problems.append(f"{what}: exit status {r.rc}, want 2")
        elif not r.err.strip():
            problems.append(f"{what}: no message on stderr")
        elif words and not any(w in r.errtext for w in words):
            problems.append(f"{what}: the message names none of {list(words)}: "
                            f"{r.errtext.strip().splitlines()[0]!r}")
        if r.out.strip() and b"Usage" not in r.out:
            problems.append(f"{what}: a report on stdout after a usage error")
    t.check(not problems, "\n  ".join([f"{len(problems)} problem(s):"] + problems))


@case
def missing_path(t):
    t.write("tree/a.txt", CLEAN_TR + "\n(İLKHA)\n" + ILKHA_TR + "\n")
    r = t.run("scan", "--format", "jsonl", "no/such/file.txt", "tree")
    t.check(r.rc in (2, 3), f"a missing path: exit status {r.rc}, want 3 (incomplete) or 2", r)
    if r.rc == 3:
        units, _ = rstest.parse_jsonl(r)
        u = next((u for u in units if u["path"] == "no/such/file.txt"), None)
        t.check(u is not None and u["status"] == "failed" and u.get("reason"),
                "a missing path must be a failed unit with a reason", r)
        t.check(any(u["path"] == "tree/a.txt" and u["holder"] == "ilkha" for u in units),
                "the other path named must still be scanned", r)
    else:
        t.check("no/such/file.txt" in r.errtext, "the message does not name the missing path", r)


@case
def bad_signature_file(t):
    t.write("sigs/broken.yml", "id: broken\nclass: [restricted\nnotices:\n  - \"unclosed\n")
    t.write("tree/a.txt", CLEAN_EN)
    r = t.run("scan", "-s", t.path("sigs"), "tree")
    t.eq(r.rc, 2, "an invalid signature file: exit status", r)
    t.check(re.search(r"broken\.yml:\d+(:\d+)?:", r.errtext),
            "the message must say FILE:LINE:COL: what is wrong", r)
    t.check(not r.out.strip(), "no report when the signatures cannot be loaded", r)
    # $RIGHTSCAN_SIGNATURES names the signature directory as well.
    r = t.run("scan", "tree", env={"RIGHTSCAN_SIGNATURES": t.path("sigs")})
    t.eq(r.rc, 2, "$RIGHTSCAN_SIGNATURES with an invalid file: exit status", r)
    t.check("broken.yml" in r.errtext, "$RIGHTSCAN_SIGNATURES is not honoured", r)


HARBOUR_SIG = """# The Harbour Gazette (invented), for the end-to-end tests.
id: harbour-gazette
name: The Harbour Gazette
class: restricted
languages: [en]
notices:
  - lang: en
    text: >-
      Reproduction of this article is prohibited without the written consent of the
      Harbour Gazette.
examples:
  match:
    - "Reproduction of this article is prohibited without the written consent of the Harbour Gazette."
  no_match:
    - "The Harbour Gazette reported on Tuesday that the ferry will run later."
"""


@case
def custom_signatures(t):
    t.write("sigs/harbour-gazette.yml", HARBOUR_SIG)
    t.write("tree/gazette.txt", "Ferry news.\n\nReproduction of this article is prohibited "
                                "without the written\nconsent of the Harbour Gazette.\n")
    t.write("tree/ilkha.txt", "(İLKHA)\n" + ILKHA_TR + "\n")
    r = t.run("signatures", "test", t.path("sigs"))
    t.eq(r.rc, 0, "signatures test DIR with passing examples: exit status", r)
    rep = t.scan("--no-builtin", "-s", t.path("sigs"), "tree")
    t.eq(sorted(rep.flagged()), ["tree/gazette.txt"], "--no-builtin: only the DIR's signatures", rep)
    u = t.verdict(rep, "tree/gazette.txt", "harbour-gazette", "restricted")
    t.eq([(f["line"], f["column"]) for f in u["findings"]], [(3, 1)], "the finding's position", u)
    rep = t.scan("--signatures", t.path("sigs"), "tree")
    t.eq(sorted(rep.flagged()), ["tree/gazette.txt", "tree/ilkha.txt"], "built-in + -s DIR", rep)
    r = t.run("signatures", "list", "-s", t.path("sigs"), "--no-builtin")
    t.check("harbour-gazette" in r.text and "ilkha" not in r.text,
            "signatures list -s DIR --no-builtin lists the DIR's signatures only", r)
    r = t.run("scan", "--no-builtin", "tree")
    t.eq(r.rc, 2, "--no-builtin without -s: exit status (no signatures)", r)
    # an example that fails: exit 1, reported as FILE:LINE
    t.write("sigs/harbour-gazette.yml", HARBOUR_SIG + "    - \"Reproduction of this article is "
            "prohibited without the written consent of the Harbour Gazette.\"\n")
    r = t.run("signatures", "test", t.path("sigs"))
    t.eq(r.rc, 1, "signatures test DIR with a failing example: exit status", r)
    t.check(re.search(r"harbour-gazette\.yml:16\b", r.text + r.errtext),
            "the failing example is not reported as FILE:LINE (line 16)", r)


@case
def signatures_list(t):
    r = t.run("signatures", "list")
    t.eq(r.rc, 0, "signatures list: exit status", r)
    for sid in SIGNATURE_IDS:
        t.check(re.search(r"(?<![\w-])" + re.escape(sid) + r"(?![\w-])", r.text),
                f"signatures list does not list {sid}", r)
    r = t.run("signatures", "list", "--format", "json")
    t.eq(r.rc, 0, "signatures list --format json: exit status", r)
    try:
        json.loads(r.text)
    except ValueError:
        try:
            [json.loads(line) for line in r.text.splitlines() if line.strip()]
        except ValueError as e:
            raise Fail(f"signatures list --format json is not JSON: {e}\n{r!r}")
    for sid in SIGNATURE_IDS:
        t.check(f'"{sid}"' in r.text, f"signatures list --format json does not list {sid}", r)
    # Without $RIGHTSCAN_SIGNATURES a build tree finds the source tree's signatures (or an
    # installed copy).
    r = t.run("signatures", "list", unset=("RIGHTSCAN_SIGNATURES",))
    t.eq(r.rc, 0, "signatures list without $RIGHTSCAN_SIGNATURES: exit status", r)
    t.check("ilkha" in r.text, "no built-in signatures found without $RIGHTSCAN_SIGNATURES", r)


# ---- reports ----

@case
def output_file(t):
    root = mixed_tree(t)
    base = t.run("scan", "--format", "json", root)
    for fmt in ("json", "jsonl", "text"):
        out = t.path(f"out/report.{fmt}")
        os.makedirs(os.path.dirname(out), exist_ok=True)
        r = t.run("scan", "--format", fmt, "-o", out, root)
        t.eq(r.rc, base.rc, f"-o with --format {fmt}: exit status (same as without -o)", r)
        t.eq(r.out, b"", f"-o with --format {fmt}: stdout must stay empty")
        t.check(os.path.getsize(out) > 0, f"-o with --format {fmt}: the report file is empty")
        t.eq(sorted(os.listdir(os.path.dirname(out))), [f"report.{fmt}"],
             f"-o with --format {fmt}: files left beside the report (not atomic?)")
        os.unlink(out)
    out = t.path("out/report.json")
    r = t.run("scan", "--output", out, "--format", "json", root)
    with open(out, "rb") as f:
        t.eq(f.read(), base.out, "--output FILE holds what stdout would have held")
    # An existing report is replaced, not appended to.
    r = t.run("scan", "-f", "json", "-o", out, root)
    with open(out, "rb") as f:
        t.eq(f.read(), base.out, "-o over an existing file replaces it")
    r = t.run("scan", "-o", t.path("no/such/dir/report.json"), root)
    t.eq(r.rc, 2, "-o into a missing directory: exit status (the report cannot be written)", r)
    t.check(r.err.strip(), "-o into a missing directory: no message", r)
    # Last, so that it does not hide the checks above.
    os.unlink(out)
    t.run("scan", "-o", out, root)
    umask = os.umask(0o022)
    os.umask(umask)
    t.eq(oct(os.stat(out).st_mode & 0o777), oct(0o666 & ~umask),
         "-o FILE: the new report's permissions (0666 less the umask, as for any new file)")


@case
def report_write_error(t):
    root = mixed_tree(t)
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            p = subprocess.run([t.bin, "scan", "--format", "jsonl", root], cwd=t.tmp,
                               env=t.env(), stdout=full, stderr=subprocess.PIPE, timeout=60)
        t.eq(p.returncode, 2, "a report that cannot be written (stdout is /dev/full): exit status")
        t.check(p.stderr.strip(), "a report that cannot be written: no message")
    r = t.run("scan", "-o", "-", "--format", "jsonl", root)
    t.eq(r.rc, 1, "-o -: exit status", r)
    rstest.parse_jsonl(r)  # "-" is standard output


@case
def json_format(t):
    root = mixed_tree(t)
    r = t.run("scan", "--format", "json", root)
    try:
        doc = json.loads(r.text)
    except ValueError as e:
        raise Fail(f"--format json is not one JSON document: {e}\n{r!r}")
    t.eq(doc.get("version"), 1, "json version")
    t.check(isinstance(doc.get("tool"), dict), "json has no tool object", doc)
    t.check(isinstance(doc.get("units"), list), "json has no units array", doc)
    s = doc.get("summary")
    t.check(isinstance(s, dict), "json has no summary object", doc)
    for u in doc["units"]:
        rstest.check_unit(u)
    rstest.check_summary(s)
    t.eq(s["exit_status"], r.rc, "summary exit_status vs the exit status")
    t.eq(r.rc, 1, "exit status (a restricted unit is in the tree)")
    # the same units as jsonl
    rep = t.scan(root)
    t.eq([u["path"] for u in doc["units"]], rep.paths(), "json and jsonl list the same units")
    t.eq({k: v for k, v in s.items() if k != "type"},
         {k: v for k, v in rep.summary.items() if k != "type"}, "json and jsonl summaries")


@case
def jsonl_format(t):
    root = mixed_tree(t)
    rep = t.scan(root)  # parse_jsonl checks: last line summary, counts add up
    s = rep.summary
    t.eq(rep.rc, 1, "exit status", rep)
    t.check(s["units"] >= len(rep.units), "summary counts fewer units than listed", s)
    t.check(s["containers"] >= 1, "the zip was not counted as a container", s)
    t.eq(s["classes"].get("restricted"), 2, "restricted units (the ILKHA story, the zip member)", rep)
    t.eq(s["classes"].get("attribution"), 1, "attribution units (the CC BY post)", rep)
    t.eq(s["complete"], True, "complete", s)
    for u in rep.units:
        t.check(u["class"] != "none" or u["status"] != "scanned",
                f"a clean unit listed without --all: {u['path']}", rep)
    flagged = sorted(rep.flagged())
    t.eq(flagged, ["tree/blog/post.md", "tree/bundle.zip!/a/story.txt", "tree/wire/ilkha.txt"],
         "flagged units", rep)


@case
def summary_classes(t):
    # FORMAT.md and rightscan.h: "classes" counts the *scanned* units by class, so the
    # classes add up to "scanned"; skipped and failed units are counted apart.
    t.write("tree/a.txt", "(İLKHA)\n" + ILKHA_TR + "\n")
    t.write("tree/b.txt", CLEAN_EN)
    t.write("tree/big.txt", CLEAN_EN * 100)
    t.write("tree/broken.zip", rstest.zip_bytes([("x.txt", CLEAN_EN * 30)])[:200])
    rep = t.scan("--max-file-size", "8K", "tree")
    s = rep.summary
    t.check(s["skipped"] >= 1 and s["failed"] >= 1, "a skipped and a failed unit", rep)
    t.eq(sum(s["classes"].values()), s["scanned"], "the classes add up to the scanned units", s)
    t.eq(s["classes"]["restricted"], 1, "restricted units", s)


@case
def all_option(t):
    root = mixed_tree(t)
    plain = t.scan(root)
    for flag in ("--all", "-a"):
        rep = t.scan(flag, root)
        t.eq(len(rep.units), rep.summary["units"], f"{flag}: every unit met is listed", rep)
        want = {"tree/inhouse/council.txt", "tree/inhouse/meclis.md", "tree/inhouse/page.html",
                "tree/inhouse/item.json", "tree/wire/ilkha.txt", "tree/blog/post.md",
                "tree/bundle.zip", "tree/bundle.zip!/a/clean.txt", "tree/bundle.zip!/a/story.txt"}
        t.eq(set(rep.paths()), want, f"{flag}: units listed", rep)
        t.check(set(plain.paths()) < set(rep.paths()), f"{flag} adds the clean units")
        t.eq(rep.summary, plain.summary, f"{flag} does not change the summary")
        t.eq(rep.unit("tree/inhouse/council.txt")["class"], "none", "a clean unit's class")


@case
def deterministic(t):
    root = mixed_tree(t)
    for args in (("--format", "jsonl", "--all"), ("--format", "json"),
                 ("--format", "text", "--color", "never"), ("--format", "text", "--all")):
        a = t.run("scan", *args, root)
        b = t.run("scan", *args, root)
        t.eq(a.rc, b.rc, f"scan {' '.join(args)}: exit statuses of two runs")
        t.check(a.out == b.out, f"scan {' '.join(args)}: two runs differ", a, b)
        t.check(a.out.strip(), f"scan {' '.join(args)}: empty report", a)
    # sorted walk: a flat directory comes out in byte order
    names = ["b.txt", "B.txt", "a.txt", "a b.txt", "ä.txt", "_x.txt", "10.txt", "9.txt"]
    for n in names:
        t.write(f"flat/{n}", CLEAN_EN)
    rep = t.scan("--all", "flat")
    want = ["flat/" + n for n in sorted(names, key=lambda s: s.encode("utf-8"))]
    t.eq(rep.paths(), want, "units of a directory in byte-sorted order")


@case
def text_format(t):
    root = mixed_tree(t)
    r = t.run("scan", root)  # text is the default
    t.eq(r.rc, 1, "text: exit status", r)
    t.check("tree/wire/ilkha.txt" in r.text, "the text report does not name the restricted unit", r)
    t.check("ilkha" in r.text.lower() or "ilke haber" in r.text.lower(),
            "the text report does not name the holder", r)
    t.check(b"\x1b[" not in r.out, "colour in the text report when stdout is not a terminal", r)
    r = t.run("scan", "--color", "never", root)
    t.check(b"\x1b[" not in r.out, "--color never: colour codes in the report", r)
    r = t.run("scan", "--color", "always", root)
    t.check(b"\x1b[" in r.out, "--color always: no colour codes in the report", r)
    r = t.run("scan", "--color", "always", "--format", "jsonl", root)
    t.check(b"\x1b[" not in r.out, "--color must not colour JSON", r)


@case
def hostile_names(t):
    notice = "(İLKHA)\n" + ILKHA_TR + "\n"
    names = ["evil\x1b[2Jname.txt", "two\nlines.txt", "tab\tand \"quote\".txt"]
    for n in names:
        t.write(f"tree/{n}", notice)
    os.makedirs(t.path("tree"), exist_ok=True)
    with open(os.path.join(t.path("tree").encode(), b"caf\xe9-latin1.txt"), "wb") as f:
        f.write(notice.encode("utf-8"))
    rep = t.scan("tree")  # every line parses: names are escaped in JSON
    t.eq(rep.rc, 1, "exit status", rep)
    t.eq(len(rep.units), 4, "one unit per file, each on one line", rep)
    for n in names:
        t.verdict(rep, "tree/" + n, "ilkha", "restricted")
    t.check(any("caf" in u["path"] and u["holder"] == "ilkha" for u in rep.units),
            "a file name that is not UTF-8 is not reported", rep)
    r = t.run("scan", "--color", "never", "tree")
    t.check(b"\x1b" not in r.out, "the text report lets an escape sequence from a file name "
            "through to the terminal", r)
    t.check(b"two\nlines" not in r.out, "the text report prints a newline from a file name", r)


@case
def quiet(t):
    root = mixed_tree(t)
    for flag in ("-q", "--quiet"):
        r = t.run("scan", flag, "--format", "jsonl", root)
        t.eq(r.rc, 1, f"{flag}: exit status", r)
        t.eq(r.errtext, "", f"{flag}: standard error must be empty")


@case
def exit_statuses(t):
    t.write("clean/a.txt", CLEAN_EN)
    t.write("clean/b.md", CC_BY + "\n")  # attribution only: nothing needs a contract
    t.write("restricted/a.txt", CLEAN_EN)
    t.write("restricted/b.txt", "(İLKHA)\n" + ILKHA_TR + "\n")
    t.write("incomplete/a.txt", CLEAN_EN)
    t.write("incomplete/big.txt", CLEAN_EN * 100)
    for args, want in ((["clean"], 0), (["restricted"], 1),
                       (["--max-file-size", "2K", "incomplete"], 3),
                       (["--max-file-size", "2K", "restricted", "incomplete"], 3),  # 3 before 1
                       (["clean", "restricted"], 1)):
        r = t.run("scan", "--format", "jsonl", *args)
        t.eq(r.rc, want, f"scan {' '.join(args)}: exit status", r)
        _, s = rstest.parse_jsonl(r)
        t.eq(s["exit_status"], want, f"scan {' '.join(args)}: summary exit_status")
        t.eq(s["complete"], want != 3, f"scan {' '.join(args)}: summary complete")
    r = t.run("scan", "--format", "text", "restricted")
    t.eq(r.rc, 1, "the exit status does not depend on the format", r)



@case
def policy_contracts(t):
    """With a policy, only restricted content without a contract in force is a violation."""
    t.write("tree/ilkha.txt", "ANKARA (ILKHA) " + rstest.CLEAN_EN + rstest.ILKHA_EN + "\n")
    t.write("tree/clean.txt", rstest.CLEAN_EN)
    t.write("ours.yml", "version: 1\ncontracts:\n  - holder: ilkha\n    until: 2030-12-31\n"
                        "    note: subscription 2025/17\n")
    t.write("expired.yml", "version: 1\ncontracts:\n  - holder: ilkha\n    until: 2020-12-31\n")
    rep = t.scan("--policy", t.path("ours.yml"), "tree")
    t.eq(rep.rc, 0, "exit status with a contract in force", rep)
    t.eq(rep.summary.get("policy"), {"ok": 2, "violation": 0, "review": 0}, "summary policy (every scanned unit is judged)")
    rep = t.scan("--policy", t.path("expired.yml"), "tree")
    t.eq(rep.rc, 1, "exit status when the contract has ended", rep)
    u = t.unit(rep, "tree/ilkha.txt")
    t.eq(u.get("policy"), "violation", "unit policy")
    t.check("no contract in force" in u.get("policy_reason", ""), "policy_reason", u)
    t.write("bad.yml", "version: 1\ncontracts:\n  - holder: ilkha\n    util: 2030-01-01\n")
    r = t.run("scan", "--policy", t.path("bad.yml"), "tree")
    t.eq(r.rc, 2, "exit status for a broken policy", r)
    t.check(b"bad.yml:4:5:" in r.err and b"unknown key 'util'" in r.err,
            "the error names file, line, column and the problem", r)


@case
def unit_time_budget(t):
    """A unit over its time budget fails with a timeout and the scan goes on."""
    t.write("tree/a.txt", rstest.CLEAN_EN + rstest.ILKHA_EN + "\n")
    t.write("tree/b.txt", rstest.CLEAN_EN)
    rep = t.scan("--timeout", "0.000001", "tree")
    u = t.unit(rep, "tree/a.txt")
    t.eq(u["status"], "failed", "status", u)
    t.check(u["reason"].startswith("timeout after"), "reason", u)
    t.eq(rep.rc, 3, "an incomplete scan exits 3", rep)
    t.eq(rep.summary["units"], 2, "every unit accounted for")
    ok = t.scan("--timeout", "30", "tree")
    t.eq(t.unit(ok, "tree/a.txt")["holder"], "ilkha", "with a sane budget")
    bad = t.run("scan", "--timeout", "soon", "tree")
    t.eq(bad.rc, 2, "a bad --timeout is a usage error", bad)


@case
def interrupted_scan_writes_an_incomplete_report(t):
    """SIGINT (and SIGTERM) stop the scan at a unit boundary; the report is still written,
    atomically, marked incomplete, and the exit status is 3."""
    import signal
    import subprocess
    import time
    line = "Ordinary wire copy about trade and energy prices, nothing to report here.\n"
    t.write("tree/big.txt", line * (2 << 20))  # about 150 MB: several seconds of scanning
    for i in range(50):
        t.write(f"tree/d/{i:02d}.txt", rstest.CLEAN_EN)
    for sig in (signal.SIGINT, signal.SIGTERM):
        out = t.path(f"report-{sig}.json")
        p = subprocess.Popen([t.bin, "scan", "-q", "-j1", "-f", "json", "-o", out, "tree"],
                             cwd=t.tmp, env=t.env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        for _ in range(200):  # until the report's temporary file exists: the scan has begun
            if [n for n in os.listdir(t.tmp) if n.startswith(".report-")]:
                break
            time.sleep(0.05)
        time.sleep(0.2)
        p.send_signal(sig)
        _, err = p.communicate(timeout=60)
        t.eq(p.returncode, 3, f"exit status after {sig.name}", err)
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        t.eq(doc["summary"]["complete"], False, f"summary.complete after {sig.name}")
        t.check(b"interrupted" in err, "the message says the scan was interrupted", err)
        t.check(not [n for n in os.listdir(t.tmp) if n.startswith(".report-")],
                "no temporary report left behind")

if __name__ == "__main__":
    sys.exit(rstest.main())
