/* test_extract_media.c — rights metadata of images, audio and video: PNG, TIFF, WebP, GIF,
 * HEIF, JPEG (IIM dates and instructions, XMP forms), MP3 (ID3v2.2/2.3/2.4, v1), FLAC, Ogg
 * and MP4, built here byte by byte: the right field names, values and offsets, ICC profile
 * copyrights ignored, and hostile variants (cut, lying, mutated, bombs) bounded and sane. */
#include "media_fixture.h"

static const char ICC[] = "desc....Copyright (c) 1998 Hewlett-Packard Company";

static const char XMP[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    " <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "  xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\"\n"
    "  xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n"
    "  xmlns:PLUS=\"http://ns.useplus.org/ldf/xmp/1.0/\"\n"
    "  xmlns:Iptc4xmpExt=\"http://iptc.org/std/Iptc4xmpExt/2008-02-29/\"\n"
    "  photoshop:Instructions=\"MANDATORY CREDIT\" xmpRights:Marked=\"True\">\n"
    "  <dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">© 2025 Reuters</rdf:li></rdf:Alt>"
    "</dc:rights>\n"
    "  <dc:creator><rdf:Seq><rdf:li>Jane Doe</rdf:li></rdf:Seq></dc:creator>\n"
    "  <xmpRights:Owner><rdf:Bag><rdf:li>Reuters</rdf:li><rdf:li>Thomson Reuters</rdf:li>"
    "</rdf:Bag></xmpRights:Owner>\n"
    "  <xmpRights:WebStatement rdf:resource=\"https://reuters.com/terms\"/>\n"
    "  <xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang=\"x-default\">Editorial use only"
    "</rdf:li></rdf:Alt></xmpRights:UsageTerms>\n"
    "  <photoshop:Credit>REUTERS</photoshop:Credit>\n"
    "  <photoshop:Source>Reuters Pictures</photoshop:Source>\n"
    "  <PLUS:CopyrightOwner><rdf:Seq><rdf:li rdf:parseType=\"Resource\">"
    "<PLUS:CopyrightOwnerName>Thomson Reuters</PLUS:CopyrightOwnerName>"
    "<PLUS:CopyrightOwnerID>id-1</PLUS:CopyrightOwnerID></rdf:li></rdf:Seq>"
    "</PLUS:CopyrightOwner>\n"
    "  <PLUS:Licensor><rdf:Seq><rdf:li PLUS:LicensorName=\"Reuters Licensing\" "
    "PLUS:LicensorURL=\"https://x\"/></rdf:Seq></PLUS:Licensor>\n"
    "  <PLUS:DataMining rdf:resource="
    "\"http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING\"/>\n"
    "  <Iptc4xmpExt:LinkedEncRightsExpr><rdf:Bag><rdf:li rdf:parseType=\"Resource\">"
    "<Iptc4xmpExt:LinkedRightsExpr>https://reuters.com/odrl/1</Iptc4xmpExt:LinkedRightsExpr>"
    "<Iptc4xmpExt:RightsExprEncType>application/ld+json</Iptc4xmpExt:RightsExprEncType>"
    "</rdf:li></rdf:Bag></Iptc4xmpExt:LinkedEncRightsExpr>\n"
    "  <dc:title>Not a rights field</dc:title>\n"
    " </rdf:Description>\n</rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>";

/* A second packet, as Photoshop writes into its resources: adds a line to one property. */
#define XMP_LITE                                                                                   \
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/"        \
    "22-rdf-syntax-ns#\"><rdf:Description xmlns:cc=\"http://creativecommons.org/ns#\">"            \
    "<cc:license rdf:resource=\"https://creativecommons.org/licenses/by/4.0/\"/>"                  \
    "</rdf:Description></rdf:RDF></x:xmpmeta>"

static void xmp_fields_are(const run *r)
{
    text_is(r, "xmp:dc:rights", "© 2025 Reuters");
    text_is(r, "xmp:dc:creator", "Jane Doe");
    text_is(r, "xmp:xmpRights:Marked", "True");
    text_is(r, "xmp:xmpRights:Owner", "Reuters\nThomson Reuters");
    text_is(r, "xmp:xmpRights:WebStatement", "https://reuters.com/terms");
    text_is(r, "xmp:xmpRights:UsageTerms", "Editorial use only");
    text_is(r, "xmp:photoshop:Credit", "REUTERS");
    text_is(r, "xmp:photoshop:Source", "Reuters Pictures");
    text_is(r, "xmp:photoshop:Instructions", "MANDATORY CREDIT");
    text_is(r, "xmp:plus:CopyrightOwner", "Thomson Reuters");
    text_is(r, "xmp:plus:Licensor", "Reuters Licensing");
    text_is(r, "xmp:plus:DataMining",
            "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING");
    text_is(r, "xmp:Iptc4xmpExt:LinkedEncRightsExpr", "https://reuters.com/odrl/1");
}

/* No field holds the ICC profile's vendor notice; every field is binary metadata. */
static void no_icc(const run *r, bool positional)
{
    for (size_t i = 0; i < r->fs.n; i++) {
        const rs_field *f = &r->fs.v[i];
        assert_true(f->metadata);
        assert_int_equal(f->positional, positional);
        for (size_t k = 0; k + 7 <= f->len; k++)
            if (!memcmp(f->text + k, "Hewlett", 7)) fail_msg("ICC text in %s", f->name);
    }
}

/* IPTC IIM datasets (1:90 UTF-8) with the rights ones and the dates. */
static void iim(rs_buf *b)
{
    static const struct {
        unsigned rec, ds;
        const char *v;
    } DS[] = {
        {1, 90, "\x1B%G"},      {2, 5, "Object"},      {2, 116, "© 2025 AFP"}, {2, 110, "AFP"},
        {2, 115, "AFP Photo"},  {2, 80, "John Smith"}, {2, 40, "OUT: FRANCE"}, {2, 30, "20261201"},
        {2, 35, "100000+0000"}, {2, 37, "20270101"},   {2, 38, "000000+0000"},
    };
    for (size_t i = 0; i < sizeof DS / sizeof DS[0]; i++) {
        b_u8(b, 0x1C), b_u8(b, DS[i].rec), b_u8(b, DS[i].ds);
        b_be16(b, (unsigned)strlen(DS[i].v));
        b_str(b, DS[i].v);
    }
}

static void iim_fields_are(const run *r)
{
    text_is(r, "iptc:2:116", "© 2025 AFP");
    text_is(r, "iptc:2:110", "AFP");
    text_is(r, "iptc:2:115", "AFP Photo");
    text_is(r, "iptc:2:080", "John Smith");
    text_is(r, "iptc:2:040", "OUT: FRANCE");
    text_is(r, "iptc:2:030", "20261201");
    text_is(r, "iptc:2:035", "100000+0000");
    text_is(r, "iptc:2:037", "20270101");
    text_is(r, "iptc:2:038", "000000+0000");
}

/* Photoshop image resources: a thumbnail-like block of odd size, 0x0404 IIM (with_iim),
 * 0x0424 XMP (xmp may be NULL). */
static void irb(rs_buf *b, bool with_iim, const char *xmp)
{
    rs_buf i;
    rs_buf_init(&i, 0);
    iim(&i);
    b_str(b, "8BIM"), b_be16(b, 0x040C), b_u8(b, 3), b_str(b, "abc"); /* name: even */
    b_be32(b, 3), b_put(b, "xyz\0", 4);
    if (with_iim) {
        b_str(b, "8BIM"), b_be16(b, 0x0404), b_be16(b, 0); /* empty name, padded */
        b_be32(b, (uint32_t)i.len);
        b_put(b, i.data, i.len);
        if (i.len & 1) b_u8(b, 0);
    }
    if (xmp) {
        b_str(b, "8BIM"), b_be16(b, 0x0424), b_be16(b, 0);
        b_be32(b, (uint32_t)strlen(xmp));
        b_str(b, xmp);
        if (strlen(xmp) & 1) b_u8(b, 0);
    }
    rs_buf_free(&i);
}

/* A TIFF structure: IFD0 (Artist, XMP, Copyright, IPTC, Photoshop, ICC), IFD1 (Copyright),
 * IFD1's next pointing back at IFD0. embedded: include the XMP/IPTC/IRB/ICC tags. */
static void tiff(rs_buf *b, bool le, bool embedded)
{
    static const char artist[] = "Jane Doe";
    static const char copy[] = "© 2025 AP Photo\0Editor Name"; /* two parts */
    rs_buf ib;
    rs_buf_init(&ib, 0);
    iim(&ib);
    while (ib.len % 4)
        b_u8(&ib, 0);
    rs_buf ps;
    rs_buf_init(&ps, 0);
    irb(&ps, true, XMP_LITE); /* IIM twice, as Photoshop writes it: read once */
    size_t base = b->len;
    struct {
        unsigned tag, type;
        uint32_t count;
        const void *data;
        size_t len;
    } e[] = {
        {0x013B, 2, sizeof artist, artist, sizeof artist},
        {700, 1, (uint32_t)strlen(XMP), XMP, strlen(XMP)},
        {0x8298, 2, sizeof copy, copy, sizeof copy},
        {33723, 4, (uint32_t)(ib.len / 4), ib.data, ib.len},
        {34377, 7, (uint32_t)ps.len, ps.data, ps.len},
        {34675, 7, sizeof ICC, ICC, sizeof ICC},
    };
    size_t ne = embedded ? 6 : 2, data = 8 + 2 + 12 * ne + 4 + 2 + 12 + 4;
    b_put(b, le ? "II*\0" : "MM\0*", 4);
    b_32(b, 8, le);
    b_16(b, (unsigned)ne, le); /* not embedded: Artist and Copyright only */
    size_t at = data;
    for (size_t k = 0; k < 6; k++) {
        if (!embedded && k != 0 && k != 2) continue;
        b_16(b, e[k].tag, le), b_16(b, e[k].type, le), b_32(b, e[k].count, le);
        b_32(b, (uint32_t)at, le);
        at += e[k].len + (e[k].len & 1);
    }
    b_32(b, (uint32_t)(b->len - base + 4), le);
    b_16(b, 1, le);
    static const char second[] = "Second page";
    b_16(b, 0x8298, le), b_16(b, 2, le), b_32(b, sizeof second, le), b_32(b, (uint32_t)at, le);
    b_32(b, 8, le); /* back to IFD0: a loop */
    assert_int_equal(b->len - base, data);
    for (size_t k = 0; k < 6; k++) {
        if (!embedded && k != 0 && k != 2) continue;
        b_put(b, e[k].data, e[k].len);
        if (e[k].len & 1) b_u8(b, 0);
    }
    b_put(b, second, sizeof second);
    rs_buf_free(&ib);
    rs_buf_free(&ps);
}

/* ---- TIFF ---- */

static void test_tiff(void **state)
{
    (void)state;
    for (int le = 0; le < 2; le++) {
        rs_buf t;
        rs_buf_init(&t, 0);
        tiff(&t, le, true);
        run r;
        run_init(&r, 1 << 20);
        assert_int_equal(run_on(&r, RS_TYPE_TIFF, t.data, t.len), RS_OK);
        text_is(&r, "exif:Artist", "Jane Doe");
        text_is(&r, "exif:Copyright", "© 2025 AP Photo\nEditor Name\nSecond page");
        xmp_fields_are(&r);
        iim_fields_are(&r);
        text_is(&r, "xmp:cc:license", "https://creativecommons.org/licenses/by/4.0/"); /* 34377 */
        no_icc(&r, false);
        assert_int_equal(unit_off(&r, "exif:Copyright", "Editor"), b_find(&t, "Editor Name", 11));
        assert_int_equal(unit_off(&r, "exif:Artist", "Jane"), b_find(&t, "Jane Doe\0", 9));
        assert_int_equal(unit_off(&r, "xmp:dc:rights", "Reuters"),
                         b_find(&t, "2025 Reuters", 12) + 5);
        hostile(RS_TYPE_TIFF, t.data, t.len > 600 ? 600 : t.len, 0);
        hostile(RS_TYPE_TIFF, t.data, t.len, 1500);
        run_free(&r);
        rs_buf_free(&t);
    }
}

static void test_tiff_broken(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_TIFF, "II*\0\xFF\xFF\0\0", 8), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: TIFF IFD0 offset 65535 is outside");
    assert_int_equal(run_str(&r, RS_TYPE_TIFF, "II+\0"), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: not a TIFF file");
    /* an entry whose value lies past the end, and nothing else */
    rs_buf t;
    rs_buf_init(&t, 0);
    b_str(&t, "MM"), b_be16(&t, 42), b_be32(&t, 8), b_be16(&t, 1);
    b_be16(&t, 0x8298), b_be16(&t, 2), b_be32(&t, 0x7FFFFFFF), b_be32(&t, 30);
    b_be32(&t, 0);
    assert_int_equal(run_on(&r, RS_TYPE_TIFF, t.data, t.len), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: TIFF tag 33432 points past the end");
    /* IFD0 claims 60000 entries: those that are there are read */
    rs_buf_reset(&t);
    b_str(&t, "II"), b_le16(&t, 42), b_le32(&t, 8), b_le16(&t, 60000);
    b_le16(&t, 0x013B), b_le16(&t, 2), b_le32(&t, 4), b_str(&t, "Bob");
    b_u8(&t, 0);
    assert_int_equal(run_on(&r, RS_TYPE_TIFF, t.data, t.len), RS_OK);
    text_is(&r, "exif:Artist", "Bob");
    rs_buf_free(&t);
    run_free(&r);
}

/* ---- PNG ---- */

static void chunk(rs_buf *b, const char *type, const void *data, size_t n)
{
    b_be32(b, (uint32_t)n);
    size_t at = b->len;
    b_put(b, type, 4);
    b_put(b, data, n);
    b_be32(b, (uint32_t)crc32(crc32(0, NULL, 0), (const Bytef *)b->data + at, (uInt)n + 4));
}

/* keyword NUL [method] text, compressed (zTXt) or not (tEXt) */
static void text_chunk(rs_buf *png, const char *key, const char *text, bool z)
{
    rs_buf d;
    rs_buf_init(&d, 0);
    b_strz(&d, key);
    if (z) {
        b_u8(&d, 0);
        b_zlib(&d, text, strlen(text));
    } else {
        b_str(&d, text);
    }
    chunk(png, z ? "zTXt" : "tEXt", d.data, d.len);
    rs_buf_free(&d);
}

static void itxt(rs_buf *png, const char *key, const char *lang, const char *text, bool z)
{
    rs_buf d;
    rs_buf_init(&d, 0);
    b_strz(&d, key);
    b_u8(&d, z), b_u8(&d, 0);
    b_strz(&d, lang);
    b_strz(&d, "");
    if (z)
        b_zlib(&d, text, strlen(text));
    else
        b_str(&d, text);
    chunk(png, "iTXt", d.data, d.len);
    rs_buf_free(&d);
}

static void png_start(rs_buf *p)
{
    rs_buf_reset(p);
    b_put(p, "\x89PNG\r\n\x1a\n", 8);
    chunk(p, "IHDR", "\0\0\0\1\0\0\0\1\x08\x02\0\0\0", 13);
}

static void png_end(rs_buf *p)
{
    chunk(p, "IDAT", "\x78\x9c\x63\x60\x00\x00\x00\x02\x00\x01", 10);
    chunk(p, "IEND", "", 0);
}

static void png_build(rs_buf *p)
{
    rs_buf_init(p, 0);
    png_start(p);
    rs_buf d;
    rs_buf_init(&d, 0);
    b_strz(&d, "ICC profile"), b_u8(&d, 0), b_zlib(&d, ICC, sizeof ICC);
    chunk(p, "iCCP", d.data, d.len);
    text_chunk(p, "Copyright", "© Reuters", false);
    text_chunk(p, "Author",
               "Jos\xE9 Garc\xED"
               "a",
               false); /* Latin-1 */
    text_chunk(p, "Title", "Not a rights field", false);
    text_chunk(p, "Disclaimer", "No reuse without permission.", true);
    itxt(p, "XML:com.adobe.xmp", "", XMP, false);
    itxt(p, "Source", "de", "AFP", true);
    rs_buf_reset(&d);
    tiff(&d, false, false);
    chunk(p, "eXIf", d.data, d.len);
    /* ImageMagick's raw IPTC profile: Photoshop resources as hex */
    rs_buf raw, hex;
    rs_buf_init(&raw, 0);
    rs_buf_init(&hex, 0);
    irb(&raw, true, NULL);
    char line[64];
    snprintf(line, sizeof line, "\niptc\n    %8zu\n", raw.len);
    b_str(&hex, line);
    for (size_t i = 0; i < raw.len; i++) {
        snprintf(line, sizeof line, "%02x%s", (unsigned char)raw.data[i], i % 36 == 35 ? "\n" : "");
        b_str(&hex, line);
    }
    text_chunk(p, "Raw profile type iptc", hex.data, true);
    png_end(p);
    rs_buf_free(&d);
    rs_buf_free(&raw);
    rs_buf_free(&hex);
}

static void test_png(void **state)
{
    (void)state;
    rs_buf p;
    png_build(&p);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_PNG, p.data, p.len), RS_OK);
    text_is(&r, "png:Copyright", "© Reuters");
    text_is(&r, "png:Author", "José García");
    text_is(&r, "png:Disclaimer", "No reuse without permission.");
    text_is(&r, "png:Source", "AFP");
    xmp_fields_are(&r);
    text_is(&r, "exif:Copyright", "© 2025 AP Photo\nEditor Name\nSecond page");
    text_is(&r, "exif:Artist", "Jane Doe");
    iim_fields_are(&r);
    assert_null(rs_fields_find(&r.fs, "png:Title"));
    no_icc(&r, false);
    /* offsets: stored text where it lies; inflated text at its compressed data */
    assert_int_equal(unit_off(&r, "png:Copyright", "Reuters"), b_find(&p, "Reuters", 7));
    size_t z = b_find(&p, "Disclaimer", 10) + 11 + 1;
    assert_int_equal(unit_off(&r, "png:Disclaimer", "No"), z);
    assert_int_equal(unit_off(&r, "png:Disclaimer", "permission"), z);
    size_t raw = b_find(&p, "Raw profile type iptc", 21) + 22 + 1;
    assert_int_equal(unit_off(&r, "iptc:2:116", "AFP"), raw);
    assert_int_equal(unit_off(&r, "xmp:xmpRights:Owner", "Thomson"), b_find(&p, "Thomson", 7));
    hostile(RS_TYPE_PNG, p.data, p.len, 2000);
    run_free(&r);
    rs_buf_free(&p);
}

