/* test_extract_pdf.c — PDF through poppler: page text with page breaks, the Info dictionary
 * (standard keys from poppler, custom keys such as /Copyright from the raw reader), the XMP
 * stream; a file with an attachment; encrypted, broken, truncated and mutated files,
 * the limits, and a stderr that stays clean. PDFs are written by hand at test time. */
#include "docs_fixture.h"

#include <fcntl.h>
#include <unistd.h>

static const char XMP[] =
    "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
    "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
    "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">\xC2\xA9 2025 Agence France-Presse"
    "</rdf:li></rdf:Alt></dc:rights></rdf:Description></rdf:RDF></x:xmpmeta>"
    "<?xpacket end=\"w\"?>";

/* Two pages of Helvetica text (WinAnsi: \251 is ©), an Info dictionary with standard and
 * custom keys (one in UTF-16BE), an XMP stream and, with attach, an embedded file. */
static unsigned char *story_pdf(bool attach, size_t *len)
{
    char *c1 = pdf_stream("", "BT /F1 12 Tf 72 720 Td (PARIS \\(AFP\\) - The talks went on.) Tj "
                              "0 -16 Td (\\251 2025 AFP) Tj ET");
    char *c2 = pdf_stream("", "BT /F1 12 Tf 72 720 Td (Page two text) Tj ET");
    char *meta = pdf_stream("/Type /Metadata /Subtype /XML", XMP);
    char *file = pdf_stream("/Type /EmbeddedFile", "Rights: (c) ILKHA");
    const char *obj[] = {
        attach ? "<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R /Names << /EmbeddedFiles "
                 "<< /Names [(notice.txt) 9 0 R] >> >> >>"
               : "<< /Type /Catalog /Pages 2 0 R /Metadata 7 0 R >>",
        "<< /Type /Pages /Kids [3 0 R 5 0 R] /Count 2 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 6 0 R >> >> >>",
        c1,
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 8 0 R "
        "/Resources << /Font << /F1 6 0 R >> >> >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        meta,
        c2,
        "<< /Type /Filespec /F (notice.txt) /UF (notice.txt) /EF << /F 10 0 R >> >>",
        file,
        "<< /Title (Talks) /Author (Jean Dupont) /Producer (hand) /CreationDate "
        "(D:20250101000000Z) /Copyright (\\251 2025 Agence France-Presse \\(AFP\\)) "
        "/Rights <FEFF0130006C006B0065> /Nested << /Copyright (not this) >> "
        "/Odd#20Key (skipped) /Count 3 /Source (AFP) >>",
    };
    unsigned char *pdf = pdf_build(obj, sizeof obj / sizeof obj[0], "/Info 11 0 R", len);
    free(c1), free(c2), free(meta), free(file);
    return pdf;
}

static void test_pdf(void **state)
{
    (void)state;
    size_t len;
    unsigned char *pdf = story_pdf(false, &len);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_PDF, pdf, len), RS_OK);
    const rs_field *body = field(&r, "body");
    assert_false(body->metadata);
    assert_false(body->positional);
    text_has(&r, "body", "PARIS (AFP) - The talks went on.");
    text_has(&r, "body", "© 2025 AFP");
    text_has(&r, "body", "\n\f\nPage two text");
    /* body offsets are offsets in the extracted text */
    const char *two = strstr(body->text, "Page two");
    assert_non_null(two);
    assert_int_equal(unit_off(&r, "body", "Page two"), (size_t)(two - body->text));
    /* the Info dictionary */
    text_is(&r, "pdf:info:Title", "Talks");
    text_is(&r, "pdf:info:Author", "Jean Dupont");
    text_is(&r, "pdf:info:Producer", "hand");
    text_is(&r, "pdf:info:Copyright", "© 2025 Agence France-Presse (AFP)");
    text_is(&r, "pdf:info:Rights", "İlke");
    text_is(&r, "pdf:info:Source", "AFP");
    assert_true(field(&r, "pdf:info:Copyright")->metadata);
    assert_true(field(&r, "pdf:info:Author")->metadata);
    assert_false(field(&r, "pdf:info:Title")->metadata); /* describes, does not credit */
    assert_false(field(&r, "pdf:info:Copyright")->positional);
    assert_null(rs_fields_find(&r.fs, "pdf:info:CreationDate"));
    assert_null(rs_fields_find(&r.fs, "pdf:info:Count"));
    /* a custom key maps to its value in the file */
    assert_int_equal(unit_off(&r, "pdf:info:Copyright", "©"),
                     find_str(pdf, len, "(\\251 2025 Agence"));
    /* the XMP stream */
    text_is(&r, "xmp:dc:rights", "© 2025 Agence France-Presse");
    assert_true(field(&r, "xmp:dc:rights")->metadata);
    run_free(&r);
    free(pdf);
}

