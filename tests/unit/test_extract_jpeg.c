/* test_extract_jpeg.c — JPEG rights metadata: XMP, IPTC IIM and EXIF values found with the
 * right names, flags and file offsets; charsets; and truncated, lying and mutated files. */
#include "extract_fixture.h"

static void put(rs_buf *b, const void *p, size_t n)
{
    assert_int_equal(rs_buf_append(b, p, n), RS_OK);
}

static void puts_(rs_buf *b, const char *s)
{
    put(b, s, strlen(s));
}

static void put16(rs_buf *b, unsigned v)
{
    unsigned char x[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    put(b, x, 2);
}

static void put32(rs_buf *b, uint32_t v)
{
    put16(b, v >> 16);
    put16(b, v & 0xFFFF);
}

/* FF marker LEN DATA */
static void segment(rs_buf *out, unsigned marker, const rs_buf *data)
{
    unsigned char m[2] = {0xFF, (unsigned char)marker};
    put(out, m, 2);
    put16(out, (unsigned)data->len + 2);
    put(out, data->data, data->len);
}

static void dataset(rs_buf *b, unsigned rec, unsigned ds, const char *v)
{
    unsigned char h[3] = {0x1C, (unsigned char)rec, (unsigned char)ds};
    put(b, h, 3);
    put16(b, (unsigned)strlen(v));
    puts_(b, v);
}

static const char XMP[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
    " <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
    "  xmlns:photoshop=\"http://ns.adobe.com/photoshop/1.0/\"\n"
    "  xmlns:xmpRights=\"http://ns.adobe.com/xap/1.0/rights/\"\n"
    "  photoshop:Credit=\"ILKHA &amp; Co\">\n"
    "  <dc:rights>\n   <rdf:Alt>\n    <rdf:li xml:lang=\"x-default\">© 2025 İlke Haber Ajansı"
    "</rdf:li>\n    <rdf:li xml:lang=\"tr\">Tüm hakları saklıdır</rdf:li>\n   </rdf:Alt>\n"
    "  </dc:rights>\n  <dc:creator><rdf:Seq><rdf:li>Ali Veli</rdf:li></rdf:Seq></dc:creator>\n"
    "  <photoshop:Source>AA</photoshop:Source>\n  <dc:title>Not a rights field</dc:title>\n"
    "  <xmpRights:UsageTerms><rdf:Alt><rdf:li xml:lang=\"x-default\">No reuse without contract"
    "</rdf:li></rdf:Alt></xmpRights:UsageTerms>\n </rdf:Description>\n"
    " <rdf:Description xmlns:ps=\"http://ns.adobe.com/photoshop/1.0/\" ps:Credit=\"Second\"\n"
    "  xmlns:fake=\"http://example.com/\" fake:Credit=\"not this\"/>\n"
    "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

static void app1_xmp(rs_buf *j, const char *packet)
{
    rs_buf d;
    rs_buf_init(&d, 0);
    put(&d, "http://ns.adobe.com/xap/1.0/", 29); /* with its NUL */
    puts_(&d, packet);
    segment(j, 0xE1, &d);
    rs_buf_free(&d);
}

/* APP13 with a thumbnail resource (odd size, padded), then IPTC. utf8: write 1:90. */
static void app13_iptc(rs_buf *j, bool utf8, const char *copyright)
{
    rs_buf iim, d;
    rs_buf_init(&iim, 0);
    rs_buf_init(&d, 0);
    if (utf8) dataset(&iim, 1, 90, "\x1B%G");
    dataset(&iim, 2, 116, copyright);
    put(&iim, "\x1C\x02\x78\x80\x02\x00\x05hello", 12); /* extended length: skipped */
    dataset(&iim, 2, 110, "ILKHA");
    dataset(&iim, 2, 115, "AA");
    dataset(&iim, 2, 80, "Ali");
    dataset(&iim, 2, 80, "Veli");
    dataset(&iim, 2, 5, "Object name");
    put(&d, "Photoshop 3.0", 14);
    put(&d,
        "8BIM\x04\x0C\x03"
        "abc",
        10); /* name "abc": 1 + 3 bytes, even */
    put32(&d, 3);
    put(&d, "xyz\0", 4);
    put(&d, "8BIM\x04\x04\x00\x00", 8);
    put32(&d, (uint32_t)iim.len);
    put(&d, iim.data, iim.len);
    if (iim.len % 2) put(&d, "", 1);
    segment(j, 0xED, &d);
    rs_buf_free(&iim);
    rs_buf_free(&d);
}

static void put16o(rs_buf *b, unsigned v, bool le)
{
    unsigned char x[2] = {(unsigned char)(le ? v : v >> 8), (unsigned char)(le ? v >> 8 : v)};
    put(b, x, 2);
}

static void put32o(rs_buf *b, uint32_t v, bool le)
{
    put16o(b, le ? v & 0xFFFF : v >> 16, le);
    put16o(b, le ? v >> 16 : v & 0xFFFF, le);
}

/* APP1 Exif: IFD0 with Artist (inline), Copyright (at an offset), one bad entry. */
static void app1_exif(rs_buf *j, bool le)
{
    static const char copy[] = "Photographer\0Editor"; /* with its final NUL: 20 bytes */
    rs_buf d;
    rs_buf_init(&d, 0);
    put(&d, "Exif\0\0", 6);
    put(&d, le ? "II*\0" : "MM\0*", 4);
    put32o(&d, 8, le);
    put16o(&d, 3, le);
    put16o(&d, 0x013B, le), put16o(&d, 2, le), put32o(&d, 4, le), put(&d, "Bob\0", 4);
    put16o(&d, 0x8298, le), put16o(&d, 2, le), put32o(&d, 20, le), put32o(&d, 50, le);
    put16o(&d, 0x8298, le), put16o(&d, 2, le), put32o(&d, 0xFFFFFFF0u, le), put32o(&d, 60, le);
    put32o(&d, 0, le); /* no next IFD: 8 + 2 + 36 + 4 = 50 */
    put(&d, copy, sizeof copy);
    segment(j, 0xE1, &d);
    rs_buf_free(&d);
}

static void tail(rs_buf *j)
{
    put(j, "\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10); /* SOS */
    put(j, "\x12\x34\xFF\x00\x56", 5);                      /* entropy-coded data */
    put(j, "\xFF\xD9", 2);                                  /* EOI */
}

static void build(rs_buf *j, bool le)
{
    rs_buf_init(j, 0);
    put(j, "\xFF\xD8", 2);
    put(j, "\xFF\xE0\x00\x10JFIF\0\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
    app1_xmp(j, XMP);
    app13_iptc(j, true, "© 2025 İlke Haber Ajansı");
    app1_exif(j, le);
    tail(j);
}

static void test_jpeg_fields(void **state)
{
    (void)state;
    for (int le = 0; le < 2; le++) {
        rs_buf j;
        build(&j, le);
        run r;
        run_init(&r, 1 << 20);
        assert_int_equal(run_on(&r, RS_TYPE_JPEG, j.data, j.len), RS_OK);
        text_is(&r, "xmp:dc:rights", "© 2025 İlke Haber Ajansı\nTüm hakları saklıdır");
        text_is(&r, "xmp:dc:creator", "Ali Veli");
        text_is(&r, "xmp:photoshop:Credit", "ILKHA & Co\nSecond");
        text_is(&r, "xmp:photoshop:Source", "AA");
        text_is(&r, "xmp:xmpRights:UsageTerms", "No reuse without contract");
        text_is(&r, "iptc:2:116", "© 2025 İlke Haber Ajansı");
        text_is(&r, "iptc:2:110", "ILKHA");
        text_is(&r, "iptc:2:115", "AA");
        text_is(&r, "iptc:2:080", "Ali\nVeli");
        text_is(&r, "exif:Copyright", "Photographer\nEditor");
        text_is(&r, "exif:Artist", "Bob");
        assert_int_equal(r.fs.n, 11);
        for (size_t i = 0; i < r.fs.n; i++) {
            assert_true(r.fs.v[i].metadata);
            assert_false(r.fs.v[i].positional);
        }
        /* offsets point at the values' bytes in the file */
        size_t xmp = find_str(j.data, j.len, "<x:xmpmeta");
        size_t iptc = find_str(j.data, j.len, "Photoshop 3.0");
        size_t exif = find_str(j.data, j.len, "Exif");
        assert_int_equal(unit_off(&r, "xmp:dc:rights", "Tüm"), find_str(j.data, j.len, "Tüm"));
        assert_int_equal(unit_off(&r, "xmp:photoshop:Credit", "& Co"),
                         find_str(j.data, j.len, "&amp; Co"));
        assert_int_equal(unit_off(&r, "iptc:2:116", "İlke"),
                         iptc + find_str(j.data + iptc, j.len - iptc, "İlke"));
        assert_int_equal(unit_off(&r, "iptc:2:080", "Veli"),
                         iptc + find_str(j.data + iptc, j.len - iptc, "Veli"));
        assert_int_equal(unit_off(&r, "exif:Copyright", "Editor"),
                         exif + find_str(j.data + exif, j.len - exif, "Editor"));
        assert_int_equal(unit_off(&r, "exif:Artist", "Bob"), find_str(j.data, j.len, "Bob"));
        assert_true(xmp < iptc && iptc < exif);
        run_free(&r);
        rs_buf_free(&j);
    }
}

/* Without 1:90 IIM values are 8-bit text in the legacy charset. */
static void test_jpeg_iptc_legacy(void **state)
{
    (void)state;
    rs_buf j;
    rs_buf_init(&j, 0);
    put(&j, "\xFF\xD8", 2);
    app13_iptc(&j, false, "\xA9 2025 Caf\xE9 \xDDzmir");
    tail(&j);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_JPEG, j.data, j.len), RS_OK);
    text_is(&r, "iptc:2:116", "© 2025 Café Ýzmir"); /* Windows-1252 */
    r.opt.legacy_charset = "WINDOWS-1254";
    assert_int_equal(run_on(&r, RS_TYPE_JPEG, j.data, j.len), RS_OK);
    text_is(&r, "iptc:2:116", "© 2025 Café İzmir");
    run_free(&r);
    rs_buf_free(&j);
}

static const struct {
    const char *bytes;
    size_t len;
    rs_err want;
    const char *reason;
} BROKEN[] = {
    {"GIF89a", 6, RS_ERR_CORRUPT, "corrupt: not a JPEG file"},
    {"", 0, RS_ERR_CORRUPT, "corrupt: not a JPEG file"},
    {"\xFF\xD8", 2, RS_ERR_CORRUPT, "corrupt: JPEG ends at offset 2"},
    {"\xFF\xD8\xFF\xE1\xFF\xFFjunk", 10, RS_ERR_CORRUPT,
     "corrupt: JPEG segment length past end of file"},
    {"\xFF\xD8\xFF\xE1\x00", 5, RS_ERR_CORRUPT, "corrupt: JPEG segment header at offset 2"},
    {"\xFF\xD8\xFF\xE1\x00\x01", 6, RS_ERR_CORRUPT, "corrupt: JPEG segment header at offset 2"},
    {"\xFF\xD8\x00\x00", 4, RS_ERR_CORRUPT, "corrupt: JPEG marker expected at offset 2"},
    {"\xFF\xD8\xFF\xFF\xFF\xD9", 6, RS_OK, ""}, /* fill bytes, EOI */
    /* an Exif TIFF of 10 bytes whose IFD0 claims an entry */
    {"\xFF\xD8\xFF\xE1\x00\x12"
     "Exif\0\0"
     "II*\0\x08\0\0\0\x01\0"
     "\xFF\xD9",
     24, RS_OK, ""},
    {"\xFF\xD8\xFF\xE1\x00\x12"
     "Exif\0\0"
     "MM\0*\0\0\0\x08\0\x01"
     "\xFF\xD9",
     24, RS_OK, ""},
    {"\xFF\xD8\xFF\xDA\x00\x02", 6, RS_OK, ""}, /* no metadata */
    {"\xFF\xD8\xFF\xED\x00\x12Photoshop 3.0\0"
     "8B",
     22, RS_ERR_CORRUPT, "corrupt: JPEG ends at offset 22"}, /* a short IRB, then nothing */
};

static void test_jpeg_broken(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof BROKEN / sizeof BROKEN[0]; i++) {
        rs_err e = run_on(&r, RS_TYPE_JPEG, BROKEN[i].bytes, BROKEN[i].len);
        if (e != BROKEN[i].want) fail_msg("case %zu: error %d (%s)", i, e, r.cx.reason);
        reason_is(&r, BROKEN[i].reason);
    }
    /* a segment that claims more than the file holds: what is there is still read */
    rs_buf j;
    rs_buf_init(&j, 0);
    put(&j, "\xFF\xD8\xFF\xE1\xFF\xF0", 6);
    put(&j, "http://ns.adobe.com/xap/1.0/", 29);
    puts_(&j, "<x:xmpmeta><rdf:RDF><rdf:Description><dc:rights>© AA</dc:rights>");
    assert_int_equal(run_on(&r, RS_TYPE_JPEG, j.data, j.len), RS_OK);
    text_is(&r, "xmp:dc:rights", "© AA");
    rs_buf_free(&j);
    run_free(&r);
}

/* Every prefix and thousands of mutations of a full file: no crash, sensible outcomes. */
static void test_jpeg_truncated_and_mutated(void **state)
{
    (void)state;
    rs_buf j;
    build(&j, true);
    run r;
    run_init(&r, 1 << 20);
    for (size_t n = 0; n <= j.len; n++) {
        rs_err e = run_on(&r, RS_TYPE_JPEG, j.data, n);
        assert_true(e == RS_OK || e == RS_ERR_CORRUPT);
        if (e) reason_is(&r, "corrupt: ");
    }
    unsigned char *m = malloc(j.len);
    assert_non_null(m);
    uint32_t seed = 1;
    for (int round = 0; round < 4000; round++) {
        memcpy(m, j.data, j.len);
        for (int k = 0; k < 1 + round % 8; k++)
            m[prng(&seed) % j.len] = (unsigned char)prng(&seed);
        rs_err e = run_on(&r, RS_TYPE_JPEG, m, j.len);
        assert_true(e == RS_OK || e == RS_ERR_CORRUPT);
        for (size_t i = 0; i < r.fs.n; i++) {
            const rs_field *f = &r.fs.v[i];
            assert_true(rs_utf8_valid((const unsigned char *)f->text, f->len));
            if (f->len) assert_true(rs_offmap_lookup(&f->map, 0) < j.len);
        }
    }
    free(m);
    run_free(&r);
    rs_buf_free(&j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jpeg_fields),
        cmocka_unit_test(test_jpeg_iptc_legacy),
        cmocka_unit_test(test_jpeg_broken),
        cmocka_unit_test(test_jpeg_truncated_and_mutated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
