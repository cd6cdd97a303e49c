"""rstest.py — shared helpers for the end-to-end tests: run the real rightscan binary on
fixture trees built at test time in a temporary directory.

A test script defines cases with @case and ends with `sys.exit(rstest.main())`:

    @case
    def clean_tree(t):
        t.write("tree/a.txt", "Staff-written text.\n")
        r = t.scan("tree")
        t.eq(r.rc, 0, "exit status")

Each case gets a Test `t` with its own temporary directory (t.tmp, removed afterwards).
Scripts are run as `script.py BINARY SOURCE_DIR [CASE...]` (ctest passes both); the
output is one PASS/FAIL/SKIP line per case and the exit status is 1 when a case fails.
Python 3 standard library only.

Under a wrapper (valgrind): RS_WRAPPER="valgrind --error-exitcode=99 ..." (split with
shlex) is put before every run of the binary, the harness's own (t.run, t.scan) and those a
script makes itself with t.bin: t.bin is then a small program (wrapper_program) that runs
RS_WRAPPER + BINARY + its arguments, passing signals on. When the wrapper exits with its
error status (RS_WRAPPER_ERROR, else the N of --error-exitcode=N, else 99), the case fails
with the wrapper's output, whatever the case itself checked. RS_TIME_FACTOR (default 1)
multiplies the harness's timeouts.
"""
import gzip
import io
import json
import os
import re
import shlex
import shutil
import struct
import subprocess
import sys
import tarfile
import tempfile
import time
import traceback
import zipfile
import zlib

# ---- notice texts (the agencies' published wording; see examples/README.md) ----

ILKHA_TR = ("YASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm hakları İlke Haber "
            "Ajansı Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette haber, fotoğraf ve "
            "videonun tamamı veya bir kısmı yazılı sözleşme yapılmadan veya abone olmadan "
            "kullanılamaz.")
ILKHA_EN = ("LEGAL WARNING: All rights of the published news, photos and videos are reserved by "
            "İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or part "
            "of the news, photos and videos be used without a written contract or subscription.")
AFP_FR = ("Tous droits de reproduction et de représentation réservés. © Agence France-Presse")
CC_BY = ("This article is licensed under a Creative Commons Attribution 4.0 International "
         "License (CC BY 4.0).")

# Invented, staff-written prose with no rights signal.
CLEAN_EN = ("The city council met on Tuesday to discuss the repair of the old harbour bridge.\n\n"
            "Engineers told councillors that the work would take about eight months and that a "
            "temporary footbridge would open in the spring. Residents asked for the bus route "
            "to be kept during the works.\n")
CLEAN_TR = ("Belediye meclisi salı günü eski liman köprüsünün onarımını görüştü.\n\n"
            "Mühendisler çalışmaların yaklaşık sekiz ay süreceğini ve baharda geçici bir yaya "
            "köprüsünün açılacağını söyledi.\n")

SANITIZER_MARKS = (b"ERROR: AddressSanitizer", b"ERROR: LeakSanitizer",
                   b"runtime error:", b"ERROR: UndefinedBehaviorSanitizer")

CLASSES = ("none", "open", "attribution", "restricted")
STATUSES = ("scanned", "skipped", "failed")
KINDS = ("notice", "byline", "metadata", "licence")


class Fail(Exception):
    """A failed check: the case is reported as FAIL with this message."""


# ---- a wrapper before every run of the binary (RS_WRAPPER; see the module's doc) ----

def wrapper():
    """The RS_WRAPPER command as a list (empty: none)."""
    return shlex.split(os.environ.get("RS_WRAPPER", ""))


def wrapper_error_status():
    v = os.environ.get("RS_WRAPPER_ERROR")
    if v:
        return int(v)
    for a in wrapper():
        if a.startswith("--error-exitcode="):
            return int(a.split("=", 1)[1])
    return 99


def time_factor():
    return float(os.environ.get("RS_TIME_FACTOR") or 1)


