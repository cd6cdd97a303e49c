/* test_norm.c — folding for matching, and the map back to the field's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "internal.h"

static void fold_cases(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"LEGAL WARNING: All rights", "legal warning: all rights"},
        {"İlke Haber Ajansı Basın Yayın San. Tic. A.Ş.",
         "ilke haber ajansi basin yayin san. tic. a.s."},
        {"ILKHA İLKHA ılkha", "ilkha ilkha ilkha"},
        {"Tous droits réservés", "tous droits reserves"},
        {"Straße ÖÜÄ", "strasse oua"},
        {"  many \t\n spaces\r\n", "many spaces"},
        {"soft\xc2\xadhyphen zero\xe2\x80\x8bwidth", "softhyphen zerowidth"},
        {"Ajan-\n  sı", "ajansi"},
        {"well - known", "well - known"},
        {"１２３ ＡＢＣ", "123 abc"},
        {"non\xc2\xa0"
         "breaking",
         "non breaking"},
        {"Все права защищены", "все права защищены"},
        {"版权所有", "版权所有"},
        {"\xe2\x80\x98quoted\xe2\x80\x99 \xe2\x80\x94 dash", "'quoted' - dash"},
    };
    rs_norm n;
    rs_norm_init(&n, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(rs_normalize(&n, cases[i].in, strlen(cases[i].in)), RS_OK);
        assert_string_equal(n.text.data, cases[i].want);
    }
    rs_norm_free(&n);
}

/* Every byte of the folded text maps back to the character it came from. */
static void map_points_back(void **state)
{
    (void)state;
    const char *in = "Ş\n\nİlke  Haber Ajan-\nsı";
    rs_norm n;
    rs_norm_init(&n, 0);
    assert_int_equal(rs_normalize(&n, in, strlen(in)), RS_OK);
    assert_string_equal(n.text.data, "s ilke haber ajansi");
    const char *at = strstr(n.text.data, "ilke");
    assert_int_equal(rs_offmap_lookup(&n.map, (size_t)(at - n.text.data)),
                     (size_t)(strstr(in, "İlke") - in));
    at = strstr(n.text.data, "haber");
    assert_int_equal(rs_offmap_lookup(&n.map, (size_t)(at - n.text.data)),
                     (size_t)(strstr(in, "Haber") - in));
    /* the "si" after the joined hyphen comes from the next line */
    at = strstr(n.text.data, "si");
    assert_int_equal(rs_offmap_lookup(&n.map, (size_t)(at - n.text.data)),
                     (size_t)(strstr(in, "sı") - in));
    rs_norm_free(&n);
}

/* The two mojibakes of news text, repaired the same way in text and in signatures. */
static void mojibake(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        /* windows-1254 Turkish read as windows-1252 */
        {"Yayýnlanan yazýlý haber, fotoðraf ve videonun tüm haklarý Ýlke Haber Ajansý",
         "yayinlanan yazili haber, fotograf ve videonun tum haklari ilke haber ajansi"},
        {"A.Þ.'ye aittir. HÝÇBÝR SURETTE", "a.s.'ye aittir. hicbir surette"},
        {"ÐÞÝ ðþý", "gsi gsi"},
        /* UTF-8 read as windows-1252 / Latin-1 */
        {"TÃ¼m haklarÄ± saklÄ±dÄ±r", "tum haklari saklidir"},
        {"Ã–rnek YayÄ±ncÄ±lÄ±k A.Åž.", "ornek yayincilik a.s."},
        {"Â© 2025 Ä°lke", "© 2025 ilke"},
        {"Ã§ Ã‡ Ã© Ã¨", "c c e e"},
        {"Ð¿Ñ€Ð°Ð²Ð°", "права"},
        {"â€œquotedâ€\xc2\x9d â€” dash â€™", "\xe2\x80\x9cquoted\xe2\x80\x9d - dash '"},
        /* left alone: a letter before punctuation that only looks like a continuation */
        {"Fuß… café—bar Ü…", "fuss... cafe-bar u..."},
        {"São Paulo à côté", "sao paulo a cote"},
    };
    rs_norm n;
    rs_norm_init(&n, 0);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(rs_normalize(&n, cases[i].in, strlen(cases[i].in)), RS_OK);
        if (strcmp(n.text.data, cases[i].want))
            fail_msg("'%s' -> '%s', want '%s'", cases[i].in, n.text.data, cases[i].want);
    }
    /* a repaired sequence maps to where it starts */
    const char *in = "xx TÃ¼m";
    assert_int_equal(rs_normalize(&n, in, strlen(in)), RS_OK);
    assert_string_equal(n.text.data, "xx tum");
    assert_int_equal(rs_offmap_lookup(&n.map, 4), 4); /* u <- Ã */
    assert_int_equal(rs_offmap_lookup(&n.map, 5), 8); /* m */
    rs_norm_free(&n);
}

