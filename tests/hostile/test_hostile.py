#!/usr/bin/env python3
"""test_hostile.py — the hostile-input suite: inputs built at test time that try to crash,
hang, exhaust or fool the scanner, each scanned by the real binary under a budget of 2 s
and 256 MiB (hostile.py says how that is measured; the 200,000-member archive and the
100 MB single line have larger time budgets, given at their cases).

    test_hostile.py BINARY SOURCE_DIR [CASE...]

Every case checks: no crash and no sanitizer report; within budget; the report keeps its
contract (each unit once, a reason for every unit not scanned, the summary adding up to
the units listed with --all); the hostile unit has the expected status with a specific
reason; and a good file placed after it (tree/zz-good.txt, the ILKHA legal warning) is
still scanned and found. Python 3 standard library only.
"""
import grp
import gzip
import json
import os
import pwd
import random
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile as h  # noqa: E402
from hostile import Skip, expect, good, scan, write_good  # noqa: E402
from hostile import rstest, samples  # noqa: E402

case = rstest.case
STORY = samples.ILKHA_STORY
MiB = h.MiB

# ---- archive bombs ----


@case
def bomb_42_recursive(t):
    """42.zip's shape: five levels of zips, 16 copies each; the leaves are 1 GiB of zeros
    (16^5 leaves: 1 PiB expanded). Limits (member bytes, total bytes) must stop it early."""
    leaf = h.deflate_zeros(1 << 30)
    entry = {"data": leaf, "method": 8, "crc": h.crc32_zeros(1 << 30), "usize": 1 << 30}
    level = h.zip_raw([dict(entry, name=f"{i:x}.dat") for i in range(16)])
    for depth in range(2, 6):
        body = h.deflate_raw(level, 9)
        level = h.zip_raw([{"name": f"lib{depth}_{i:x}.zip", "data": body, "method": 8,
                            "crc": zlib.crc32(level), "usize": len(level)} for i in range(16)])
    t.write("tree/42.zip", level)
    write_good(t)
    run = scan(t, "tree")
    top = t.unit(run, "tree/42.zip")
    t.check(top["status"] == "scanned" or re.search(r"limit|bomb", top.get("reason") or ""),
            "tree/42.zip: neither read nor stopped by a limit", top)
    limited = [u for u in run.units if u["status"] == "skipped" and u["reason"].startswith("limit:")]
    t.check(limited, "no unit was stopped by a limit", run.units[:20])
    t.check(not any(u["status"] == "scanned" and u["size"] >= (1 << 30) for u in run.units),
            "a 1 GiB leaf was scanned whole")
    t.check(len(run.units) < 2000, f"{len(run.units)} units: the bomb was walked far past the limit")
    good(t, run)


@case
def bomb_overlapping_entries(t):
    """David Fifield's construction, fully overlapping form: 10,000 central directory
    entries all pointing at one local file whose data is 64 MiB of zeros (625 GiB if each
    is read). Must be detected and reported as a bomb, not expanded."""
    kernel = h.deflate_zeros(64 << 20)
    first = {"name": "kernel", "data": kernel, "method": 8, "crc": h.crc32_zeros(64 << 20),
             "usize": 64 << 20}
    entries = [first] + [dict(first, name=f"f{i:05d}", offset=0) for i in range(1, 10000)]
    t.write("tree/overlap.zip", h.zip_raw(entries))
    write_good(t)
    run = scan(t, "tree")
    u = t.unit(run, "tree/overlap.zip")
    t.check(u["status"] in ("skipped", "failed") and
            any(w in (u.get("reason") or "").lower() for w in ("overlap", "bomb")),
            "the overlapping-entry zip is not reported as a bomb (status "
            f"{u['status']!r}, reason {u.get('reason')!r}); "
            f"{sum(1 for x in run.units if x['path'].startswith('tree/overlap.zip!/'))} members listed")
    good(t, run)


@case
def bomb_overlapping_quoted(t):
    """Fifield's overlapping construction with distinct offsets: 1,000 files whose deflate
    streams quote the next local header and share one 64 MiB kernel (64 GiB expanded).
    Each entry is sound alone; the overlap must be detected and reported (or a limit must
    stop it), within the budget."""
    t.write("tree/quoted.zip", h.zip_overlap_quoted(1000, 64 << 20))
    write_good(t)
    run = scan(t, "tree")
    mine = [u for u in run.units if u["path"].startswith("tree/quoted.zip")]
    flagged = [u for u in mine if any(w in (u.get("reason") or "").lower()
                                      for w in ("overlap", "bomb"))]
    t.check(flagged, "the overlapping zip is not reported as a bomb: "
            f"{sum(1 for u in mine if u['status'] == 'scanned')} of {len(mine)} units scanned, "
            f"reasons {sorted({u.get('reason') for u in mine if u.get('reason')})[:4]}")
    good(t, run)