# The program t.bin names under a wrapper: runs WRAPPER + BINARY + its arguments, with the
# same standard input and output; passes on the signals a test sends it; copies the
# child's standard error through, and when the child exits with the wrapper's error status
# appends the command and the end of that output to $RS_WRAPPER_LOG, which the runner reads
# after each case. Exits as the child did (by the same signal, when killed by one).
WRAPPER_PROGRAM = r'''#!PYTHON -S
import ctypes, os, signal, subprocess, sys
CMD, ERROR = CMD_LIST, ERROR_STATUS
def orphaned():  # the child dies with this program (a test may kill it on a timeout)
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except Exception:
        pass
p = subprocess.Popen(CMD + sys.argv[1:], stderr=subprocess.PIPE, preexec_fn=orphaned)
for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT, signal.SIGUSR1,
            signal.SIGUSR2, signal.SIGALRM):
    signal.signal(sig, lambda n, f: p.send_signal(n))
tail = b""
while True:
    block = os.read(p.stderr.fileno(), 65536)
    if not block:
        break
    try:
        os.write(2, block)
    except OSError:
        pass
    tail = (tail + block)[-20000:]
rc = p.wait()
if rc == ERROR and os.environ.get("RS_WRAPPER_LOG"):
    try:
        with open(os.environ["RS_WRAPPER_LOG"], "ab") as log:
            log.write(b"$ " + " ".join(CMD + sys.argv[1:]).encode() + b"\n-> exit %d\n" % rc
                      + tail + b"\n\n")
    except OSError:
        pass
if rc < 0:
    signal.signal(-rc, signal.SIG_DFL)
    os.kill(os.getpid(), -rc)
sys.exit(rc)
'''


def wrapper_program(binary, directory):
    """Writes the program that runs binary under RS_WRAPPER into directory, as
    "rightscan"; returns its path."""
    path = os.path.join(directory, os.path.basename(binary))
    python = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable
    text = (WRAPPER_PROGRAM.replace("PYTHON", python)
            .replace("CMD_LIST", repr(wrapper() + [binary]))
            .replace("ERROR_STATUS", str(wrapper_error_status())))
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, 0o755)
    return path


def wrapper_errors(res):
    """Fails when a run's exit status is the wrapper's error status."""
    if wrapper() and res.rc == wrapper_error_status():
        raise Fail(f"{wrapper()[0]} reported errors (exit {res.rc}): $ {' '.join(res.cmd)}\n"
                   f"{clip(res.errtext, 12000)}")


class Skip(Exception):
    """The case cannot run here: reported as SKIP with this message."""


class Result:
    """A finished run of the binary: rc, out and err (bytes), and the command."""

    def __init__(self, cmd, rc, out, err):
        self.cmd, self.rc, self.out, self.err = cmd, rc, out, err

    @property
    def text(self):
        return self.out.decode("utf-8", "replace")

    @property
    def errtext(self):
        return self.err.decode("utf-8", "replace")

    def __repr__(self):
        return (f"$ {' '.join(self.cmd)}\n-> exit {self.rc}\n"
                f"stdout: {clip(self.text)}\nstderr: {clip(self.errtext)}")


class Report(Result):
    """A run with --format jsonl, parsed: units (list of dicts, in order) and summary."""

    def __init__(self, res, units, summary):
        super().__init__(res.cmd, res.rc, res.out, res.err)
        self.units, self.summary = units, summary

    def unit(self, path):
        for u in self.units:
            if u["path"] == path:
                return u
        return None

    def paths(self):
        return [u["path"] for u in self.units]

    def flagged(self):
        return {u["path"]: u for u in self.units if u.get("class") != "none"}


def clip(s, n=1500):
    return s if len(s) <= n else s[:n] + f"... ({len(s) - n} more characters)"


