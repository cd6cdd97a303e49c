"""hostile.py — what the hostile-input tests share: running the real binary under a time
budget and a memory limit, and checking the invariants every hostile case must keep.

    run = scan(t, "tree")                       # rightscan scan --format jsonl --all -q tree
    expect(t, run, "tree/bomb.zip", "skipped", r"^limit: ")
    good(t, run)                                # tree/zz-good.txt scanned, holder ilkha

scan() fails the case when the binary crashes, prints a sanitizer report, exits 2, runs
past its budget (default 2 s) or needs more than its memory (default 256 MiB: RLIMIT_AS
for a normal build; for a sanitizer build, whose shadow memory needs terabytes of address
space, the peak resident size is compared instead, against three times the limit); and
when the report breaks the contract: a unit listed twice, the summary not adding up, a
unit not scanned without a reason. Budgets scale by RS_HOSTILE_TIME_SCALE (default 1; 5
for a sanitizer build).

Also: zip archives written byte by byte (zip_raw), so that sizes can lie, entries can
overlap and encryption can be declared; and crc32 of long runs of zeros without making
them. Python 3 standard library only.
"""
import json
import os
import re
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "e2e"))
sys.path.insert(0, os.path.join(HERE, "..", "fuzz"))
import rstest  # noqa: E402
import samples  # noqa: E402
from rstest import Fail, Skip  # noqa: E402,F401 (re-exported for the suites)

MiB = 1 << 20
BUDGET = 2.0
MEMORY = int(os.environ.get("RS_HOSTILE_MEMORY_MIB", "256")) * MiB  # override to measure
GOOD = "tree/zz-good.txt"

_sanitized = {}


def sanitized(binary):
    """True when the binary was built with AddressSanitizer (it cannot run under RLIMIT_AS)."""
    if binary not in _sanitized:
        with open(binary, "rb") as f:
            _sanitized[binary] = b"__asan_init" in f.read()
    return _sanitized[binary]


def time_scale(binary):
    v = os.environ.get("RS_HOSTILE_TIME_SCALE")
    if v:
        return float(v)
    return 5.0 if sanitized(binary) else 1.0


class Run(rstest.Report):
    """A finished hostile scan: rc, out, err, units, summary, elapsed (s), maxrss (bytes)."""

    def __init__(self, res, units, summary, elapsed, maxrss):
        super().__init__(res, units, summary)
        self.elapsed, self.maxrss = elapsed, maxrss

    def status(self, path):
        u = self.unit(path)
        return (u["status"], u.get("reason")) if u else None


def run_limited(cmd, cwd, env, budget, memory, as_limit=True, preexec=None):
    """Runs cmd with RLIMIT_AS = memory (when as_limit) and a wall-clock budget; returns
    (rc, out, err, elapsed, maxrss_bytes, timed_out). Output goes through files, not
    pipes, so a large report cannot stall the child."""
    def limits():
        if as_limit:
            resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if preexec:
            preexec()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out,
                             stderr=err, preexec_fn=limits)
        timed_out = False
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - t0 > budget:
                timed_out = True
                p.kill()
                pid, status, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.005)
        elapsed = time.monotonic() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return p.returncode, out.read(), err.read(), elapsed, ru.ru_maxrss * 1024, timed_out