@case
def bomb_ratio_single_member(t):
    """One member of 200 MiB of zeros in a 200 KiB zip: over the ratio limit (1000:1)."""
    z = h.deflate_zeros(200 << 20)
    t.write("tree/ratio.zip", h.zip_raw([{"name": "zeros.txt", "data": z, "method": 8,
                                          "crc": h.crc32_zeros(200 << 20), "usize": 200 << 20},
                                         h.zip_entry("after.txt", STORY)]))
    write_good(t)
    run = scan(t, "tree")
    expect(t, run, "tree/ratio.zip!/zeros.txt", "skipped", r"^limit: ")
    t.verdict(run, "tree/ratio.zip!/after.txt", "ilkha", "restricted")
    good(t, run)

# ---- lying sizes ----


@case
def lying_sizes_zip(t):
    """Headers whose sizes lie: declared smaller than the data, declared 4 GiB for 1 KiB,
    compressed size past the end. A lie must never truncate silently or allocate what it
    declares."""
    small = h.zip_entry("small-declared.txt", STORY)
    small["usize"] = small["local_usize"] = 10
    big = h.zip_entry("huge-declared.txt", "Staff text. " * 80, method=0)
    big["usize"] = big["local_usize"] = 0xFFFFFFFE
    last = h.zip_entry("zz-last.txt", STORY)
    t.write("tree/lying.zip", h.zip_raw([small, big, last]))
    past = h.zip_entry("past-end.txt", STORY)
    past["csize"] = past["local_csize"] = 0x7FFFFFF0
    t.write("tree/past-end.zip", h.zip_raw([h.zip_entry("first.txt", samples.AP_STORY), past]))
    write_good(t)
    run = scan(t, "tree")
    u = t.unit(run, "tree/lying.zip!/small-declared.txt")
    t.check(u["status"] == "failed" and (u.get("reason") or "").startswith("corrupt")
            or u["status"] == "scanned" and u["holder"] == "ilkha",
            "a member declared at 10 bytes was cut to its declared size without a word", u)
    u = t.unit(run, "tree/lying.zip!/huge-declared.txt")
    t.check(u["status"] in ("scanned", "failed"), "huge-declared: unexpected status", u)
    cont = t.unit(run, "tree/lying.zip")
    if cont["status"] == "scanned":
        t.verdict(run, "tree/lying.zip!/zz-last.txt", "ilkha", "restricted")
    pe = t.unit(run, "tree/past-end.zip")
    inner = run.unit("tree/past-end.zip!/past-end.txt")
    t.check(pe["status"] == "failed" or (inner and inner["status"] != "scanned") or
            (inner and inner["holder"] == "ilkha"),
            "a member whose compressed size runs past the end was passed as clean", pe, inner)
    good(t, run)


def tar_header(name, size_field, typeflag=b"0"):
    hdr = bytearray(512)
    hdr[0:len(name)] = name.encode()
    hdr[100:108] = b"0000644\0"
    hdr[108:116] = b"0000000\0"
    hdr[116:124] = b"0000000\0"
    hdr[124:136] = size_field
    hdr[136:148] = b"15100000000\0"
    hdr[156:157] = typeflag
    hdr[257:263] = b"ustar\0"
    hdr[263:265] = b"00"
    hdr[148:156] = b"        "
    hdr[148:156] = b"%06o\0 " % sum(hdr)
    return bytes(hdr)


def pad512(b):
    return b + bytes(-len(b) % 512)


@case
def lying_sizes_tar(t):
    """tar headers whose sizes lie: smaller than the data (the rest is read as headers),
    a base-256 size of 1 TiB with 1 KiB behind it, an octal 8 GiB size in a .tar.gz."""
    data = samples.b(STORY) * 4
    short = tar_header("short.txt", b"%011o\0" % 100) + pad512(data) + bytes(1024)
    t.write("tree/short.tar", short)
    huge = tar_header("huge.txt", b"\x80" + (1 << 40).to_bytes(11, "big")) + pad512(data)
    t.write("tree/huge.tar", huge)
    gz = gzip.compress(tar_header("big.txt", b"77777777777\0") + pad512(data), mtime=0)
    t.write("tree/huge.tar.gz", gz)
    write_good(t)
    run = scan(t, "tree")
    for arch in ("tree/short.tar", "tree/huge.tar", "tree/huge.tar.gz"):
        t.unit(run, arch)
    for u in run.units:
        if u["path"].startswith("tree/huge"):
            t.check(not (u["status"] == "scanned" and u["size"] > (1 << 30)),
                    "a member was scanned at its declared size", u)
    good(t, run)


PEAK_LAUNCHER = """#!{python} -S
# Runs the scanner as a child of this small process and writes its peak resident size.
import os, sys
pid = os.fork()
if pid == 0:
    import ctypes
    ctypes.CDLL(None).prctl(1, 9)  # PR_SET_PDEATHSIG, SIGKILL: dies with the launcher
    os.execv({binary!r}, [{binary!r}] + sys.argv[1:])
_, status, ru = os.wait4(pid, 0)
with open({out!r}, "w") as f:
    f.write(str(ru.ru_maxrss * 1024))
if os.WIFSIGNALED(status):
    os.kill(os.getpid(), os.WTERMSIG(status))
sys.exit(os.waitstatus_to_exitcode(status))
"""


