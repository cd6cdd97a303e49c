#!/usr/bin/env python3
"""test_scan.py — what rightscan finds and how it reports it: verdicts, positions, formats,
archives (nested, corrupt, encrypted, too deep), special files, symbolic links, limits.
Every fixture is built here, at test time, in a temporary directory.

    test_scan.py BINARY SOURCE_DIR [CASE...]
"""
import gzip
import io
import json
import os
import sys
import tarfile
import threading
import time
import zipfile
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rstest  # noqa: E402
from rstest import case, Fail, Skip, ILKHA_TR, ILKHA_EN, AFP_FR, CC_BY, CLEAN_EN, CLEAN_TR  # noqa: E402

ILKHA_STORY_TR = CLEAN_TR + "\n(İLKHA)\n" + ILKHA_TR + "\n"
ILKHA_STORY_EN = CLEAN_EN + "\n(ILKHA)\n" + ILKHA_EN + "\n"


def check_positions(t, data, unit):
    """Every finding with a line points, by line and column, at its own offset."""
    for f in unit["findings"]:
        if "line" not in f:
            continue
        t.check(f["offset"] < len(data), f"finding offset past the end of the unit: {f}")
        want = rstest.line_col(data, f["offset"])
        t.eq((f["line"], f["column"]), want,
             f"{unit['path']}: line/column of the finding at offset {f['offset']}", f)


def check_excerpts(t, text, unit):
    """Excerpts are the matched text of the unit, whitespace collapsed."""
    flat = rstest.collapse(text).casefold()
    for f in unit["findings"]:
        ex = rstest.collapse(f["excerpt"]).casefold()
        t.check(ex, f"empty excerpt: {f}")
        t.check(len(f["excerpt"].encode("utf-8")) <= 240, f"excerpt longer than ~200 bytes: {f}")
        if f["field"] == "body":
            t.check(ex.rstrip("…. ") in flat or ex[:40] in flat,
                    f"the excerpt is not text of the unit: {f['excerpt']!r}")


# ---- verdicts ----

@case
def clean_tree(t):
    t.write("tree/a.txt", CLEAN_EN)
    t.write("tree/b.md", "# Köprü\n\n" + CLEAN_TR)
    t.write("tree/c.html", f"<!doctype html><html><head><meta charset=\"utf-8\"><title>x</title>"
                           f"</head><body><p>{CLEAN_EN}</p></body></html>")
    t.write("tree/d.json", json.dumps({"title": "Köprü", "body": CLEAN_TR}, ensure_ascii=True))
    t.write("tree/e.xml", f"<?xml version=\"1.0\"?><article><p>{CLEAN_EN}</p></article>")
    t.write("tree/f.txt", "")
    t.write("tree/sub/g.zip", rstest.zip_bytes([("x.txt", CLEAN_EN)]))
    rep = t.scan("tree")
    t.eq(rep.rc, 0, "a clean tree: exit status", rep)
    t.eq(rep.units, [], "a clean tree lists no units", rep)
    t.eq(rep.summary["scanned"], rep.summary["units"], "every unit scanned", rep.summary)
    t.check(rep.summary["units"] >= 8, "units met (7 files, 1 zip member)", rep.summary)
    r = t.run("scan", "--format", "json", "tree")
    t.eq(json.loads(r.text)["units"], [], "json: a clean tree lists no units")


