/* test_xml.c — the markup tokenizer: tokens of well-formed and broken input, attributes,
 * entities, the depth cap, linear time on hostile input, and no crash on random markup. */
#include "extract_fixture.h"
#include "xml.h"

#include <time.h>

/* Renders the token stream as "O:name T:text C:name ..." (O open, / for empty, C close,
 * T text, D CDATA, R raw text, M comment, P PI, X declaration). */
static void render(const char *in, unsigned flags, char *out, size_t cap)
{
    rs_xml x;
    rs_xml_tok t;
    size_t n = 0;
    const unsigned char *s = (const unsigned char *)in;
    rs_xml_init(&x, s, strlen(in), flags);
    out[0] = '\0';
    while (rs_xml_next(&x, &t)) {
        static const char kinds[] = "?OCTDRMPX";
        bool named = t.kind == RS_XML_OPEN || t.kind == RS_XML_CLOSE;
        size_t off = named ? t.name_off : t.text_off, len = named ? t.name_len : t.text_len;
        assert_true(t.off + t.len <= strlen(in));
        n += (size_t)snprintf(out + n, cap - n, "%s%c:%.*s%s", n ? " " : "", kinds[t.kind],
                              (int)len, in + off, t.empty ? "/" : "");
        assert_true(n < cap);
    }
}

static const struct {
    const char *in;
    unsigned flags;
    const char *want;
} TOKENS[] = {
    {"<p class=\"x\">Hi</p>", 0, "O:p T:Hi C:p"},
    {"a < b && c", 0, "T:a < b && c"},
    {"<r>x<3</r>", 0, "O:r T:x<3 C:r"},
    {"<p class=x <b>bold</b>", 0, "O:p O:b T:bold C:b"},
    {"<a title=\"x>text<b>", 0, "O:a T:text O:b"},
    {"<a title=\"never closed", 0, "O:a"},
    {"<!-- c -->x", 0, "M: c  T:x"},
    {"x<!-- never closed", 0, "T:x M: never closed"},
    {"<![CDATA[<b>&amp;]]>", 0, "D:<b>&amp;"},
    {"<![CDATA[cut", 0, "D:cut"},
    {"<!DOCTYPE r [<!ENTITY e \"a>b\">]><r>&e;</r>", 0,
     "X:DOCTYPE r [<!ENTITY e \"a>b\">] O:r T:&e; C:r"},
    {"<?xml version=\"1.0\"?><r/>", 0, "P:xml version=\"1.0\" O:r/"},
    {"<p class=\"", 0, "O:p"},
    {"</>x", 0, "T:</>x"},
    {"<br/><br />", 0, "O:br/ O:br/"},
    {"<w:p><w:r><w:t>Ajan</w:t></w:r></w:p>", 0, "O:w:p O:w:r O:w:t T:Ajan C:w:t C:w:r C:w:p"},
    {"<script>if (a<b) x=\"</p>\";</script><p>t", RS_XML_HTML,
     "O:script R:if (a<b) x=\"</p>\"; C:script O:p T:t"},
    {"<STYLE>p{}</STYLE >", RS_XML_HTML, "O:STYLE R:p{} C:STYLE"},
    {"<title>A <b> B</title>", RS_XML_HTML, "O:title T:A <b> B C:title"},
    {"<script>never closed <p>", RS_XML_HTML, "O:script R:never closed <p>"},
    {"<script></script>x", RS_XML_HTML, "O:script C:script T:x"},
    {"<?php echo 1 ?>x", RS_XML_HTML, "P:php echo 1 ? T:x"},
    {"<!doctype html><p>", RS_XML_HTML, "X:doctype html O:p"},
};

static void test_tokens(void **state)
{
    (void)state;
    char got[512];
    for (size_t i = 0; i < sizeof TOKENS / sizeof TOKENS[0]; i++) {
        render(TOKENS[i].in, TOKENS[i].flags, got, sizeof got);
        if (strcmp(got, TOKENS[i].want) != 0)
            fail_msg("%s:\n got  %s\n want %s", TOKENS[i].in, got, TOKENS[i].want);
    }
}