def scan_peak(t, *args, **kw):
    """scan() whose binary is started by a small launcher that reports the scanner's own
    peak resident size; returns (run, peak bytes). run.maxrss cannot be used for that:
    Linux carries a process's resident high-water mark through fork and exec, so the
    ru_maxrss of a child of this test counts the test's own resident size at the fork
    (the fixtures and parsed reports in this Python: hundreds of MiB here)."""
    out = t.path("peak-rss")
    launcher = t.write("launcher/peak-rss", PEAK_LAUNCHER.format(
        python=sys.executable, binary=os.path.abspath(t.bin), out=out), mode=0o755)
    run = scan(t, *args, binary=launcher, **kw)
    with open(out) as f:
        return run, int(f.read())


@case
def members_200k(t):
    """A zip of 200,000 tiny members (Zip64 end records); the members limit (100,000) must
    stop it with a reason, every member read is listed. Budget 30 s: each member is a unit.
    (A sanitizer build, five times slower, gets 120,000 members: still over the limit.)

    Memory must not grow with the units: the worker pool streams the units of the file at
    the head of the line to the report and bounds what the others hold. At -j1 and -j2 the
    peak resident size listing 100,000 members is within 12 MiB of the same scan listing
    1,000 (the pool that held a file's units until it could be emitted: 24 MiB more), and
    within 64 MiB beyond what the input itself costs — the archive read whole (file.c) and
    libarchive's central directory (about 144 bytes an entry), which hold 200,000 entries
    whatever is listed. The report is byte for byte the same for -j1, -j2 and the default.
    (A sanitizer build's resident size is the sanitizer's: there only the reports are
    compared.)"""
    san = h.sanitized(t.bin)
    n = 200000 if not san else 120000
    entries = [h.zip_entry(f"m/{i:06d}.txt", b"x\n", method=0) for i in range(n)]
    data = h.zip_raw(entries)
    t.write("tree/many.zip", data)
    write_good(t)
    run = scan(t, "tree", budget=30)
    expect(t, run, "tree/many.zip", "skipped", r"limit: .*100000 members")
    members = sum(1 for u in run.units if u["path"].startswith("tree/many.zip!/"))
    t.eq(members, 100000, "members listed")
    good(t, run)
    own = len(data) + 144 * n  # the input's own cost: the file, libarchive's directory
    del entries, data
    for j in (1, 2):
        full, peak = scan_peak(t, f"-j{j}", "tree", budget=30)
        t.check(full.out == run.out, f"the report of -j{j} differs from the default -j's")
        del full
        if san:
            continue
        _, few = scan_peak(t, f"-j{j}", "--max-members", "1000", "tree", budget=30)
        t.note(f"-j{j}: peak {peak / MiB:.1f} MiB listing 100,000 members, {few / MiB:.1f} MiB "
               f"listing 1,000 (+{(peak - few) / MiB:.1f} MiB); {(peak - own) / MiB:.1f} MiB "
               f"beyond the input's own {own / MiB:.1f} MiB")
        t.check(peak - few <= 12 * MiB,
                f"-j{j}: the peak resident size grows with the units listed: "
                f"{peak / MiB:.1f} MiB for 100,000 members, {few / MiB:.1f} MiB for 1,000 "
                "(bound: +12 MiB)")
        t.check(peak - own <= 64 * MiB,
                f"-j{j}: peak resident size {peak / MiB:.1f} MiB, {(peak - own) / MiB:.1f} MiB "
                f"beyond the input's own {own / MiB:.1f} MiB (bound: 64 MiB)")

# ---- encrypted ----


@case
def encrypted_zip(t):
    t.write("tree/enc.zip", rstest.zip_with_encrypted(
        [("secret.txt", STORY, True), ("plain.txt", samples.AP_STORY, False)]))
    write_good(t)
    run = scan(t, "tree")
    expect(t, run, "tree/enc.zip!/secret.txt", "skipped", r"encrypt")
    t.verdict(run, "tree/enc.zip!/plain.txt", "ap", "restricted")
    good(t, run)


def sevenz_encrypted_header(data):
    """A 7z whose header is itself 7zAES-encrypted (kEncodedHeader): the reader cannot
    even list the names."""
    packed = data
    enc = (b"\x17" + b"\x06" + h_num(0) + h_num(1) + b"\x09" + h_num(len(packed)) + b"\x00"
           + b"\x07\x0b" + h_num(1) + b"\x00" + h_num(1) + bytes([4 | 0x20]) + b"\x06\xf1\x07\x01"
           + h_num(18) + b"\x13\x0f" + bytes(16) + b"\x0c" + h_num(len(packed)) + b"\x00\x00")
    start = struct.pack("<QQI", len(packed), len(enc), zlib.crc32(enc))
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(start)) + start + packed + enc


def h_num(n):
    return samples._num(n)


