"""samples.py — small, valid files of every format rightscan reads, built in memory with the
Python 3 standard library (and libarchive through ctypes for the archive formats Python
cannot write: 7z, cpio, ISO 9660, zstd). Used by make-seeds.py (the fuzz seed corpora) and
by the hostile-input suite (tests/hostile/), which breaks them on purpose.

Every builder returns bytes. The texts carry real rights signals (the ILKHA legal warning,
an AP dateline, a CC BY licence, IPTC/XMP/EXIF credits) so that fuzzing starts from inputs
that reach the matcher's interesting paths.
"""
import bz2
import ctypes
import ctypes.util
import gzip
import io
import lzma
import struct
import tarfile
import zipfile
import zlib

ILKHA_TR = ("YASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm hakları İlke Haber "
            "Ajansı Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette haber, fotoğraf ve "
            "videonun tamamı veya bir kısmı yazılı sözleşme yapılmadan veya abone olmadan "
            "kullanılamaz.")
ILKHA_STORY = ("DİYARBAKIR (İLKHA) - Kentte düzenlenen hasat şenliğine binlerce kişi katıldı.\n\n"
               "Şenlikte yerel ürünler sergilendi.\n\n(İLKHA)\n" + ILKHA_TR + "\n")
AP_STORY = ("WASHINGTON (AP) — Lawmakers resumed budget talks on Tuesday.\n\n"
            "Copyright 2025 The Associated Press. All rights reserved. This material may not be "
            "published, broadcast, rewritten or redistributed.\n")
CC_BY = ("This article is licensed under a Creative Commons Attribution 4.0 International "
         "License (CC BY 4.0).")
CLEAN = ("The city council met on Tuesday to discuss the repair of the old harbour bridge.\n"
         "Engineers said the work would take about eight months.\n")
AP_CREDIT = "Copyright 2025 The Associated Press"


def b(s):
    return s.encode("utf-8") if isinstance(s, str) else s

# ---- text formats ----


def text_samples():
    return {
        "ilkha.tr.txt": b(ILKHA_STORY),
        "ap.en.txt": b(AP_STORY),
        "cc.md": b("# Gardens\n\nCommunity gardens grow.\n\n" + CC_BY + "\n"),
        "latin1.txt": "Tous droits réservés. © Agence France-Presse\n".encode("latin-1"),
        "cp1254.txt": "Tüm hakları saklıdır. İlke Haber Ajansı\n".encode("cp1254"),
        "utf16.txt": "\ufeff".encode("utf-16-le") + (AP_STORY).encode("utf-16-le"),
        "clean.txt": b(CLEAN),
        "empty.txt": b"",
    }


def html_samples():
    doc = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
           '<meta name="copyright" content="© 2025 Agence France-Presse">'
           '<meta name="author" content="AFP">'
           '<meta name="tdm-reservation" content="1">'
           '<script type="application/ld+json">{"@context":"https://schema.org","@type":'
           '"NewsArticle","copyrightHolder":{"@type":"Organization","name":"Reuters"},'
           '"license":"https://creativecommons.org/licenses/by/4.0/"}</script>'
           '<title>Paris</title></head><body><article><p>PARIS (AFP) &#8212; Les transports '
           'sont en gr&egrave;ve.</p><p>Tous droits de reproduction r&eacute;serv&eacute;s. '
           '&copy; <b>Agence</b> France-Presse</p><div><span>' + ILKHA_TR + '</span></div>'
           '</article></body></html>\n')
    return {"afp.html": b(doc),
            "clean.html": b("<html><body><h1>Bridge</h1><p>" + CLEAN + "</p></body></html>"),
            "latin1.html": ('<html><head><meta http-equiv="Content-Type" content="text/html; '
                            'charset=iso-8859-1"></head><body>© Agence France-Presse, tous '
                            'droits réservés</body></html>').encode("latin-1")}


def xml_samples():
    newsml = ('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:x" version="1">'
              '<rightsInfo><copyrightHolder uri="http://www.aa.com.tr"><name>Anadolu Ajansı'
              '</name></copyrightHolder><copyrightNotice>Copyright 2025 Anadolu Ajansı. All '
              'rights reserved.</copyrightNotice><usageTerms>Subscribers only.</usageTerms>'
              '</rightsInfo><itemMeta><itemClass qcode="ninat:text"/><embargoed>2026-12-01T10:'
              '00:00Z</embargoed></itemMeta><contentSet><inlineXML contenttype="application/'
              'xhtml+xml"><html xmlns="http://www.w3.org/1999/xhtml"><body><p>ANKARA (AA) - '
              'Haber <b>metni</b> &amp; devamı.</p></body></html></inlineXML></contentSet>'
              '</newsItem>\n')
    nitf = ('<?xml version="1.0"?><nitf><head><docdata><doc.copyright holder="Reuters" '
            'year="2025"/></docdata></head><body><body.content><p>LONDON (Reuters) - Markets '
            'rose.</p></body.content></body></nitf>')
    rss = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><copyright>'
           '© 2025 dpa</copyright><item><title>Berlin</title><description><![CDATA[BERLIN '
           '(dpa) - Die Bahn.]]></description></item></channel></rss>')
    return {"newsml.xml": b(newsml), "nitf.xml": b(nitf), "rss.xml": b(rss),
            "sidecar.xmp": b(xmp_packet(AP_CREDIT, "AP"))}