/* What one code point folds to, the slow way, as the table must have it. */
static void reference_fold(uint32_t cp, char *out, size_t cap)
{
    out[0] = '\0';
    if (cp == 0x130 || cp == 0x131 || cp == 0xDD || cp == 0xFD) {
        snprintf(out, cap, "i");
        return;
    }
    if (cp == 0xDE || cp == 0xFE) {
        snprintf(out, cap, "s");
        return;
    }
    if (cp == 0xD0 || cp == 0xF0) {
        snprintf(out, cap, "g");
        return;
    }
    utf8proc_uint8_t src[5] = {0}, *dst = NULL;
    utf8proc_encode_char((utf8proc_int32_t)cp, src);
    utf8proc_ssize_t k =
        utf8proc_map(src, 0, &dst,
                     UTF8PROC_NULLTERM | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK |
                         UTF8PROC_DECOMPOSE | UTF8PROC_IGNORE | UTF8PROC_LUMP);
    size_t o = 0;
    bool space = false;
    for (utf8proc_ssize_t i = 0; i < k && o + 5 < cap;) { /* whitespace runs: one space */
        utf8proc_int32_t c;
        utf8proc_ssize_t m = utf8proc_iterate(dst + i, k - i, &c);
        bool sp = c == ' ' || (c >= 9 && c <= 13) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
                  c == 0x2028 || c == 0x2029 || utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
        if (sp) {
            space = true;
        } else {
            if (space && o) out[o++] = ' ';
            space = false;
            memcpy(out + o, dst + i, (size_t)m);
            o += (size_t)m;
        }
        i += m;
    }
    out[o] = '\0';
    if (!o && space) snprintf(out, cap, " ");
    free(dst);
}

/* The cached fold table agrees with utf8proc for every code point it holds (between two
 * ASCII letters, so that whitespace and joining show). */
static void fold_table_agrees(void **state)
{
    (void)state;
    rs_norm n;
    rs_norm_init(&n, 0);
    for (uint32_t cp = 0x80; cp < 0x2070; cp++) {
        if (cp == 0x800) cp = 0x2000;
        if (cp >= 0xC2 && cp <= 0xF4) continue; /* may start a repair: tested above */
        char in[8] = "a", want[64], expect[80];
        size_t k = (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)in + 1);
        in[1 + k] = 'b';
        in[2 + k] = '\0';
        reference_fold(cp, want, sizeof want);
        snprintf(expect, sizeof expect, "a%sb", want);
        if (!strcmp(want, " ")) snprintf(expect, sizeof expect, "a b");
        assert_int_equal(rs_normalize(&n, in, strlen(in)), RS_OK);
        if (strcmp(n.text.data, expect))
            fail_msg("U+%04X: '%s', want '%s'", (unsigned)cp, n.text.data, expect);
    }
    rs_norm_free(&n);
}

/* The map, on random text: monotone, and every code point of the folded text maps to the
 * start of a code point of the input at or after the previous one. */
