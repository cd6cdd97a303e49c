/* test_offmap.c — offset maps, buffers, UTF-8 decoding and line/column positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "internal.h"

static void runs_compress(void **state)
{
    (void)state;
    rs_offmap m;
    rs_offmap_init(&m);
    assert_int_equal(rs_offmap_lookup(&m, 42), 42); /* empty: identity */
    /* "<p>A&amp;B</p>" → "A&B" */
    rs_offmap_note(&m, 0, 3);
    rs_offmap_note(&m, 1, 4);
    rs_offmap_note(&m, 2, 9);
    assert_int_equal(m.n, 2);
    assert_int_equal(rs_offmap_lookup(&m, 0), 3);
    assert_int_equal(rs_offmap_lookup(&m, 1), 4);
    assert_int_equal(rs_offmap_lookup(&m, 2), 9);
    for (size_t t = 3; t < 1000; t++) rs_offmap_note(&m, t, 9 + t - 2); /* a long copy */
    assert_int_equal(m.n, 2);
    assert_int_equal(rs_offmap_lookup(&m, 500), 507);
    rs_offmap_free(&m);
}

static void buf_cap(void **state)
{
    (void)state;
    rs_buf b;
    rs_buf_init(&b, 4);
    assert_int_equal(rs_buf_append(&b, "abcd", 4), RS_OK);
    assert_int_equal(rs_buf_putc(&b, 'e'), RS_ERR_LIMIT);
    assert_int_equal(b.len, 4);
    assert_string_equal(b.data, "abcd");
    rs_buf_free(&b);
}

static void utf8(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(rs_utf8_decode((const unsigned char *)"\xc4\xb0", 2, &cp), 2);
    assert_int_equal(cp, 0x130);
    assert_int_equal(rs_utf8_decode((const unsigned char *)"\xc4", 1, &cp), 1); /* truncated */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(rs_utf8_decode((const unsigned char *)"\xed\xa0\x80", 3, &cp), 1);
    assert_true(rs_utf8_valid((const unsigned char *)"plain ascii and İ", 18));
    assert_false(rs_utf8_valid((const unsigned char *)"bad \xff byte", 10));
    assert_false(rs_utf8_valid((const unsigned char *)"overlong \xc0\xaf", 11));
}

static void positions(void **state)
{
    (void)state;
    const char *t = "line one\nİkinci satır: X\n";
    rs_poscur c = {0};
    size_t off = (size_t)(strchr(t, 'X') - t);
    rs_position((const unsigned char *)t, strlen(t), RS_ENC_UTF8, off, &c);
    assert_int_equal(c.line, 2);
    assert_int_equal(c.column, 15); /* characters, not bytes */
    rs_position((const unsigned char *)t, strlen(t), RS_ENC_UTF8, 0, &c); /* backwards */
    assert_int_equal(c.line, 1);
    assert_int_equal(c.column, 1);
    /* UTF-16LE "a\nb": b is line 2, column 1 */
    const unsigned char u16[] = {'a', 0, '\n', 0, 'b', 0};
    rs_poscur d = {0};
    rs_position(u16, sizeof u16, RS_ENC_UTF16LE, 4, &d);
    assert_int_equal(d.line, 2);
    assert_int_equal(d.column, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runs_compress),
        cmocka_unit_test(buf_cap),
        cmocka_unit_test(utf8),
        cmocka_unit_test(positions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