def json_samples():
    ninjs = ('{"uri":"urn:x","type":"text","copyrightnotice":"Copyright 2025 The Associated '
             'Press","copyrightholder":"AP","body_text":"WASHINGTON (AP) \\u2014 Talks '
             'resumed.","byline":"Jane Doe","usageterms":"Subscribers only"}')
    ld = ('{"@context":"https://schema.org","@type":"NewsArticle","headline":"Berlin",'
          '"articleBody":"BERLIN (dpa) - Die Bahn.","copyrightHolder":{"@type":"Organization",'
          '"name":"dpa"},"isAccessibleForFree":false,"author":[{"name":"A"},{"name":"B"}],'
          '"nested":{"a":[1,2.5e3,true,null,{"b":"\\ud83d\\ude00"}]}}')
    return {"ninjs.json": b(ninjs), "jsonld.json": b(ld), "clean.json": b('{"a": "b"}')}


def rtf_sample():
    return (b"{\\rtf1\\ansi\\ansicpg1254\\deff0{\\fonttbl{\\f0\\fcharset162 Arial;}}"
            b"{\\info{\\author Ali Veli}{\\*\\company \\'ddLKHA}{\\copyright Ajans}}"
            b"{\\*\\userprops{\\propname Copyright}\\proptype30{\\staticval AA}}"
            b"\\pard \\'a9 2025 \\u304?lke Haber Ajans\\'fd\\par "
            b"YASAL UYARI: T\\'fcm haklar\\'fd sakl\\'fdd\\'fdr.\\par"
            b"{\\pict\\jpegblip\\picw8\\pich8 ffd8ffd9}}")

# ---- zip-based documents ----

ZIP_TIME = (2025, 11, 28, 6, 0, 0)