@case
def ilkha_text_position(t):
    lines = [
        "Şırnak'ta kış hazırlıkları başladı",
        "",
        "Şırnak'ın yüksek kesimlerinde belediye ekipleri karla mücadele araçlarının bakımını "
        "tamamladı.",
        "",
        "Ekipler, köy yollarının kapanmaması için 24 saat esasıyla çalışacak.",
        "",
        "(İLKHA)",
        "Haber: Şükrü Güneş / Şırnak — " + ILKHA_TR,
        "",
    ]
    text = "\n".join(lines)
    data = text.encode("utf-8")
    t.write("tree/haber.txt", data)
    rep = t.scan("tree")
    t.eq(rep.rc, 1, "exit status", rep)
    u = t.verdict(rep, "tree/haber.txt", "ilkha", "restricted")
    check_positions(t, data, u)
    check_excerpts(t, text, u)
    start = data.index("YASAL UYARI".encode())
    end = data.index("kullanılamaz.".encode()) + len("kullanılamaz.".encode())
    notice = [f for f in u["findings"] if f["signature"] == "ilkha" and start <= f["offset"] < end]
    t.check(notice, f"no ilkha finding inside the notice (bytes {start}..{end})",
            json.dumps(u, ensure_ascii=False, indent=1))
    f = notice[0]
    t.eq(f["field"], "body", "the notice's field")
    t.eq(f["line"], 8, "the notice's line", f)
    # the column counts characters, not bytes: "Haber: Şükrü Güneş / Şırnak — " is 30
    # characters but 39 bytes
    t.check(f["column"] >= 31, "the notice's column is before the notice", f)
    t.eq(f["column"], rstest.line_col(data, f["offset"])[1], "the notice's column", f)
    for b in (f for f in u["findings"] if f["kind"] == "byline"):
        t.eq(b["line"], 7, "the byline (İLKHA)'s line", b)


@case
def html_notice_split_by_tags(t):
    html = ("<!doctype html>\n<html lang=\"tr\">\n<head><meta charset=\"utf-8\">"
            "<title>Van'da deprem tatbikatı</title></head>\n<body>\n<article>\n"
            "<p>Van'da okullarda deprem tatbikatı yapıldı. Öğrenciler bahçelerde toplandı.</p>\n"
            "<p class=\"ajans\">(&#304;LKHA)</p>\n"
            "<p class=\"yasal\"><strong>YASAL UYARI:</strong> Yayınlanan <em>yazılı haber</em>, "
            "fotoğraf ve videonun tüm hakları <a href=\"https://ilkha.example/\">İlke Haber "
            "Ajansı</a> Basın Yayın San. Tic. A.&#350;.'ye aittir.<br>\nHiçbir surette haber, "
            "fotoğraf ve videonun tamamı veya bir kısmı yazılı sözleşme yapılmadan veya abone "
            "olmadan <span>kullanıla</span>maz.</p>\n</article>\n</body>\n</html>\n")
    data = html.encode("utf-8")
    t.write("site/van.html", data)
    rep = t.scan("site")
    t.eq(rep.rc, 1, "exit status", rep)
    u = t.verdict(rep, "site/van.html", "ilkha", "restricted")
    t.eq(u.get("media_type"), "text/html", "media type")
    check_positions(t, data, u)
    start, end = data.index(b"<strong>YASAL"), data.index(b"maz.</p>") + 4
    inside = [f for f in u["findings"] if f["signature"] == "ilkha" and start <= f["offset"] < end]
    t.check(inside, "no ilkha finding inside the notice's markup", u)
    t.check(all(f["line"] in (8, 9) for f in inside), "notice findings point at lines 8-9", inside)
    for f in u["findings"]:
        t.check("<" not in f["excerpt"] and "&#" not in f["excerpt"],
                f"markup or an entity in the excerpt: {f['excerpt']!r}")


@case
def json_unicode_escapes(t):
    body = "Van'da deprem tatbikatı yapıldı.\n\n(ILKHA)\n" + ILKHA_EN
    text = json.dumps({"id": "x-1", "title": "Drill in Van", "body": body,
                       "url": "https://example.invalid/a/b"}, ensure_ascii=True)
    t.check("\\u0130lke" in text, "fixture: the JSON must escape İ as \\u0130")
    data = (text + "\n").encode("ascii")
    t.write("feed/item.json", data)
    rep = t.scan("feed")
    t.eq(rep.rc, 1, "exit status", rep)
    u = t.verdict(rep, "feed/item.json", "ilkha", "restricted")
    check_positions(t, data, u)
    start = data.index(b"LEGAL WARNING")
    end = data.index(b"subscription.") + len(b"subscription.")
    t.check(any(start <= f["offset"] < end for f in u["findings"] if f["signature"] == "ilkha"),
            "no ilkha finding inside the escaped string", u)
    for f in u["findings"]:
        t.check("\\u" not in f["excerpt"], f"an escape left in the excerpt: {f['excerpt']!r}")