static void test_png_bombs_and_lies(void **state)
{
    (void)state;
    size_t big = 40u << 20; /* inflates to 40 MiB, compresses to ~40 KiB */
    char *zeros = malloc(big + 1);
    assert_non_null(zeros);
    memset(zeros, 'A', big);
    zeros[big] = '\0';
    rs_buf p;
    rs_buf_init(&p, 0);
    png_start(&p);
    text_chunk(&p, "Comment", zeros, true);
    text_chunk(&p, "Copyright", "© Reuters", false);
    for (int k = 0; k < 5; k++)
        text_chunk(&p, "Comment", zeros, true);
    png_end(&p);
    free(zeros);
    run r;
    run_init(&r, 64u << 20);
    assert_int_equal(run_on(&r, RS_TYPE_PNG, p.data, p.len), RS_ERR_LIMIT);
    reason_is(&r, "limit: PNG zTXt chunk inflates past 4194304 bytes");
    text_is(&r, "png:Copyright", "© Reuters"); /* the rest is still read */
    assert_true(field(&r, "png:Comment")->len <= (16u << 20) + 8);
    /* a chunk that claims more than the file holds: what is there is read */
    rs_buf_reset(&p);
    png_start(&p);
    b_be32(&p, 0x7FFFFFF0), b_str(&p, "tEXtCopyright"), b_u8(&p, 0), b_str(&p, "© AP");
    assert_int_equal(run_on(&r, RS_TYPE_PNG, p.data, p.len), RS_OK);
    text_is(&r, "png:Copyright", "© AP");
    /* ... and when nothing is there, a reason */
    rs_buf_reset(&p);
    png_start(&p);
    b_be32(&p, 0xFFFFFFFF), b_str(&p, "zTXtComment");
    assert_int_equal(run_on(&r, RS_TYPE_PNG, p.data, p.len), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: PNG zTXt chunk at offset 33 claims 4294967295 bytes");
    /* a zTXt that is not zlib */
    rs_buf_reset(&p);
    png_start(&p);
    chunk(&p, "zTXt", "Copyright\0\0garbage!", 19);
    png_end(&p);
    assert_int_equal(run_on(&r, RS_TYPE_PNG, p.data, p.len), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: PNG zTXt chunk is not valid compressed data");
    assert_int_equal(run_str(&r, RS_TYPE_PNG, "\x89PNG\r\n"), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: not a PNG file");
    run_free(&r);
    rs_buf_free(&p);
}

/* ---- WebP ---- */

static void riff_chunk(rs_buf *b, const char *id, const void *data, size_t n)
{
    b_put(b, id, 4);
    b_le32(b, (uint32_t)n);
    b_put(b, data, n);
    if (n & 1) b_u8(b, 0);
}

static void webp_build(rs_buf *w, bool exif_header)
{
    rs_buf_init(w, 0);
    b_str(w, "RIFF"), b_le32(w, 0), b_str(w, "WEBP");
    riff_chunk(w, "VP8X", "\x2C\0\0\0\0\0\0\0\0\0", 10);
    riff_chunk(w, "ICCP", ICC, sizeof ICC);
    rs_buf t;
    rs_buf_init(&t, 0);
    if (exif_header) b_put(&t, "Exif\0\0", 6);
    tiff(&t, true, false);
    b_u8(&t, 0); /* an odd length: padded */
    riff_chunk(w, "EXIF", t.data, t.len);
    riff_chunk(w, "XMP ", XMP, strlen(XMP));
    riff_chunk(w, "VP8L", "\x2F\0\0\0\0", 5);
    b_patch32(w, 4, (uint32_t)w->len - 8, true);
    rs_buf_free(&t);
}

static void test_webp(void **state)
{
    (void)state;
    for (int hdr = 0; hdr < 2; hdr++) {
        rs_buf w;
        webp_build(&w, hdr);
        run r;
        run_init(&r, 1 << 20);
        assert_int_equal(run_on(&r, RS_TYPE_WEBP, w.data, w.len), RS_OK);
        text_is(&r, "exif:Copyright", "© 2025 AP Photo\nEditor Name\nSecond page");
        text_is(&r, "exif:Artist", "Jane Doe");
        xmp_fields_are(&r);
        no_icc(&r, false);
        assert_int_equal(unit_off(&r, "exif:Artist", "Doe"), b_find(&w, "Jane Doe\0", 9) + 5);
        hostile(RS_TYPE_WEBP, w.data, w.len, 1500);
        /* a RIFF size that lies beyond the file, a chunk size that does too */
        b_patch32(&w, 4, 0xFFFFFFF0u, true);
        assert_int_equal(run_on(&r, RS_TYPE_WEBP, w.data, w.len), RS_OK);
        text_is(&r, "exif:Artist", "Jane Doe");
        run_free(&r);
        rs_buf_free(&w);
    }
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_WEBP, "RIFF\0\0\0\0WEBPEXIF\xFF\xFF\xFF\x7F", 20),
                     RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: WebP chunk at offset 12 claims");
    assert_int_equal(run_on(&r, RS_TYPE_WEBP, "RIFF\0\0\0\0WAVE", 12), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: not a WebP file");
    run_free(&r);
}

/* ---- GIF ---- */

static void gif_build(rs_buf *g)
{
    rs_buf_init(g, 0);
    b_str(g, "GIF89a");
    b_le16(g, 1), b_le16(g, 1), b_u8(g, 0x80), b_u8(g, 0), b_u8(g, 0);
    b_put(g, "\0\0\0\xFF\xFF\xFF", 6);               /* 2-entry colour table */
    b_put(g, "\x21\xF9\x04\x01\x00\x00\x00\x00", 8); /* graphic control */
    static const char c[] = "\xC2\xA9 2025 Getty Images";
    b_u8(g, 0x21), b_u8(g, 0xFE), b_u8(g, sizeof c - 1), b_str(g, c), b_u8(g, 0);
    b_u8(g, 0x21), b_u8(g, 0xFF), b_u8(g, 11), b_str(g, "XMP DataXMP");
    b_str(g, XMP);
    b_u8(g, 1);
    for (unsigned v = 0xFF; v >= 1; v--)
        b_u8(g, v);
    b_u8(g, 0), b_u8(g, 0); /* the magic trailer's end */
    b_u8(g, 0x2C), b_put(g, "\0\0\0\0\1\0\1\0\0", 9);
    b_put(g, "\x02\x02\x4C\x01\x00", 5);
    b_u8(g, 0x3B);
}

static void test_gif(void **state)
{
    (void)state;
    rs_buf g;
    gif_build(&g);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_GIF, g.data, g.len), RS_OK);
    text_is(&r, "gif:Comment", "© 2025 Getty Images");
    xmp_fields_are(&r);
    no_icc(&r, false);
    assert_int_equal(unit_off(&r, "gif:Comment", "Getty"), b_find(&g, "Getty", 5));
    assert_int_equal(unit_off(&r, "xmp:dc:creator", "Jane"), b_find(&g, "Jane", 4));
    hostile(RS_TYPE_GIF, g.data, g.len, 1500);
    assert_int_equal(run_on(&r, RS_TYPE_GIF, g.data, 13), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: GIF ends at offset 13 before its trailer");
    assert_int_equal(run_on(&r, RS_TYPE_GIF, "GIF89a\1\0\1\0\0\0\0\x99", 14), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: GIF block expected at offset 13");
    run_free(&r);
    rs_buf_free(&g);
}

/* ---- HEIF ---- */

static void fullbox(rs_buf *b, unsigned version)
{
    b_u8(b, version), b_u8(b, 0), b_u8(b, 0), b_u8(b, 0);
}

static void infe(rs_buf *b, unsigned id, const char *type, const char *ctype)
{
    size_t at = box_begin(b, "infe");
    fullbox(b, 2);
    b_be16(b, id), b_be16(b, 0), b_put(b, type, 4);
    b_strz(b, "");
    if (ctype) b_strz(b, ctype);
    box_end(b, at);
}

static void heif_build(rs_buf *h)
{
    rs_buf_init(h, 0);
    size_t at = box_begin(h, "ftyp");
    b_str(h, "heic"), b_be32(h, 0), b_str(h, "mif1heic");
    box_end(h, at);
    size_t meta = box_begin(h, "meta");
    fullbox(h, 0);
    at = box_begin(h, "hdlr");
    fullbox(h, 0), b_be32(h, 0), b_str(h, "pict"), b_put(h, "\0\0\0\0\0\0\0\0\0\0\0\0\0", 13);
    box_end(h, at);
    at = box_begin(h, "iinf");
    fullbox(h, 0), b_be16(h, 3);
    infe(h, 1, "hvc1", NULL);
    infe(h, 2, "Exif", NULL);
    infe(h, 3, "mime", "application/rdf+xml");
    box_end(h, at);
    at = box_begin(h, "iloc");
    fullbox(h, 1);
    b_u8(h, 0x44), b_u8(h, 0x00), b_be16(h, 2);
    b_be16(h, 2), b_be16(h, 0), b_be16(h, 0), b_be16(h, 1); /* Exif: file offsets */
    size_t exif_off = h->len;
    b_be32(h, 0), b_be32(h, 0);
    size_t xlen = strlen(XMP);
    b_be16(h, 3), b_be16(h, 1), b_be16(h, 0), b_be16(h, 2); /* XMP: in idat, 2 extents */
    b_be32(h, 0), b_be32(h, 100), b_be32(h, 100), b_be32(h, (uint32_t)xlen - 100);
    box_end(h, at);
    at = box_begin(h, "idat");
    b_str(h, XMP);
    box_end(h, at);
    box_end(h, meta);
    at = box_begin(h, "mdat");
    size_t exif = h->len;
    b_be32(h, 6), b_put(h, "Exif\0\0", 6);
    tiff(h, false, false);
    b_patch32(h, exif_off, (uint32_t)exif, false);
    b_patch32(h, exif_off + 4, (uint32_t)(h->len - exif), false);
    b_put(h, "\0\0\0\0", 4); /* image data */
    box_end(h, at);
}

static void test_heif(void **state)
{
    (void)state;
    rs_buf h;
    heif_build(&h);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_HEIF, h.data, h.len), RS_OK);
    text_is(&r, "exif:Copyright", "© 2025 AP Photo\nEditor Name\nSecond page");
    text_is(&r, "exif:Artist", "Jane Doe");
    xmp_fields_are(&r);
    no_icc(&r, false);
    /* the Exif item lies in one extent: real offsets; the XMP item is two, pinned to idat */
    assert_int_equal(unit_off(&r, "exif:Artist", "Doe"), b_find(&h, "Jane Doe\0", 9) + 5);
    size_t idat = b_find(&h, "idat", 4) + 4;
    assert_int_equal(unit_off(&r, "xmp:dc:creator", "Doe"), idat);
    hostile(RS_TYPE_HEIF, h.data, h.len, 2000);
    assert_int_equal(run_str(&r, RS_TYPE_HEIF, "\0\0\0\x04"), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: not an ISO media file");
    run_free(&r);
    rs_buf_free(&h);
}

/* ---- JPEG: the IIM dates and instructions, XMP in a Photoshop resource ---- */

static void test_jpeg_iim_and_irb_xmp(void **state)
{
    (void)state;
    rs_buf j, d;
    rs_buf_init(&j, 0);
    rs_buf_init(&d, 0);
    b_put(&j, "\xFF\xD8", 2);
    b_put(&j, "\xFF\xE2", 2); /* APP2, the ICC profile: never read */
    b_be16(&j, (unsigned)(2 + 14 + sizeof ICC));
    b_put(&j, "ICC_PROFILE\0\x01\x01", 14);
    b_put(&j, ICC, sizeof ICC);
    b_put(&d, "Photoshop 3.0", 14);
    irb(&d, true, XMP);
    b_put(&j, "\xFF\xED", 2), b_be16(&j, (unsigned)d.len + 2), b_put(&j, d.data, d.len);
    b_put(&j, "\xFF\xDA\x00\x02\xFF\xD9", 6);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_JPEG, j.data, j.len), RS_OK);
    iim_fields_are(&r);
    xmp_fields_are(&r);
    no_icc(&r, false);
    assert_int_equal(unit_off(&r, "iptc:2:040", "FRANCE"), b_find(&j, "FRANCE", 6));
    run_free(&r);
    rs_buf_free(&j);
    rs_buf_free(&d);
}