def zip_bytes(members, method=zipfile.ZIP_DEFLATED):
    """members: [(name, str|bytes)] -> zip bytes (fixed times: reproducible). A member
    called "mimetype" is stored, as EPUB and OpenDocument require."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members:
            zi = zipfile.ZipInfo(name, ZIP_TIME)
            zi.compress_type = zipfile.ZIP_STORED if name == "mimetype" else method
            zi.external_attr = 0o100644 << 16
            z.writestr(zi, b(data))
    return buf.getvalue()


CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
      'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
      '{}</Types>')
CORE = ('<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.'
        'openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/'
        'elements/1.1/"><dc:creator>Reuters</dc:creator><dc:rights>© 2025 Reuters</dc:rights>'
        '</cp:coreProperties>')
APP = ('<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
       '2006/extended-properties"><Company>Anadolu Ajansı</Company></Properties>')
CUSTOM = ('<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/'
          'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
          'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-'
          '08002B2CF9AE}" pid="2" name="Copyright"><vt:lpwstr>© AP</vt:lpwstr></property>'
          '</Properties>')
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx_bytes(paragraphs=None, media=True):
    paragraphs = paragraphs or [["DİYARBAKIR (", ("İLKHA", True), ") - Haber."], ["(İLKHA)"],
                                [ILKHA_TR[:40], ILKHA_TR[40:]]]

    def run(r):
        text, bold = (r, False) if isinstance(r, str) else r
        text = text.replace("&", "&amp;").replace("<", "&lt;")
        return (f'<w:r>{"<w:rPr><w:b/></w:rPr>" if bold else ""}'
                f'<w:t xml:space="preserve">{text}</w:t></w:r>')
    body = "".join("<w:p>" + "".join(run(r) for r in p) + "</w:p>" for p in paragraphs)
    parts = [
        ("[Content_Types].xml", CT.format(
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.wordprocessingml.document.main+xml"/>')),
        ("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats'
         '.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
         'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
         'document.xml"/></Relationships>'),
        ("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}>'
         f'<w:body>{body}<w:sectPr/></w:body></w:document>'),
        ("word/footer1.xml", f'<w:ftr {W_NS}><w:p><w:r><w:t>© 2025 AP</w:t></w:r></w:p></w:ftr>'),
        ("docProps/core.xml", CORE), ("docProps/app.xml", APP), ("docProps/custom.xml", CUSTOM),
    ]
    if media:
        parts.append(("word/media/image1.jpg", jpeg_bytes(AP_CREDIT, "AP")))
    return zip_bytes(parts)


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"')


def odf_bytes(kind="text"):
    mime = {"text": "application/vnd.oasis.opendocument.text",
            "spreadsheet": "application/vnd.oasis.opendocument.spreadsheet",
            "presentation": "application/vnd.oasis.opendocument.presentation"}[kind]
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF_NS}>'
               f'<office:body><office:{kind}><text:h>Başlık</text:h><text:p>ANKARA (AA) - Haber'
               f'<text:s/>metni.<text:line-break/>Devamı<text:tab/>burada.</text:p>'
               f'<text:tracked-changes><text:p>silinen</text:p></text:tracked-changes>'
               f'<presentation:notes><text:p>© 2025 AA</text:p></presentation:notes>'
               f'</office:{kind}></office:body></office:document-content>')
    meta = (f'<?xml version="1.0"?><office:document-meta {ODF_NS}><office:meta><dc:creator>AA'
            f'</dc:creator><dc:rights>Tüm hakları saklıdır</dc:rights><meta:user-defined '
            f'meta:name="Copyright">Anadolu Ajansı</meta:user-defined></office:meta>'
            f'</office:document-meta>')
    styles = (f'<?xml version="1.0"?><office:document-styles {ODF_NS}><office:master-styles>'
              f'<style:master-page><style:footer><text:p>© Anadolu Ajansı</text:p></style:footer>'
              f'</style:master-page></office:master-styles></office:document-styles>')
    return zip_bytes([("mimetype", mime), ("content.xml", content), ("meta.xml", meta),
                      ("styles.xml", styles), ("Pictures/p.png", png_bytes())],
                     method=zipfile.ZIP_DEFLATED)


def epub_bytes():
    container = ('<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:'
                 'opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" '
                 'media-type="application/oebps-package+xml"/></rootfiles></container>')
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Book</dc:title>'
           '<dc:rights>© 2025 Agence France-Presse</dc:rights><dc:creator>AFP</dc:creator>'
           '<meta property="tdm:reservation">1</meta></metadata><manifest>'
           '<item id="c1" href="Text/ch%201.xhtml" media-type="application/xhtml+xml"/>'
           '</manifest><spine><itemref idref="c1"/></spine></package>')
    ch = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>PARIS (AFP) -'
          ' Texte.</p><p>' + CC_BY + '</p></body></html>')
    return zip_bytes([("mimetype", "application/epub+zip"), ("META-INF/container.xml", container),
                      ("OEBPS/content.opf", opf), ("OEBPS/Text/ch 1.xhtml", ch),
                      ("OEBPS/Images/cover.jpg", jpeg_bytes(None, "AFP"))])


def xlsx_bytes():
    ss = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
          'main"><si><t>Copyright 2025 Reuters</t></si><si><r><t>All rights </t></r><r><t>'
          'reserved</t></r><rPh><t>ふりがな</t></rPh></si></sst>')
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row><c t="s"><v>0</v></c><c t="inlineStr">'
             '<is><t>LONDON (Reuters)</t></is></c><c t="str"><v>© AP</v></c></row></sheetData>'
             '<headerFooter><oddFooter>&amp;L&amp;8Page &amp;P&amp;R&amp;"Arial,Bold"© 2025 AA'
             '</oddFooter></headerFooter></worksheet>')
    return zip_bytes([("[Content_Types].xml", CT.format("")),
                      ("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/'
                       'spreadsheetml/2006/main"/>'),
                      ("xl/sharedStrings.xml", ss), ("xl/worksheets/sheet1.xml", sheet),
                      ("docProps/core.xml", CORE)])


def pptx_bytes():
    a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
    p = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
    slide = (f'<?xml version="1.0"?><p:sld {a} {p}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r>'
             f'<a:t>WASHINGTON (AP) —</a:t></a:r><a:br/><a:r><a:t>{AP_CREDIT}</a:t></a:r></a:p>'
             f'</p:txBody></p:sp></p:spTree></p:cSld></p:sld>')
    return zip_bytes([("[Content_Types].xml", CT.format("")),
                      ("ppt/presentation.xml", f'<p:presentation {p}/>'),
                      ("ppt/slides/slide1.xml", slide),
                      ("ppt/notesSlides/notesSlide1.xml", slide.replace("p:sld", "p:notes")),
                      ("ppt/media/image1.png", png_bytes()), ("docProps/app.xml", APP)])

# ---- PDF ----


def pdf_bytes(text="Copyright 2025 The Associated Press. All rights reserved.",
              info=b"/Copyright (\xa9 2025 AP) /Author (AP) /Title (Talks)"):
    """A one-page PDF with Helvetica text, an Info dictionary and a correct xref."""
    esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 12 Tf 72 720 Td ({esc}) Tj ET".encode("latin-1", "replace")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< " + info + b" >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, o in enumerate(objs, 1):
        offs.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for o in offs:
        out.write(b"%010d 00000 n \n" % o)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objs) + 1, len(objs), xref))
    return out.getvalue()

# ---- images and their metadata ----


def xmp_packet(rights=None, credit=None, usage=None):
    return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:'
            'meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmpRights="http://ns.'
            'adobe.com/xap/1.0/rights/"' + (f' photoshop:Credit="{credit}"' if credit else "") + '>'
            + (f'<dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{rights}</rdf:li></rdf:Alt>'
               f'</dc:rights>' if rights else "")
            + (f'<xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang="x-default">{usage}</rdf:li>'
               f'</rdf:Alt></xmpRights:UsageTerms>' if usage else "")
            + '<dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>'
            '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')


def tiff_bytes(copyright=AP_CREDIT, artist="Jane Doe/AP", le=True, xmp=None, iptc=None,
               image=True):
    """A TIFF structure (the whole of a .tif, or an EXIF block): IFD0 with Artist, Copyright
    and, when given, XMP (tag 700) and IPTC (33723)."""
    e = "<" if le else ">"
    entries = []  # (tag, type, count, payload bytes)
    if image:
        entries += [(256, 3, 1, struct.pack(e + "H", 1) + b"\0\0"),
                    (257, 3, 1, struct.pack(e + "H", 1) + b"\0\0")]
    if artist:
        entries.append((0x013B, 2, 0, b(artist) + b"\0"))
    if xmp:
        entries.append((700, 1, 0, b(xmp)))
    if copyright:
        entries.append((0x8298, 2, 0, b(copyright) + b"\0Editor\0"))
    if iptc:
        entries.append((33723, 7, 0, iptc))
    entries.sort()
    n = len(entries)
    ifd_off = 8
    data_off = ifd_off + 2 + 12 * n + 4
    head = (b"II*\0" if le else b"MM\0*") + struct.pack(e + "I", ifd_off)
    ifd, data = struct.pack(e + "H", n), b""
    for tag, typ, count, payload in entries:
        if count == 0:
            count = len(payload)
        if len(payload) <= 4:
            ifd += struct.pack(e + "HHI", tag, typ, count) + payload.ljust(4, b"\0")
        else:
            ifd += struct.pack(e + "HHII", tag, typ, count, data_off + len(data))
            data += payload + (b"\0" if len(payload) % 2 else b"")
    return head + ifd + struct.pack(e + "I", 0) + data


def iim(rec, ds, v):
    v = b(v)
    return b"\x1c" + bytes([rec, ds]) + struct.pack(">H", len(v)) + v


def iptc_block(notice=AP_CREDIT, credit="AP", utf8=True):
    d = b"\x1c\x01\x5a\x00\x03\x1b%G" if utf8 else b""
    if credit:
        d += iim(2, 110, credit) + iim(2, 80, "Jane Doe")
    if notice:
        d += iim(2, 116, notice)
    return d


def photoshop_irb(iptc):
    return b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc + (b"\0" if len(iptc) % 2 else b"")


JPEG_8X8 = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e12"
    "11101318281a181616183123251d283a333d3c3933383740485c4e404457453738506d51"
    "575f626768673e4d71797064785c656763ffc0000b080008000801011100ffc400140001"
    "00000000000000000000000000000001ffc4001410010000000000000000000000000000"
    "0000ffda0008010100003f003fffd9")


def jpeg_segment(marker, payload):
    return b"\xff" + bytes([marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg_bytes(notice=AP_CREDIT, credit="AP", exif=True, xmp=True, iptc=True, extra=b""):
    """An 8x8 JPEG with EXIF (APP1), XMP (APP1) and IPTC IIM (APP13) as asked; extra
    segments (raw bytes) go right after APP0."""
    out = JPEG_8X8[:20] + extra
    if exif and (notice or credit):
        out += jpeg_segment(0xE1, b"Exif\0\0" + tiff_bytes(notice, credit, image=False))
    if xmp and (notice or credit):
        out += jpeg_segment(0xE1, b"http://ns.adobe.com/xap/1.0/\0" + b(xmp_packet(notice, credit)))
    if iptc and (notice or credit):
        out += jpeg_segment(0xED, b"Photoshop 3.0\0" + photoshop_irb(iptc_block(notice, credit)))
    return out + JPEG_8X8[20:]


def png_chunk(typ, data):
    return struct.pack(">I", len(data)) + typ + data + struct.pack(">I", zlib.crc32(typ + data))


def png_bytes(copyright=AP_CREDIT):
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\0\0")
    out = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr)
    if copyright:
        out += png_chunk(b"tEXt", b"Copyright\0" + copyright.encode("latin-1", "replace"))
        out += png_chunk(b"zTXt", b"Author\0\0" + zlib.compress(b"Jane Doe / AP"))
        out += png_chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0" + b(xmp_packet(copyright, "AP")))
        out += png_chunk(b"iTXt", b"Source\0\1\0tr\0Kaynak\0" + zlib.compress(b("İLKHA")))
        out += png_chunk(b"eXIf", tiff_bytes(copyright, "AP", le=False, image=False))
        hexd = tiff_bytes(copyright, None, image=False).hex()
        out += png_chunk(b"tEXt", b"Raw profile type exif\0\nexif\n%8d\n" % (len(hexd) // 2)
                         + b"457869660000" + hexd.encode() + b"\n")
    return out + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def gif_bytes(comment="© 2025 Reuters", xmp=True):
    out = b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
    if comment:
        c = b(comment)
        out += b"\x21\xfe" + bytes([len(c)]) + c + b"\0"
    if xmp:
        trailer = b"\x01" + bytes(range(255, -1, -1)) + b"\0"
        out += b"\x21\xff\x0bXMP DataXMP" + b(xmp_packet(AP_CREDIT, "AP")) + trailer
    out += b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return out + b"\x3b"


def riff_chunk(fourcc, data):
    return fourcc + struct.pack("<I", len(data)) + data + (b"\0" if len(data) % 2 else b"")


def webp_bytes():
    vp8x = riff_chunk(b"VP8X", bytes([0x0C, 0, 0, 0]) + b"\0\0\0" + b"\0\0\0")
    body = (b"WEBP" + vp8x + riff_chunk(b"VP8L", b"\x2f\0\0\0\0\x07\x10\x11\x11\x88\x88\xfe\x07\0")
            + riff_chunk(b"EXIF", b"Exif\0\0" + tiff_bytes(image=False))
            + riff_chunk(b"XMP ", b(xmp_packet("© 2025 AFP", "AFP"))))
    return b"RIFF" + struct.pack("<I", len(body)) + body


def box(typ, body):
    return struct.pack(">I", 8 + len(body)) + typ + body


def fullbox(typ, ver, flags, body):
    return box(typ, bytes([ver]) + flags.to_bytes(3, "big") + body)


def heif_bytes():
    """ftyp heic + meta (hdlr, iinf with an Exif and an XMP item, iloc) + mdat."""
    exif = struct.pack(">I", 6) + b"Exif\0\0" + tiff_bytes(image=False)
    xmp = b(xmp_packet("© 2025 Reuters", "Reuters"))
    ftyp = box(b"ftyp", b"heic" + struct.pack(">I", 0) + b"mif1heic")
    hdlr = fullbox(b"hdlr", 0, 0, b"\0\0\0\0pict" + b"\0" * 12 + b"\0")
    infe1 = fullbox(b"infe", 2, 0, struct.pack(">HH", 1, 0) + b"Exif" + b"\0")
    infe2 = fullbox(b"infe", 2, 0, struct.pack(">HH", 2, 0) + b"mime" + b"xmp\0"
                    + b"application/rdf+xml\0")
    iinf = fullbox(b"iinf", 0, 0, struct.pack(">H", 2) + infe1 + infe2)

    def build(mdat_at):
        iloc = fullbox(b"iloc", 0, 0, bytes([0x44, 0x00]) + struct.pack(">H", 2)
                       + struct.pack(">HHHII", 1, 0, 1, mdat_at, len(exif))
                       + struct.pack(">HHHII", 2, 0, 1, mdat_at + len(exif), len(xmp)))
        meta = fullbox(b"meta", 0, 0, hdlr + iinf + iloc)
        return ftyp + meta
    head = build(0)
    at = len(head) + 8
    return build(at) + box(b"mdat", exif + xmp)


def syncsafe(n):
    return bytes([(n >> 21) & 0x7F, (n >> 14) & 0x7F, (n >> 7) & 0x7F, n & 0x7F])


def mp3_bytes():
    def frame(fid, body):
        return fid + struct.pack(">I", len(body)) + b"\0\0" + body
    frames = (frame(b"TCOP", b"\x03" + b("2025 The Associated Press"))
              + frame(b"TPE1", b"\x01" + "Jane Doe".encode("utf-16"))
              + frame(b"COMM", b"\x00eng\0" + "© AFP".encode("latin-1"))
              + frame(b"TXXX", b"\x03Rights\0" + b("All rights reserved")))
    tag = b"ID3\x03\x00\x00" + syncsafe(len(frames)) + frames
    silence = b"\xff\xfb\x90\x64" + b"\0" * 413
    v1 = b"TAG" + b"Title".ljust(30, b"\0") + b"AP".ljust(30, b"\0") + b"".ljust(30, b"\0") \
        + b"2025" + b"(c) AP".ljust(30, b"\0") + b"\x0c"
    return tag + silence + v1


def vorbis_comment(pairs, vendor=b"rightscan"):
    out = struct.pack("<I", len(vendor)) + vendor + struct.pack("<I", len(pairs))
    for k, v in pairs:
        kv = b(k) + b"=" + b(v)
        out += struct.pack("<I", len(kv)) + kv
    return out


COMMENTS = [("COPYRIGHT", "© 2025 dpa"), ("ARTIST", "dpa"), ("LICENSE", CC_BY)]


def flac_bytes():
    streaminfo = struct.pack(">HH", 4096, 4096) + b"\0" * 6 + bytes([0x0A, 0xC4, 0x42, 0xF0]) \
        + b"\0" * 4 + b"\0" * 16
    vc = vorbis_comment(COMMENTS)
    return (b"fLaC" + bytes([0]) + len(streaminfo).to_bytes(3, "big") + streaminfo
            + bytes([0x84]) + len(vc).to_bytes(3, "big") + vc)


def _ogg_crc(data):
    crc = 0
    for byte in data:
        crc ^= byte << 24
        for _ in range(8):
            crc = ((crc << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if crc & 0x80000000 else (crc << 1) & 0xFFFFFFFF
    return crc


def ogg_page(packet, seq, flags=0, serial=0x1234):
    lacing = b""
    n = len(packet)
    while n >= 255:
        lacing += b"\xff"
        n -= 255
    lacing += bytes([n])
    head = (b"OggS\0" + bytes([flags]) + struct.pack("<qII", 0, serial, seq) + b"\0\0\0\0"
            + bytes([len(lacing)]) + lacing)
    crc = _ogg_crc(head + packet)
    return head[:22] + struct.pack("<I", crc) + head[26:] + packet


def ogg_bytes():
    ident = b"\x01vorbis" + struct.pack("<IBIiii", 0, 2, 44100, 0, 128000, 0) + b"\xb8\x01"
    comment = b"\x03vorbis" + vorbis_comment(COMMENTS) + b"\x01"
    return ogg_page(ident, 0, flags=2) + ogg_page(comment, 1)


def mp4_bytes():
    def text_atom(typ, s):
        s = b(s)
        return box(typ, struct.pack(">HH", len(s), 0x55C4) + s)
    data = fullbox(b"data", 0, 1, b"\0\0\0\0" + b("© 2025 Reuters"))
    ilst = box(b"ilst", box(b"cprt", data) + box(b"\xa9ART", fullbox(b"data", 0, 1, b"\0\0\0\0Reuters")))
    meta = fullbox(b"meta", 0, 0, fullbox(b"hdlr", 0, 0, b"\0\0\0\0mdirappl" + b"\0" * 9) + ilst)
    cprt = fullbox(b"cprt", 0, 0, struct.pack(">H", 0x15C7) + b("Copyright 2025 AP") + b"\0")
    udta = box(b"udta", text_atom(b"\xa9cpy", "© 2025 AFP") + cprt + meta)
    moov = box(b"moov", fullbox(b"mvhd", 0, 0, b"\0" * 96) + udta)
    return box(b"ftyp", b"isom\0\0\2\0isommp41") + moov + box(b"mdat", b"\0" * 16)


def binary_with_strings():
    return (b"\x7fELF\x02\x01\x01" + b"\0" * 40 + b"Copyright (c) 2025 Example Software Ltd. All "
            b"rights reserved.\0\x01\x02" + "© Anadolu Ajansı tüm hakları saklıdır\0".encode()
            + bytes(range(256)))

# ---- archives ----


def tar_bytes(members, compress=None, fmt=tarfile.USTAR_FORMAT):
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=fmt) as t:
        for name, data in members:
            data = b(data)
            ti = tarfile.TarInfo(name)
            ti.size, ti.mtime, ti.mode = len(data), 1764309600, 0o644
            t.addfile(ti, io.BytesIO(data))
    out = raw.getvalue()
    if compress == "gz":
        return gzip.compress(out, mtime=0)
    if compress == "bz2":
        return bz2.compress(out)
    if compress == "xz":
        return lzma.compress(out)
    return out


_LA = None


def libarchive():
    """libarchive through ctypes (None when it cannot be loaded)."""
    global _LA
    if _LA is not None:
        return _LA or None
    try:
        la = ctypes.CDLL(ctypes.util.find_library("archive") or "libarchive.so.13")
    except OSError:
        _LA = False
        return None
    vp, c = ctypes.c_void_p, ctypes
    for name, res, args in [
        ("archive_write_new", vp, []), ("archive_write_set_format", c.c_int, [vp, c.c_int]),
        ("archive_write_add_filter", c.c_int, [vp, c.c_int]),
        ("archive_write_set_options", c.c_int, [vp, c.c_char_p]),
        ("archive_write_open_memory", c.c_int, [vp, vp, c.c_size_t, c.POINTER(c.c_size_t)]),
        ("archive_write_header", c.c_int, [vp, vp]),
        ("archive_write_data", c.c_ssize_t, [vp, c.c_char_p, c.c_size_t]),
        ("archive_write_close", c.c_int, [vp]), ("archive_write_free", c.c_int, [vp]),
        ("archive_error_string", c.c_char_p, [vp]),
        ("archive_entry_new", vp, []), ("archive_entry_free", None, [vp]),
        ("archive_entry_set_pathname", None, [vp, c.c_char_p]),
        ("archive_entry_set_size", None, [vp, c.c_int64]),
        ("archive_entry_set_filetype", None, [vp, c.c_uint]),
        ("archive_entry_set_perm", None, [vp, c.c_uint]),
        ("archive_entry_set_mtime", None, [vp, c.c_int64, c.c_long]),
        ("archive_entry_set_symlink", None, [vp, c.c_char_p]),
    ]:
        f = getattr(la, name)
        f.restype, f.argtypes = res, args
    _LA = la
    return la


# libarchive's format and filter codes (archive.h)
FORMAT_CPIO_POSIX, FORMAT_CPIO_NEWC = 0x10001, 0x10004
FORMAT_ISO9660, FORMAT_ZIP, FORMAT_7ZIP, FORMAT_RAW = 0x40000, 0x50000, 0xE0000, 0x90000
FORMAT_TAR_PAX = 0x30002
FILTER_NONE, FILTER_GZIP, FILTER_BZIP2, FILTER_COMPRESS = 0, 1, 2, 3
FILTER_XZ, FILTER_LZMA, FILTER_ZSTD = 6, 5, 14


def la_archive(members, fmt, filt=FILTER_NONE, options=None):
    """members: [(name, bytes) or (name, None, symlink_target)] written by libarchive; None
    when libarchive is not there or refuses."""
    la = libarchive()
    if not la:
        return None
    total = sum(len(m[1] or b"") for m in members)
    cap = 2 * total + (1 << 20)
    buf = ctypes.create_string_buffer(cap)
    used = ctypes.c_size_t(0)
    a = la.archive_write_new()
    try:
        if la.archive_write_set_format(a, fmt) != 0:
            return None
        if filt != FILTER_NONE and la.archive_write_add_filter(a, filt) != 0:
            return None
        if options and la.archive_write_set_options(a, options.encode()) != 0:
            return None
        if la.archive_write_open_memory(a, buf, cap, ctypes.byref(used)) != 0:
            return None
        for m in members:
            name, data = m[0], b(m[1]) if m[1] is not None else None
            e = la.archive_entry_new()
            la.archive_entry_set_pathname(e, name.encode() if isinstance(name, str) else name)
            la.archive_entry_set_mtime(e, 1764309600, 0)
            if data is None:
                la.archive_entry_set_filetype(e, 0o120000)
                la.archive_entry_set_perm(e, 0o777)
                la.archive_entry_set_symlink(e, m[2].encode())
                la.archive_entry_set_size(e, 0)
            else:
                la.archive_entry_set_filetype(e, 0o100000)
                la.archive_entry_set_perm(e, 0o644)
                la.archive_entry_set_size(e, len(data))
            rc = la.archive_write_header(a, e)
            if rc == 0 and data:
                la.archive_write_data(a, data, len(data))
            la.archive_entry_free(e)
            if rc != 0:
                return None
        if la.archive_write_close(a) != 0:
            return None
        return buf.raw[:used.value]
    finally:
        la.archive_write_free(a)


def sevenz_copy(name, data):
    """A 7z archive written by hand: one file, one folder with the Copy coder, no CRCs of
    the file (optional in the format); the header's own CRCs are right."""
    return _sevenz(name, b(data), coder=b"\x00", props=None)