@case
def legacy_charset(t):
    text = CLEAN_TR + "\n(İLKHA)\n" + ILKHA_TR + "\n"
    data = text.encode("cp1254")  # Turkish Windows text, no charset declared
    t.write("eski/haber.txt", data)
    rep = t.scan("--charset", "WINDOWS-1254", "eski")
    t.eq(rep.rc, 1, "exit status", rep)
    u = t.verdict(rep, "eski/haber.txt", "ilkha", "restricted")
    for f in u["findings"]:  # 8-bit text: one byte, one column
        if "line" in f:
            start = data.rfind(b"\n", 0, f["offset"]) + 1
            t.eq((f["line"], f["column"]), (data.count(b"\n", 0, f["offset"]) + 1,
                                            f["offset"] - start + 1), "line/column in 8-bit text", f)
    t.check(any("Yayınlanan" in f["excerpt"] or "İlke" in f["excerpt"] for f in u["findings"]),
            "the excerpt is not decoded as Windows-1254", u)


@case
def cc_by_attribution(t):
    t.write("blog/post.md", "# Gardens\n\n" + CLEAN_EN + "\n*" + CC_BY + "*\n")
    t.write("blog/other.txt", CLEAN_EN)
    rep = t.scan("blog")
    t.eq(rep.rc, 0, "attribution only: exit status", rep)
    u = t.verdict(rep, "blog/post.md", "cc-by-4.0", "attribution")
    t.check(any(f["kind"] == "licence" for f in u["findings"]), "no licence finding", u)
    t.eq(rep.paths(), ["blog/post.md"], "units listed")
    t.eq(rep.summary["classes"].get("attribution"), 1, "attribution count", rep.summary)


@case
def most_restrictive_wins(t):
    t.write("mix/story.md", "# x\n\n" + CLEAN_EN + "\n" + CC_BY + "\n\n(ILKHA)\n" + ILKHA_EN + "\n")
    rep = t.scan("mix")
    t.eq(rep.rc, 1, "exit status", rep)
    u = t.verdict(rep, "mix/story.md", "ilkha", "restricted")
    t.check({f["class"] for f in u["findings"]} >= {"restricted", "attribution"},
            "both findings are listed", u)


# ---- archives ----

@case
def nested_archives(t):
    batch = rstest.zip_bytes([("story.txt", ILKHA_STORY_EN), ("note.txt", CLEAN_EN)])
    inner = rstest.tar_bytes([("readme.txt", CLEAN_EN), ("batch.zip", batch)])
    outer = rstest.zip_bytes([("inner.tar.gz", inner), ("cover.txt", CLEAN_EN)])
    t.write("in/outer.zip", outer)
    rep = t.scan("in")
    t.eq(rep.rc, 1, "exit status", rep)
    t.verdict(rep, "in/outer.zip!/inner.tar.gz!/batch.zip!/story.txt", "ilkha", "restricted")
    t.eq(sorted(rep.flagged()), ["in/outer.zip!/inner.tar.gz!/batch.zip!/story.txt"],
         "flagged units", rep)
    t.check(rep.summary["containers"] >= 3, "containers counted", rep.summary)
    rep = t.scan("--all", "outer.zip", cwd=t.path("in"))
    for p in ("outer.zip", "outer.zip!/cover.txt", "outer.zip!/inner.tar.gz",
              "outer.zip!/inner.tar.gz!/readme.txt", "outer.zip!/inner.tar.gz!/batch.zip",
              "outer.zip!/inner.tar.gz!/batch.zip!/note.txt",
              "outer.zip!/inner.tar.gz!/batch.zip!/story.txt"):
        u = t.unit(rep, p)
        t.eq(u["status"], "scanned", f"{p}: status", u)
    t.eq(t.unit(rep, "outer.zip!/inner.tar.gz!/batch.zip!/story.txt")["size"],
         len(ILKHA_STORY_EN.encode()), "a member's size is its decompressed size")