/* ---- MP3 ---- */

static void frame(rs_buf *b, unsigned ver, const char *id, const void *data, size_t n,
                  unsigned flags)
{
    b_put(b, id, ver == 2 ? 3 : 4);
    if (ver == 2) {
        b_u8(b, (unsigned)(n >> 16)), b_u8(b, (unsigned)(n >> 8)), b_u8(b, (unsigned)n);
        b_put(b, data, n);
        return;
    }
    if (ver == 4)
        b_be32(b, (uint32_t)((n & 0x7F) | (n & 0x3F80) << 1 | (n & 0x1FC000) << 2));
    else
        b_be32(b, (uint32_t)n);
    b_be16(b, flags);
    b_put(b, data, n);
}

static void id3_header(rs_buf *b, unsigned ver, unsigned flags, size_t size)
{
    b_str(b, "ID3"), b_u8(b, ver), b_u8(b, 0), b_u8(b, flags);
    b_u8(b, (unsigned)(size >> 21) & 0x7F), b_u8(b, (unsigned)(size >> 14) & 0x7F);
    b_u8(b, (unsigned)(size >> 7) & 0x7F), b_u8(b, (unsigned)size & 0x7F);
}

/* v2.3 frames: TCOP (Latin-1), TPUB (UTF-16 with BOM), COMM (iTunes, then a real one),
 * TXXX, WCOP, TIT2 (not read). */