def sevenz_aes(name, data):
    """The same with the 7zAES coder (06 F1 07 01) on the folder: an encrypted entry (the
    'ciphertext' is the plain data; a reader must refuse before decoding)."""
    return _sevenz(name, b(data), coder=b"\x06\xf1\x07\x01", props=b"\x13\x0f" + b"\0" * 16)


def _num(n):
    # 7z NUMBER: 0xxxxxxx is one byte; 10xxxxxx + 1 byte; ... (values below 2^14 here)
    if n < 0x80:
        return bytes([n])
    if n < 0x4000:
        return bytes([0x80 | (n >> 8), n & 0xFF])
    if n < 0x200000:
        return bytes([0xC0 | (n >> 16), n & 0xFF, (n >> 8) & 0xFF])
    return bytes([0xFF]) + struct.pack("<Q", n)


def _sevenz(name, data, coder, props):
    flag = len(coder) | (0x20 if props else 0)
    coder_rec = bytes([flag]) + coder + ((_num(len(props)) + props) if props else b"")
    nm = name.encode("utf-16-le") + b"\0\0"
    header = (b"\x01"                                   # kHeader
              + b"\x04"                                 # kMainStreamsInfo
              + b"\x06" + _num(0) + _num(1) + b"\x09" + _num(len(data)) + b"\x00"  # PackInfo
              + b"\x07" + b"\x0b" + _num(1) + b"\x00"   # UnPackInfo: 1 folder, not external
              + _num(1) + coder_rec                     # folder: 1 coder
              + b"\x0c" + _num(len(data)) + b"\x00"     # unpack size; end UnPackInfo
              + b"\x08" + b"\x00"                       # SubStreamsInfo: one stream a folder
              + b"\x00"                                 # end MainStreamsInfo
              + b"\x05" + _num(1)                       # FilesInfo: 1 file
              + b"\x11" + _num(len(nm) + 1) + b"\x00" + nm   # names, not external
              + b"\x00"                                 # end FilesInfo
              + b"\x00")                                # end Header
    start = struct.pack("<QQI", len(data), len(header), zlib.crc32(header))
    sig = b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(start)) + start
    return sig + data + header