@case
def encrypted_7z(t):
    t.write("tree/enc.7z", samples.sevenz_aes("secret.txt", STORY))
    t.write("tree/enc-header.7z", sevenz_encrypted_header(os.urandom(64)))
    write_good(t)
    run = scan(t, "tree")
    expect(t, run, "tree/enc.7z!/secret.txt", "skipped", r"encrypt")
    expect(t, run, "tree/enc-header.7z", "skipped", r"encrypt")
    good(t, run)

# ---- truncated and bit-flipped ----


@case
def truncated_archives(t):
    for kind, data in h.archive_set().items():
        for frac in (0.3, 0.6, 0.9):
            t.write(f"tree/t{int(frac * 100):02d}.{kind}", data[:int(len(data) * frac)])
    write_good(t)
    run = scan(t, "tree")
    tops = [u for u in run.units if "!/" not in u["path"] and u["path"] != h.GOOD]
    t.check(len(tops) == 3 * len(h.archive_set()), "not every truncated archive is listed",
            [u["path"] for u in tops])
    for u in tops:
        members = [x for x in run.units if x["path"].startswith(u["path"] + "!/")]
        t.check(u["status"] != "scanned" or not u.get("container") or members,
                f"{u['path']}: a truncated archive passed as scanned with nothing in it", u)
    good(t, run)


@case
def bitflipped_archives(t):
    rnd = random.Random(20251128)
    for kind, data in h.archive_set().items():
        for v in range(12):
            b = bytearray(data)
            for _ in range(rnd.randint(1, 8)):
                b[rnd.randrange(len(b))] ^= 1 << rnd.randrange(8)
            t.write(f"tree/f{v:02d}.{kind}", bytes(b))
    write_good(t)
    run = scan(t, "tree", budget=4)
    tops = [u for u in run.units if "!/" not in u["path"] and u["path"] != h.GOOD]
    t.eq(len(tops), 12 * len(h.archive_set()), "bit-flipped archives listed")
    good(t, run)


@case
def compress_z_archive(t):
    """A tar.Z (Unix compress, LZW): archive.c enables the compress filter, so the member
    holding the notice must be read — or the file reported as not read; never passed as a
    clean binary."""
    data = samples.la_archive([("story.txt", samples.b(STORY))], samples.FORMAT_TAR_PAX,
                              samples.FILTER_COMPRESS)
    if not data:
        raise Skip("libarchive (ctypes) cannot write a .Z here")
    t.write("tree/bundle.tar.Z", data)
    write_good(t)
    run = scan(t, "tree")
    inner = run.unit("tree/bundle.tar.Z!/story.txt")
    top = t.unit(run, "tree/bundle.tar.Z")
    t.check(inner and inner["holder"] == "ilkha" or top["status"] != "scanned",
            "a tar.Z holding the ILKHA notice was passed as scanned and clean", top)
    good(t, run)


@case
def nested_gzip_26(t):
    """26 gzip layers: over the nesting depth (8) — a limit, not corruption."""
    data = samples.b(STORY)
    for _ in range(26):
        data = gzip.compress(data, mtime=0)
    t.write("tree/deep.txt.gz", data)
    write_good(t)
    run = scan(t, "tree")
    limited = [u for u in run.units if u["path"].startswith("tree/deep.txt.gz") and
               u["status"] == "skipped" and "limit" in (u.get("reason") or "")]
    t.check(limited, "26 gzip layers are not reported as a nesting limit",
            [(u["path"], u["status"], u.get("reason")) for u in run.units[:5]])
    good(t, run)


@case
def nested_gzip_over_depth(t):
    """10 gzip layers, each a compressed stream of the next: the depth limit (8) applies to
    layers of compression as it does to archives in archives."""
    data = samples.b(STORY)
    for _ in range(10):
        data = gzip.compress(data, mtime=0)
    t.write("tree/ten.txt.gz", data)
    write_good(t)
    run = scan(t, "tree")
    found = [u for u in run.units if u["path"].startswith("tree/ten.txt.gz") and u["class"] != "none"]
    limited = [u for u in run.units if u["path"].startswith("tree/ten.txt.gz") and
               u["status"] == "skipped" and "limit" in (u.get("reason") or "")]
    t.check(limited and not found, "10 layers of gzip were unwrapped past the depth limit of 8",
            [(u["path"], u["status"], u.get("reason"), u["depth"] if "depth" in u else None)
             for u in run.units[:5]])
    good(t, run)

# ---- XML ----


@case
def billion_laughs(t):
    lol = ['<?xml version="1.0"?>', '<!DOCTYPE lolz [', ' <!ENTITY lol "lol">']
    for i in range(1, 10):
        prev = "lol" if i == 1 else f"lol{i - 1}"
        lol.append(f' <!ENTITY lol{i} "' + f"&{prev};" * 10 + '">')
    lol += [']>', '<lolz>&lol9; Copyright 2025 Reuters. All rights reserved.</lolz>']
    t.write("tree/lol.xml", "\n".join(lol))
    # quadratic blow-up: one big entity referenced many times
    big = "A" * 50000
    t.write("tree/quadratic.xml", f'<?xml version="1.0"?><!DOCTYPE q [<!ENTITY a "{big}">]><q>'
            + "&a;" * 50000 + "</q>")
    write_good(t)
    run = scan(t, "tree")
    for p in ("tree/lol.xml", "tree/quadratic.xml"):
        u = t.unit(run, p)
        t.check(u["status"] == "scanned" or u.get("reason"), f"{p}: no status", u)
    good(t, run)