static void frames23(rs_buf *f)
{
    frame(f, 3, "TCOP", "\0\xA9 2025 Universal Music", 24, 0);
    static const char tpub[] = "\x01\xFF\xFE"
                               "A\0j\0a\0n\0s\0 \0M\0\xFC\0z\0i\0k\0\0\0";
    frame(f, 3, "TPUB", tpub, sizeof tpub - 1, 0);
    frame(f, 3, "COMM", "\0engiTunNORM\0 00000A2B 00000C1D", 31, 0);
    frame(f, 3, "COMM", "\0eng\0Licensed by Sony", 21, 0);
    frame(f, 3, "TXXX", "\0LICENSE\0CC BY-NC 4.0", 21, 0);
    frame(f, 3, "WCOP", "https://example.com/rights", 26, 0);
    frame(f, 3, "TIT2", "\0A Song", 7, 0);
}

static void mp3_tail(rs_buf *b)
{
    b_put(b, "\xFF\xFB\x90\x00\0\0\0\0", 8); /* an MPEG frame header */
    char v1[128] = "TAG";
    memcpy(v1 + 3, "Song", 4);
    memcpy(v1 + 33, "Old Artist", 10);
    memcpy(v1 + 97, "v1 comment", 10);
    v1[126] = 3; /* v1.1 track */
    b_put(b, v1, sizeof v1);
}

