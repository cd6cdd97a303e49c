/* test_norm.c — folding for matching, and the map back to the field's text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void fold_cases(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"LEGAL WARNING: All rights", "legal warning: all rights"},
        {"İlke Haber Ajansı Basın Yayın San. Tic. A.Ş.", "ilke haber ajansi basin yayin san. tic. a.s."},
        {"ILKHA İLKHA ılkha", "ilkha ilkha ilkha"},
        {"Tous droits réservés", "tous droits reserves"},
        {"Straße ÖÜÄ", "strasse oua"},
        {"  many \t\n spaces\r\n", "many spaces"},
        {"soft\xc2\xadhyphen zero\xe2\x80\x8bwidth", "softhyphen zerowidth"},
        {"Ajan-\n  sı", "ajansi"},
        {"well - known", "well - known"},
        {"１２３ ＡＢＣ", "123 abc"},
        {"non\xc2\xa0" "breaking", "non breaking"},
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
        cmocka_unit_test(fold_cases),
        cmocka_unit_test(map_points_back),
        cmocka_unit_test(cap_is_reported),
        cmocka_unit_test(dup_for_signatures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
