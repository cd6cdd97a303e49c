/* test_utf8.c — UTF-8 validation: the SIMD code (rs_utf8_valid on a CPU with AVX2) against
 * the scalar reference (rs_utf8_valid_scalar) and the known verdict, for every sequence
 * class at every offset around the 32- and 64-byte block boundaries, and for thousands of
 * random mutations of a long mixed-script text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct {
    const char *bytes;
    size_t len;
    bool valid;
    const char *what;
} seq_case;

#define SEQ(s, v, w) {s, sizeof(s) - 1, v, w}

static const seq_case seqs[] = {
    SEQ("\x00", true, "NUL"),
    SEQ("\x7f", true, "DEL"),
    SEQ("\xc2\x80", true, "U+0080"),
    SEQ("\xdf\xbf", true, "U+07FF"),
    SEQ("\xc4\xb1", true, "ı"),
    SEQ("\xc4\xb0", true, "İ"),
    SEQ("\xc5\x9f\xc3\xbc", true, "şü"),
    SEQ("\xe0\xa0\x80", true, "U+0800"),
    SEQ("\xe2\x82\xac", true, "€"),
    SEQ("\xed\x9f\xbf", true, "U+D7FF"),
    SEQ("\xee\x80\x80", true, "U+E000"),
    SEQ("\xef\xbf\xbd", true, "U+FFFD"),
    SEQ("\xef\xbf\xbf", true, "U+FFFF"),
    SEQ("\xf0\x90\x80\x80", true, "U+10000"),
    SEQ("\xf0\x9f\x98\x80", true, "emoji"),
    SEQ("\xf3\xbf\xbf\xbf", true, "U+FFFFF"),
    SEQ("\xf4\x8f\xbf\xbf", true, "U+10FFFF"),
    SEQ("\xc0\x80", false, "overlong 2 (C0)"),
    SEQ("\xc1\xbf", false, "overlong 2 (C1)"),
    SEQ("\xc0", false, "C0 alone"),
    SEQ("\xc1", false, "C1 alone"),
    SEQ("\xe0\x80\x80", false, "overlong 3"),
    SEQ("\xe0\x9f\xbf", false, "overlong 3 (U+07FF)"),
    SEQ("\xf0\x80\x80\x80", false, "overlong 4"),
    SEQ("\xf0\x8f\xbf\xbf", false, "overlong 4 (U+FFFF)"),
    SEQ("\xed\xa0\x80", false, "surrogate D800"),
    SEQ("\xed\xbf\xbf", false, "surrogate DFFF"),
    SEQ("\xed\xb0\x80", false, "surrogate DC00"),
    SEQ("\xf4\x90\x80\x80", false, "U+110000"),
    SEQ("\xf4\xbf\xbf\xbf", false, "U+13FFFF"),
    SEQ("\xf5\x80\x80\x80", false, "F5 lead"),
    SEQ("\xf7\xbf\xbf\xbf", false, "F7 lead"),
    SEQ("\xf8\x88\x80\x80\x80", false, "F8 lead (5 bytes)"),
    SEQ("\xfc\x84\x80\x80\x80\x80", false, "FC lead (6 bytes)"),
    SEQ("\xfe", false, "FE"),
    SEQ("\xff", false, "FF"),
    SEQ("\x80", false, "stray 80"),
    SEQ("\xbf", false, "stray BF"),
    SEQ("\x80\x80", false, "two stray"),
    SEQ("\xc2", false, "truncated 2"),
    SEQ("\xe2", false, "truncated 3/1"),
    SEQ("\xe2\x82", false, "truncated 3/2"),
    SEQ("\xf0", false, "truncated 4/1"),
    SEQ("\xf0\x9f", false, "truncated 4/2"),
    SEQ("\xf0\x9f\x98", false, "truncated 4/3"),
    SEQ("\xc2\x41", false, "2-byte lead then ASCII"),
    SEQ("\xc2\xc2\x80", false, "2-byte lead then lead"),
    SEQ("\xe2\x41\xac", false, "3-byte, ASCII second"),
    SEQ("\xe2\x82\x41", false, "3-byte, ASCII third"),
    SEQ("\xf0\x9f\x41\x80", false, "4-byte, ASCII third"),
    SEQ("\xf0\x9f\x98\x41", false, "4-byte, ASCII fourth"),
    SEQ("\xc2\x80\x80", false, "2-byte plus a continuation"),
    SEQ("\xe2\x82\xac\x80", false, "3-byte plus a continuation"),
    SEQ("\xf0\x9f\x98\x80\x80", false, "4-byte plus a continuation"),
};

/* Both implementations on s[0..n) from an unaligned copy of exactly n bytes (so that
 * AddressSanitizer sees any read past the end); they must agree. */