static void test_mp3_v23(void **state)
{
    (void)state;
    rs_buf f, m;
    rs_buf_init(&f, 0);
    rs_buf_init(&m, 0);
    frames23(&f);
    b_put(&f, "\0\0\0\0\0\0\0\0\0\0", 10); /* padding */
    id3_header(&m, 3, 0, f.len);
    b_put(&m, f.data, f.len);
    mp3_tail(&m);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_MP3, m.data, m.len), RS_OK);
    text_is(&r, "id3:TCOP", "© 2025 Universal Music");
    text_is(&r, "id3:TPUB", "Ajans Müzik");
    text_is(&r, "id3:COMM", "Licensed by Sony");
    text_is(&r, "id3:TXXX:LICENSE", "CC BY-NC 4.0");
    text_is(&r, "id3:WCOP", "https://example.com/rights");
    text_is(&r, "id3v1:artist", "Old Artist");
    text_is(&r, "id3v1:comment", "v1 comment");
    assert_null(rs_fields_find(&r.fs, "id3:TIT2"));
    no_icc(&r, false);
    assert_int_equal(unit_off(&r, "id3:TCOP", "Universal"), b_find(&m, "Universal", 9));
    assert_int_equal(unit_off(&r, "id3:TPUB", "j"), b_find(&m, "j\0a\0n", 5));
    hostile(RS_TYPE_MP3, m.data, m.len, 2000);
    run_free(&r);
    rs_buf_free(&f);
    rs_buf_free(&m);
}