static void test_attributes(void **state)
{
    (void)state;
    const char *in = "<meta name=copyright content='A &amp; B' data-x checked\n id = \"i\" u=\"cut";
    const unsigned char *s = (const unsigned char *)in;
    rs_xml x;
    rs_xml_tok t;
    rs_xml_init(&x, s, strlen(in), RS_XML_HTML);
    assert_true(rs_xml_next(&x, &t));
    assert_int_equal(t.kind, RS_XML_OPEN);
    static const char *const want[][2] = {
        {"name", "copyright"}, {"content", "A &amp; B"},
        {"data-x", NULL},      {"checked", NULL},
        {"id", "i"},           {"u", "cut"},
    };
    rs_xml_attrs it;
    rs_xml_attr a;
    size_t k = 0, content = 0;
    rs_xml_attrs_init(&it, &x, &t);
    while (rs_xml_attr_next(&it, &a)) {
        assert_true(k < 6);
        assert_true(rs_xml_eq(s + a.name_off, a.name_len, want[k][0]));
        assert_int_equal(a.has_val, want[k][1] != NULL);
        if (want[k][1]) assert_true(rs_xml_eq(s + a.val_off, a.val_len, want[k][1]));
        if (k == 1) content = a.val_off;
        k++;
    }
    assert_int_equal(k, 6);
    assert_int_equal(content, find_str(in, strlen(in), "A &amp;")); /* values keep offsets */
}

static const struct {
    const char *in;
    unsigned flags;
    const char *want;
} ENTITIES[] = {
    {"a&amp;b&lt;&gt;&quot;&apos;", 0, "a&b<>\"'"},
    {"&#169; &#xA9; &#XA9; &copy;", 0, "© © © ©"},
    {"&copy 2025", RS_XML_HTML, "© 2025"},
    {"&copy 2025", 0, "&copy 2025"},
    {"&#150;", RS_XML_HTML, "–"},
    {"&unknown; & &; &#; &#x;", 0, "&unknown; & &; &#; &#x;"},
    {"&#0;&#x110000;&#xD800;&#99999999999999;", 0,
     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
    {"Ajans&#305; &ccedil;&Ccedil;&ouml;&Uuml;&gbreve;&scedil;&Idot;&inodot;", 0,
     "Ajansı çÇöÜğşİı"},
    {"&nbsp;&shy;&mdash;&hellip;&laquo;&raquo;&rdquo;&trade;&reg;", 0, "\xC2\xA0\xC2\xAD—…«»”™®"},
    {"&eacute;&egrave;&agrave;&ntilde;&atilde;&otilde;&szlig;&Auml;", 0, "éèàñãõßÄ"},
    {"&apos", RS_XML_HTML, "&apos"},
    {"&copyright;", RS_XML_HTML, "&copyright;"},
    {"bad \xFF byte", 0, "bad \xEF\xBF\xBD byte"},
};

static void test_entities(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ENTITIES / sizeof ENTITIES[0]; i++) {
        rs_fields fs;
        rs_field *f;
        rs_fields_init(&fs, 0);
        assert_int_equal(rs_fields_add(&fs, "t", false, true, &f), RS_OK);
        const char *in = ENTITIES[i].in;
        assert_int_equal(
            rs_xml_put(f, (const unsigned char *)in, strlen(in), 100, ENTITIES[i].flags, NULL),
            RS_OK);
        rs_field_finish(f);
        if (f->len != strlen(ENTITIES[i].want) || memcmp(f->text, ENTITIES[i].want, f->len))
            fail_msg("%s: got \"%.*s\" want \"%s\"", in, (int)f->len, f->text, ENTITIES[i].want);
        rs_fields_free(&fs);
    }
}

/* Offsets after an entity still map to the right source bytes. */
static void test_entity_map(void **state)
{
    (void)state;
    const char *in = "A&amp;B&#233;C";
    rs_fields fs;
    rs_field *f;
    rs_fields_init(&fs, 0);
    assert_int_equal(rs_fields_add(&fs, "t", false, true, &f), RS_OK);
    assert_int_equal(rs_xml_put(f, (const unsigned char *)in, strlen(in), 10, 0, NULL), RS_OK);
    rs_field_finish(f);
    assert_string_equal(f->text, "A&Bé"
                                 "C");
    assert_int_equal(rs_offmap_lookup(&f->map, 0), 10); /* A */
    assert_int_equal(rs_offmap_lookup(&f->map, 1), 11); /* &amp; */
    assert_int_equal(rs_offmap_lookup(&f->map, 2), 16); /* B */
    assert_int_equal(rs_offmap_lookup(&f->map, 3), 17); /* &#233; */
    assert_int_equal(rs_offmap_lookup(&f->map, 5), 23); /* C */
    rs_fields_free(&fs);
}