@case
def single_gz(t):
    raw = io.BytesIO()
    with gzip.GzipFile(filename="story.txt", mode="wb", fileobj=raw, mtime=0) as g:
        g.write(ILKHA_STORY_TR.encode())
    t.write("in/story.txt.gz", raw.getvalue())
    t.write("in/notes.txt.gz", gzip.compress(CLEAN_EN.encode(), mtime=0))
    rep = t.scan("--all", "in")
    t.eq(rep.rc, 1, "exit status", rep)
    t.verdict(rep, "in/story.txt.gz!/story.txt", "ilkha", "restricted")
    t.eq(t.unit(rep, "in/notes.txt.gz!/notes.txt")["status"], "scanned", "notes.txt status")


@case
def corrupt_archives(t):
    big = (CLEAN_EN * 40).encode()
    z = rstest.zip_bytes([("first.txt", big), ("second.txt", big)], zipfile.ZIP_STORED)
    t.write("in/broken.zip", z[:int(len(z) * 0.75)])  # cut inside the second member
    tgz = bytearray(rstest.tar_bytes([("story.txt", ILKHA_STORY_EN), ("more.txt", CLEAN_EN * 20)]))
    for i in range(20, 28):  # inside the first deflate block's code tables
        tgz[i] ^= 0x5A
    try:  # the fixture must really be broken
        with tarfile.open(fileobj=io.BytesIO(bytes(tgz)), mode="r:gz") as tf:
            for m in tf:
                tf.extractfile(m).read()
        raise Fail("fixture: the bit-flipped tar.gz still reads")
    except (tarfile.TarError, OSError, EOFError, zlib.error):
        pass
    t.write("in/broken.tar.gz", bytes(tgz))
    t.write("in/a-before.txt", ILKHA_STORY_TR)
    t.write("in/clean.txt", CLEAN_EN)
    t.write("in/zz-after.txt", ILKHA_STORY_EN)
    rep = t.scan("--all", "in")
    t.eq(rep.rc, 3, "exit status (incomplete wins over restricted)", rep)
    for name in ("broken.zip", "broken.tar.gz"):
        bad = [u for u in rep.units if u["status"] == "failed"
               and (u["path"] == f"in/{name}" or u["path"].startswith(f"in/{name}!/"))]
        t.check(bad, f"no failed unit for {name}", rep)
        t.check(all(u.get("reason") for u in bad), f"{name}: a failed unit without a reason", bad)
    t.verdict(rep, "in/a-before.txt", "ilkha", "restricted")
    t.verdict(rep, "in/zz-after.txt", "ilkha", "restricted")
    t.eq(t.unit(rep, "in/clean.txt")["status"], "scanned", "clean.txt status")
    t.check(rep.summary["failed"] >= 2, "summary failed", rep.summary)
    t.eq(rep.summary["complete"], False, "summary complete")
    if rep.unit("in/broken.zip!/first.txt") is None:
        t.note("broken.zip!/first.txt (before the cut) was not reported")


@case
def encrypted_member(t):
    z = rstest.zip_with_encrypted([("public.txt", CLEAN_EN, False),
                                   ("locked.txt", ILKHA_STORY_EN, True),
                                   ("zz-open.txt", ILKHA_STORY_TR, False)])
    with zipfile.ZipFile(io.BytesIO(z)) as zf:  # the fixture: ZipCrypto that zipfile reads
        t.eq(zf.read("locked.txt", pwd=b"wire-2025"), ILKHA_STORY_EN.encode(), "fixture")
        t.check(zf.getinfo("locked.txt").flag_bits & 1, "fixture: locked.txt not encrypted")
    t.write("in/secret.zip", z)
    rep = t.scan("--all", "in")
    t.eq(rep.rc, 3, "exit status", rep)
    u = t.unit(rep, "in/secret.zip!/locked.txt")
    t.eq(u["status"], "skipped", "the encrypted member's status", u)
    t.check("encrypt" in u["reason"].lower(), "the reason does not say encrypted", u)
    t.eq(t.unit(rep, "in/secret.zip!/public.txt")["status"], "scanned", "public.txt status")
    t.verdict(rep, "in/secret.zip!/zz-open.txt", "ilkha", "restricted")