/* v2.3 with the whole tag unsynchronised; v2.4 with UTF-8, several values, a frame of its
 * own unsynchronisation and a compressed frame; v2.2 with three-letter frames. */
static void test_mp3_unsync_v24_v22(void **state)
{
    (void)state;
    rs_buf f, m;
    rs_buf_init(&f, 0);
    rs_buf_init(&m, 0);
    run r;
    run_init(&r, 1 << 20);
    frames23(&f);
    id3_header(&m, 3, 0x80, 0);
    for (size_t i = 0; i < f.len; i++) { /* FF → FF 00 */
        b_u8(&m, (unsigned char)f.data[i]);
        if ((unsigned char)f.data[i] == 0xFF) b_u8(&m, 0);
    }
    size_t size = m.len - 10;
    m.data[6] = (char)(size >> 21 & 0x7F), m.data[7] = (char)(size >> 14 & 0x7F);
    m.data[8] = (char)(size >> 7 & 0x7F), m.data[9] = (char)(size & 0x7F);
    assert_int_equal(run_on(&r, RS_TYPE_MP3, m.data, m.len), RS_OK);
    text_is(&r, "id3:TPUB", "Ajans Müzik");
    text_is(&r, "id3:TCOP", "© 2025 Universal Music");
    text_is(&r, "id3:TXXX:LICENSE", "CC BY-NC 4.0");

    rs_buf_reset(&f);
    rs_buf_reset(&m);
    frame(&f, 4, "TCOP", "\x03\xC2\xA9 2024 BMG\0\xC2\xA9 2024 Sony", 26, 0);
    frame(&f, 4, "TPE1", "\0X\xFF\x00Y", 5, 0x02); /* unsynchronised: X ÿ Y */
    rs_buf z;
    rs_buf_init(&z, 0);
    static const char tcom[] = "\x03"
                               "Composer Name";
    b_put(&z, "\0\0\0\x0E", 4); /* data length indicator */
    b_zlib(&z, tcom, sizeof tcom - 1);
    frame(&f, 4, "TCOM", z.data, z.len, 0x09);
    frame(&f, 4, "USER",
          "\x03"
          "engTerms: no resale",
          20, 0);
    id3_header(&m, 4, 0, f.len);
    b_put(&m, f.data, f.len);
    assert_int_equal(run_on(&r, RS_TYPE_MP3, m.data, m.len), RS_OK);
    text_is(&r, "id3:TCOP", "© 2024 BMG\n© 2024 Sony");
    text_is(&r, "id3:TPE1", "XÿY");
    text_is(&r, "id3:TCOM", "Composer Name");
    text_is(&r, "id3:USER", "Terms: no resale");
    assert_int_equal(unit_off(&r, "id3:TCOM", "Name"), b_find(&m, z.data, 6)); /* pinned */
    hostile(RS_TYPE_MP3, m.data, m.len, 1500);

    rs_buf_reset(&f);
    rs_buf_reset(&m);
    frame(&f, 2, "TCR", "\0(C) 1999 Old Label", 19, 0);
    frame(&f, 2, "COM", "\0eng\0Promo", 10, 0);
    id3_header(&m, 2, 0, f.len);
    b_put(&m, f.data, f.len);
    assert_int_equal(run_on(&r, RS_TYPE_MP3, m.data, m.len), RS_OK);
    text_is(&r, "id3:TCOP", "(C) 1999 Old Label");
    text_is(&r, "id3:COMM", "Promo");

    /* a tag that claims more than the file, a frame that claims more than the tag */
    rs_buf_reset(&m);
    id3_header(&m, 3, 0, 0x0FFFFFFF);
    frame(&m, 3, "TCOP", "\0\xA9 AP", 6, 0);
    b_put(&m, "TPUB\x7F\xFF\xFF\xFF\0\0\0Label", 16);
    assert_int_equal(run_on(&r, RS_TYPE_MP3, m.data, m.len), RS_ERR_LIMIT);
    reason_is(&r, "limit: ID3 frame TPUB at offset 36 is larger than 1048576 bytes");
    text_is(&r, "id3:TCOP", "© AP");
    text_is(&r, "id3:TPUB", "Label");
    assert_int_equal(run_on(&r, RS_TYPE_MP3,
                            "ID3\x03\0\0\0\0\0\x0A"
                            "TC\x01P\0\0\0\x01\0\0",
                            20),
                     RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: ID3 frame id expected at offset 10");
    run_free(&r);
    rs_buf_free(&f);
    rs_buf_free(&m);
    rs_buf_free(&z);
}

/* ---- FLAC and Ogg ---- */

static void comments(rs_buf *b)
{
    static const char *const c[] = {"TITLE=Song", "COPYRIGHT=© 2024 Sony Music",
                                    "LICENSE=All rights reserved", "organization=Warner",
                                    "ARTIST=Some Band"};
    b_le32(b, 7), b_str(b, "libFLAC");
    b_le32(b, 5);
    for (size_t i = 0; i < 5; i++) {
        b_le32(b, (uint32_t)strlen(c[i]));
        b_str(b, c[i]);
    }
}

static void comments_are(const run *r)
{
    text_is(r, "vorbis:COPYRIGHT", "© 2024 Sony Music");
    text_is(r, "vorbis:LICENSE", "All rights reserved");
    text_is(r, "vorbis:ORGANIZATION", "Warner");
    text_is(r, "vorbis:ARTIST", "Some Band");
    assert_null(rs_fields_find(&r->fs, "vorbis:TITLE"));
}

static void test_flac(void **state)
{
    (void)state;
    rs_buf f, c;
    rs_buf_init(&f, 0);
    rs_buf_init(&c, 0);
    comments(&c);
    b_str(&f, "fLaC");
    b_u8(&f, 0), b_u8(&f, 0), b_u8(&f, 0), b_u8(&f, 34);
    for (int k = 0; k < 34; k++)
        b_u8(&f, 0);
    b_u8(&f, 0x84), b_u8(&f, 0), b_u8(&f, (unsigned)(c.len >> 8)), b_u8(&f, (unsigned)c.len);
    b_put(&f, c.data, c.len);
    b_put(&f, "\xFF\xF8\x69\x08", 4);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_FLAC, f.data, f.len), RS_OK);
    comments_are(&r);
    assert_int_equal(unit_off(&r, "vorbis:COPYRIGHT", "Sony"), b_find(&f, "Sony", 4));
    hostile(RS_TYPE_FLAC, f.data, f.len, 1500);
    /* a comment count of four billion */
    rs_buf_reset(&f);
    b_str(&f, "fLaC"), b_u8(&f, 0x84), b_u8(&f, 0), b_u8(&f, 0), b_u8(&f, 40);
    b_le32(&f, 0), b_le32(&f, 0xFFFFFFFF), b_le32(&f, 13), b_str(&f, "LICENSE=CC-BY");
    b_le32(&f, 0xFFFFFF00);
    while (f.len < 48)
        b_u8(&f, 'x');
    assert_int_equal(run_on(&r, RS_TYPE_FLAC, f.data, f.len), RS_OK);
    text_is(&r, "vorbis:LICENSE", "CC-BY");
    assert_int_equal(run_str(&r, RS_TYPE_FLAC, "fLaC\x84\xFF\xFF\xFF"), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: FLAC metadata block at offset 4 runs past the end");
    run_free(&r);
    rs_buf_free(&f);
    rs_buf_free(&c);
}

