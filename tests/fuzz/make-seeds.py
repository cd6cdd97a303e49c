#!/usr/bin/env python3
"""make-seeds.py — builds the seed corpora of the fuzz targets, at test time, from small valid
files of each format (samples.py), the repository's examples/ and signatures/.

    tests/fuzz/make-seeds.py OUTDIR [SOURCE_DIR]

writes OUTDIR/<target>/<seed> for every target:

    extract-<fn>   one per extractor function of scanner/extract.h's RS_EXTRACTORS list
    extract        the generic extractor target: each seed is one byte (the index of its
                   entry in RS_EXTRACTORS) followed by the unit
    walk           every document and container sample, and the files of examples/
    sigdb          the signature files, and a few broken ones
    policy         policy files, good and broken
    norm           texts for the normaliser (Turkish, mojibake, ligatures, odd spaces)

An extractor with no sample maker gets two generic seeds and a note on standard error: add
a maker to samples.py.document_samples(). Python 3 standard library only.
"""
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import samples  # noqa: E402

# examples/ files by extension, for the dedicated extractor corpora
EXAMPLE_FN = {".txt": "text", ".md": "text", ".html": "html", ".xml": "xml", ".json": "json",
              ".docx": "docx", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".pdf": "pdf",
              ".odt": "odt", ".epub": "epub", ".rtf": "rtf", ".gif": "gif", ".tif": "tiff",
              ".webp": "webp", ".mp3": "mp3"}


def extractors(source):
    """[(TYPE, fn)] in RS_EXTRACTORS order, parsed from scanner/extract.h."""
    with open(os.path.join(source, "scanner", "extract.h"), encoding="utf-8") as f:
        text = f.read()
    m = re.search(r"#define RS_EXTRACTORS\(X\)(.*?)\n\s*\n", text, re.S)
    if not m:
        sys.exit("make-seeds.py: no RS_EXTRACTORS list in scanner/extract.h")
    return re.findall(r"X\(\s*([A-Z0-9_]+)\s*,\s*([a-z0-9_]+)\s*\)", m.group(1))


def examples(source):
    root = os.path.join(source, "examples")
    out = []
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if os.path.getsize(p) <= (1 << 20):
                with open(p, "rb") as fh:
                    out.append((os.path.relpath(p, root).replace("/", "_"), fh.read()))
    return out


def write(outdir, target, name, data):
    d = os.path.join(outdir, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


BROKEN_SIGS = {
    "bad-regex.yml": "id: x\nname: X\nclass: restricted\nlanguages: [en]\npatterns:\n"
                     "  - regex: '(unclosed'\n",
    "alias.yml": "id: &a x\nname: *a\nclass: restricted\nlanguages: [en]\nnotices:\n"
                 "  - text: &t All rights reserved by X Ltd.\n  - text: *t\n",
    "tab.yml": "id: x\n\tname: X\n",
    "types.yml": "id: [1, 2]\nname: {a: b}\nclass: 7\nlanguages: en\n",
    "redos.yml": "id: slow\nname: Slow\nclass: restricted\nlanguages: [en]\npatterns:\n"
                 "  - regex: '(a+)+$'\nexamples:\n  match: []\n  no_match: ['aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!']\n",
    "empty.yml": "",
    "doc.yml": "---\nid: x\n---\nid: y\n",
}

NORM = [
    "İlke Haber\n  Ajan-\nsı", "TÃ¼m haklarÄ± saklÄ±dÄ±r", "Tüm haklarý saklýdýr",
    "ﬁﬂ ﬃ Ǆ ß ẞ ǰ ΐ", "Ａｌｌ　ｒｉｇｈｔｓ　ｒｅｓｅｒｖｅｄ", "a\u00adb c\u200bd e\u2028f",
    "Â© 2025 Ð¿Ñ€Ð¸", "“quoted” — dash – ‐", "e\u0301\u0327 ǅ ǈ Ⅻ ①", "中文 한국어 日本語",
    "\t\r\n \f\v\u00a0\u1680\u3000", "ı İ i̇ I", "\ufffd\x00\x7f\u0085",
]


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    outdir = os.path.abspath(argv[1])
    source = os.path.abspath(argv[2]) if len(argv) > 2 else os.path.dirname(os.path.dirname(HERE))
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    entries = extractors(source)
    docs = samples.document_samples()
    ex = examples(source)

    for fn in dict.fromkeys(f for _, f in entries):
        got = docs.get(fn)
        if not got:
            print(f"make-seeds.py: note: no sample maker for extractor '{fn}'; generic seeds only",
                  file=sys.stderr)
            got = {"text.bin": samples.b(samples.AP_STORY), "bin.bin": samples.binary_with_strings()}
        for name, data in got.items():
            write(outdir, f"extract-{fn}", name, data)
        for name, data in ex:
            if EXAMPLE_FN.get(os.path.splitext(name)[1].lower()) == fn:
                write(outdir, f"extract-{fn}", "example_" + name, data)

    for i, (typ, fn) in enumerate(entries):
        for name, data in (docs.get(fn) or {}).items():
            write(outdir, "extract", f"{i:02d}-{typ.lower()}-{name}", bytes([i]) + data)

    for fn, got in docs.items():
        for name, data in got.items():
            write(outdir, "walk", f"{fn}-{name}", data)
    for name, data in samples.archive_samples().items():
        write(outdir, "walk", f"archive-{name}", data)
    for name, data in ex:
        write(outdir, "walk", "example_" + name, data)

    sigroot = os.path.join(source, "signatures")
    for d, dirs, files in os.walk(sigroot):
        dirs.sort()
        for f in sorted(files):
            if f.endswith((".yml", ".yaml")):
                with open(os.path.join(d, f), "rb") as fh:
                    write(outdir, "sigdb", os.path.relpath(os.path.join(d, f), sigroot)
                          .replace("/", "_"), fh.read())
    for name, text in BROKEN_SIGS.items():
        write(outdir, "sigdb", "broken-" + name, text.encode("utf-8"))

    policies = {
        "contracts.yml": "version: 1\ncontracts:\n  - holder: aa\n    until: 2026-12-31\n"
                         "    note: HAS subscription\n  - holder: reuters\n"
                         "attribution: review\nunknown: violation\n",
        "empty.yml": "version: 1\n",
        "broken-key.yml": "version: 1\ncontracts:\n  - holder: aa\n    untill: 2026-01-01\n",
        "broken-yaml.yml": "contracts: [holder: aa\n",
    }
    for name, text in policies.items():
        write(outdir, "policy", name, text.encode("utf-8"))

    for i, text in enumerate(NORM + [samples.ILKHA_STORY, samples.AP_STORY, samples.CC_BY]):
        write(outdir, "norm", f"{i:02d}.txt", text.encode("utf-8"))
    write(outdir, "norm", "latin1.txt", "Tous droits réservés".encode("latin-1"))

    counts = {d: len(os.listdir(os.path.join(outdir, d))) for d in sorted(os.listdir(outdir))}
    print("make-seeds.py: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
