/* test_extract_docx.c — the zip-based documents (DOCX, ODT, EPUB), built in memory with
 * libarchive's writer: text, runs joined, paragraphs as lines, metadata fields, offsets
 * into the XML part, and zips that are not documents, truncated, or over the member cap. */
#include "extract_fixture.h"

#define W "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""

static const char DOCUMENT[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<w:document " W " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\">"
    "<w:body><w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr>"
    "<w:r><w:t>ANKARA (AA) </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>The</w:t></w:r>"
    "<w:r><w:tab/><w:t xml:space=\"preserve\">government said</w:t></w:r></w:p>"
    "<w:p><w:r><w:t>LEGAL WARNING: reserved by Ajan</w:t></w:r><w:r><w:t>sı &amp; co</w:t>"
    "</w:r><w:r><w:br/><w:t>next line</w:t></w:r></w:p>"
    "<w:p><w:r><w:instrText> HYPERLINK \"x\" </w:instrText></w:r><w:del><w:r><w:delText>"
    "gone</w:delText></w:r></w:del><w:r><mc:AlternateContent><mc:Choice><w:t>boxed</w:t>"
    "</mc:Choice><mc:Fallback><w:t>boxed</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    "</w:body></w:document>";

static const char FOOTER[] =
    "<w:ftr " W "><w:p><w:r><w:t>© 2025 İlke Haber Ajansı</w:t></w:r></w:p></w:ftr>";

static const char CORE[] =
    "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
    "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>T</dc:title>"
    "<dc:creator>Ali Veli</dc:creator></cp:coreProperties>";

static unsigned char *docx(size_t *len)
{
    const zmember m[] = {
        {"[Content_Types].xml", "<Types/>"},
        {"word/document.xml", DOCUMENT},
        {"word/footer1.xml", FOOTER},
        {"docProps/core.xml", CORE},
        {"word/media/image1.png", "\x89PNG not really"},
    };
    return zip_build(m, sizeof m / sizeof m[0], len);
}

static void test_docx(void **state)
{
    (void)state;
    size_t len;
    unsigned char *z = docx(&len);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_DOCX, z, len), RS_OK);
    const rs_field *body = field(&r, "body");
    assert_false(body->metadata);
    assert_false(body->positional);
    text_is(&r, "body",
            "ANKARA (AA) The government said\n"
            "LEGAL WARNING: reserved by Ajansı & co\nnext line\n"
            "boxed\n"
            "© 2025 İlke Haber Ajansı\n");
    /* offsets refer to the XML part */
    assert_int_equal(unit_off(&r, "body", "LEGAL"), find_str(DOCUMENT, strlen(DOCUMENT), "LEGAL"));
    assert_int_equal(unit_off(&r, "body", "sı &"), find_str(DOCUMENT, strlen(DOCUMENT), "sı &"));
    assert_int_equal(unit_off(&r, "body", "İlke"), find_str(FOOTER, strlen(FOOTER), "İlke"));
    const rs_field *c = field(&r, "docx:dc:creator");
    assert_true(c->metadata);
    assert_false(c->positional);
    text_is(&r, "docx:dc:creator", "Ali Veli");
    run_free(&r);
    free(z);
}