static bool both(const unsigned char *s, size_t n, const char *what, size_t off)
{
    unsigned char *copy = malloc(n + 1);
    assert_non_null(copy);
    if (n) memcpy(copy + 1, s, n);
    bool v = rs_utf8_valid(copy + 1, n);
    bool r = rs_utf8_valid_scalar(copy + 1, n);
    free(copy);
    if (v != r)
        fail_msg("%s at offset %zu of %zu bytes: rs_utf8_valid %d, scalar %d", what, off, n, (int)v,
                 (int)r);
    return v;
}

/* Each class at every offset 0..70 (and at the very end) of ASCII text of 1..200 bytes: the
 * verdict must be the known one. Crosses the 32/64-byte halves, the 64-byte loop blocks and
 * the padded tail, a sequence cut by the end of the input, and an ASCII block after a
 * block ending inside a sequence. */
static void classes_in_ascii(void **state)
{
    (void)state;
    unsigned char buf[256];
    for (size_t c = 0; c < sizeof seqs / sizeof seqs[0]; c++) {
        const seq_case *q = &seqs[c];
        for (size_t len = q->len; len <= 200; len++) {
            for (size_t off = 0; off + q->len <= len; off++) {
                if (off > 70 && off + q->len != len && (off + 2) % 64 > 6) continue;
                for (size_t i = 0; i < len; i++)
                    buf[i] = (unsigned char)('a' + i % 26);
                memcpy(buf + off, q->bytes, q->len);
                bool v = both(buf, len, q->what, off);
                if (v != q->valid)
                    fail_msg("%s at offset %zu of %zu bytes: %s, should be %s", q->what, off, len,
                             v ? "valid" : "invalid", q->valid ? "valid" : "invalid");
            }
        }
    }
}

/* Two classes in the same text, the second in a later block: an error after valid
 * multi-byte text, valid text after an error. */
static void classes_in_pairs(void **state)
{
    (void)state;
    unsigned char buf[160];
    size_t nseq = sizeof seqs / sizeof seqs[0];
    for (size_t a = 0; a < nseq; a++) {
        for (size_t b = 0; b < nseq; b++) {
            for (size_t off = 56; off < 72; off++) {
                memset(buf, ' ', sizeof buf);
                memcpy(buf + 5, seqs[a].bytes, seqs[a].len);
                memcpy(buf + off + 30, seqs[b].bytes, seqs[b].len);
                size_t len = off + 30 + seqs[b].len;
                bool v = both(buf, len, seqs[b].what, off + 30);
                assert_int_equal(v, seqs[a].valid && seqs[b].valid);
            }
        }
    }
}

/* Each class dropped at every offset into valid multi-byte text: the verdict may be either
 * (it splits a character), the two implementations must agree. */
static void classes_in_mixed(void **state)
{
    (void)state;
    static const char pattern[] = "aş€\xf0\x9f\x98\x80zİk"; /* 1+2+3+4+1+2+1 bytes */
    unsigned char buf[200];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)pattern[i % 14];
    assert_true(rs_utf8_valid(buf, 196)); /* 14 whole patterns */
    assert_true(rs_utf8_valid_scalar(buf, 196));
    for (size_t c = 0; c < sizeof seqs / sizeof seqs[0]; c++) {
        for (size_t len = 120; len <= 196; len += 38) {
            for (size_t off = 0; off + seqs[c].len <= len; off++) {
                unsigned char t[200];
                memcpy(t, buf, len);
                memcpy(t + off, seqs[c].bytes, seqs[c].len);
                both(t, len, seqs[c].what, off);
            }
        }
    }
}

