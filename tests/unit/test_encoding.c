/* test_encoding.c — text in charsets nobody declared: real notices encoded at test time with
 * iconv (windows-1254 and ISO-8859-9 Turkish, windows-1252, windows-1256, KOI8-R,
 * windows-1251, ISO-8859-7, Shift_JIS, GB18030) decoded right by the text, HTML and XML
 * extractors; the --charset option when the bytes say too little; declarations honoured;
 * UTF-16 without a byte order mark; offsets into the unit's bytes. */
#include "docs_fixture.h"

/* İlke Haber Ajansı's published notice (tests/e2e/rstest.py ILKHA_TR) and others. */
static const char ILKHA[] =
    "YASAL UYARI: Yayınlanan yazılı haber, fotoğraf ve videonun tüm hakları İlke Haber Ajansı "
    "Basın Yayın San. Tic. A.Ş.'ye aittir. Hiçbir surette haber, fotoğraf ve videonun tamamı "
    "veya bir kısmı yazılı sözleşme yapılmadan veya abone olmadan kullanılamaz.";

static const struct {
    const char *charset, *text;
} CASES[] = {
    {"WINDOWS-1254", ILKHA},
    {"ISO-8859-9", "© 2025 Anadolu Ajansı. Tüm hakları saklıdır. İzinsiz kullanılamaz, "
                   "çoğaltılamaz ve yayımlanamaz."},
    {"WINDOWS-1252", "Tous droits de reproduction et de représentation réservés. © Agence "
                     "France-Presse. « Toute reproduction est interdite » — déjà signalé."},
    {"WINDOWS-1256", "© 2025 الجزيرة. جميع الحقوق محفوظة. لا يجوز إعادة النشر دون إذن مسبق."},
    {"KOI8-R", "© 2025 ТАСС. Все права защищены. Перепечатка материалов без письменного "
               "разрешения запрещена."},
    {"WINDOWS-1251", "© 2025 РИА Новости. Все права защищены. Использование материалов "
                     "разрешается только с согласия правообладателя."},
    {"ISO-8859-7", "© 2025 Αθηναϊκό Πρακτορείο Ειδήσεων. Με επιφύλαξη παντός δικαιώματος. "
                   "Απαγορεύεται η αναδημοσίευση χωρίς άδεια."},
};

static void test_text_charsets(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        size_t len;
        unsigned char *b = encode(CASES[i].charset, CASES[i].text, &len);
        r.opt.legacy_charset = "WINDOWS-1252"; /* the default: the detector must decide */
        assert_int_equal(run_on(&r, RS_TYPE_TEXT, b, len), RS_OK);
        const rs_field *f = field(&r, "body");
        if (f->len != strlen(CASES[i].text) || memcmp(f->text, CASES[i].text, f->len) != 0)
            fail_msg("%s: \"%.*s\"", CASES[i].charset, (int)f->len, f->text);
        assert_int_equal(r.cx.enc, RS_ENC_8BIT);
        /* offsets are bytes of the unit */
        const char *probe = strstr(CASES[i].text, "2025") ? "2025" : "Agence";
        if (!strstr(CASES[i].text, probe)) probe = "Ajans";
        assert_int_equal(unit_off(&r, "body", probe), find_str(b, len, probe));
        free(b);
    }
    run_free(&r);
}

/* The ILKHA notice in windows-1254, undeclared, in HTML and XML too. */
static void test_markup_charsets(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    char page[1024];
    snprintf(page, sizeof page, "<html><body><p>%s</p></body></html>", ILKHA);
    size_t len;
    unsigned char *b = encode("WINDOWS-1254", page, &len);
    assert_int_equal(run_on(&r, RS_TYPE_HTML, b, len), RS_OK);
    char want[1024];
    snprintf(want, sizeof want, "%s\n", ILKHA);
    text_is(&r, "body", want);
    assert_int_equal(r.cx.enc, RS_ENC_8BIT);
    assert_int_equal(unit_off(&r, "body", "İlke"), find_bytes(b, len, "\xDDlke", 4));
    free(b);
    snprintf(page, sizeof page, "<?xml version=\"1.0\"?><doc><p>%s</p></doc>", CASES[4].text);
    b = encode("KOI8-R", page, &len);
    assert_int_equal(run_on(&r, RS_TYPE_XML, b, len), RS_OK);
    text_has(&r, "body", CASES[4].text);
    free(b);
    run_free(&r);
}