static void test_docx_broken(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    /* a zip that is not a DOCX */
    const zmember other[] = {{"readme.txt", "hello"}};
    size_t len;
    unsigned char *z = zip_build(other, 1, &len);
    assert_int_equal(run_on(&r, RS_TYPE_DOCX, z, len), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: DOCX has no word/document.xml");
    free(z);
    /* not a zip at all */
    assert_int_equal(run_str(&r, RS_TYPE_DOCX, "PK\x03\x04 but then garbage"), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: DOCX ");
    assert_int_equal(run_on(&r, RS_TYPE_DOCX, "", 0), RS_ERR_CORRUPT);
    /* a part over the member cap */
    z = docx(&len);
    r.opt.limits.max_member_bytes = 100;
    assert_int_equal(run_on(&r, RS_TYPE_DOCX, z, len), RS_ERR_LIMIT);
    reason_is(&r, "limit: DOCX part word/document.xml larger than 100 bytes");
    r.opt.limits.max_member_bytes = 256u << 20;
    /* too many members */
    r.opt.limits.max_members = 2;
    assert_int_equal(run_on(&r, RS_TYPE_DOCX, z, len), RS_ERR_LIMIT);
    reason_is(&r, "limit: DOCX has more than 2 members");
    r.opt.limits.max_members = 100000;
    /* every truncation: a result or a specific reason, never a crash */
    for (size_t n = 0; n < len; n += 3) {
        rs_err e = run_on(&r, RS_TYPE_DOCX, z, n);
        if (e == RS_OK) {
            text_has(&r, "body", "ANKARA (AA) The government said");
        } else {
            assert_int_equal(e, RS_ERR_CORRUPT);
            reason_is(&r, "corrupt: ");
        }
    }
    free(z);
    run_free(&r);
}

/* ---- ODT ---- */

static const char CONTENT[] =
    "<office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
    " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"><office:body><office:text>"
    "<text:tracked-changes><text:changed-region><text:p>deleted</text:p></text:changed-region>"
    "</text:tracked-changes><text:h>Başlık</text:h><text:p>ANKARA (AA) Ajan<text:span>sı"
    "</text:span><text:s/>said<text:line-break/>more</text:p></office:text></office:body>"
    "</office:document-content>";

static const char STYLES[] =
    "<office:document-styles xmlns:style=\"s\" xmlns:text=\"t\" xmlns:office=\"o\">"
    "<office:styles><style:style style:name=\"P\"/></office:styles><office:master-styles>"
    "<style:master-page><style:footer><text:p>© AA footer</text:p></style:footer>"
    "</style:master-page></office:master-styles></office:document-styles>";

static const char META[] =
    "<office:document-meta><office:meta><dc:rights>© 2025 AA</dc:rights>"
    "<meta:initial-creator>Jo</meta:initial-creator><dc:title>x</dc:title></office:meta>"
    "</office:document-meta>";

static void test_odt(void **state)
{
    (void)state;
    const zmember m[] = {
        {"mimetype", "application/vnd.oasis.opendocument.text"},
        {"content.xml", CONTENT},
        {"styles.xml", STYLES},
        {"meta.xml", META},
    };
    size_t len;
    unsigned char *z = zip_build(m, 4, &len);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_ODT, z, len), RS_OK);
    assert_false(field(&r, "body")->positional);
    text_is(&r, "body", "Başlık\nANKARA (AA) Ajansı said\nmore\n© AA footer\n");
    assert_int_equal(unit_off(&r, "body", "ANKARA"), find_str(CONTENT, strlen(CONTENT), "ANKARA"));
    text_is(&r, "odt:dc:rights", "© 2025 AA");
    text_is(&r, "odt:meta:initial-creator", "Jo");
    assert_true(field(&r, "odt:dc:rights")->metadata);
    assert_null(rs_fields_find(&r.fs, "odt:dc:title"));
    free(z);
    const zmember none[] = {{"mimetype", "application/vnd.oasis.opendocument.text"}};
    z = zip_build(none, 1, &len);
    assert_int_equal(run_on(&r, RS_TYPE_ODT, z, len), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: ODT has no content.xml");
    free(z);
    run_free(&r);
}

/* ---- EPUB ---- */

static const char CONTAINER[] =
    "<?xml version=\"1.0\"?><container version=\"1.0\" "
    "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles>"
    "<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"
    "</rootfiles></container>";

static const char OPF[] =
    "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\"><metadata "
    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Book</dc:title>"
    "<dc:rights>© 2025 Yayınevi. Tüm hakları saklıdır.</dc:rights><dc:creator>Yazar"
    "</dc:creator></metadata><manifest>"
    "<item id=\"c1\" href=\"Text/ch%201.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"c2\" href=\"./Text/../Text/ch2.xhtml\" media-type=\"application/xhtml+xml\"/>"
    "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>"
    "</manifest><spine><itemref idref=\"c1\"/><itemref idref=\"c2\"/></spine></package>";

static const char CH1[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
    "<head><title>One</title></head><body><p>ANKARA (AA) Chapter one</p></body></html>";

static void test_epub(void **state)
{
    (void)state;
    const zmember m[] = {
        {"mimetype", "application/epub+zip"},
        {"META-INF/container.xml", CONTAINER},
        {"OEBPS/content.opf", OPF},
        {"OEBPS/Text/ch 1.xhtml", CH1},
        {"OEBPS/Text/ch2.xhtml", "<html><body><p>Ajan<b>s</b>ı two</p></body></html>"},
        {"OEBPS/Text/unlisted.xhtml", "<p>not in the manifest</p>"},
        {"OEBPS/style.css", "p { }"},
    };
    size_t len;
    unsigned char *z = zip_build(m, sizeof m / sizeof m[0], &len);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_EPUB, z, len), RS_OK);
    assert_false(field(&r, "body")->positional);
    text_is(&r, "body", "One\nANKARA (AA) Chapter one\nAjansı two\n");
    assert_int_equal(unit_off(&r, "body", "Chapter"), find_str(CH1, strlen(CH1), "Chapter"));
    text_is(&r, "epub:dc:rights", "© 2025 Yayınevi. Tüm hakları saklıdır.");
    text_is(&r, "epub:dc:creator", "Yazar");
    assert_true(field(&r, "epub:dc:rights")->metadata);
    free(z);
    /* no container: every (X)HTML member is read */
    const zmember bare[] = {{"a.html", "<p>bare text</p>"}, {"b.txt", "no"}};
    z = zip_build(bare, 2, &len);
    assert_int_equal(run_on(&r, RS_TYPE_EPUB, z, len), RS_OK);
    text_is(&r, "body", "bare text\n");
    free(z);
    const zmember empty[] = {{"b.txt", "no"}};
    z = zip_build(empty, 1, &len);
    assert_int_equal(run_on(&r, RS_TYPE_EPUB, z, len), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: EPUB has no META-INF/container.xml");
    free(z);
    run_free(&r);
}

/* Mutated zips of each kind: any outcome but a crash; errors always say why. */
static void test_mutated(void **state)
{
    (void)state;
    const zmember epub[] = {{"META-INF/container.xml", CONTAINER},
                            {"OEBPS/content.opf", OPF},
                            {"OEBPS/Text/ch 1.xhtml", CH1}};
    const zmember odt[] = {{"content.xml", CONTENT}, {"meta.xml", META}};
    size_t lens[3];
    unsigned char *zips[3] = {docx(&lens[0]), zip_build(epub, 3, &lens[1]),
                              zip_build(odt, 2, &lens[2])};
    static const rs_type types[3] = {RS_TYPE_DOCX, RS_TYPE_EPUB, RS_TYPE_ODT};
    run r;
    run_init(&r, 1 << 20);
    uint32_t seed = 3;
    for (int round = 0; round < 1500; round++) {
        size_t k = (size_t)round % 3, n = lens[k];
        unsigned char *m = malloc(n);
        assert_non_null(m);
        memcpy(m, zips[k], n);
        for (int j = 0; j < 1 + round % 4; j++)
            m[prng(&seed) % n] = (unsigned char)prng(&seed);
        rs_err e = run_on(&r, types[k], m, n);
        assert_true(e != RS_ERR_NOMEM);
        if (e) assert_true(r.cx.reason[0] != '\0');
        for (size_t i = 0; i < r.fs.n; i++)
            assert_true(rs_utf8_valid((const unsigned char *)r.fs.v[i].text, r.fs.v[i].len));
        free(m);
    }
    for (int k = 0; k < 3; k++)
        free(zips[k]);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_docx), cmocka_unit_test(test_docx_broken), cmocka_unit_test(test_odt),
        cmocka_unit_test(test_epub), cmocka_unit_test(test_mutated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