class Test:
    """One case's context: the binary, the source tree, a temporary directory, checks."""

    def __init__(self, binary, source, tmp):
        self.bin, self.src, self.tmp = binary, source, tmp
        self.notes = []

    # -- fixtures --

    def path(self, rel):
        return os.path.join(self.tmp, rel)

    def write(self, rel, data, mode=None):
        """Writes data (str as UTF-8, or bytes) to tmp/rel, making directories."""
        p = self.path(rel)
        os.makedirs(os.path.dirname(p) or ".", exist_ok=True)
        with open(p, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
        if mode is not None:
            os.chmod(p, mode)
        return p

    def mkdir(self, rel):
        os.makedirs(self.path(rel), exist_ok=True)
        return self.path(rel)

    def note(self, msg):
        """A remark printed under the case's result line."""
        self.notes.append(msg)

    # -- running --

    def env(self, extra=None, unset=()):
        env = dict(os.environ)
        # Hermetic: the source tree's signatures, whatever is installed on the machine.
        env["RIGHTSCAN_SIGNATURES"] = os.path.join(self.src, "signatures")
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
        env.pop("NO_COLOR", None)
        for k in unset:
            env.pop(k, None)
        env.update(extra or {})
        return env

    def run(self, *args, cwd=None, timeout=120, env=None, unset=()):
        """Runs the binary with args; fails the case on a timeout or a sanitizer report
        (or, under RS_WRAPPER, when the wrapper reports errors)."""
        cmd = [self.bin] + [str(a) for a in args]
        timeout *= time_factor()
        try:
            p = subprocess.run(cmd, cwd=cwd or self.tmp, env=self.env(env, unset),
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, timeout=timeout)
        except subprocess.TimeoutExpired as e:
            raise Fail(f"timed out after {timeout}s (killed): {' '.join(cmd)}\n"
                       f"stderr: {clip((e.stderr or b'').decode('utf-8', 'replace'))}")
        res = Result(cmd, p.returncode, p.stdout, p.stderr)
        wrapper_errors(res)
        if any(m in p.stderr for m in SANITIZER_MARKS):
            raise Fail(f"sanitizer report:\n{clip(res.errtext, 6000)}")
        if p.returncode < 0:
            raise Fail(f"killed by signal {-p.returncode}\n{res!r}")
        return res

    def scan(self, *args, cwd=None, timeout=120, env=None):
        """Runs `scan --format jsonl ARGS` and parses the report (checking its shape)."""
        res = self.run("scan", "--format", "jsonl", *args, cwd=cwd, timeout=timeout, env=env)
        if res.rc == 2:
            raise Fail(f"scan failed with exit status 2\n{res!r}")
        units, summary = parse_jsonl(res)
        rep = Report(res, units, summary)
        self.eq(summary.get("exit_status"), res.rc, "summary exit_status vs the exit status")
        return rep

    # -- checks --

    def check(self, cond, msg, *ctx):
        if not cond:
            raise Fail(msg + "".join("\n" + (c if isinstance(c, str) else repr(c)) for c in ctx))

    def eq(self, got, want, what, *ctx):
        if got != want:
            raise Fail(f"{what}: got {got!r}, want {want!r}" +
                       "".join("\n" + (c if isinstance(c, str) else repr(c)) for c in ctx))

    def unit(self, rep, path):
        u = rep.unit(path)
        if u is None:
            raise Fail(f"no unit {path!r} in the report; units: {rep.paths()}\n{rep!r}")
        return u

    def verdict(self, rep, path, holder, cls):
        u = self.unit(rep, path)
        self.eq(u.get("status"), "scanned", f"{path}: status", u)
        self.eq((u.get("holder"), u.get("class")), (holder, cls), f"{path}: (holder, class)",
                json.dumps(u, ensure_ascii=False, indent=1))
        return u


def parse_jsonl(res):
    """Parses a jsonl report: unit lines then one summary line. Checks the contract's shape."""
    lines = res.out.decode("utf-8").splitlines()
    if not lines:
        raise Fail(f"empty jsonl report\n{res!r}")
    objs = []
    for i, line in enumerate(lines, 1):
        try:
            objs.append(json.loads(line))
        except ValueError as e:
            raise Fail(f"jsonl line {i} is not JSON ({e}): {clip(line, 300)}")
    summary = objs[-1]
    if summary.get("type") != "summary":
        raise Fail(f"the last jsonl line is not the summary: {clip(lines[-1], 300)}")
    for i, u in enumerate(objs[:-1], 1):
        if u.get("type") != "unit":
            raise Fail(f"jsonl line {i} is not a unit: {clip(lines[i - 1], 300)}")
        check_unit(u)
    check_summary(summary)
    return objs[:-1], summary


def check_unit(u):
    for k in ("path", "status", "size", "class", "holder", "holder_name", "findings"):
        if k not in u:
            raise Fail(f"unit without {k!r}: {u}")
    if u["status"] not in STATUSES or u["class"] not in CLASSES:
        raise Fail(f"unit with a bad status or class: {u}")
    if u["status"] != "scanned" and not u.get("reason"):
        raise Fail(f"a {u['status']} unit without a reason: {u}")
    if (u["class"] == "none") != (u["holder"] is None):
        raise Fail(f"unit holder must be null exactly when class is none: {u}")
    if u["path"].startswith("./") or "//" in u["path"]:
        raise Fail(f"unit path not normalised: {u['path']!r}")
    for f in u["findings"]:
        for k in ("signature", "holder", "kind", "class", "field", "offset", "excerpt"):
            if k not in f:
                raise Fail(f"finding without {k!r}: {f} in {u['path']}")
        if f["kind"] not in KINDS or f["class"] not in CLASSES[1:]:
            raise Fail(f"finding with a bad kind or class: {f}")
        if ("line" in f) != ("column" in f) or f.get("line", 1) < 1 or f.get("column", 1) < 1:
            raise Fail(f"finding with a bad line/column: {f}")


def check_summary(s):
    for k in ("version", "units", "scanned", "skipped", "failed", "containers", "classes",
              "complete", "exit_status"):
        if k not in s:
            raise Fail(f"summary without {k!r}: {s}")
    if s["version"] != 1:
        raise Fail(f"summary version {s['version']!r}, want 1")
    if s["units"] != s["scanned"] + s["skipped"] + s["failed"]:
        raise Fail(f"summary: units != scanned + skipped + failed: {s}")
    if s["complete"] != (s["skipped"] + s["failed"] == 0):
        raise Fail(f"summary: complete must be true exactly when nothing was skipped or failed: {s}")
    if set(s["classes"]) != set(CLASSES):
        raise Fail(f"summary: classes must have the keys {CLASSES}: {s}")
    # That the classes count scanned units only (add up to "scanned") is checked by
    # test_cli.py's summary_classes, so that one slip does not fail every case.


# ---- positions ----

def line_col(data, off):
    """1-based line and column (in code points) of byte offset off in UTF-8 data."""
    line = data.count(b"\n", 0, off) + 1
    start = data.rfind(b"\n", 0, off) + 1
    return line, len(data[start:off].decode("utf-8", "replace")) + 1


def collapse(s):
    return " ".join(s.split())

# ---- archives and documents, built in memory ----

ZIP_TIME = (2025, 11, 28, 6, 0, 0)


def zip_bytes(members, method=zipfile.ZIP_DEFLATED):
    """members: [(name, str|bytes)] -> zip bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = method
            zi.external_attr = 0o100644 << 16
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def tar_bytes(members, compress="gz"):
    """members: [(name, str|bytes)] -> tar (compress None) or tar.gz bytes."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            data = data.encode("utf-8") if isinstance(data, str) else data
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), 1764309600, 0o644
            t.addfile(ti, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), mtime=0) if compress == "gz" else raw.getvalue()