def scan(t, *args, budget=BUDGET, memory=MEMORY, cwd=None, env=None, all_units=True,
         allow_error=False, preexec=None, binary=None):
    """Runs `rightscan scan --format jsonl [--all] -q ARGS` under the budget and the memory
    limit, checks the invariants and returns a Run."""
    binary = binary or t.bin
    cmd = [binary, "scan", "--format", "jsonl", "-q"] + (["--all"] if all_units else [])
    cmd += [str(a) for a in args]
    san = sanitized(t.bin)
    budget *= time_scale(t.bin)
    hard = max(budget * 3, budget + 10)  # kill only well past the budget, to report the time
    rc, out, err, elapsed, maxrss, timed_out = run_limited(
        cmd, cwd or t.tmp, t.env(env), hard, memory, as_limit=not san, preexec=preexec)
    res = rstest.Result(cmd, rc, out, err)
    if any(m in err for m in rstest.SANITIZER_MARKS):
        raise Fail(f"sanitizer report:\n{rstest.clip(res.errtext, 6000)}")
    if timed_out:
        raise Fail(f"still running after {hard:.1f}s (budget {budget:.1f}s): killed\n{res!r}")
    if rc < 0:
        raise Fail(f"killed by signal {-rc}\n{res!r}")
    if rc == 2 and not allow_error:
        mem = "; it ran out of memory under the limit" if b"memory" in err else ""
        raise Fail(f"exit status 2{mem} (memory limit {memory // MiB} MiB)\n{res!r}")
    t.note(f"{elapsed:.2f}s, peak {maxrss / MiB:.0f} MiB, exit {rc}")
    if elapsed > budget:
        raise Fail(f"took {elapsed:.2f}s, over the budget of {budget:.1f}s\n{res!r}")
    if san and maxrss > 3 * memory:
        raise Fail(f"peak resident size {maxrss / MiB:.0f} MiB, over 3 x {memory // MiB} MiB "
                   f"(sanitizer build)\n{res!r}")
    if rc == 2:
        return Run(res, [], {}, elapsed, maxrss)
    units, summary = rstest.parse_jsonl(res)
    run = Run(res, units, summary, elapsed, maxrss)
    t.eq(summary.get("exit_status"), rc, "summary exit_status vs the exit status")
    vague = [u for u in units if "(null)" in (u.get("reason") or "")]
    t.check(not vague, "a reason reads '(null)' (a NULL message printed with %s)", vague[:3])
    paths = [u["path"] for u in units]
    dups = sorted({p for p in paths if paths.count(p) > 1}) if len(paths) < 5000 else \
        sorted(p for p, n in _count(paths).items() if n > 1)
    t.check(not dups, f"units listed more than once: {dups[:10]}")
    if all_units:
        t.eq(len(units), summary["units"], "units listed (--all) vs the summary's count")
        counted = {s: sum(1 for u in units if u["status"] == s) for s in rstest.STATUSES}
        for s in rstest.STATUSES:
            t.eq(counted[s], summary[s], f"{s} units listed vs the summary's count")
    return run


def _count(xs):
    c = {}
    for x in xs:
        c[x] = c.get(x, 0) + 1
    return c


_startup = {}


def startup_time(t):
    """Seconds the binary takes to scan one tiny file (loading signatures, starting
    workers): a background thread that must act during a scan waits this long first."""
    if t.bin not in _startup:
        d = t.mkdir("startup-probe")
        with open(os.path.join(d, "a.txt"), "w") as f:
            f.write("x\n")
        t0 = time.monotonic()
        subprocess.run([t.bin, "scan", "-q", "--format", "jsonl", d], env=t.env(),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
        _startup[t.bin] = time.monotonic() - t0
    return _startup[t.bin]


def expect(t, run, path, status, reason=None):
    """The unit at path has status; when reason (a regex) is given, its reason matches."""
    u = t.unit(run, path)
    t.eq(u["status"], status, f"{path}: status", json.dumps(u, ensure_ascii=False)[:800])
    if reason is not None:
        t.check(re.search(reason, u.get("reason") or "", re.I),
                f"{path}: reason {u.get('reason')!r} does not match /{reason}/")
    return u


def good(t, run, path=GOOD):
    """The good file placed after the bad input was scanned and found (holder ilkha)."""
    return t.verdict(run, path, "ilkha", "restricted")


def write_good(t, path=GOOD):
    return t.write(path, samples.ILKHA_STORY)


def unit_lines_mention(run, needle):
    return needle.encode() in run.out or needle.encode() in run.err

# ---- zip, byte by byte ----


def dos_time():
    return (6 << 11), ((2025 - 1980) << 9) | (11 << 5) | 28


def deflate_raw(data, level=6):
    c = zlib.compressobj(level, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_raw(entries, comment=b""):
    """entries: dicts with name, data (the stored bytes: compressed or not), method (0
    stored, 8 deflate), crc, usize (declared uncompressed size), csize (default len(data)),
    flags, and optional local_* overrides (local_usize, local_csize, local_name) and
    'offset' (the central directory points there instead of at this entry's own header;
    then no local header is written for it). Writes Zip64 end records when there are more
    than 65535 entries."""
    out = bytearray()
    cd = bytearray()
    t, d = dos_time()
    for e in entries:
        name = e["name"].encode() if isinstance(e["name"], str) else e["name"]
        csize = e.get("csize", len(e["data"]))
        usize, crc, method, flags = e["usize"], e.get("crc", 0), e.get("method", 8), e.get("flags", 0)
        if "offset" in e:
            off = e["offset"]
        else:
            off = len(out)
            lname = e.get("local_name", name)
            out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, method, t, d, crc,
                               e.get("local_csize", csize), e.get("local_usize", usize),
                               len(lname), 0) + lname + e["data"]
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, flags, method, t, d,
                          crc, csize, usize, len(name), 0, 0, 0, 0, 0o100644 << 16, off) + name
    n, cd_off = len(entries), len(out)
    out += cd
    if n > 0xFFFF:
        z64 = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(cd), cd_off)
        out += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, len(cd), cd_off, len(comment))
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), cd_off, len(comment))
    return bytes(out + comment)