def archive_samples():
    """Containers for the walker: one of every kind, with a notice inside."""
    story = b(ILKHA_STORY)
    out = {
        "a.zip": zip_bytes([("story.txt", story), ("photo.jpg", jpeg_bytes()), ("d/", b"")]),
        "stored.zip": zip_bytes([("a.txt", AP_STORY)], method=zipfile.ZIP_STORED),
        "a.tar": tar_bytes([("story.txt", story), ("b.html", html_samples()["afp.html"])]),
        "a.tar.gz": tar_bytes([("in/batch.zip", zip_bytes([("s.txt", AP_STORY)]))], "gz"),
        "a.tar.bz2": tar_bytes([("s.txt", AP_STORY)], "bz2"),
        "a.tar.xz": tar_bytes([("s.txt", AP_STORY)], "xz"),
        "pax.tar": tar_bytes([("ü/s.txt", AP_STORY)], fmt=tarfile.PAX_FORMAT),
        "story.txt.gz": gzip.compress(story, mtime=0),
        "doc.docx.gz": gzip.compress(docx_bytes(), mtime=0),
        "a.7z": sevenz_copy("story.txt", story),
        "enc.7z": sevenz_aes("story.txt", story),
    }
    for name, fmt, filt in [("la.7z", FORMAT_7ZIP, FILTER_NONE), ("a.cpio", FORMAT_CPIO_NEWC, FILTER_NONE),
                            ("a.iso", FORMAT_ISO9660, FILTER_NONE),
                            ("a.tar.zst", FORMAT_TAR_PAX, FILTER_ZSTD),
                            ("a.tar.Z", FORMAT_TAR_PAX, FILTER_COMPRESS),
                            ("s.txt.lzma", FORMAT_RAW, FILTER_LZMA)]:
        members = [("story.txt", story)] if fmt != FORMAT_RAW else [("s.txt", story)]
        if fmt == FORMAT_CPIO_NEWC:
            members.append(("link", None, "story.txt"))
        data = la_archive(members, fmt, filt)
        if data:
            out[name] = data
    return out