@case
def max_depth(t):
    c = rstest.zip_bytes([("story.txt", ILKHA_STORY_EN)])
    b = rstest.zip_bytes([("c.zip", c)])
    a = rstest.zip_bytes([("b.zip", b), ("top.txt", CLEAN_EN)])
    t.write("in/a.zip", a)
    story = "in/a.zip!/b.zip!/c.zip!/story.txt"
    rep = t.scan("in")  # default 8
    t.eq(rep.rc, 1, "default depth: exit status", rep)
    t.verdict(rep, story, "ilkha", "restricted")
    rep = t.scan("--max-depth", "3", "in")  # three archives deep is allowed with 3
    t.eq(rep.rc, 1, "--max-depth 3: exit status", rep)
    t.verdict(rep, story, "ilkha", "restricted")
    for n, deepest in (("2", "in/a.zip!/b.zip!/c.zip"), ("1", "in/a.zip!/b.zip")):
        rep = t.scan("--max-depth", n, "in")
        t.eq(rep.rc, 3, f"--max-depth {n}: exit status", rep)
        t.check(rep.unit(story) is None, f"--max-depth {n}: the story was still scanned", rep)
        u = t.unit(rep, deepest)
        t.eq(u["status"], "skipped", f"--max-depth {n}: status of {deepest}", u)
        t.check("limit" in u["reason"], f"--max-depth {n}: not a limit reason", u)
    rep = t.scan("--max-depth", "1", "--all", "in")
    t.eq(t.unit(rep, "in/a.zip!/top.txt")["status"], "scanned", "a member beside the deep one")


@case
def limits(t):
    t.write("big/large.txt", CLEAN_EN * 20)
    t.write("big/small.txt", ILKHA_STORY_TR)
    rep = t.scan("--max-file-size", "1K", "big")
    t.eq(rep.rc, 3, "--max-file-size: exit status", rep)
    u = t.unit(rep, "big/large.txt")
    t.eq(u["status"], "skipped", "a file over --max-file-size", u)
    t.check("limit" in u["reason"], "not a limit reason", u)
    t.verdict(rep, "big/small.txt", "ilkha", "restricted")

    t.write("arc/members.zip", rstest.zip_bytes([("m%d.txt" % i, CLEAN_EN) for i in range(5)]))
    rep = t.scan("--max-members", "2", "arc")
    t.eq(rep.rc, 3, "--max-members: exit status", rep)
    t.check(any("limit" in (u.get("reason") or "") and u["path"].startswith("arc/members.zip")
                for u in rep.units), "no limit reported for --max-members", rep)

    os.unlink(t.path("arc/members.zip"))
    t.write("arc/member.zip", rstest.zip_bytes([("big.txt", CLEAN_EN * 20), ("ok.txt", ILKHA_STORY_EN)]))
    rep = t.scan("--max-member-size", "1K", "arc")
    t.eq(rep.rc, 3, "--max-member-size: exit status", rep)
    u = t.unit(rep, "arc/member.zip!/big.txt")
    t.eq(u["status"], "skipped", "a member over --max-member-size", u)
    t.check("limit" in u["reason"], "not a limit reason", u)
    t.verdict(rep, "arc/member.zip!/ok.txt", "ilkha", "restricted")

    os.unlink(t.path("arc/member.zip"))
    t.write("arc/bomb.zip", rstest.zip_bytes([("zeros.txt", b" " * (2 << 20))]))
    rep = t.scan("--max-ratio", "50", "arc")
    t.eq(rep.rc, 3, "--max-ratio: exit status", rep)
    u = t.unit(rep, "arc/bomb.zip!/zeros.txt")
    t.eq(u["status"], "skipped", "a member over --max-ratio", u)
    t.check("limit" in u["reason"], "not a limit reason", u)

    rep = t.scan("--max-total-size", "64K", "arc")
    t.eq(rep.rc, 3, "--max-total-size: exit status", rep)
    t.check(any("limit" in (u.get("reason") or "") for u in rep.units),
            "no limit reported for --max-total-size", rep)


# ---- special files and links ----