def zip_entry(name, data, method=8):
    data = samples.b(data)
    body = deflate_raw(data) if method == 8 else data
    return {"name": name, "data": body, "method": method, "crc": zlib.crc32(data),
            "usize": len(data)}

def zip_overlap_quoted(n, kernel_zeros):
    """David Fifield's overlapping zip bomb ("A better zip bomb", 2019), non-full form: n
    local files at distinct offsets whose deflate streams overlap. File i's data is a stored
    deflate block quoting local header i+1, then file i+1's data, down to one shared kernel
    (kernel_zeros bytes of zeros, deflated); so every file expands to about the kernel and
    the archive to n times it, while each entry looks sound on its own."""
    kernel = deflate_zeros(kernel_zeros)
    names = [f"{i:06d}" .encode() for i in range(n)]
    t, d = dos_time()

    def header(i, crc, csize, usize):
        return struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, t, d, crc, csize, usize,
                           len(names[i]), 0) + names[i]
    # from the last file back: its data, sizes and crc
    data, usize, crc = kernel, kernel_zeros, crc32_zeros(kernel_zeros)
    headers = [None] * n
    for i in range(n - 1, -1, -1):
        headers[i] = header(i, crc, len(data), usize)
        if i:
            h = headers[i]
            quote = b"\x00" + struct.pack("<HH", len(h), len(h) ^ 0xFFFF)
            crc = crc32_combine(zlib.crc32(h), crc, usize)
            usize += len(h)
            data = quote + h + data
    # lay out: LH_0, quote_0, LH_1, quote_1, ..., LH_{n-1}, kernel
    out, offsets, info = bytearray(), [], []
    for i in range(n):
        offsets.append(len(out))
        out += headers[i]
        if i < n - 1:
            h = headers[i + 1]
            out += b"\x00" + struct.pack("<HH", len(h), len(h) ^ 0xFFFF)
        f = struct.unpack_from("<IHHHHHIIIHH", headers[i])
        info.append((f[6], f[7], f[8]))
    out += kernel
    cd = bytearray()
    for i in range(n):
        crc, csize, us = info[i]
        cd += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, 0, 8, t, d, crc, csize, us,
                          len(names[i]), 0, 0, 0, 0, 0o100644 << 16, offsets[i]) + names[i]
    cd_off = len(out)
    out += cd + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), cd_off, 0)
    return bytes(out)

# ---- crc32 of zeros, without the zeros (zlib's crc32_combine, in Python) ----


def _gf2_times(mat, vec):
    s, i = 0, 0
    while vec:
        if vec & 1:
            s ^= mat[i]
        vec >>= 1
        i += 1
    return s


def _gf2_square(mat):
    return [_gf2_times(mat, mat[n]) for n in range(32)]


def crc32_combine(crc1, crc2, len2):
    if len2 <= 0:
        return crc1
    odd = [0xEDB88320] + [1 << n for n in range(31)]
    even = _gf2_square(odd)
    odd = _gf2_square(even)
    while True:
        even = _gf2_square(odd)
        if len2 & 1:
            crc1 = _gf2_times(even, crc1)
        len2 >>= 1
        if not len2:
            break
        odd = _gf2_square(even)
        if len2 & 1:
            crc1 = _gf2_times(odd, crc1)
        len2 >>= 1
        if not len2:
            break
    return crc1 ^ crc2