/* Valid text cut at every length: whole characters only are valid. */
static void cuts(void **state)
{
    (void)state;
    static const char text[] =
        "Üç gün önce İstanbul'da açıklandı: ğ ş ç ö ü ı. Привет, мир! 東京都の天気 "
        "\xf0\x9f\x98\x80\xf0\x9f\x8c\x8d U+FFFD \xef\xbf\xbd and a NUL";
    size_t n = sizeof text; /* with the final NUL */
    for (size_t len = 0; len <= n; len++) {
        bool whole = len == n || ((unsigned char)text[len] & 0xC0) != 0x80;
        assert_int_equal(both((const unsigned char *)text, len, "cut", len), whole);
    }
    assert_true(rs_utf8_valid(NULL, 0));
}

/* ---- random mutations of a long valid mixed-script text ---- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rng(void) /* splitmix64: the same sequence on every platform */
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

static size_t rng_below(size_t n)
{
    return n ? (size_t)(rng() % n) : 0;
}

static const char *const pieces[] = {
    "The minister said the talks will continue next week. ",
    "Bakan, görüşmelerin gelecek hafta süreceğini söyledi. ",
    "İstanbul'da yağmur; Iğdır'da kar, Çanakkale'de güneş. ",
    "Министр заявил, что переговоры продолжатся. ",
    "東京都は来週の会議について発表した。",
    "北京时间周一上午，代表团抵达。",
    "\xf0\x9f\x98\x80\xf0\x9f\x8c\x8d\xf0\x9f\x9a\x80 ",
    "© 2024 Ajans. Tüm hakları saklıdır. ",
    "\xef\xbf\xbd",
    "\n",
};

static void mutations(void **state)
{
    (void)state;
    size_t cap = 1 << 16;
    unsigned char *text = malloc(cap);
    assert_non_null(text);
    size_t n = 0;
    while (n < 12000) {
        const char *p = pieces[rng_below(sizeof pieces / sizeof pieces[0])];
        memcpy(text + n, p, strlen(p));
        n += strlen(p);
    }
    assert_true(rs_utf8_valid(text, n));
    assert_true(rs_utf8_valid_scalar(text, n));

    unsigned char *t = malloc(cap);
    assert_non_null(t);
    size_t valid = 0, invalid = 0;
    for (int k = 0; k < 40000; k++) {
        /* a window of the text (mostly short: many tails and block boundaries) */
        size_t len = rng_below(8) == 0 ? rng_below(n) : rng_below(300);
        size_t start = rng_below(n - len);
        memcpy(t, text + start, len);
        int muts = 1 + (int)rng_below(3);
        for (int m = 0; m < muts; m++) {
            size_t at = rng_below(len + 1);
            unsigned char b = (unsigned char)rng();
            switch (rng_below(6)) {
            case 0: /* flip a bit */
                if (at < len) t[at] ^= (unsigned char)(1u << rng_below(8));
                break;
            case 1: /* replace a byte */
                if (at < len) t[at] = b;
                break;
            case 2: /* insert a byte (lead bytes often) */
                if (rng_below(2)) b = (unsigned char)(0xC0 | (b & 0x3F));
                memmove(t + at + 1, t + at, len - at);
                t[at] = b;
                len++;
                break;
            case 3: /* delete a byte */
                if (at < len) {
                    memmove(t + at, t + at + 1, len - at - 1);
                    len--;
                }
                break;
            case 4: /* cut the end */
                len = at;
                break;
            default: /* leave it: some windows stay valid (or are cut mid-character) */
                break;
            }
        }
        if (both(t, len, "mutation", (size_t)k))
            valid++;
        else
            invalid++;
    }
    /* both verdicts are common: the comparison means something */
    print_message("mutations: %zu valid, %zu invalid\n", valid, invalid);
    assert_true(valid > 4000);
    assert_true(invalid > 4000);
    free(t);
    free(text);
}

int main(void)
{
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    if (!__builtin_cpu_supports("avx2"))
        print_message("no AVX2 on this CPU: rs_utf8_valid is the scalar code itself\n");
#endif
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(classes_in_ascii),
        cmocka_unit_test(classes_in_pairs),
        cmocka_unit_test(classes_in_mixed),
        cmocka_unit_test(cuts),
        cmocka_unit_test(mutations),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