# ZipCrypto ("traditional PKWARE encryption", APPNOTE 6.1), enough to write a fixture.
_CRC = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0xEDB88320 if _c & 1 else _c >> 1
    _CRC.append(_c)


class _ZipCrypto:
    def __init__(self, password):
        self.k = [0x12345678, 0x23456789, 0x34567890]
        for b in password:
            self._update(b)

    def _update(self, b):
        k = self.k
        k[0] = (k[0] >> 8) ^ _CRC[(k[0] ^ b) & 0xFF]
        k[1] = ((k[1] + (k[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k[2] = (k[2] >> 8) ^ _CRC[(k[2] ^ (k[1] >> 24)) & 0xFF]

    def encrypt(self, data):
        out = bytearray()
        for b in data:
            t = (self.k[2] | 2) & 0xFFFF
            out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            self._update(b)
        return bytes(out)


def zip_with_encrypted(members, password=b"wire-2025"):
    """members: [(name, str|bytes, encrypted?)] -> a zip (stored entries); the encrypted
    ones use ZipCrypto. Written by hand: zipfile cannot write encrypted members."""
    local, central = io.BytesIO(), io.BytesIO()
    dos_time, dos_date = (6 << 11), ((2025 - 1980) << 9) | (11 << 5) | 28
    for name, data, enc in members:
        data = data.encode("utf-8") if isinstance(data, str) else data
        crc = zlib.crc32(data) & 0xFFFFFFFF
        body = data
        if enc:
            header = bytes(range(1, 12)) + bytes([crc >> 24])  # fixed, for reproducibility
            body = _ZipCrypto(password).encrypt(header + data)
        flags = 1 if enc else 0
        nm = name.encode("utf-8")
        off = local.tell()
        local.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, 0, dos_time, dos_date,
                                crc, len(body), len(data), len(nm), 0) + nm + body)
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 0x0314, 20, flags, 0,
                                  dos_time, dos_date, crc, len(body), len(data), len(nm), 0,
                                  0, 0, 0, 0o100644 << 16, off) + nm)
    cd = central.getvalue()
    n = len(members)
    return (local.getvalue() + cd +
            struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(cd), local.tell(), 0))