static void test_depth_cap(void **state)
{
    (void)state;
    size_t deep = 300, cap = deep * 8 + 64, n = 0;
    char *in = malloc(cap);
    assert_non_null(in);
    for (size_t i = 0; i < deep; i++)
        n += (size_t)sprintf(in + n, "<a>");
    n += (size_t)sprintf(in + n, "deep");
    for (size_t i = 0; i < deep; i++)
        n += (size_t)sprintf(in + n, "</a>");
    n += (size_t)sprintf(in + n, "<b>tail</b>");
    rs_xml x;
    rs_xml_tok t;
    unsigned max = 0, opens = 0;
    bool saw_deep = false, saw_b = false;
    rs_xml_init(&x, (const unsigned char *)in, n, 0);
    while (rs_xml_next(&x, &t)) {
        if (t.kind == RS_XML_OPEN) {
            opens++;
            if (t.depth > max) max = t.depth;
            if (in[t.name_off] == 'b') saw_b = t.depth == 0;
        }
        if (t.kind == RS_XML_TEXT && !strncmp(in + t.text_off, "deep", 4)) saw_deep = true;
    }
    assert_int_equal(opens, RS_XML_MAX_DEPTH + 1); /* 256 a's and the b */
    assert_int_equal(max, RS_XML_MAX_DEPTH - 1);
    assert_true(saw_deep);
    assert_true(saw_b);
    free(in);
}

/* Inputs that make a naive tokenizer quadratic finish quickly. */
static void test_linear_time(void **state)
{
    (void)state;
    static const char *const unit[] = {"<a '", "<a x=\"", "<!DOCTYPE [", "&#1111111", "<a <"};
    size_t n = 4 << 20;
    char *in = malloc(n);
    assert_non_null(in);
    for (size_t u = 0; u < sizeof unit / sizeof unit[0]; u++) {
        size_t k = strlen(unit[u]);
        for (size_t i = 0; i < n; i++)
            in[i] = unit[u][i % k];
        clock_t t0 = clock();
        rs_xml x;
        rs_xml_tok t;
        rs_xml_init(&x, (const unsigned char *)in, n, u % 2 ? RS_XML_HTML : 0);
        size_t tokens = 0;
        while (rs_xml_next(&x, &t))
            tokens++;
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        if (secs > 2.0) fail_msg("\"%s\" x %zu took %.1f s", unit[u], n / k, secs);
    }
    free(in);
}

/* Random markup-heavy bytes: tokens stay inside the input and the tokenizer always ends. */
static void test_random(void **state)
{
    (void)state;
    static const char alphabet[] = "<>/!?-[]\"'=& abc:;#x\n\xC3\xFF";
    uint32_t seed = 42;
    unsigned char in[256];
    for (int round = 0; round < 5000; round++) {
        size_t n = prng(&seed) % sizeof in;
        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)alphabet[prng(&seed) % (sizeof alphabet - 1)];
        rs_xml x;
        rs_xml_tok t;
        rs_xml_init(&x, in, n, round % 2 ? RS_XML_HTML : 0);
        size_t last = 0, tokens = 0;
        while (rs_xml_next(&x, &t)) {
            assert_true(t.off >= last && t.off + t.len <= n && t.len > 0);
            assert_true(t.text_off + t.text_len <= n && t.attr_off + t.attr_len <= n);
            last = t.off + t.len;
            if (t.kind == RS_XML_OPEN) {
                rs_xml_attrs it;
                rs_xml_attr a;
                rs_xml_attrs_init(&it, &x, &t);
                while (rs_xml_attr_next(&it, &a))
                    assert_true(a.val_off + a.val_len <= n);
            }
            assert_true(++tokens <= n);
        }
        rs_fields fs;
        rs_field *f;
        rs_fields_init(&fs, 0);
        assert_int_equal(rs_fields_add(&fs, "t", false, true, &f), RS_OK);
        assert_int_equal(rs_xml_put(f, in, n, 0, RS_XML_HTML, NULL), RS_OK);
        rs_field_finish(f);
        assert_true(rs_utf8_valid((const unsigned char *)f->text, f->len));
        rs_fields_free(&fs);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tokens),    cmocka_unit_test(test_attributes),
        cmocka_unit_test(test_entities),  cmocka_unit_test(test_entity_map),
        cmocka_unit_test(test_depth_cap), cmocka_unit_test(test_linear_time),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