/* An embedded file is not read (see extract_pdf.c), and the rest of the file still is. */
static void test_pdf_attachment(void **state)
{
    (void)state;
    size_t len;
    unsigned char *pdf = story_pdf(true, &len);
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    assert_int_equal(run_sub(&r, RS_TYPE_PDF, pdf, len, &su), RS_OK);
    assert_int_equal(su.n, 0);
    text_has(&r, "body", "Page two text");
    text_is(&r, "pdf:info:Copyright", "© 2025 Agence France-Presse (AFP)");
    rs_subunits_free(&su);
    run_free(&r);
    free(pdf);
}

static void test_pdf_limits(void **state)
{
    (void)state;
    size_t len;
    unsigned char *pdf = story_pdf(false, &len);
    run r;
    run_init(&r, 1 << 20);
    r.opt.limits.max_members = 1; /* pages */
    assert_int_equal(run_on(&r, RS_TYPE_PDF, pdf, len), RS_ERR_LIMIT);
    reason_is(&r, "limit: PDF has more than 1 pages (2)");
    text_has(&r, "body", "PARIS (AFP)");
    text_is(&r, "pdf:info:Copyright", "© 2025 Agence France-Presse (AFP)"); /* still read */
    run_free(&r);
    run_init(&r, 20); /* bytes of text */
    assert_int_equal(run_on(&r, RS_TYPE_PDF, pdf, len), RS_ERR_LIMIT);
    reason_is(&r, "limit: PDF text larger than 20 bytes (page 1 of 2)");
    run_free(&r);
    free(pdf);
}

/* Standard security handler, revision 2, with /O and /U that fit no empty password. */
static void test_pdf_encrypted(void **state)
{
    (void)state;
    static const char *const obj[] = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        "<< /Filter /Standard /V 1 /R 2 /P -4 "
        "/O <0102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F20> "
        "/U <2122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F40> >>",
    };
    size_t len;
    unsigned char *pdf = pdf_build(obj, 4,
                                   "/Encrypt 4 0 R /ID [<00112233445566778899AABBCCDDEEFF> "
                                   "<00112233445566778899AABBCCDDEEFF>]",
                                   &len);
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_on(&r, RS_TYPE_PDF, pdf, len), RS_ERR_ENCRYPTED);
    reason_is(&r, "encrypted: PDF needs a password");
    run_free(&r);
    free(pdf);
}

/* Runs fn with stderr sent to a temporary file; returns how many bytes were written. */
static long quiet_stderr(void (*fn)(void))
{
    char path[] = "/tmp/rs-pdf-stderr-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    fn();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    long n = lseek(fd, 0, SEEK_END);
    close(fd);
    unlink(path);
    return n;
}

static void broken_pdfs(void)
{
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_PDF, "%PDF-1.4\nthis is not a PDF at all\n"),
                     RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: PDF: ");
    assert_int_equal(run_on(&r, RS_TYPE_PDF, "", 0), RS_ERR_CORRUPT);
    reason_is(&r, "corrupt: PDF: ");
    run_free(&r);
}

static void test_pdf_broken(void **state)
{
    (void)state;
    assert_int_equal(quiet_stderr(broken_pdfs), 0); /* poppler's complaints are silenced */
}

/* Every truncation and a run of mutations: a result or a specific reason, never a crash. */
static void mutations(void)
{
    size_t len;
    unsigned char *pdf = story_pdf(true, &len);
    run r;
    rs_subunits su;
    run_init(&r, 1 << 20);
    rs_subunits_init(&su, 1 << 20);
    for (size_t n = 0; n < len; n += 7) {
        rs_err e = run_sub(&r, RS_TYPE_PDF, pdf, n, &su);
        if (e) {
            assert_int_equal(e, RS_ERR_CORRUPT);
            reason_is(&r, "corrupt: PDF");
        }
        fields_valid(&r);
    }
    uint32_t seed = 11;
    unsigned char *m = malloc(len);
    assert_non_null(m);
    for (int round = 0; round < 400; round++) {
        memcpy(m, pdf, len);
        for (int j = 0; j < 1 + round % 6; j++)
            m[prng(&seed) % len] = (unsigned char)prng(&seed);
        rs_err e = run_sub(&r, RS_TYPE_PDF, m, len, &su);
        assert_true(e != RS_ERR_NOMEM);
        if (e) assert_true(r.cx.reason[0] != '\0');
        fields_valid(&r);
    }
    free(m);
    rs_subunits_free(&su);
    run_free(&r);
    free(pdf);
}

static void test_pdf_hostile(void **state)
{
    (void)state;
    assert_int_equal(quiet_stderr(mutations), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf),        cmocka_unit_test(test_pdf_attachment),
        cmocka_unit_test(test_pdf_limits), cmocka_unit_test(test_pdf_encrypted),
        cmocka_unit_test(test_pdf_broken), cmocka_unit_test(test_pdf_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
