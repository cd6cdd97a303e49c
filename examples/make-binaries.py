#!/usr/bin/env python3
"""make-binaries.py — re-makes the binary files of examples/newsroom (JPEG, DOCX, bundle).

    python3 examples/make-binaries.py [NEWSROOM_DIR]

The text files of the example repository are committed as they are; the three binary
files are written by this script so that their content can be read (and changed) here:

  photos/2025/11/27/harbour-cranes-ap.jpg   an 8x8 JPEG with IPTC IIM 2:116 (copyright
                                            notice), 2:110 (credit), 2:080 (by-line) and an
                                            XMP packet (dc:rights, photoshop:Credit)
  documents/2025-11-28-siirt-feature.docx   a Word document whose ILKHA legal warning is
                                            split across runs, as Word does
  bundles/wire-2025-11-28.tar.gz            a wire bundle: a tar.gz holding a story, a
                                            manifest and incoming/batch.zip with stories

The output is byte-for-byte reproducible with the same Python and zlib (fixed times,
owners and modes; gzip without a timestamp). Standard library only. The prose is
invented; the notices are the agencies' published wording (see examples/README.md).
"""
import gzip
import io
import os
import struct
import sys
import tarfile
import zipfile

# A baseline 8x8 mid-grey JPEG (SOI, APP0 JFIF, DQT, SOF0, two one-code DHT tables, SOS,
# one block: DC category 0 then end-of-block, padded with 1 bits; EOI): 159 bytes.
JPEG_8X8 = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e12"
    "11101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51"
    "575f626768673e4d71797064785c656763ffc0000b080008000801011100ffc400140001"
    "00000000000000000000000000000001ffc4001410010000000000000000000000000000"
    "0000ffda0008010100003f003fffd9")

ZIP_TIME = (2025, 11, 28, 6, 0, 0)  # every member's modification time
TAR_MTIME = 1764309600              # 2025-11-28 06:00:00 UTC

# ---- the agency photo ----

PHOTO_NOTICE = "Copyright 2025 The Associated Press. All rights reserved."
PHOTO_CREDIT = "AP"
PHOTO_BYLINE = "Lena Marsh"  # invented
PHOTO_CAPTION = ("Container cranes stand idle at dawn in the harbour of Northbridge on "
                 "Thursday, Nov. 27, 2025, as dock workers begin a 24-hour stoppage.")


def iim(record, dataset, value):
    """One IPTC IIM dataset: 0x1C, record, dataset, 16-bit length, value."""
    v = value.encode("utf-8") if isinstance(value, str) else value
    return b"\x1c" + bytes([record, dataset]) + struct.pack(">H", len(v)) + v


def segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_with_rights(notice, credit, byline, caption):
    iptc = (iim(1, 90, b"\x1b%G")          # coded character set: UTF-8
            + iim(2, 0, b"\x00\x04")       # record version 4
            + iim(2, 80, byline)           # By-line
            + iim(2, 110, credit)          # Credit
            + iim(2, 115, "Northbridge photo desk")  # Source
            + iim(2, 116, notice)          # Copyright Notice
            + iim(2, 120, caption))        # Caption/Abstract
    res = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    if len(iptc) % 2:
        res += b"\x00"
    app13 = b"Photoshop 3.0\x00" + res
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '  <rdf:Description rdf:about=""\n'
        '    xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        '    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"\n'
        f'    photoshop:Credit="{credit}">\n'
        f'   <dc:creator><rdf:Seq><rdf:li>{byline}</rdf:li></rdf:Seq></dc:creator>\n'
        f'   <dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{notice}</rdf:li></rdf:Alt></dc:rights>\n'
        '  </rdf:Description>\n'
        ' </rdf:RDF>\n'
        '</x:xmpmeta>\n'
        '<?xpacket end="w"?>').encode("utf-8")
    app1 = b"http://ns.adobe.com/xap/1.0/\x00" + xmp
    # SOI, then APP0 (JFIF) as the first segment, then XMP and IPTC, then the image.
    app0_end = 2 + 2 + struct.unpack(">H", JPEG_8X8[4:6])[0]
    return (JPEG_8X8[:app0_end] + segment(0xE1, app1) + segment(0xED, app13)
            + JPEG_8X8[app0_end:])

# ---- the Word document ----

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def run(text, bold=False):
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs):
    return "<w:p>" + "".join(runs) + "</w:p>"


DOCX_PARAS = [
    para(run("Siirt's pistachio growers count a smaller but richer harvest", bold=True)),
    para(run("Pistachio growers in the southeastern province of Siirt have finished the "
             "harvest with a smaller crop than last year, but say that higher prices have "
             "made up for the loss.")),
    para(run("Farmers in the Kurtalan and Baykan districts said a late frost in April damaged "
             "the blossoms on many trees. Cooperatives estimate that the yield fell by about a "
             "fifth, while the price paid for shelled nuts rose sharply."),
         run(" Traders from Gaziantep arrived in the villages earlier than usual to secure "
             "supplies.")),
    para(run("Growers called for cheaper credit for irrigation and for a licensed warehouse in "
             "the province, so that they would not have to sell immediately after the harvest.")),
    para(run("(ILKHA)")),
    # The legal warning as Word stores it after editing: runs split inside words, a
    # proofing mark between runs, the label in bold.
    para(run("LEGAL WAR", bold=True), run("NING:", bold=True),
         run(" All rights of the published news, photos and videos are reserved by İlke Haber "),
         '<w:proofErr w:type="spellStart"/>', run("Ajansı"), '<w:proofErr w:type="spellEnd"/>',
         run(" Basın Yayın San. Trade A.Ş. Under no circumstances can all or part of the news, "
             "photos and vid"),
         run("eos be used without a written contract or subscription.")),
]


