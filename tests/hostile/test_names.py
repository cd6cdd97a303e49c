#!/usr/bin/env python3
"""test_names.py — member names that are not ASCII, and names an archive holds twice, as
libarchive's own test archives showed them: every member is read, found and reported once,
under a path of its own.

    test_names.py BINARY SOURCE_DIR [CASE...]

The binary runs in the "C" locale, where libarchive cannot convert a name that is not ASCII
and gives NULL: members of an archive were all reported as "(unnamed)", and the parts of an
EPUB or a DOCX with such names (a chapter "bölüm.xhtml", an image "görsel.jpg") were passed
over unread. A name held twice (a tar that appends a newer copy; a zip written twice over)
is reported as "name;2", "name;3", ... Python 3 standard library only.
"""
import io
import os
import sys
import tarfile
import warnings
import zipfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from hostile import good, rstest, samples, scan, write_good  # noqa: E402

case = rstest.case
STORY, AP = samples.ILKHA_STORY, samples.AP_STORY


def zip_of(members):
    """members: [(name, bytes|str)], names may repeat (zipfile warns, and writes them)."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buf, "w") as z:
            for name, data in members:
                zi = zipfile.ZipInfo(name, (2025, 11, 28, 6, 0, 0))
                zi.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(zi, samples.b(data))
    return buf.getvalue()


def tar_of(members, fmt=tarfile.PAX_FORMAT):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt, encoding="utf-8") as t:
        for name, data in members:
            data = samples.b(data)
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), 1764309600, 0o644
            t.addfile(ti, io.BytesIO(data))
    return buf.getvalue()


@case
def utf8_member_names(t):
    """Zip (UTF-8 flag) and pax tar members named in Turkish, Japanese and Russian are
    reported under their names and scanned."""
    names = ["haberler/bölüm-1.txt", "表だよ/一覧表.txt", "новости/статья.txt"]
    t.write("tree/a.zip", zip_of([(n, STORY) for n in names]))
    t.write("tree/a.tar", tar_of([(n, STORY) for n in names]))
    write_good(t)
    run = scan(t, "tree")
    for arc in ("tree/a.zip", "tree/a.tar"):
        for n in names:
            t.verdict(run, f"{arc}!/{n}", "ilkha", "restricted")
    t.check(not [u for u in run.units if "(unnamed)" in u["path"]], "a member reported unnamed",
            run.paths())
    good(t, run)


@case
def names_held_twice(t):
    """A tar holding story.txt three times (appended copies) and a zip holding it twice:
    every entry is a unit, the later ones named story.txt;2, story.txt;3."""
    t.write("tree/appended.tar", tar_of([("story.txt", STORY), ("other.txt", AP),
                                         ("story.txt", AP), ("story.txt", rstest.CLEAN_EN)]))
    t.write("tree/twice.zip", zip_of([("story.txt", STORY), ("story.txt", AP)]))
    # a real member already named like the second copy: the copy takes the next number
    t.write("tree/taken.zip", zip_of([("s.txt", STORY), ("s.txt;2", AP), ("s.txt", AP)]))
    write_good(t)
    run = scan(t, "tree")
    t.verdict(run, "tree/appended.tar!/story.txt", "ilkha", "restricted")
    t.verdict(run, "tree/appended.tar!/story.txt;2", "ap", "restricted")
    u = t.unit(run, "tree/appended.tar!/story.txt;3")
    t.eq((u["status"], u["class"]), ("scanned", "none"), "the third copy", u)
    t.verdict(run, "tree/appended.tar!/other.txt", "ap", "restricted")
    t.verdict(run, "tree/twice.zip!/story.txt", "ilkha", "restricted")
    t.verdict(run, "tree/twice.zip!/story.txt;2", "ap", "restricted")
    t.verdict(run, "tree/taken.zip!/s.txt", "ilkha", "restricted")
    t.verdict(run, "tree/taken.zip!/s.txt;2", "ap", "restricted")
    t.verdict(run, "tree/taken.zip!/s.txt;3", "ap", "restricted")
    good(t, run)


@case
def many_entries_of_one_name(t):
    """20,000 entries all named x.txt: each one a unit, numbered, within the budget (the
    next number is remembered, not searched for from 2 each time)."""
    n = 20000
    t.write("tree/same.zip", zip_of([("x.txt", "x")] * n))
    write_good(t)
    run = scan(t, "tree", budget=10)
    t.unit(run, "tree/same.zip!/x.txt")
    t.unit(run, f"tree/same.zip!/x.txt;{n}")
    t.eq(sum(1 for u in run.units if u["path"].startswith("tree/same.zip!/")), n, "members")
    good(t, run)


@case
def document_parts_not_ascii(t):
    """An EPUB whose chapter is "bölüm.xhtml" and whose cover is "kapak-ö.jpg", a DOCX
    whose image is "görsel.jpg": the chapter's notice and the images' credits are found."""
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
                 'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
                 'media-type="application/oebps-package+xml"/></rootfiles></container>')
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Kitap</dc:title>'
           '</metadata><manifest><item id="c1" href="Text/b%C3%B6l%C3%BCm.xhtml" '
           'media-type="application/xhtml+xml"/></manifest><spine><itemref idref="c1"/></spine>'
           '</package>')
    chapter = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>'
               + rstest.ILKHA_TR + '</p></body></html>')
    photo = rstest.jpeg_bytes("Copyright 2025 The Associated Press")
    t.write("tree/book.epub", zip_of([
        ("mimetype", "application/epub+zip"), ("META-INF/container.xml", container),
        ("OEBPS/content.opf", opf), ("OEBPS/Text/bölüm.xhtml", chapter),
        ("OEBPS/Images/kapak-ö.jpg", photo)]))
    docx = zipfile.ZipFile(io.BytesIO(rstest.docx_bytes([[rstest.CLEAN_EN.split("\n")[0]]])))
    t.write("tree/doc.docx", zip_of([(i.filename, docx.read(i)) for i in docx.infolist()]
                                    + [("word/media/görsel.jpg", photo),
                                       ("word/media/image1.jpg", photo),
                                       ("word/media/image1.jpg", photo)]))
    write_good(t)
    run = scan(t, "tree")
    t.verdict(run, "tree/book.epub", "ilkha", "restricted")
    t.verdict(run, "tree/book.epub!/OEBPS/Images/kapak-ö.jpg", "ap", "restricted")
    t.verdict(run, "tree/doc.docx!/word/media/görsel.jpg", "ap", "restricted")
    t.verdict(run, "tree/doc.docx!/word/media/image1.jpg", "ap", "restricted")
    t.verdict(run, "tree/doc.docx!/word/media/image1.jpg;2", "ap", "restricted")
    good(t, run)


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    return rstest.main()


if __name__ == "__main__":
    sys.exit(main())