def crc32_zeros(n):
    """crc32 of n zero bytes (binary powers of a one-byte run, joined by crc32_combine)."""
    crc, piece, plen = 0, zlib.crc32(b"\0"), 1
    while n:
        if n & 1:
            crc = crc32_combine(crc, piece, plen)
        n >>= 1
        if n:
            piece = crc32_combine(piece, piece, plen)
            plen *= 2
    return crc


def deflate_zeros(n, unit=1 << 20):
    """A raw deflate stream of n zero bytes (n a multiple of unit), built from one
    compressed unit repeated: after a full flush deflate forgets its history, so every
    unit compresses to the same bytes."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(bytes(unit)) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(bytes(unit)) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again, "deflate is not repeating itself after a full flush"
    return block * (n // unit) + c.flush(zlib.Z_FINISH)

# ---- hostile inputs shared by the suites ----


def archive_set():
    """Containers with two members each (the notice in the first), by kind."""
    two = [("a-story.txt", samples.ILKHA_STORY), ("b-more.txt", samples.AP_STORY + "x" * 4000)]
    out = {"zip": samples.zip_bytes(two), "tar.gz": samples.tar_bytes(two, "gz"),
           "tar.xz": samples.tar_bytes(two, "xz"), "7z": samples.sevenz_copy("a-story.txt", samples.ILKHA_STORY),
           "docx": samples.docx_bytes()}
    la7 = samples.la_archive([(n, samples.b(d)) for n, d in two], samples.FORMAT_7ZIP)
    if la7:
        out["lzma.7z"] = la7
    return out


def jpeg_variants():
    seg, irb = samples.jpeg_segment, samples.photoshop_irb
    iptc_past = b"\x1c\x02\x74\x7f\xff" + b"Copyright 2025 AP"          # length past the end
    iptc_ext = b"\x1c\x02\x74\x80\x04\xff\xff\xff\xff" + b"short"        # extended length
    irb_past = b"8BIM\x04\x04\x00\x00\x7f\xff\xff\xff" + samples.iptc_block()
    tiff_loop = bytearray(samples.tiff_bytes(image=False))
    nent = struct.unpack_from("<H", tiff_loop, 8)[0]
    struct.pack_into("<I", tiff_loop, 10 + 12 * nent, 8)  # the next IFD is itself
    huge_count = b"II*\0" + struct.pack("<IH", 8, 0xFFFF) + struct.pack("<HHII", 0x8298, 2, 0xFFFFFFF0, 0xFFFFFF00)
    past_value = b"II*\0" + struct.pack("<IH", 8, 1) + struct.pack("<HHII", 0x8298, 2, 64, 0x7FFFFFF0) + b"\0\0\0\0"
    base = samples.JPEG_8X8
    ps = b"Photoshop 3.0\0"
    return {
        "iptc-past-end.jpg": base[:20] + seg(0xED, ps + irb(iptc_past)) + base[20:],
        "iptc-extended.jpg": base[:20] + seg(0xED, ps + irb(iptc_ext)) + base[20:],
        "irb-past-end.jpg": base[:20] + seg(0xED, ps + irb_past) + base[20:],
        "app13-past-eof.jpg": base[:20] + b"\xff\xed\xff\xf0" + ps + irb(samples.iptc_block()),
        "xmp-past-eof.jpg": base[:20] + b"\xff\xe1\xff\xf0http://ns.adobe.com/xap/1.0/\0<x:xmpmeta",
        "exif-loop.jpg": base[:20] + seg(0xE1, b"Exif\0\0" + bytes(tiff_loop)) + base[20:],
        "exif-huge-count.jpg": base[:20] + seg(0xE1, b"Exif\0\0" + huge_count) + base[20:],
        "exif-past-value.jpg": base[:20] + seg(0xE1, b"Exif\0\0" + past_value) + base[20:],
        "app-len-0.jpg": base[:20] + b"\xff\xe1\x00\x00" + base[20:],
        "app-len-1.jpg": base[:20] + b"\xff\xe1\x00\x01" + base[20:],
        "soi-only.jpg": b"\xff\xd8",
        "xmp-bad.jpg": base[:20] + seg(0xE1, b"http://ns.adobe.com/xap/1.0/\0" +
                                       b"<x:xmpmeta><rdf:RDF><rdf:Description dc:rights=\"" +
                                       b"\xff" * 50 + b"<" * 1000) + base[20:],
    }