@case
def xxe_external_entities(t):
    """External entities (general and parameter) naming local files must never be read:
    neither /etc/passwd nor a local file holding a notice may reach the report."""
    secret = t.write("secret/notice.txt", "Copyright 2025 SecretHolder Ltd. All rights reserved. XXE-MARKER-7731\n")
    for name, ent in (("general.xml", f'<!ENTITY x SYSTEM "file://{secret}">'),
                      ("passwd.xml", '<!ENTITY x SYSTEM "file:///etc/passwd">'),
                      ("param.xml", f'<!ENTITY % p SYSTEM "file://{secret}"> %p;'),
                      ("public.xml", f'<!ENTITY x PUBLIC "-//X//Y" "file://{secret}">')):
        t.write(f"tree/{name}", f'<?xml version="1.0"?><!DOCTYPE d [{ent}]><d>start &x; end</d>')
    t.write("tree/doc.docx", samples.zip_bytes([
        ("[Content_Types].xml", samples.CT.format("")),
        ("word/document.xml", f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM '
         f'"file://{secret}">]><w:document {samples.W_NS}><w:body><w:p><w:r><w:t>&x;</w:t>'
         f'</w:r></w:p></w:body></w:document>')]))
    t.write("tree/page.xhtml", f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY x SYSTEM '
            f'"file://{secret}">]><html xmlns="http://www.w3.org/1999/xhtml"><body>&x;</body></html>')
    write_good(t)
    run = scan(t, "tree")
    for needle in ("XXE-MARKER-7731", "SecretHolder", "root:x:0:0", "/bin/bash", "nologin"):
        t.check(needle.encode() not in run.out and needle.encode() not in run.err,
                f"{needle!r} (from a file named by an external entity) is in the output")
    good(t, run)

# ---- malformed image metadata ----


@case
def jpeg_malformed_metadata(t):
    names = h.jpeg_variants()
    for name, data in names.items():
        t.write(f"tree/{name}", data)
    t.write("tree/photo-ok.jpg", samples.jpeg_bytes())
    write_good(t)
    run = scan(t, "tree")
    for name in names:
        u = t.unit(run, f"tree/{name}")
        t.check(u["status"] in ("scanned", "failed"), f"{name}: unexpected status", u)
    t.verdict(run, "tree/photo-ok.jpg", "ap", "restricted")
    good(t, run)

# ---- text ----