def docx_bytes():
    files = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.wordprocessingml.document.main+xml"/>'
            '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
            'package.core-properties+xml"/></Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
            'relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
        "docProps/core.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            '<dc:title>Siirt pistachio harvest</dc:title><dc:creator>Foreign desk</dc:creator>'
            '</cp:coreProperties>',
        "word/document.xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:document {W}><w:body>' + "".join(DOCX_PARAS) +
            '<w:sectPr/></w:body></w:document>',
    }
    return zip_bytes(files.items(), zipfile.ZIP_DEFLATED)

# ---- the wire bundle ----


def zip_bytes(members, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = method
            zi.create_system = 3
            zi.external_attr = 0o100644 << 16
            z.writestr(zi, data.encode("utf-8") if isinstance(data, str) else data)
    return buf.getvalue()


def targz_bytes(members):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as t:
        for name, data in members:
            data = data.encode("utf-8") if isinstance(data, str) else data
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), TAR_MTIME, 0o644
            ti.uid = ti.gid = 1000
            ti.uname = ti.gname = "wire"
            t.addfile(ti, io.BytesIO(data))
    return gzip.compress(raw.getvalue(), compresslevel=9, mtime=0)


ILKHA_EN = ("LEGAL WARNING: All rights of the published news, photos and videos are reserved by "
            "İlke Haber Ajansı Basın Yayın San. Trade A.Ş. Under no circumstances can all or part "
            "of the news, photos and videos be used without a written contract or subscription.")
AA_TR = ("Anadolu Ajansı web sitesinde, AA Haber Akış Sistemi (HAS) üzerinden abonelere sunulan "
         "haberler, özetlenerek yayımlanmaktadır. Abonelik için lütfen iletişime geçiniz.")

BATCH_STORY = f"""Siirt hospital opens new dialysis unit

A new dialysis unit with 24 beds opened at the state hospital in Siirt on Friday, sparing
patients from rural districts a journey of several hours to neighbouring provinces.

Hospital managers said the unit would run three shifts a day and employ twelve additional
nurses. Patients' relatives welcomed the opening but asked for a shuttle bus from the
outlying villages.

(ILKHA)
{ILKHA_EN}
"""

BATCH_REUTERS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Floods cut roads in northern Pakistan</title></head>
<body>
<h1>Floods cut roads in northern Pakistan</h1>
<p>ISLAMABAD (Reuters) - Flash floods after two days of heavy rain cut several roads in northern
Pakistan on Friday, stranding hundreds of travellers, disaster management officials said.</p>
<p>Rescue teams were working to reopen a main highway, and officials advised tourists to postpone
trips to the mountain valleys until the weekend.</p>
</body></html>
"""

BATCH_NOTE = """Desk note, 28 November 2025

Two stories in this batch are for the foreign pages; check the agency terms before putting
them online. The third item in the batch is the hospital story requested by the health desk.
"""

AA_IZMIR = f"""İzmir Limanı'nda konteyner elleçlemesi arttı

İZMİR (AA) - İzmir Limanı'nda yılın ilk 10 ayında elleçlenen konteyner miktarı, geçen yılın
aynı dönemine göre yüzde 6 arttı.

Liman işletmesinden yapılan açıklamada, yeni vinçlerin devreye alınmasıyla gemilerin limanda
bekleme süresinin kısaldığı belirtildi.

{AA_TR}
"""

MANIFEST = """wire bundle 2025-11-28, foreign desk
incoming/aa-izmir-liman.tr.txt
incoming/batch.zip (3 items)
"""


def bundle_bytes():
    batch = zip_bytes([
        ("story.txt", BATCH_STORY),
        ("reuters-islamabad-floods.html", BATCH_REUTERS),
        ("desk-note.txt", BATCH_NOTE),
    ])
    return targz_bytes([
        ("MANIFEST.txt", MANIFEST),
        ("incoming/aa-izmir-liman.tr.txt", AA_IZMIR),
        ("incoming/batch.zip", batch),
    ])


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "newsroom")
    out = {
        "photos/2025/11/27/harbour-cranes-ap.jpg":
            jpeg_with_rights(PHOTO_NOTICE, PHOTO_CREDIT, PHOTO_BYLINE, PHOTO_CAPTION),
        "documents/2025-11-28-siirt-feature.docx": docx_bytes(),
        "bundles/wire-2025-11-28.tar.gz": bundle_bytes(),
    }
    for rel, data in out.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
        print(f"{rel}: {len(data)} bytes")


if __name__ == "__main__":
    main()
