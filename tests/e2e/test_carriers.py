#!/usr/bin/env python3
"""test_carriers.py — every carrier of rights, on disk and inside an archive inside an
archive: the real binary with the built-in signatures must report the right holder, the
class and the field (location) the holder was found in."""
import io
import os
import sys
import tarfile
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import carriers  # noqa: E402
import rstest  # noqa: E402
from rstest import case  # noqa: E402


def check_unit(t, rep, path, holder, field):
    u = t.unit(rep, path)
    t.eq(u["status"], "scanned", f"{path}: status", u)
    t.eq(u["holder"], holder, f"{path}: holder", u)
    t.eq(u["class"], "restricted", f"{path}: class", u)
    t.check(any(f["field"] == field and f["holder"] == holder for f in u["findings"]),
            f"{path}: a finding of {holder} in {field}", u)


def layout(t, files):
    for name, (data, _, _) in files.items():
        if data is not None:
            t.write("tree/" + name, data)
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, (data, _, _) in files.items():
            if data is not None:
                zf.writestr("media/" + name, data)
    tb = io.BytesIO()
    with tarfile.open(fileobj=tb, mode="w:gz") as tf:
        info = tarfile.TarInfo("bundle/batch.zip")
        info.size = len(z.getvalue())
        tf.addfile(info, io.BytesIO(z.getvalue()))
    t.write("nested/wire.tar.gz", tb.getvalue())


@case
def every_carrier_on_disk(t):
    files = carriers.build()
    layout(t, files)
    rep = t.scan("tree")
    for name, (_, holder, field) in sorted(files.items()):
        if holder:
            check_unit(t, rep, "tree/" + name, holder, field)
    t.eq(rep.summary["failed"] + rep.summary["skipped"], 0, "nothing skipped or failed", rep)


@case
def every_carrier_in_an_archive_in_an_archive(t):
    files = carriers.build()
    layout(t, files)
    rep = t.scan("nested")
    for name, (_, holder, field) in sorted(files.items()):
        if holder:
            check_unit(t, rep, "nested/wire.tar.gz!/bundle/batch.zip!/media/" + name, holder, field)
    t.eq(rep.summary["failed"] + rep.summary["skipped"], 0, "nothing skipped or failed", rep)


@case
def icc_profile_copyright_is_noise(t):
    files = carriers.build()
    t.write("p.png", files["photo.png"][0])
    rep = t.scan("p.png")
    u = t.unit(rep, "p.png")
    t.check(all("Hewlett" not in f["excerpt"] for f in u["findings"]),
            "the ICC profile's copyright is not a finding", u)


if __name__ == "__main__":
    sys.exit(rstest.main())