def document_samples():
    """One or more valid samples per extractor function name (RS_EXTRACTORS)."""
    t = text_samples()
    return {
        "text": t,
        "html": html_samples(),
        "xml": xml_samples(),
        "json": json_samples(),
        "docx": {"a.docx": docx_bytes(), "plain.docx": docx_bytes(media=False)},
        "odt": {"a.odt": odf_bytes("text"), "a.ods": odf_bytes("spreadsheet"),
                "a.odp": odf_bytes("presentation")},
        "epub": {"a.epub": epub_bytes()},
        "ooxml": {"a.xlsx": xlsx_bytes(), "a.pptx": pptx_bytes()},
        "rtf": {"a.rtf": rtf_sample()},
        "pdf": {"a.pdf": pdf_bytes()},
        "jpeg": {"a.jpg": jpeg_bytes(), "iptc-only.jpg": jpeg_bytes(exif=False, xmp=False),
                 "plain.jpg": JPEG_8X8},
        "png": {"a.png": png_bytes()},
        "gif": {"a.gif": gif_bytes()},
        "tiff": {"le.tif": tiff_bytes(xmp=xmp_packet("© AFP", "AFP"), iptc=iptc_block()),
                 "be.tif": tiff_bytes(le=False)},
        "webp": {"a.webp": webp_bytes()},
        "heif": {"a.heic": heif_bytes()},
        "mp3": {"a.mp3": mp3_bytes()},
        "flac": {"a.flac": flac_bytes()},
        "ogg": {"a.ogg": ogg_bytes()},
        "mp4": {"a.mp4": mp4_bytes()},
        "strings": {"a.bin": binary_with_strings()},
    }