W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(paragraphs):
    """paragraphs: list of lists of runs (str, or (str, bold)); raw XML strings starting
    with '<' are inserted between runs as they are (e.g. proofing marks)."""
    def run(r):
        if isinstance(r, str) and r.startswith("<"):
            return r
        text, bold = (r, False) if isinstance(r, str) else r
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        return (f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}'
                f'<w:t xml:space="preserve">{text}</w:t></w:r>')
    body = "".join("<w:p>" + "".join(run(r) for r in p) + "</w:p>" for p in paragraphs)
    return zip_bytes([
        ("[Content_Types].xml",
         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
         'package/2006/content-types"><Default Extension="rels" ContentType="application/'
         'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
         'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
         '</Types>'),
        ("_rels/.rels",
         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
         'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
         'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
         'Target="word/document.xml"/></Relationships>'),
        ("word/document.xml",
         f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{body}'
         '<w:sectPr/></w:body></w:document>'),
    ])


JPEG_8X8 = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e12"
    "11101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51"
    "575f626768673e4d71797064785c656763ffc0000b080008000801011100ffc400140001"
    "00000000000000000000000000000001ffc4001410010000000000000000000000000000"
    "0000ffda0008010100003f003fffd9")


def jpeg_bytes(notice=None, credit=None, xmp=True, iptc=True):
    """An 8x8 JPEG; with IPTC IIM 2:116 (notice) and 2:110 (credit) in APP13 and an XMP
    packet (dc:rights, photoshop:Credit) in APP1."""
    def seg(marker, payload):
        return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload

    def iim(rec, ds, v):
        v = v.encode("utf-8")
        return b"\x1c" + bytes([rec, ds]) + struct.pack(">H", len(v)) + v
    out = JPEG_8X8[:20]  # SOI + APP0
    if xmp and (notice or credit):
        x = ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
             '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
             'rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
             'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
             + (f' photoshop:Credit="{credit}"' if credit else "") + ">"
             + (f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{notice}</rdf:li></rdf:Alt></dc:rights>'
                if notice else "")
             + '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
        out += seg(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + x.encode("utf-8"))
    if iptc and (notice or credit):
        d = b"\x1c\x01\x5a\x00\x03\x1b%G"  # 1:90 coded character set = UTF-8
        if credit:
            d += iim(2, 110, credit)
        if notice:
            d += iim(2, 116, notice)
        res = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(d)) + d + (b"\x00" if len(d) % 2 else b"")
        out += seg(0xED, b"Photoshop 3.0\x00" + res)
    return out + JPEG_8X8[20:]