@case
def fifo_not_opened(t):
    if not hasattr(os, "mkfifo"):
        raise Skip("no mkfifo here")
    t.write("tree/a.txt", CLEAN_EN)
    t.write("tree/z.txt", ILKHA_STORY_TR)
    fifo = t.path("tree/pipe")
    os.mkfifo(fifo)
    opened, stop = [], threading.Event()

    def watch():  # a writer can open a FIFO without blocking only while a reader has it
        while not stop.is_set():
            try:
                fd = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.002)
                continue
            opened.append(True)
            os.close(fd)
            return
    w = threading.Thread(target=watch, daemon=True)
    w.start()
    try:
        rep = t.scan("--all", "tree", timeout=30)
    finally:
        stop.set()
        w.join(5)
    t.check(not opened, "the scanner opened the FIFO")
    u = t.unit(rep, "tree/pipe")
    t.eq(u["status"], "skipped", "the FIFO's status", u)
    t.check("fifo" in u["reason"].lower(), "the reason does not say fifo", u)
    t.eq(rep.rc, 3, "exit status", rep)
    t.verdict(rep, "tree/z.txt", "ilkha", "restricted")


@case
def unreadable_file(t):
    if os.geteuid() == 0:
        raise Skip("running as root: permissions do not stop reading")
    t.write("tree/a.txt", CLEAN_EN)
    t.write("tree/secret.txt", ILKHA_STORY_TR, mode=0)
    os.makedirs(t.path("tree/locked"))
    t.write("tree/locked/x.txt", CLEAN_EN)
    os.chmod(t.path("tree/locked"), 0)
    try:
        rep = t.scan("--all", "tree")
    finally:
        os.chmod(t.path("tree/locked"), 0o755)
    t.eq(rep.rc, 3, "exit status", rep)
    for p in ("tree/secret.txt", "tree/locked"):
        u = t.unit(rep, p)
        t.eq(u["status"], "failed", f"{p}: status", u)
        t.check("permission" in u["reason"], f"{p}: the reason does not say permission", u)
    t.eq(t.unit(rep, "tree/a.txt")["status"], "scanned", "the readable file")


@case
def symlink_not_followed(t):
    t.write("outside/notice.txt", ILKHA_STORY_TR)
    t.write("tree/a.txt", CLEAN_EN)
    os.symlink("../outside/notice.txt", t.path("tree/link.txt"))
    os.symlink("../outside", t.path("tree/linkdir"))
    os.symlink("nowhere.txt", t.path("tree/dangling.txt"))
    rep = t.scan("tree")
    t.eq(rep.rc, 3, "exit status (links skipped: incomplete)", rep)
    for p in ("tree/link.txt", "tree/linkdir"):
        u = t.unit(rep, p)
        t.eq(u["status"], "skipped", f"{p}: status", u)
        t.check("link" in u["reason"], f"{p}: the reason does not say link", u)
    t.eq(rep.flagged(), {}, "nothing behind a link is scanned", rep)
    t.check(rep.unit("tree/dangling.txt") is not None, "the dangling link is not reported", rep)
    # --follow: the links are scanned under their own names
    for flag in ("--follow", "-L"):
        rep = t.scan(flag, "tree")
        t.verdict(rep, "tree/link.txt", "ilkha", "restricted")
        t.verdict(rep, "tree/linkdir/notice.txt", "ilkha", "restricted")
        u = t.unit(rep, "tree/dangling.txt")
        t.check(u["status"] in ("skipped", "failed"), "the dangling link with --follow", u)
        t.eq(rep.rc, 3, f"{flag}: exit status (the dangling link)", rep)
    # a link named on the command line is followed
    rep = t.scan("tree/link.txt")
    t.verdict(rep, "tree/link.txt", "ilkha", "restricted")


@case
def symlink_loops(t):
    t.write("tree/a.txt", ILKHA_STORY_TR)
    t.write("tree/sub/b.txt", CLEAN_EN)
    os.symlink("..", t.path("tree/sub/up"))
    os.symlink("self", t.path("tree/self"))
    rep = t.scan("--follow", "tree", timeout=30)
    t.eq(rep.rc, 3, "exit status", rep)
    t.verdict(rep, "tree/a.txt", "ilkha", "restricted")
    for p in ("tree/sub/up", "tree/self"):
        u = t.unit(rep, p)
        t.check(u["status"] in ("skipped", "failed"), f"{p}: status", u)
        t.check("loop" in u["reason"], f"{p}: the reason does not say loop", u)
    t.check(len(rep.units) < 10, "the loop was walked", rep)