static void map_is_exact(void **state)
{
    (void)state;
    static const char *const alpha[] = {"a",
                                        "B",
                                        " ",
                                        "  ",
                                        "\n",
                                        "\t",
                                        "-",
                                        "-\n",
                                        "é",
                                        "e\xcc\x81",
                                        "İ",
                                        "ı",
                                        "Ş",
                                        "ß",
                                        "ü",
                                        "Я",
                                        "я",
                                        "ω",
                                        "版",
                                        "한",
                                        "’",
                                        "—",
                                        "\xc2\xa0",
                                        "\xc2\xad",
                                        "½",
                                        "ﬁ",
                                        "Ａ",
                                        ".",
                                        "Ã¼",
                                        "Ý",
                                        "\xe2\x80\x8b",
                                        "x",
                                        "Q"};
    rs_norm n;
    rs_norm_init(&n, 0);
    char buf[1024];
    srand(1);
    for (int it = 0; it < 20000; it++) {
        size_t len = 0;
        for (int k = rand() % 40; k > 0; k--) {
            const char *p = alpha[rand() % (int)(sizeof alpha / sizeof alpha[0])];
            memcpy(buf + len, p, strlen(p));
            len += strlen(p);
        }
        assert_int_equal(rs_normalize(&n, buf, len), RS_OK);
        assert_true(rs_utf8_valid((const unsigned char *)n.text.data, n.text.len));
        size_t prev = 0;
        for (size_t t = 0; t < n.text.len; t++) {
            if (((unsigned char)n.text.data[t] & 0xC0) == 0x80) continue;
            size_t s = rs_offmap_lookup(&n.map, t);
            assert_true(s < len && s >= prev);
            assert_true(((unsigned char)buf[s] & 0xC0) != 0x80);
            prev = s;
        }
    }
    rs_norm_free(&n);
}

/* The ASCII fast path: long runs, upper case, single and double spaces, all 1:1. */
static void ascii_fast_path(void **state)
{
    (void)state;
    char in[300], want[300];
    size_t k = 0;
    for (int i = 0; i < 20; i++)
        k += (size_t)snprintf(in + k, sizeof in - k, "Word%02dXYZ ", i);
    for (size_t i = 0; i <= k; i++)
        want[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
    want[k - 1] = '\0'; /* the trailing space goes */
    rs_norm n;
    rs_norm_init(&n, 0);
    assert_int_equal(rs_normalize(&n, in, k), RS_OK);
    assert_string_equal(n.text.data, want);
    assert_true(n.map.n <= 1); /* one run */
    for (size_t t = 0; t < n.text.len; t++)
        assert_int_equal(rs_offmap_lookup(&n.map, t), t);
    const char *two = "AB  CD\t\tEF\nGH";
    assert_int_equal(rs_normalize(&n, two, strlen(two)), RS_OK);
    assert_string_equal(n.text.data, "ab cd ef gh");
    assert_int_equal(rs_offmap_lookup(&n.map, 3), 4);  /* c */
    assert_int_equal(rs_offmap_lookup(&n.map, 6), 8);  /* e */
    assert_int_equal(rs_offmap_lookup(&n.map, 9), 11); /* g */
    assert_int_equal(rs_normalize(&n, "", 0), RS_OK);
    assert_string_equal(n.text.data, "");
    assert_int_equal(rs_normalize(&n, " \n\t ", 4), RS_OK);
    assert_string_equal(n.text.data, "");
    rs_norm_free(&n);
}

static void cap_is_reported(void **state)
{
    (void)state;
    rs_norm n;
    rs_norm_init(&n, 8);
    assert_int_equal(rs_normalize(&n, "0123456789abcdef", 16), RS_ERR_LIMIT);
    rs_norm_free(&n);
}

static void dup_for_signatures(void **state)
{
    (void)state;
    char *s = rs_normalize_dup("Agence France-Presse");
    assert_non_null(s);
    assert_string_equal(s, "agence france-presse");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fold_cases),      cmocka_unit_test(map_points_back),
        cmocka_unit_test(mojibake),        cmocka_unit_test(fold_table_agrees),
        cmocka_unit_test(map_is_exact),    cmocka_unit_test(ascii_fast_path),
        cmocka_unit_test(cap_is_reported), cmocka_unit_test(dup_for_signatures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