static void ogg_page(rs_buf *b, unsigned type, uint32_t serial, uint32_t seq, const size_t *lace,
                     size_t nlace, const void *data, size_t n)
{
    b_str(b, "OggS"), b_u8(b, 0), b_u8(b, type);
    b_le32(b, 0), b_le32(b, 0), b_le32(b, serial), b_le32(b, seq), b_le32(b, 0);
    b_u8(b, (unsigned)nlace);
    for (size_t k = 0; k < nlace; k++)
        b_u8(b, (unsigned)lace[k]);
    b_put(b, data, n);
}

/* Vorbis: the comment packet split over two pages (not contiguous: pinned); Opus: one page. */
static void test_ogg(void **state)
{
    (void)state;
    rs_buf o, c;
    rs_buf_init(&o, 0);
    rs_buf_init(&c, 0);
    b_put(&c, "\x03vorbis", 7);
    comments(&c);
    while (c.len < 300)
        b_u8(&c, 1); /* the framing bit and slack: a 300-byte packet */
    size_t one = 30;
    ogg_page(&o, 2, 77, 0, &one, 1,
             "\x01vorbis\0\0\0\0\x02\x44\xAC\0\0\0\0\0\0\xEE\x02\0\0\0\0\0\0\xB8\x01", 30);
    size_t first = 255, rest = c.len - 255;
    ogg_page(&o, 0, 77, 1, &first, 1, c.data, 255);
    ogg_page(&o, 1, 77, 2, &rest, 1, c.data + 255, rest);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_OGG, o.data, o.len), RS_OK);
    comments_are(&r);
    size_t pkt = b_find(&o, "\x03vorbis", 7);
    assert_int_equal(unit_off(&r, "vorbis:ARTIST", "Band"), pkt);
    hostile(RS_TYPE_OGG, o.data, o.len, 1500);

    rs_buf_reset(&o);
    rs_buf_reset(&c);
    b_str(&c, "OpusTags");
    comments(&c);
    size_t lace[2] = {19, c.len};
    rs_buf both;
    rs_buf_init(&both, 0);
    b_put(&both, "OpusHead\x01\x02\0\0\x80\xBB\0\0\0\0\0\0\0", 19);
    b_put(&both, c.data, c.len);
    ogg_page(&o, 2, 5, 0, lace, 2, both.data, both.len);
    assert_int_equal(run_on(&r, RS_TYPE_OGG, o.data, o.len), RS_OK);
    comments_are(&r);
    assert_int_equal(unit_off(&r, "vorbis:ARTIST", "Band"), b_find(&o, "Band", 4));
    assert_int_equal(
        run_str(&r, RS_TYPE_OGG, "OggS\0\2\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\x05"),
        RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: Ogg page expected at offset 0");
    run_free(&r);
    rs_buf_free(&o);
    rs_buf_free(&c);
    rs_buf_free(&both);
}