# ---- documents and images ----

@case
def jpeg_metadata(t):
    t.write("photos/afp.jpg", rstest.jpeg_bytes(notice=AFP_FR, credit="AFP"))
    t.write("photos/iptc-only.jpg", rstest.jpeg_bytes(notice=AFP_FR, credit="AFP", xmp=False))
    t.write("photos/xmp-only.jpg", rstest.jpeg_bytes(notice=AFP_FR, credit="AFP", iptc=False))
    t.write("photos/plain.jpg", rstest.JPEG_8X8)
    rep = t.scan("photos")
    t.eq(rep.rc, 1, "exit status", rep)
    for name, fields in (("afp.jpg", {"iptc:2:116", "xmp:dc:rights"}),
                         ("iptc-only.jpg", {"iptc:2:116"}),
                         ("xmp-only.jpg", {"xmp:dc:rights"})):
        u = t.verdict(rep, f"photos/{name}", "afp", "restricted")
        t.eq(u.get("media_type"), "image/jpeg", f"{name}: media type")
        got = {f["field"] for f in u["findings"] if f["holder"] == "afp"}
        t.check(got & fields, f"{name}: no afp finding in {sorted(fields)}; fields: {sorted(got)}", u)
        for f in u["findings"]:
            t.check("line" not in f, f"{name}: a metadata finding with a line", f)
    t.check(rep.unit("photos/plain.jpg") is None, "a JPEG without metadata is flagged", rep)


@case
def docx_split_runs(t):
    notice_runs = [("LEGAL WAR", True), ("NING:", True),
                   " All rights of the published news, photos and videos are reserved by İlke Haber ",
                   '<w:proofErr w:type="spellStart"/>', "Ajansı", '<w:proofErr w:type="spellEnd"/>',
                   " Basın Yayın San. Trade A.Ş. Under no circumstances can all or part of the news, "
                   "photos and vid", "eos be used without a written contract or subscription."]
    t.write("docs/feature.docx", rstest.docx_bytes([
        ["Pistachio growers count a smaller harvest"],
        [CLEAN_EN.split("\n")[0]],
        ["(ILKHA)"],
        notice_runs,
    ]))
    t.write("docs/clean.docx", rstest.docx_bytes([["Council budget"], [CLEAN_EN.split("\n")[0]]]))
    rep = t.scan("--all", "docs")
    t.eq(rep.rc, 1, "exit status", rep)
    u = t.verdict(rep, "docs/feature.docx", "ilkha", "restricted")
    t.eq(u.get("media_type"),
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "media type")
    t.eq(t.unit(rep, "docs/clean.docx")["class"], "none", "the clean document's class")
    t.check(not [p for p in rep.paths() if "!/" in p],
            "a DOCX is one unit: its parts must not be listed as members", rep)


# ---- paths ----

@case
def paths_as_named(t):
    t.write("tree/sub/a.txt", ILKHA_STORY_TR)
    t.write("tree/b.zip", rstest.zip_bytes([("dir/c.txt", ILKHA_STORY_EN)]))
    want = {".": ["sub/a.txt", "b.zip!/dir/c.txt"],
            "./": ["sub/a.txt", "b.zip!/dir/c.txt"]}
    for arg, paths in want.items():
        rep = t.scan(arg, cwd=t.path("tree"))
        t.eq(sorted(rep.flagged()), sorted(paths), f"scan {arg!r} from inside the tree", rep)
    for arg in ("tree", "tree/"):
        rep = t.scan(arg)
        t.eq(sorted(rep.flagged()), ["tree/b.zip!/dir/c.txt", "tree/sub/a.txt"],
             f"scan {arg!r}", rep)
    rep = t.scan("tree/sub/a.txt", "tree/b.zip")
    t.eq(rep.paths(), ["tree/sub/a.txt", "tree/b.zip!/dir/c.txt"],
         "files named on the command line, in the order given", rep)
    rep = t.scan(t.path("tree/sub/a.txt"))
    t.eq(rep.paths(), [t.path("tree/sub/a.txt")], "an absolute path stays absolute", rep)


if __name__ == "__main__":
    sys.exit(rstest.main())
