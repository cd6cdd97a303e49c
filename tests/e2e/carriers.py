"""carriers.py — one small file per carrier of rights metadata, each naming one agency
only in that carrier (used by test_carriers.py). build() returns {name: (bytes, holder,
field)}: the file, the holder the real signature set must report, and the field it is
found in."""
import io
import struct
import zipfile
import zlib


def build():
    files = {}

    def xmp(props):
        return ('<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">'
                '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
                'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
                + props + '/></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()

    def tiff(copyright, le=True):
        e = '<' if le else '>'
        val = copyright.encode() + b'\0'
        hdr = (b'II*\0' if le else b'MM\0*') + struct.pack(e + 'I', 8)
        ifd = struct.pack(e + 'H', 1) + struct.pack(e + 'HHII', 0x8298, 2, len(val), 8 + 2 + 12 + 4) + struct.pack(e + 'I', 0)
        return hdr + ifd + val

    # PNG: tEXt Copyright
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
    png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 1, 1, 8, 2, 0, 0, 0))
    png += chunk(b'iCCP', b'ICC\0\0' + zlib.compress(b'Copyright (c) 1998 Hewlett-Packard Company'))
    png += chunk(b'tEXt', 'Copyright\0© Reuters'.encode())
    png += chunk(b'IDAT', zlib.compress(b'\0\0\0\0')) + chunk(b'IEND', b'')
    files['photo.png'] = png

    files['scan.tif'] = tiff('AFP Photo', le=False)

    # WebP with XMP credit
    def riff(i, d):
        return i + struct.pack('<I', len(d)) + d + (b'\0' if len(d) & 1 else b'')
    body = b'WEBP' + riff(b'VP8X', b'\x04' + b'\0' * 9) + riff(b'XMP ', xmp('photoshop:Credit="Getty Images"'))
    files['image.webp'] = b'RIFF' + struct.pack('<I', len(body)) + body

    # GIF with XMP dc:rights
    g = b'GIF89a' + struct.pack('<HHBBB', 1, 1, 0, 0, 0)
    x = xmp('><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">© dpa</rdf:li></rdf:Alt></dc:rights></rdf:Description><rdf:Description')
    g += b'\x21\xFF\x0BXMP DataXMP' + x + b'\x01' + bytes(range(255, 0, -1)) + b'\0\0'
    g += b'\x2C' + b'\0\0\0\0\1\0\1\0\0' + b'\x02\x02\x4C\x01\x00' + b'\x3B'
    files['anim.gif'] = g

    # HEIF with an Exif item
    def box(t, d):
        return struct.pack('>I', 8 + len(d)) + t + d
    exif = struct.pack('>I', 6) + b'Exif\0\0' + tiff('Associated Press')
    infe = lambda i, t: box(b'infe', b'\2\0\0\0' + struct.pack('>HH', i, 0) + t + b'\0')
    iinf = box(b'iinf', b'\0\0\0\0' + struct.pack('>H', 1) + infe(1, b'Exif'))
    ftyp = box(b'ftyp', b'heic\0\0\0\0mif1heic')
    def heif(off):
        iloc = box(b'iloc', b'\0\0\0\0' + bytes([0x44, 0]) + struct.pack('>HHHHII', 1, 1, 0, 1, off, len(exif)))
        meta = box(b'meta', b'\0\0\0\0' + box(b'hdlr', b'\0' * 8 + b'pict' + b'\0' * 13) + iinf + iloc)
        return ftyp + meta
    pre = heif(0)
    files['photo.heic'] = heif(len(pre) + 8) + box(b'mdat', exif)

    # JPEG with IPTC credit
    iim = b'\x1c\x01\x5a\x00\x03\x1b%G' + b'\x1c\x02\x6e' + struct.pack('>H', 7) + b'EPA-EFE'
    irb = b'8BIM\x04\x04\0\0' + struct.pack('>I', len(iim)) + iim + (b'\0' if len(iim) & 1 else b'')
    app13 = b'Photoshop 3.0\0' + irb
    files['photo.jpg'] = b'\xff\xd8\xff\xed' + struct.pack('>H', len(app13) + 2) + app13 + b'\xff\xda\x00\x02\xff\xd9'

    # MP3: ID3v2.3 TCOP
    fr = b'\0' + 'Shutterstock'.encode('latin-1')
    tag = b'TCOP' + struct.pack('>IH', len(fr), 0) + fr
    ss = len(tag)
    files['song.mp3'] = b'ID3\3\0\0' + bytes([(ss >> 21) & 127, (ss >> 14) & 127, (ss >> 7) & 127, ss & 127]) + tag + b'\xff\xfb\x90\x00' + b'\0' * 32

    def vorbis(pairs):
        v = struct.pack('<I', 3) + b'enc' + struct.pack('<I', len(pairs))
        for p in pairs:
            b = p.encode()
            v += struct.pack('<I', len(b)) + b
        return v
    vc = vorbis(['TITLE=x', 'COPYRIGHT=Kyodo News'])
    files['song.flac'] = b'fLaC' + bytes([0, 0, 0, 34]) + b'\0' * 34 + bytes([0x84]) + struct.pack('>I', len(vc))[1:] + vc

    def page(typ, seq, packets):
        lace, data = b'', b''
        for p in packets:
            n = len(p)
            while n >= 255:
                lace += b'\xff'; n -= 255
            lace += bytes([n]); data += p
        return b'OggS\0' + bytes([typ]) + b'\0' * 8 + struct.pack('<III', 9, seq, 0) + bytes([len(lace)]) + lace + data
    files['song.ogg'] = page(2, 0, [b'\x01vorbis' + b'\0' * 23]) + page(0, 1, [b'\x03vorbis' + vorbis(['ORGANIZATION=Yonhap']) + b'\x01'])

    cpy = '© PA Images'.encode()
    udta = box(b'udta', box(b'\xa9cpy', struct.pack('>HH', len(cpy), 0x55c4) + cpy))
    files['clip.mp4'] = box(b'ftyp', b'isom\0\0\2\0isomiso2') + box(b'moov', box(b'mvhd', b'\0' * 12) + udta) + box(b'mdat', b'\0' * 8)

    # news
    files['item.xml'] = '''<?xml version="1.0" encoding="UTF-8"?>
    <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" version="1" standard="NewsML-G2">
     <rightsInfo><copyrightHolder uri="http://aa.com.tr"><name>Anadolu Ajansı</name></copyrightHolder></rightsInfo>
     <itemMeta><itemClass qcode="ninat:text"/><embargoed>2099-01-01T00:00:00Z</embargoed></itemMeta>
     <contentSet><inlineXML><p>Ankara'da bugün toplantı yapıldı.</p></inlineXML></contentSet>
    </newsItem>'''.encode()
    files['legacy.newsml'] = '''<?xml version="1.0"?><NewsML><NewsItem><NewsComponent><RightsMetadata><Copyright>
    <CopyrightHolder>Agence France-Presse</CopyrightHolder><CopyrightDate>2025</CopyrightDate></Copyright></RightsMetadata>
    <ContentItem><DataContent><p>La réunion a eu lieu.</p></DataContent></ContentItem></NewsComponent></NewsItem></NewsML>'''.encode()
    files['story.nitf'] = '''<?xml version="1.0"?><nitf><head><docdata><doc.copyright year="2025" holder="Bloomberg News"/>
    <date.release norm="20990101T000000Z"/></docdata></head><body><body.content><p>Markets rose.</p></body.content></body></nitf>'''.encode()
    files['story.ninjs'] = b'{"uri": "urn:x", "type": "text", "version": "1", "copyrightholder": "Xinhua", "body_text": "Text."}'
    files['feed.rss'] = '''<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>T</title>
    <item><title>I</title><media:content url="x.jpg"><media:credit>TASS</media:credit></media:content></item></channel></rss>'''.encode()
    files['feed.atom'] = '''<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><rights>© Ritzau</rights>
    <entry><title>E</title><content>Text</content></entry></feed>'''.encode()
    files['page.html'] = '''<!DOCTYPE html><html><head><title>Page</title><script type="application/ld+json">
    {"@context":"https://schema.org","@type":"NewsArticle","copyrightHolder":{"@type":"Organization","name":"ANSA"}}
    </script></head><body><p>Roma, oggi.</p></body></html>'''.encode()
    files['micro.html'] = '''<!DOCTYPE html><html><body><div itemscope itemtype="https://schema.org/Photograph">
    <span itemprop="creditText">Jiji Press</span><p>Tokyo.</p></div></body></html>'''.encode()
    files['photo.xmp'] = xmp('photoshop:Credit="ILKHA"')


    expect = {
        "anim.gif": ("dpa", "xmp:dc:rights"), "clip.mp4": ("pa", "mp4:\u00a9cpy"),
        "feed.atom": ("ritzau", "atom:rights"), "feed.rss": ("tass", "rss:media:credit"),
        "image.webp": ("getty", "xmp:photoshop:Credit"),
        "item.xml": ("aa", "newsml:rightsInfo/copyrightHolder"),
        "legacy.newsml": ("afp", "newsml1:Copyright/CopyrightHolder"),
        "micro.html": ("jiji", "microdata:creditText"), "page.html": ("ansa", "jsonld:copyrightHolder"),
        "photo.heic": ("ap", "exif:Copyright"), "photo.jpg": ("epa", "iptc:2:110"),
        "photo.png": ("reuters", "png:Copyright"), "photo.xmp": ("ilkha", "xmp:photoshop:Credit"),
        "scan.tif": ("afp", "exif:Copyright"), "song.flac": ("kyodo", "vorbis:COPYRIGHT"),
        "song.mp3": ("shutterstock", "id3:TCOP"), "song.ogg": ("yonhap", "vorbis:ORGANIZATION"),
        "story.ninjs": ("xinhua", "ninjs:copyrightholder"),
        "story.nitf": ("bloomberg", "nitf:doc.copyright"),
    }
    out = {name: (data,) + expect[name] for name, data in files.items()}
    out.update(documents(files["photo.jpg"]))
    return out