/* Declarations win over the detector: <meta charset>, http-equiv, the XML declaration. */
static void test_declared(void **state)
{
    (void)state;
    static const struct {
        rs_type type;
        const char *charset, *decl;
    } D[] = {
        {RS_TYPE_HTML, "WINDOWS-1251", "<meta charset=\"windows-1251\">"},
        {RS_TYPE_HTML, "KOI8-R",
         "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"},
        {RS_TYPE_XML, "ISO-8859-7", "<?xml version=\"1.0\" encoding=\"ISO-8859-7\"?>"},
        {RS_TYPE_HTML, "ISO-8859-9", "<meta charset=iso-8859-9>"},
    };
    static const char *const text[] = {"Все права", "Все права", "Με επιφύλαξη", "Ajansı"};
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof D / sizeof D[0]; i++) {
        char page[256];
        snprintf(page, sizeof page, "%s<p>%s</p>", D[i].decl, text[i]);
        size_t len;
        unsigned char *b = encode(D[i].charset, page, &len);
        assert_int_equal(run_on(&r, D[i].type, b, len), RS_OK);
        text_has(&r, "body", text[i]);
        free(b);
    }
    run_free(&r);
}

/* When the bytes say too little the option decides; when they say enough, they do. */
static void test_option(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    r.opt.legacy_charset = "ISO-8859-9";
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, "\xDDzmir"), RS_OK);
    text_is(&r, "body", "İzmir");
    r.opt.legacy_charset = "WINDOWS-1252";
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, "\xDDzmir"), RS_OK);
    text_is(&r, "body", "Ýzmir");    /* one byte: the option's reading (matching repairs it) */
    r.opt.legacy_charset = "KOI8-R"; /* enough Turkish to outvote the option */
    size_t len;
    unsigned char *b = encode("WINDOWS-1254", ILKHA, &len);
    assert_int_equal(run_on(&r, RS_TYPE_TEXT, b, len), RS_OK);
    text_is(&r, "body", ILKHA);
    free(b);
    run_free(&r);
}

/* Double-byte charsets in plain text: each character keeps the offset of its first byte. */
static void test_multibyte(void **state)
{
    (void)state;
    static const struct {
        const char *charset, *text;
    } M[] = {
        {"SHIFT_JIS", "共同通信社 無断転載禁止 Copyright 2025 Kyodo News"},
        {"GB18030", "新华社 版权所有 未经授权不得转载 2025"},
    };
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof M / sizeof M[0]; i++) {
        size_t len;
        unsigned char *b = encode(M[i].charset, M[i].text, &len);
        assert_int_equal(run_on(&r, RS_TYPE_TEXT, b, len), RS_OK);
        text_is(&r, "body", M[i].text);
        assert_int_equal(unit_off(&r, "body", "2025"), find_str(b, len, "2025"));
        size_t k;
        unsigned char *second = encode(M[i].charset, i ? "华" : "同", &k);
        assert_int_equal(unit_off(&r, "body", i ? "华" : "同"), find_bytes(b, len, second, k));
        free(second);
        free(b);
    }
    run_free(&r);
}

/* UTF-16 without a byte order mark, both orders, in text and in HTML. */
static void test_utf16_nobom(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    static const char *const cs[] = {"UTF-16LE", "UTF-16BE"};
    for (int i = 0; i < 2; i++) {
        size_t len;
        unsigned char *b = encode(cs[i], "© 2025 İlke Haber Ajansı. Tüm hakları saklıdır.", &len);
        assert_int_equal(run_on(&r, RS_TYPE_TEXT, b, len), RS_OK);
        text_is(&r, "body", "© 2025 İlke Haber Ajansı. Tüm hakları saklıdır.");
        assert_int_equal(r.cx.enc, i ? RS_ENC_UTF16BE : RS_ENC_UTF16LE);
        assert_int_equal(unit_off(&r, "body", "İlke"), 14);
        free(b);
        b = encode(cs[i], "<html><p>Tüm hakları saklıdır</p></html>", &len);
        assert_int_equal(run_on(&r, RS_TYPE_HTML, b, len), RS_OK);
        text_is(&r, "body", "Tüm hakları saklıdır\n");
        free(b);
    }
    run_free(&r);
}

/* Random bytes in every decoder: valid UTF-8 out, never a crash. */
static void test_random(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    uint32_t seed = 17;
    unsigned char buf[512];
    static const rs_type types[] = {RS_TYPE_TEXT, RS_TYPE_HTML, RS_TYPE_XML};
    for (int round = 0; round < 600; round++) {
        size_t n = 1 + prng(&seed) % sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = (unsigned char)(round % 2 ? 0x80 | prng(&seed) : prng(&seed));
        assert_int_equal(run_on(&r, types[round % 3], buf, n), RS_OK);
        fields_valid(&r);
    }
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_charsets), cmocka_unit_test(test_markup_charsets),
        cmocka_unit_test(test_declared),      cmocka_unit_test(test_option),
        cmocka_unit_test(test_multibyte),     cmocka_unit_test(test_utf16_nobom),
        cmocka_unit_test(test_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