# ---- usage.h ----

def c_macro_text(header_text, name):
    """The string a `#define NAME "..." \\ "..."` macro expands to (its literals joined)."""
    lines = header_text.splitlines()
    for i, line in enumerate(lines):
        if re.match(r"\s*#\s*define\s+" + name + r"\b", line):
            break
    else:
        raise Fail(f"macro {name} not found")
    block = []
    for line in lines[i:]:
        block.append(line)
        if not line.rstrip().endswith("\\"):
            break
    esc = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    out = []
    for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(block)):
        out.append(re.sub(r"\\(.)", lambda m: esc.get(m.group(1), m.group(1)), lit))
    return "".join(out)


def options_in(text):
    """Short and long options named in a usage text: {'-f', '--format', ...}."""
    opts = set(re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", text))
    opts |= set(re.findall(r"(?<![\w-])-[a-zA-Z](?=[, ])", text))
    return opts

# ---- the runner ----


CASES = []


def _children_cpu():
    import resource
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def case(fn):
    CASES.append(fn)
    return fn


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) < 2:
        print(f"usage: {os.path.basename(sys.argv[0])} BINARY SOURCE_DIR [CASE...]", file=sys.stderr)
        return 2
    binary, source, only = os.path.abspath(argv[0]), os.path.abspath(argv[1]), set(argv[2:])
    if not os.access(binary, os.X_OK):
        print(f"FAIL: {binary} is not an executable", file=sys.stderr)
        return 1
    wrapped = None
    if wrapper():
        wrapped = tempfile.mkdtemp(prefix="rs-wrapper-")
        os.chmod(wrapped, 0o755)  # a case may run it as another user
        print(f"every run of the binary under: {' '.join(wrapper())} "
              f"(error status {wrapper_error_status()}; timeouts x{time_factor():g})")
        binary = wrapper_program(binary, wrapped)
    failed = passed = skipped = 0
    for fn in CASES:
        if only and fn.__name__ not in only:
            continue
        tmp = tempfile.mkdtemp(prefix=f"rs-{fn.__name__}-")
        t = Test(binary, source, tmp)
        if wrapped:
            log = os.path.join(wrapped, f"{fn.__name__}.log")
            os.environ["RS_WRAPPER_LOG"] = log
        started, cpu = time.monotonic(), _children_cpu()
        try:
            fn(t)
            outcome, msg = "PASS", ""
        except Skip as e:
            outcome, msg = "SKIP", f": {e}"
        except Fail as e:
            outcome, msg = "FAIL", f": {e}"
        except Exception:  # a broken fixture or an unexpected report shape
            outcome, msg = "FAIL", f": unexpected error\n{traceback.format_exc()}"
        if wrapped and os.path.exists(log) and "reported errors (exit" not in msg:
            # the wrapper's errors in a run the case made itself (not through t.run),
            # whatever the case checked of it
            with open(log, "rb") as f:
                msg = (f": {wrapper()[0]} reported errors:\n"
                       f"{clip(f.read().decode('utf-8', 'replace'), 12000)}"
                       + (f"\n(and the case said{msg})" if msg else ""))
            outcome = "FAIL"
        if outcome == "PASS":
            passed += 1
        elif outcome == "SKIP":
            skipped += 1
        else:
            failed += 1
        took = (f" ({time.monotonic() - started:.1f}s, cpu {_children_cpu() - cpu:.1f}s)"
                if wrapped else "")  # under a wrapper: what a case costs
        print(f"{outcome} {fn.__name__}{took}{msg}")
        for n in t.notes:
            print(f"     note: {n}")
        sys.stdout.flush()
        shutil.rmtree(tmp, ignore_errors=True)
    if wrapped:
        shutil.rmtree(wrapped, ignore_errors=True)
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0