@case
def nul_bytes_deep(t):
    body = ("Staff text about the harbour. " * 40 + "\n").encode() * 1500
    data = body[:len(body) // 2] + b"\0" * 64 + body[len(body) // 2:] + b"\0x\0" + samples.b(STORY)
    t.write("tree/nul.txt", data)
    write_good(t)
    run = scan(t, "tree")
    u = t.verdict(run, "tree/nul.txt", "ilkha", "restricted")
    t.check(u["size"] == len(data), "size", u)
    good(t, run)


@case
def invalid_utf8(t):
    junk = b"\xff\xfe\xc0\x80\xed\xa0\x80\xf4\x90\x80\x80\xe2\x82\xc3\x28\xa0\xa1\xf0\x28\x8c\xbc"
    data = (b"Staff text. " + junk) * 2000 + b"\n" + samples.b(STORY) + junk
    t.write("tree/bad-utf8.txt", data)
    write_good(t)
    run = scan(t, "tree")
    t.verdict(run, "tree/bad-utf8.txt", "ilkha", "restricted")
    good(t, run)


@case
def single_line_100mb(t):
    """100 MB on one line (no line break), the notice at the very end. Budget 20 s: the
    text must be read, in bounded memory. (20 MB for a sanitizer build.)"""
    chunk = b"Staff reporters covered the harbour story all day long. "
    n = ((100 if not h.sanitized(t.bin) else 20) * 1000 * 1000) // len(chunk)
    os.makedirs(t.path("tree"))
    with open(t.path("tree/one-line.txt"), "wb") as f:
        block = chunk * 20000
        for _ in range(n // 20000):
            f.write(block)
        f.write(samples.b(STORY.replace("\n", " ")))
    write_good(t)
    run = scan(t, "tree", budget=20)
    t.verdict(run, "tree/one-line.txt", "ilkha", "restricted")
    good(t, run)


PATHOLOGICAL = {
    "parens.txt": "(" * (1 << 20),
    "copyright-signs.txt": "©" * (1 << 19),
    "spaces.txt": " " * (1 << 20),
    "all-all.txt": "all " * (1 << 18),
    "a-a.txt": "a " * (1 << 19),
    "ap-parens.txt": "(AP) " * 200000,
    "c-years.txt": "© 2025 " * 150000,
    "rights-reserved.txt": "All rights reserved. " * 50000,
    "datelines.txt": "ANKARA (AA) - " * 70000,
    "dotted-i.txt": "İ" * (1 << 19),
    "mixed.txt": "© all rights (" * 70000,
    "caps-words.txt": "WASHINGTON NEW YORK " * 50000,
    "hyphens.txt": "Ajan-\n" * 150000,
    "tr-warning.txt": "YASAL UYARI: Yayınlanan yazılı haber " * 25000,
}


def _pathological(t, name, data):
    t.write(f"tree/{name}", data)
    write_good(t)
    run = scan(t, "tree")
    u = t.unit(run, f"tree/{name}")
    t.check(u["status"] == "scanned" or (u["status"] == "failed" and "match" in u.get("reason", "")),
            f"{name}: unexpected status", u)
    if u["status"] != "scanned":
        t.note(f"{name}: {u['status']}: {u.get('reason')}")
    good(t, run)


for _name, _data in PATHOLOGICAL.items():
    def _make(name=_name, data=_data):
        def fn(t):
            _pathological(t, name, data)
        fn.__name__ = "regex_" + name.replace(".txt", "").replace("-", "_")
        return fn
    case(_make())


@case
def regex_nested_html(t):
    depth = 100000
    doc = "<html><body>" + "<div><span>" * depth + "Copyright 2025 Reuters" + "</span></div>" * depth
    t.write("tree/nested.html", doc + "</body></html>")
    t.write("tree/unclosed.html", "<html><body>" + "<div " * 200000)
    t.write("tree/comments.html", "<!--" * 200000 + "<p>x</p>")
    write_good(t)
    run = scan(t, "tree")
    for p in ("tree/nested.html", "tree/unclosed.html", "tree/comments.html"):
        u = t.unit(run, p)
        t.check(u["status"] in ("scanned", "failed"), f"{p}: unexpected status", u)
    good(t, run)


@case
def regex_json_deep(t):
    t.write("tree/deep.json", "[" * 500000 + "]" * 500000)
    t.write("tree/keys.json", "{" + ",".join(f'"copyright{i}":"©"' for i in range(60000)) + "}")
    write_good(t)
    run = scan(t, "tree")
    for p in ("tree/deep.json", "tree/keys.json"):
        u = t.unit(run, p)
        t.check(u["status"] in ("scanned", "failed", "skipped") and
                (u["status"] == "scanned" or u.get("reason")), f"{p}: no status", u)
    good(t, run)

# ---- the file system ----


@case
def symlink_loop(t):
    t.mkdir("tree/dir")
    os.symlink("self", t.path("tree/self"))
    os.symlink("..", t.path("tree/dir/up"))
    os.symlink("b", t.path("tree/a"))
    os.symlink("a", t.path("tree/b"))
    write_good(t)
    run = scan(t, "tree")
    for p in ("tree/self", "tree/dir/up", "tree/a", "tree/b"):
        expect(t, run, p, "skipped", r"symbolic link")
    good(t, run)
    run = scan(t, "-L", "tree")
    for p in ("tree/self", "tree/a", "tree/b"):
        expect(t, run, p, "skipped", r"loop")
    expect(t, run, "tree/dir/up", "skipped", r"loop")
    good(t, run)


@case
def dangling_link(t):
    os.makedirs(t.path("tree"))
    os.symlink("nowhere", t.path("tree/dangling"))
    write_good(t)
    run = scan(t, "tree")
    expect(t, run, "tree/dangling", "skipped", r"symbolic link")
    run = scan(t, "-L", "tree")
    expect(t, run, "tree/dangling", "failed", r"dangling")
    good(t, run)
    run = scan(t, "tree/dangling", h.GOOD)
    expect(t, run, "tree/dangling", "failed", r"dangling|no such")
    good(t, run)


def _nobody():
    """(uid, gid) of nobody/nogroup, or None when not root or setpriv is missing."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    try:
        uid = pwd.getpwnam("nobody").pw_uid
        gid = grp.getgrnam("nogroup").gr_gid
    except KeyError:
        return None
    return uid, gid


@case
def permission_denied(t):
    """Run as an unprivileged user (CI is root): setpriv to nobody; the tree is readable
    by nobody except the denied file and directory."""
    who = _nobody()
    tree = t.mkdir("tree")
    t.write("tree/a-denied.txt", STORY, mode=0o000)
    t.mkdir("tree/b-closed")
    t.write("tree/b-closed/inside.txt", STORY)
    os.chmod(t.path("tree/b-closed"), 0o000)
    write_good(t)
    prefix, binary = [], t.bin
    if who:
        # nobody must reach the binary, the signatures and the tree: copies in a 0755 place
        pub = t.mkdir("pub")
        binary = shutil.copy(t.bin, os.path.join(pub, "rightscan"))
        shutil.copytree(os.path.join(t.src, "signatures"), os.path.join(pub, "signatures"))
        for d, dirs, files in os.walk(pub):
            os.chmod(d, 0o755)
            for f in files:
                os.chmod(os.path.join(d, f), 0o755)
        os.chmod(t.tmp, 0o755)
        os.chmod(tree, 0o755)
        os.chmod(t.path(h.GOOD), 0o644)
        prefix = ["setpriv", f"--reuid={who[0]}", f"--regid={who[1]}", "--clear-groups", "--"]
    elif os.geteuid() == 0:
        raise Skip("running as root without setpriv or a nobody user: cannot drop privileges")
    env = {"RIGHTSCAN_SIGNATURES": os.path.join(t.tmp, "pub", "signatures")} if who else None
    try:
        run = scan_as(t, prefix, binary, env)
    finally:
        os.chmod(t.path("tree/b-closed"), 0o755)
    expect(t, run, "tree/a-denied.txt", "failed", r"permission denied")
    expect(t, run, "tree/b-closed", "failed", r"permission denied")
    good(t, run)


def scan_as(t, prefix, binary, env):
    """scan() through a wrapper that drops privileges first (prefix: the setpriv words)."""
    if not prefix:
        return scan(t, "tree", env=env)
    wrapper = t.write("pub/rightscan-as-nobody",
                      "#!/bin/sh\nexec " + " ".join(prefix) + f' {binary} "$@"\n', mode=0o755)
    return scan(t, "tree", env=env, binary=wrapper)


@case
def fifo(t):
    os.makedirs(t.path("tree"))
    os.mkfifo(t.path("tree/fifo"))
    write_good(t)
    run = scan(t, "tree")
    expect(t, run, "tree/fifo", "skipped", r"fifo")
    good(t, run)
    run = scan(t, "tree/fifo", h.GOOD)  # named on the command line: still never opened
    expect(t, run, "tree/fifo", "skipped", r"fifo")
    good(t, run)


@case
def invalid_utf8_names(t):
    os.makedirs(t.path("tree"))
    names = {b"caf\xe9.txt": "tree/caf\\xe9.txt", b"\xff\xfe.txt": "tree/\\xff\\xfe.txt",
             b"trunc\xc3.txt": "tree/trunc\\xc3.txt", b"ctl\x01\x1b.txt": None,
             b"line\nbreak.txt": None, "ok-ü.txt".encode(): "tree/ok-ü.txt"}
    for raw in names:
        with open(os.path.join(t.path("tree").encode(), raw), "wb") as f:
            f.write(samples.b(samples.AP_STORY))
    os.makedirs(os.path.join(t.path("tree").encode(), b"d\xe9"))
    with open(os.path.join(t.path("tree").encode(), b"d\xe9", b"in.txt"), "wb") as f:
        f.write(samples.b(samples.AP_STORY))
    write_good(t)
    run = scan(t, "tree")
    for raw, shown in names.items():
        if shown:
            t.verdict(run, shown, "ap", "restricted")
    t.verdict(run, "tree/d\\xe9/in.txt", "ap", "restricted")
    t.eq(len(run.units), len(names) + 2, "units (every name reported, none dropped)",
         [u["path"] for u in run.units])
    good(t, run)


def _mkdirs_relative(root, parts):
    """Creates root/parts[0]/parts[1]/... with directory descriptors, so no one system call
    sees the whole (possibly over PATH_MAX) path. Returns an open fd of the deepest."""
    fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    for p in parts:
        os.mkdir(p, dir_fd=fd)
        nfd = os.open(p, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = nfd
    return fd


def _write_at(fd, name, data):
    f = os.open(name, os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(f, samples.b(data))
    os.close(f)


def _rmtree_relative(root):
    # rm -rf walks with descriptors and no recursion limit (shutil.rmtree recurses in Python)
    subprocess.run(["rm", "-rf", "--", root], check=False)


@case
def deep_paths_1000(t):
    os.makedirs(t.path("tree"))
    fd = _mkdirs_relative(t.path("tree"), ["d"] * 1000)
    _write_at(fd, "story.txt", STORY)
    os.close(fd)
    write_good(t)
    try:
        run = scan(t, "tree")
        deep = "tree/" + "d/" * 1000 + "story.txt"
        t.verdict(run, deep, "ilkha", "restricted")
        good(t, run)
    finally:
        _rmtree_relative(t.path("tree"))


@case
def long_paths(t):
    """A 4000-byte relative path (under PATH_MAX): found. One of 6000 bytes (over it):
    accounted for (scanned, or failed with a reason), never dropped."""
    os.makedirs(t.path("tree"))
    fd = _mkdirs_relative(t.path("tree"), ["L" * 199] * 19)  # 19 * 200 = 3800 bytes
    _write_at(fd, "s" * 150 + ".txt", STORY)
    os.close(fd)
    fd = _mkdirs_relative(t.path("tree"), ["M" * 249] * 24)  # 6000 bytes
    _write_at(fd, "over.txt", STORY)
    os.close(fd)
    write_good(t)
    try:
        run = scan(t, "tree")
        p4000 = "tree/" + ("L" * 199 + "/") * 19 + "s" * 150 + ".txt"
        t.check(len(p4000) >= 3950, f"fixture path is {len(p4000)} bytes")
        t.verdict(run, p4000, "ilkha", "restricted")
        over = [u for u in run.units if u["path"].startswith("tree/MMMM")]
        t.check(len(over) == 1, "the path over PATH_MAX is not accounted for exactly once",
                [(len(u["path"]), u["status"], u.get("reason")) for u in over])
        t.check(over[0]["status"] == "scanned" and over[0]["holder"] == "ilkha"
                or over[0].get("reason"), "over PATH_MAX: neither found nor a reason", over[0])
        good(t, run)
    finally:
        _rmtree_relative(t.path("tree"))


@case
def vanishing_files(t):
    """A large directory whose files are deleted by a background thread while the scan
    runs: the scan completes, every unit reported has a status, each file at most once, and
    the files never deleted are all scanned."""
    n = 20000
    d = t.mkdir("tree/many")
    for i in range(n):
        with open(os.path.join(d, f"{i:05d}.txt"), "w") as f:
            f.write(f"Line {i} of staff text.\n")
    os.makedirs(t.path("tree/many/zz-sub"))
    for i in range(200):
        t.write(f"tree/many/zz-sub/{i:03d}.txt", "sub text\n")
    write_good(t)
    stop = threading.Event()
    delay = h.startup_time(t) * 0.9

    def deleter():
        time.sleep(delay)
        for i in range(n - 1, -1, -2):  # every odd-numbered file, from the end
            if stop.is_set():
                return
            try:
                os.unlink(os.path.join(d, f"{i:05d}.txt"))
            except FileNotFoundError:
                pass
        shutil.rmtree(t.path("tree/many/zz-sub"), ignore_errors=True)
    th = threading.Thread(target=deleter)
    th.start()
    try:
        run = scan(t, "tree", budget=10)
    finally:
        stop.set()
        th.join()
    for i in range(0, n, 2):
        u = t.unit(run, f"tree/many/{i:05d}.txt")
        t.eq(u["status"], "scanned", f"kept file {i}: status", u)
    gone = [u for u in run.units if u["status"] != "scanned"]
    for u in gone:
        t.check(u.get("reason"), "a vanished file without a reason", u)
    t.note(f"{len(gone)} units not scanned (vanished mid-scan)")
    good(t, run)


@case
def file_truncated_mid_scan(t):
    """Files shrink while being read (mapped into memory, a shrink past the mapping would
    raise SIGBUS): the scan must not crash; a changed file is scanned or failed with a
    reason."""
    line = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit, staff text. " * 2 + "\n").encode()
    data = line * (12 * MiB // len(line))
    names = [f"tree/f{i:03d}.txt" for i in range(24)]
    for p in names:
        t.write(p, data)
    write_good(t)
    stop = threading.Event()
    delay = h.startup_time(t) * 0.9

    def shrinker():
        time.sleep(delay)
        for p in names:
            if stop.is_set():
                return
            os.truncate(t.path(p), 4096)
            time.sleep(0.015)
    th = threading.Thread(target=shrinker)
    th.start()
    try:
        run = scan(t, "-j1", "tree", budget=10)
    finally:
        stop.set()
        th.join()
    for p in names:
        u = t.unit(run, p)
        t.check(u["status"] == "scanned" or u.get("reason"), f"{p}: no status", u)
    good(t, run)


@case
def report_inside_tree(t):
    """-o tree/report.json while scanning tree: the report (and its temporary file) is not
    scanned as content, in the first run or the next."""
    t.write("tree/story.txt", STORY)
    write_good(t)
    for attempt in (1, 2):
        rc, out, err, elapsed, rss, to = h.run_limited(
            [t.bin, "scan", "--format", "json", "--all", "-q", "-o", "tree/report.json", "tree"],
            t.tmp, t.env(), 10 * h.time_scale(t.bin), h.MEMORY, as_limit=not h.sanitized(t.bin))
        t.check(not to and rc in (1, 3) and not any(m in err for m in rstest.SANITIZER_MARKS),
                f"run {attempt}: exit {rc}", err.decode("utf-8", "replace")[:2000])
        with open(t.path("tree/report.json"), "rb") as f:
            doc = json.load(f)
        paths = [u["path"] for u in doc["units"]]
        t.check(not any(p.startswith("tree/.report.json") for p in paths),
                f"run {attempt}: the report's temporary file was scanned", paths)
        rep = [u for u in doc["units"] if u["path"] == "tree/report.json"]
        t.check(not rep or rep[0]["status"] == "skipped",
                f"run {attempt}: the previous report was scanned as content "
                f"(class {rep[0]['class'] if rep else None})", rep[:1])
        t.check("tree/story.txt" in paths and "tree/zz-good.txt" in paths,
                f"run {attempt}: content missing", paths)
    leftovers = [n for n in os.listdir(t.path("tree")) if n.startswith(".report.json")]
    t.check(not leftovers, f"temporary report files left behind: {leftovers}")


if __name__ == "__main__":
    sys.exit(rstest.main())