/* ---- MP4 ---- */

static void data_box(rs_buf *b, uint32_t type, const char *v)
{
    size_t at = box_begin(b, "data");
    b_be32(b, type), b_be32(b, 0), b_str(b, v);
    box_end(b, at);
}

static void mp4_build(rs_buf *m)
{
    rs_buf_init(m, 0);
    size_t at = box_begin(m, "ftyp");
    b_str(m, "isom"), b_be32(m, 0x200), b_str(m, "isomiso2mp41");
    box_end(m, at);
    size_t moov = box_begin(m, "moov");
    at = box_begin(m, "mvhd");
    fullbox(m, 0), b_put(m, "\0\0\0\0\0\0\0\0", 8);
    box_end(m, at);
    size_t udta = box_begin(m, "udta");
    at = box_begin(m, "\xA9"
                      "cpy");
    b_be16(m, (unsigned)strlen("© 2025 BBC")), b_be16(m, 0x55C4), b_str(m, "© 2025 BBC");
    box_end(m, at);
    at = box_begin(m, "cprt");
    fullbox(m, 0), b_be16(m, 0x15C7), b_strz(m, "BBC Studios");
    box_end(m, at);
    size_t meta = box_begin(m, "meta");
    fullbox(m, 0);
    at = box_begin(m, "hdlr");
    fullbox(m, 0), b_be32(m, 0), b_str(m, "mdirappl"), b_put(m, "\0\0\0\0\0\0\0\0\0", 9);
    box_end(m, at);
    size_t ilst = box_begin(m, "ilst");
    at = box_begin(m, "cprt");
    data_box(m, 1, "iTunes: \xC2\xA9 2025 Universal");
    box_end(m, at);
    at = box_begin(m, "\xA9"
                      "ART");
    data_box(m, 1, "Artist Name");
    box_end(m, at);
    at = box_begin(m, "\xA9"
                      "nam");
    data_box(m, 1, "Not read");
    box_end(m, at);
    box_end(m, ilst);
    box_end(m, meta);
    box_end(m, udta);
    box_end(m, moov);
    at = box_begin(m, "uuid");
    b_put(m, "\xBE\x7A\xCF\xCB\x97\xA9\x42\xE8\x9C\x71\x99\x94\x91\xE3\xAF\xAC", 16);
    b_str(m, XMP);
    box_end(m, at);
    at = box_begin(m, "mdat");
    b_put(m, "\0\0\0\0", 4);
    box_end(m, at);
}

static void test_mp4(void **state)
{
    (void)state;
    rs_buf m;
    mp4_build(&m);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_MP4, m.data, m.len), RS_OK);
    text_is(&r,
            "mp4:\xC2\xA9"
            "cpy",
            "© 2025 BBC");
    text_is(&r, "mp4:cprt", "BBC Studios\niTunes: © 2025 Universal");
    text_is(&r,
            "mp4:\xC2\xA9"
            "ART",
            "Artist Name");
    xmp_fields_are(&r);
    no_icc(&r, false);
    assert_int_equal(unit_off(&r,
                              "mp4:\xC2\xA9"
                              "cpy",
                              "BBC"),
                     b_find(&m, "BBC", 3));
    hostile(RS_TYPE_MP4, m.data, m.len, 2000);
    /* boxes nested 100 deep: entered 8 deep, no more */
    rs_buf_reset(&m);
    size_t at[100];
    for (int k = 0; k < 100; k++)
        at[k] = box_begin(&m, k % 2 ? "udta" : "moov");
    for (int k = 99; k >= 0; k--)
        box_end(&m, at[k]);
    assert_int_equal(run_on(&r, RS_TYPE_MP4, m.data, m.len), RS_OK);
    /* a box smaller than its header */
    assert_int_equal(run_on(&r, RS_TYPE_MP4, "\0\0\0\x04moov", 8), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: MP4 box header broken at offset 0");
    run_free(&r);
    rs_buf_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tiff),    cmocka_unit_test(test_tiff_broken),
        cmocka_unit_test(test_png),     cmocka_unit_test(test_png_bombs_and_lies),
        cmocka_unit_test(test_webp),    cmocka_unit_test(test_gif),
        cmocka_unit_test(test_heif),    cmocka_unit_test(test_jpeg_iim_and_irb_xmp),
        cmocka_unit_test(test_mp3_v23), cmocka_unit_test(test_mp3_unsync_v24_v22),
        cmocka_unit_test(test_flac),    cmocka_unit_test(test_ogg),
        cmocka_unit_test(test_mp4),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