def _zip(parts):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            z.writestr(name, data)
    return b.getvalue()


def _pdf(text, copyright):
    """A one-page PDF with text and an Info dictionary carrying /Copyright."""
    stream = ("BT /F1 12 Tf 72 720 Td (%s) Tj ET" % text).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            ("<< /Title (Wire) /Copyright (%s) >>" % copyright).encode()]
    out, offs = b"%PDF-1.4\n", []
    for i, o in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offs)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    return out


def documents(jpeg):
    ct = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
          'content-types"/>')
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    docx = _zip([("[Content_Types].xml", ct),
                 ("word/document.xml", '<?xml version="1.0"?><w:document %s><w:body><w:p><w:r>'
                  '<w:t>Plain in-house copy.</w:t></w:r></w:p></w:body></w:document>' % w),
                 ("word/media/image1.jpg", jpeg)])
    xlsx = _zip([("[Content_Types].xml", ct),
                 ("xl/workbook.xml", '<?xml version="1.0"?><workbook/>'),
                 ("xl/sharedStrings.xml", '<?xml version="1.0"?><sst xmlns="http://schemas.'
                  'openxmlformats.org/spreadsheetml/2006/main"><si><t>Photo: Jane Doe/AFP</t></si>'
                  '</sst>')])
    pptx = _zip([("[Content_Types].xml", ct),
                 ("ppt/presentation.xml", '<?xml version="1.0"?><p:presentation xmlns:p="x"/>'),
                 ("ppt/slides/slide1.xml", '<?xml version="1.0"?><p:sld xmlns:p="x" xmlns:a="y">'
                  '<a:p><a:r><a:t>ISTANBUL (Reuters) - Markets opened higher.</a:t></a:r></a:p>'
                  '</p:sld>')])
    odt = _zip([("mimetype", "application/vnd.oasis.opendocument.text"),
                ("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="o" '
                 'xmlns:text="t"><office:body><office:text><text:p>ANKARA (AA) - Toplanti yapildi.'
                 '</text:p></office:text></office:body></office:document-content>')])
    epub = _zip([("mimetype", "application/epub+zip"),
                 ("META-INF/container.xml", '<?xml version="1.0"?><container><rootfiles><rootfile '
                  'full-path="OEBPS/content.opf"/></rootfiles></container>'),
                 ("OEBPS/content.opf", '<?xml version="1.0"?><package xmlns:dc="http://purl.org/dc/'
                  'elements/1.1/"><metadata><dc:rights>Copyright 2025 The Associated Press. All '
                  'rights reserved.</dc:rights></metadata><manifest><item href="c1.xhtml" '
                  'media-type="application/xhtml+xml"/></manifest></package>'),
                 ("OEBPS/c1.xhtml", "<html><body><p>Chapter one.</p></body></html>")])
    ods = _zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                ("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="o" '
                 'xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table>'
                 '<table:table-row><table:table-cell><text:p>ISTANBUL (Reuters) - Prices rose.'
                 '</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet>'
                 '</office:body></office:document-content>')])
    odp = _zip([("mimetype", "application/vnd.oasis.opendocument.presentation"),
                ("content.xml", '<?xml version="1.0"?><office:document-content xmlns:office="o" '
                 'xmlns:draw="d" xmlns:text="x"><office:body><office:presentation><draw:page>'
                 '<text:p>ANKARA (AA) - Toplanti yapildi.</text:p></draw:page>'
                 '</office:presentation></office:body></office:document-content>')])
    # ANPA-1312 wire text: SOH, header, STX, the story, ETX
    wire = (b"\x01a0123 r w BC-Markets 05-12 0123\x02\r\n"
            b"ISTANBUL (Reuters) - Turkish markets opened higher on Monday.\r\n\x03")
    rtf = (r"{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 WASHINGTON (AP) \endash  The Senate met.\par}")
    return {
        "story.docx": (docx, None, None),
        "story.docx!/word/media/image1.jpg": (None, "epa", "iptc:2:110"),
        "sheet.xlsx": (xlsx, "afp", "body"),
        "deck.pptx": (pptx, "reuters", "body"),
        "story.odt": (odt, "aa", "body"),
        "book.epub": (epub, "ap", "epub:dc:rights"),
        "story.rtf": (rtf.encode(), "ap", "body"),
        "sheet.ods": (ods, "reuters", "body"),
        "deck.odp": (odp, "aa", "body"),
        "wire.anpa": (wire, "reuters", "body"),
        "wire.pdf": (_pdf("Markets rose.", "Agence France-Presse"), "afp", "pdf:info:Copyright"),
    }
