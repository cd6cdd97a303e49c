#!/usr/bin/env python3
"""test_libarchive_set.py — libarchive's own test archives, all of them (322 files in
3.6.2), through libarchive-set.py: fetched once, checked by sha256, every
libarchive/test/*.uu file scanned with the real binary.

    test_libarchive_set.py BINARY CACHE_DIR [-j N] [--batch K]

Where the set comes from, first that applies:
  $RS_LIBARCHIVE_SET      a directory of .uu files (a libarchive checkout's libarchive/test)
  $RS_LIBARCHIVE_TARBALL  a local copy of libarchive_3.6.2.orig.tar.xz (sha256 checked)
  CACHE_DIR               the files extracted by an earlier run (CACHE_DIR/uu, stamped
                          with the tarball's sha256)
  the Debian mirror       URL below, downloaded into CACHE_DIR, sha256 checked, and only
                          libarchive-3.6.2/libarchive/test/*.uu extracted to CACHE_DIR/uu

Exits 77 (ctest: skipped) only when the tarball cannot be fetched, and says so; 1 when any
file fails a check (or the tarball is not the one expected); 0 otherwise. -j N (default 2)
runs N scans at a time, each of K files (--batch, default 8; libarchive-set.py says how a
scan with a problem is retried file by file). Python 3 standard library only.
"""
import argparse
import hashlib
import importlib.util
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
HERE = os.path.dirname(os.path.abspath(__file__))

URL = "http://deb.debian.org/debian/pool/main/liba/libarchive/libarchive_3.6.2.orig.tar.xz"
SHA256 = "9e2c1b80d5fbe59b61308fdfab6c79b5021d7ff4ff2489fb12daf0a96a83551d"
TARBALL = os.path.basename(URL)
PREFIX = "libarchive-3.6.2/libarchive/test/"
EXPECTED = 322  # .uu files in that directory
SKIP = 77


class Unavailable(Exception):
    """The tarball cannot be fetched: the test is skipped."""


class Broken(Exception):
    """The tarball was fetched but is not the one expected: the test fails."""


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def download(dest):
    """Downloads URL to dest (through dest.part); Unavailable when it cannot."""
    part = dest + ".part"
    print(f"fetching {URL}")
    sys.stdout.flush()
    try:
        with urllib.request.urlopen(URL, timeout=60) as r, open(part, "wb") as out:
            shutil.copyfileobj(r, out, 1 << 20)
    except (urllib.error.URLError, OSError, ValueError) as e:
        try:
            os.unlink(part)
        except OSError:
            pass
        raise Unavailable(f"cannot download {URL}: {e}")
    os.replace(part, dest)


def extract(tarball, dest):
    """Checks tarball's sha256 and extracts PREFIX*.uu (regular files only, by base name)
    into dest; returns how many."""
    got = sha256_of(tarball)
    if got != SHA256:
        raise Broken(f"{tarball}: sha256 {got}, want {SHA256}")
    tmp = tempfile.mkdtemp(prefix=".uu-", dir=os.path.dirname(dest))
    n = 0
    try:
        with tarfile.open(tarball, "r:xz") as tf:
            for m in tf:
                if not (m.isfile() and m.name.startswith(PREFIX) and m.name.endswith(".uu")):
                    continue
                base = m.name[len(PREFIX):]
                if "/" in base or base.startswith("."):
                    continue
                with tf.extractfile(m) as src, open(os.path.join(tmp, base), "wb") as out:
                    shutil.copyfileobj(src, out)
                n += 1
        if os.path.isdir(dest):
            shutil.rmtree(dest)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return n


def uu_dir(cache):
    """The directory of .uu files to scan (see the module's doc)."""
    given = os.environ.get("RS_LIBARCHIVE_SET")
    if given:
        if not os.path.isdir(given):
            raise Broken(f"RS_LIBARCHIVE_SET={given}: not a directory")
        print(f"the set: RS_LIBARCHIVE_SET={given}")
        return given
    os.makedirs(cache, exist_ok=True)
    dest, stamp = os.path.join(cache, "uu"), os.path.join(cache, "uu.sha256")
    local = os.environ.get("RS_LIBARCHIVE_TARBALL")
    if local:
        if not os.path.isfile(local):
            raise Broken(f"RS_LIBARCHIVE_TARBALL={local}: no such file")
        print(f"the set: RS_LIBARCHIVE_TARBALL={local}")
        n = extract(local, dest)
    else:
        try:
            with open(stamp) as f:
                if f.read().strip() == SHA256 and os.path.isdir(dest):
                    print(f"the set: {dest} (cached)")
                    return dest
        except OSError:
            pass
        tarball = os.path.join(cache, TARBALL)
        if not (os.path.isfile(tarball) and sha256_of(tarball) == SHA256):
            download(tarball)
        print(f"the set: {tarball} (sha256 {SHA256[:16]}...)")
        n = extract(tarball, dest)
        os.unlink(tarball)  # the 322 files are kept; the 5 MB tarball is not needed again
    with open(stamp, "w") as f:
        f.write(SHA256 + "\n")
    print(f"extracted {n} files {PREFIX}*.uu into {dest}")
    if n != EXPECTED:
        raise Broken(f"{n} .uu files in the tarball, want {EXPECTED}")
    return dest


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary")
    ap.add_argument("cache")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--batch", type=int, default=8)
    a = ap.parse_args(argv[1:])
    try:
        d = uu_dir(a.cache)
    except Unavailable as e:
        print(f"SKIP: libarchive's test archives cannot be fetched: {e}")
        print("(set RS_LIBARCHIVE_TARBALL to a local copy of "
              f"{TARBALL}, sha256 {SHA256}, or RS_LIBARCHIVE_SET to a directory of .uu files)")
        return SKIP
    except (Broken, tarfile.TarError, EOFError, OSError) as e:
        print(f"FAIL: {e}")
        return 1
    spec = importlib.util.spec_from_file_location("libarchive_set",
                                                  os.path.join(HERE, "libarchive-set.py"))
    las = importlib.util.module_from_spec(spec)
    sys.modules["libarchive_set"] = las  # its functions run in worker processes, by name
    spec.loader.exec_module(las)
    import hostile as h
    binary = os.path.abspath(a.binary)
    work = tempfile.mkdtemp(prefix="rs-libarchive-set-")
    try:
        tally = las.run_set(binary, d, work, h.BUDGET, h.MEMORY, a.jobs, las.default_env(),
                            a.batch)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if tally["failed"]:
        print(f"FAIL: {tally['failed']} of {tally['files']} files failed a check (marked !! above)")
        return 1
    if tally["passed"] == 0:
        print("FAIL: no file was checked")
        return 1
    print(f"PASS: {tally['passed']} files")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
