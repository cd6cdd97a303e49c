/* test_detect.c — type detection: magic numbers, text kinds, documents that are zips. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "internal.h"

static rs_detector *det;

static int setup(void **state)
{
    (void)state;
    char err[256];
    return rs_detector_new(&det, err, sizeof err) == RS_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    rs_detector_free(det);
    return 0;
}

static rs_type detect(const char *data, size_t len, const char *name)
{
    return rs_detect(det, (const unsigned char *)data, len, name);
}

#define DETECT(lit, name) detect(lit, sizeof(lit) - 1, name)

static void magic_numbers(void **state)
{
    (void)state;
    assert_int_equal(DETECT("\x1f\x8b\x08\0\0\0\0\0", "x"), RS_TYPE_GZIP);
    assert_int_equal(DETECT("BZh91AY&SY", "x"), RS_TYPE_BZIP2);
    assert_int_equal(DETECT("\xfd" "7zXZ\0\0", "x"), RS_TYPE_XZ);
    assert_int_equal(DETECT("\x28\xb5\x2f\xfd\0\0", "x"), RS_TYPE_ZSTD);
    assert_int_equal(DETECT("7z\xbc\xaf\x27\x1c\0\0", "x"), RS_TYPE_SEVENZ);
    assert_int_equal(DETECT("Rar!\x1a\x07\x01\0", "x"), RS_TYPE_RAR);
    assert_int_equal(DETECT("\xff\xd8\xff\xe0", "x.txt"), RS_TYPE_JPEG); /* content wins */
    assert_int_equal(DETECT("\x89PNG\r\n\x1a\n", "x"), RS_TYPE_PNG);
    assert_int_equal(DETECT("%PDF-1.7\n", "x"), RS_TYPE_PDF);
    assert_int_equal(DETECT("{\\rtf1\\ansi Hello}", "x.rtf"), RS_TYPE_RTF);
    assert_int_equal(DETECT("fLaC\0\0\0\x22", "x"), RS_TYPE_FLAC);
    assert_int_equal(DETECT("OggS\0\2", "x"), RS_TYPE_OGG);
    assert_int_equal(DETECT("ID3\x04\0\0\0\0\0\0", "x"), RS_TYPE_MP3);
    assert_int_equal(DETECT("\0\0\0\x18" "ftypheic\0\0\0\0", "x"), RS_TYPE_HEIF);
    assert_int_equal(DETECT("\0\0\0\x18" "ftypisom\0\0\0\0", "x"), RS_TYPE_MP4);
    assert_int_equal(DETECT("PK\3\4plain zip", "x.zip"), RS_TYPE_ZIP);
    assert_int_equal(detect("", 0, "empty"), RS_TYPE_EMPTY);
    char tar[512] = "name";
    memcpy(tar + 257, "ustar", 5);
    assert_int_equal(detect(tar, sizeof tar, "x"), RS_TYPE_TAR);
}

static void documents_in_zips(void **state)
{
    (void)state;
    static const char docx[] = "PK\3\4....[Content_Types].xml....PK\3\4word/document.xml";
    assert_int_equal(DETECT(docx, "story.zip"), RS_TYPE_DOCX);
    char odt[128] = "PK\3\4";
    memcpy(odt + 30, "mimetypeapplication/vnd.oasis.opendocument.text", 47);
    assert_int_equal(detect(odt, 30 + 47, "x"), RS_TYPE_ODT);
    char epub[128] = "PK\3\4";
    memcpy(epub + 30, "mimetypeapplication/epub+zip", 28);
    assert_int_equal(detect(epub, 30 + 28, "x"), RS_TYPE_EPUB);
    /* writers that compress the mimetype part: part names and the extension decide */
    static const char odt_z[] = "PK\3\4....mimetype....PK\3\4content.xml....";
    assert_int_equal(DETECT(odt_z, "story.odt"), RS_TYPE_ODT);
    assert_int_equal(DETECT(odt_z, "sheet.ods"), RS_TYPE_ODS);
    assert_int_equal(DETECT(odt_z, "bundle.zip"), RS_TYPE_ZIP);
    static const char epub_z[] = "PK\3\4....mimetype....META-INF/container.xml...";
    assert_int_equal(DETECT(epub_z, "book.epub"), RS_TYPE_EPUB);
}

static void text_kinds(void **state)
{
    (void)state;
    assert_int_equal(DETECT("Just words.\n", "a.txt"), RS_TYPE_TEXT);
    assert_int_equal(DETECT("# Title\n", "a.md"), RS_TYPE_MARKDOWN);
    assert_int_equal(DETECT("<!doctype html><p>x</p>", "page"), RS_TYPE_HTML);
    assert_int_equal(DETECT("  <HTML><body>", "noext"), RS_TYPE_HTML);
    assert_int_equal(DETECT("<?xml version=\"1.0\"?><a/>", "feed"), RS_TYPE_XML);
    assert_int_equal(DETECT("{\"a\": 1}\n", "data"), RS_TYPE_JSON);
    assert_int_equal(DETECT("{ not json", "notes"), RS_TYPE_TEXT);
    assert_int_equal(DETECT("\xef\xbb\xbf<?xml?>", "x.xml"), RS_TYPE_XML);
    assert_int_equal(DETECT("\xff\xfeh\0i\0", "x.txt"), RS_TYPE_TEXT); /* UTF-16 by BOM */
    assert_int_equal(DETECT("Ýlke Haber Ajansý \xfd\xfe", "legacy.txt"), RS_TYPE_TEXT);
    assert_int_equal(DETECT("<p>page</p>", "story.HTM"), RS_TYPE_HTML);
}

static void binary_falls_to_libmagic(void **state)
{
    (void)state;
    static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0";
    rs_type t = DETECT(bin, "prog");
    assert_int_equal(rs_type_family(t), 'B');
    assert_string_equal(rs_type_mime(RS_TYPE_JPEG), "image/jpeg");
    assert_int_equal(rs_type_family(RS_TYPE_TAR), 'A');
    assert_int_equal(rs_type_family(RS_TYPE_GZIP), 'C');
    assert_int_equal(rs_type_family(RS_TYPE_DOCX), 'D');
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(magic_numbers),
        cmocka_unit_test(documents_in_zips),
        cmocka_unit_test(text_kinds),
        cmocka_unit_test(binary_falls_to_libmagic),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
