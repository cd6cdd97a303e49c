/* test_extract.c — the registry and the text-format extractors (text, Markdown, HTML, XML,
 * JSON, strings): field text, names and flags, offsets back into the unit, encodings,
 * malformed input and limits. JPEG and the zip documents have their own test files. */
#include "extract_fixture.h"

static void test_registry(void **state)
{
    (void)state;
    static const struct {
        rs_type t;
        bool has;
    } cases[] = {
        {RS_TYPE_EMPTY, true}, {RS_TYPE_TEXT, true},    {RS_TYPE_MARKDOWN, true},
        {RS_TYPE_HTML, true},  {RS_TYPE_XML, true},     {RS_TYPE_JSON, true},
        {RS_TYPE_DOCX, true},  {RS_TYPE_ODT, true},     {RS_TYPE_EPUB, true},
        {RS_TYPE_JPEG, true},  {RS_TYPE_UNKNOWN, true}, {RS_TYPE_PNG, true},
        {RS_TYPE_PDF, true},   {RS_TYPE_XLSX, true},   {RS_TYPE_ZIP, false},
        {RS_TYPE_GZIP, false}, {RS_TYPE__COUNT, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(rs_extractor_for(cases[i].t) != NULL, cases[i].has);
    assert_ptr_equal(rs_extractor_for(RS_TYPE_TEXT), rs_extractor_for(RS_TYPE_MARKDOWN));
}

/* ---- text ---- */

static void test_text_utf8_borrowed(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    const char *s = "\xEF\xBB\xBFYASAL UYARI: Ajansı\n";
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, s), RS_OK);
    const rs_field *f = field(&r, "body");
    assert_false(f->metadata);
    assert_true(f->positional);
    assert_ptr_equal(f->text, s + 3); /* zero copy, past the BOM */
    text_is(&r, "body", "YASAL UYARI: Ajansı\n");
    assert_int_equal(unit_off(&r, "body", "UYARI"), 9);
    assert_int_equal(r.cx.enc, RS_ENC_UTF8);
    assert_int_equal(run_on(&r, RS_TYPE_EMPTY, NULL, 0), RS_OK);
    text_is(&r, "body", "");
    run_free(&r);
}

static const struct {
    const char *bytes;
    size_t len;
    rs_textenc enc;
    size_t w_off, e_off; /* where "W" and the emoji are in the unit */
} WIDE[] = {
    {"\xFF\xFE"
     "A\0\x5F\x01W\0=\xD8\x00\xDE",
     12, RS_ENC_UTF16LE, 6, 8},
    {"\xFE\xFF"
     "\0A\x01\x5F\0W\xD8=\xDE\x00",
     12, RS_ENC_UTF16BE, 6, 8},
    {"\xFF\xFE\0\0"
     "A\0\0\0\x5F\x01\0\0W\0\0\0\x00\xF6\x01\0",
     20, RS_ENC_UTF32LE, 12, 16},
    {"\0\0\xFE\xFF"
     "\0\0\0A\0\0\x01\x5F\0\0\0W\0\x01\xF6\x00",
     20, RS_ENC_UTF32BE, 12, 16},
};

static void test_text_wide(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof WIDE / sizeof WIDE[0]; i++) {
        assert_int_equal(run_on(&r, RS_TYPE_TEXT, WIDE[i].bytes, WIDE[i].len), RS_OK);
        text_is(&r, "body", "AşW😀");
        assert_int_equal(r.cx.enc, WIDE[i].enc);
        assert_int_equal(unit_off(&r, "body", "A"), WIDE[i].w_off - WIDE[i].w_off / 3 * 2);
        assert_int_equal(unit_off(&r, "body", "W"), WIDE[i].w_off);
        assert_int_equal(unit_off(&r, "body", "😀"), WIDE[i].e_off);
    }
    /* UTF-16LE without a BOM, told by its NUL bytes */
    static const char nobom[] = "T\0e\0l\0i\0f\0 \0h\0a\0k\0k\0\x31\x01 \0s\0a\0k\0l\0\x31\x01"
                                "d\0\x31\x01r\0";
    assert_int_equal(run_on(&r, RS_TYPE_TEXT, nobom, sizeof nobom - 1), RS_OK);
    text_is(&r, "body", "Telif hakkı saklıdır");
    assert_int_equal(r.cx.enc, RS_ENC_UTF16LE);
    assert_int_equal(unit_off(&r, "body", "hakk"), 12);
    /* a lone surrogate and a cut-off last unit become U+FFFD */
    assert_int_equal(run_on(&r, RS_TYPE_TEXT,
                            "\xFF\xFE"
                            "\x00\xD8"
                            "A\0B",
                            7),
                     RS_OK);
    text_is(&r, "body",
            "\xEF\xBF\xBD"
            "A\xEF\xBF\xBD");
    run_free(&r);
}

static void test_text_legacy(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    r.opt.legacy_charset = "WINDOWS-1254";
    const char *tr = "\xDDstanbul'da \xFEirket \xE7"
                     "al\xFD\xFEmas\xFD";
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, tr), RS_OK);
    text_is(&r, "body", "İstanbul'da şirket çalışması");
    assert_int_equal(r.cx.enc, RS_ENC_8BIT);
    assert_int_equal(unit_off(&r, "body", "stanbul"), 1);
    assert_int_equal(unit_off(&r, "body", "irket"), 13);
    r.opt.legacy_charset = NULL; /* WINDOWS-1252 by default */
    assert_int_equal(run_str(&r, RS_TYPE_MARKDOWN, "# \xA9 2025 Caf\xE9 \x93quoted\x94"), RS_OK);
    text_is(&r, "body", "# © 2025 Café “quoted”");
    r.opt.legacy_charset = "NO-SUCH-CHARSET"; /* falls back to WINDOWS-1252 */
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, "caf\xE9"), RS_OK);
    text_is(&r, "body", "café");
    /* mostly UTF-8 with one stray byte: stays UTF-8 */
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, "Ajansı şirket \xFF son"), RS_OK);
    text_is(&r, "body", "Ajansı şirket \xEF\xBF\xBD son");
    assert_int_equal(r.cx.enc, RS_ENC_UTF8);
    run_free(&r);
}

static void test_text_limit(void **state)
{
    (void)state;
    run r;
    run_init(&r, 10);
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, "twenty bytes of text"), RS_ERR_LIMIT);
    reason_is(&r, "limit: ");
    assert_int_equal(run_str(&r, RS_TYPE_TEXT, "caf\xE9 caf\xE9 caf\xE9 caf\xE9"), RS_ERR_LIMIT);
    reason_is(&r, "limit: ");
    run_free(&r);
}

/* ---- HTML ---- */

static const char HTML[] =
    "<!doctype html><html><head><meta charset=\"utf-8\"><title>Haber</title>\n"
    "<meta name=\"Copyright\" content=\"&copy; 2025 AA\">\n"
    "<meta name=author content='Jo &amp; Co'><meta name=viewport content=x>\n"
    "<style>p { color: red }</style><script>var s = \"<p>not text</p>\";</script>\n"
    "</head><body><article><h1>Title</h1>\n"
    "  <p>ANKARA (AA) The government said</p>\n"
    "  <p>LEGAL WARNING: All rights reserved by Ajan<b>s</b>ı &amp; co.</p><!-- hidden -->\n"
    "  <ul><li>one<li>two</ul>A<br>B&nbsp;C <a href=x>link</a>ed\n"
    "</article></body></html>";

static void test_html(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_HTML, HTML), RS_OK);
    const rs_field *body = field(&r, "body");
    assert_false(body->metadata);
    assert_true(body->positional);
    text_has(&r, "body", "Haber\n");
    text_has(&r, "body", "\nTitle\n");
    text_has(&r, "body", "\nANKARA (AA) The government said\n");
    text_has(&r, "body", "\nLEGAL WARNING: All rights reserved by Ajansı & co.\n");
    text_has(&r, "body", "\none\ntwo\n");
    text_has(&r, "body",
             "\nA\nB\xC2\xA0"
             "C linked");
    assert_int_equal(unit_off(&r, "body", "LEGAL"), find_str(HTML, strlen(HTML), "LEGAL"));
    assert_int_equal(unit_off(&r, "body", "ı &"), find_str(HTML, strlen(HTML), "ı &amp;"));
    assert_int_equal(unit_off(&r, "body", "& co"), find_str(HTML, strlen(HTML), "&amp; co"));
    assert_int_equal(unit_off(&r, "body", " co."), find_str(HTML, strlen(HTML), " co."));
    const rs_field *f = rs_fields_find(&r.fs, "body");
    for (size_t i = 0; i + 4 <= f->len; i++) {
        assert_false(memcmp(f->text + i, "color", 4) == 0);
        assert_false(memcmp(f->text + i, "not text", 4) == 0);
        assert_false(memcmp(f->text + i, "hidden", 4) == 0);
    }
    const rs_field *m = field(&r, "html:meta:copyright");
    assert_true(m->metadata);
    assert_true(m->positional);
    text_is(&r, "html:meta:copyright", "© 2025 AA");
    assert_int_equal(unit_off(&r, "html:meta:copyright", "©"),
                     find_str(HTML, strlen(HTML), "&copy; 2025"));
    text_is(&r, "html:meta:author", "Jo & Co");
    assert_null(rs_fields_find(&r.fs, "html:meta:viewport"));
    run_free(&r);
}

static const struct {
    const char *in, *want;
} HTML_CASES[] = {
    {"<p>one<p>two<div>three", "one\ntwo\nthree"},    /* unclosed tags */
    {"<p class=\"x>broken<p>after", "broken\nafter"}, /* unclosed quote */
    {"a < b and c > d", "a < b and c > d"},           /* stray brackets */
    {"<p>cut off <b", "cut off "},                    /* truncated tag */
    {"<td>A</td><td>B</td>", "A\nB\n"},               /* cells are lines */
    {"Ajan<span>s</span><i>ı</i>", "Ajansı"},         /* inline joins */
    {"<p>&copy 2025 &#8212; &#x130;stanbul &bogus;</p>", "© 2025 — İstanbul &bogus;\n"},
    {"<title>A <b>not a tag</b></title>", "A <b>not a tag</b>\n"}, /* RCDATA */
    {"\xEF\xBB\xBF<p>BOM", "BOM"},
    {"", ""},
};

static void test_html_cases(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof HTML_CASES / sizeof HTML_CASES[0]; i++) {
        assert_int_equal(run_str(&r, RS_TYPE_HTML, HTML_CASES[i].in), RS_OK);
        text_is(&r, "body", HTML_CASES[i].want);
    }
    run_free(&r);
}

/* Every block element is a line break, every listed <meta> name a field (the extractor keeps
 * both lists sorted for binary search: this catches an entry that breaks the order). */
static void test_html_names(void **state)
{
    (void)state;
    static const char *const block[] = {
        "address",    "article", "aside",  "blockquote", "body",   "br",      "caption", "center",
        "dd",         "details", "dialog", "dir",        "div",    "dl",      "dt",      "fieldset",
        "figcaption", "figure",  "footer", "form",       "frame",  "h1",      "h2",      "h3",
        "h4",         "h5",      "h6",     "head",       "header", "hgroup",  "hr",      "html",
        "iframe",     "legend",  "li",     "listing",    "main",   "menu",    "nav",     "noscript",
        "ol",         "option",  "p",      "plaintext",  "pre",    "section", "select",  "summary",
        "table",      "tbody",   "td",     "tfoot",      "th",     "thead",   "tr",      "ul",
        "xmp",
    };
    static const char *const inl[] = {"a",   "b",   "i",     "em",   "strong", "span", "u",
                                      "sup", "sub", "small", "font", "abbr",   "mark", "custom-x"};
    static const char *const meta[] = {
        "author",          "copyright",      "dc.creator",           "dc.rights", "dc.rightsholder",
        "dcterms.creator", "dcterms.rights", "dcterms.rightsholder", "rights",
    };
    char in[160], want[80];
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof block / sizeof block[0]; i++) {
        snprintf(in, sizeof in, "x<%s>y</%s>z", block[i], block[i]);
        assert_int_equal(run_str(&r, RS_TYPE_HTML, in), RS_OK);
        text_is(&r, "body", "x\ny\nz");
        snprintf(in, sizeof in, "x<%c%s>y", block[i][0] - 32, block[i] + 1); /* any case */
        assert_int_equal(run_str(&r, RS_TYPE_HTML, in), RS_OK);
        text_is(&r, "body", "x\ny");
    }
    for (size_t i = 0; i < sizeof inl / sizeof inl[0]; i++) {
        snprintf(in, sizeof in, "x<%s>y</%s>z", inl[i], inl[i]);
        assert_int_equal(run_str(&r, RS_TYPE_HTML, in), RS_OK);
        text_is(&r, "body", "xyz");
        assert_int_equal(run_str(&r, RS_TYPE_XML, in), RS_OK); /* XHTML inline set */
        text_is(&r, "body", strcmp(inl[i], "custom-x") ? "xyz" : "x\ny\nz");
    }
    for (size_t i = 0; i < sizeof meta / sizeof meta[0]; i++) {
        snprintf(in, sizeof in, "<meta name=\"%s\" content=\"v%zu\">", meta[i], i);
        assert_int_equal(run_str(&r, RS_TYPE_HTML, in), RS_OK);
        snprintf(want, sizeof want, "html:meta:%s", meta[i]);
        field(&r, want);
    }
    run_free(&r);
}

static void test_html_legacy(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    const char *in = "<meta charset=\"windows-1254\"><p>\xDDstanbul &copy; \xFEirket</p>";
    assert_int_equal(run_str(&r, RS_TYPE_HTML, in), RS_OK);
    text_is(&r, "body", "İstanbul © şirket\n");
    assert_int_equal(r.cx.enc, RS_ENC_8BIT);
    assert_int_equal(unit_off(&r, "body", "irket"), find_str(in, strlen(in), "irket"));
    /* undeclared: the legacy option */
    r.opt.legacy_charset = "ISO-8859-9";
    assert_int_equal(run_str(&r, RS_TYPE_HTML, "<p>\xDDzmir</p>"), RS_OK);
    text_is(&r, "body", "İzmir\n");
    run_free(&r);
}

/* ---- XML ---- */

static const char NEWSML[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<newsItem xmlns=\"http://iptc.org/std/nar/2006-10-01/\"><contentMeta><headline>Head"
    "</headline></contentMeta><contentSet><inlineXML><html xmlns=\"http://www.w3.org/1999/"
    "xhtml\"><body><p>ANKARA (AA) Ajan<b>s</b>ı &amp; <html:em>co</html:em></p><p><![CDATA["
    "<raw> & stuff]]></p></body></html></inlineXML></contentSet></newsItem>\n";

static void test_xml(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_XML, NEWSML), RS_OK);
    const rs_field *f = field(&r, "body");
    assert_true(f->positional);
    assert_false(f->metadata);
    text_is(&r, "body", "Head\nANKARA (AA) Ajansı & co\n<raw> & stuff\n");
    assert_int_equal(unit_off(&r, "body", "ANKARA"), find_str(NEWSML, strlen(NEWSML), "ANKARA"));
    assert_int_equal(unit_off(&r, "body", "<raw>"), find_str(NEWSML, strlen(NEWSML), "<raw>"));
    run_free(&r);
}

static const struct {
    const char *in, *want;
} XML_CASES[] = {
    /* DTD entities are never expanded, internal or external */
    {"<!DOCTYPE r [<!ENTITY x \"EXPANDED\">]><r>&x;</r>", "&x;\n"},
    {"<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>", "&x;\n"},
    {"<!DOCTYPE r [<!ENTITY a \"&#38;b;&#38;b;\"><!ENTITY b \"lol\">]><r>&a;</r>", "&a;\n"},
    {"<r><x>one</x><y>two", "one\ntwo"}, /* truncated */
    {"<r>x</wrong>y</r>", "x\ny\n"},     /* mismatched */
    {"<?xml version='1.0' encoding='ISO-8859-9'?><r>\xDDzmir</r>", "İzmir\n"},
};

static void test_xml_cases(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof XML_CASES / sizeof XML_CASES[0]; i++) {
        assert_int_equal(run_str(&r, RS_TYPE_XML, XML_CASES[i].in), RS_OK);
        text_is(&r, "body", XML_CASES[i].want);
    }
    run_free(&r);
}

/* ---- JSON ---- */

static const char JSON[] =
    "{\"title\": \"Hello\", \"body\": \"Line \\u00e7 \\ud83d\\ude00 \\\"q\\\"\\n2\",\n"
    " \"Copyright\": \"\\u00a9 2025 AA\", \"tags\": [\"a\", \"\", \"b\"], \"n\": 1.5,\n"
    " \"ok\": true, \"author\": {\"name\": \"Jo\", \"url\": \"u\"}, \"x\": null,\n"
    " \"credit\": \"AA\", \"lone\": \"\\ud800!\"}";

static void test_json(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    assert_int_equal(run_str(&r, RS_TYPE_JSON, JSON), RS_OK);
    const rs_field *f = field(&r, "body");
    assert_true(f->positional);
    text_is(&r, "body", "Hello\nLine ç 😀 \"q\"\n2\n© 2025 AA\na\nb\nJo\nu\nAA\n\xEF\xBF\xBD!");
    assert_int_equal(unit_off(&r, "body", "Line"), find_str(JSON, strlen(JSON), "Line"));
    assert_int_equal(unit_off(&r, "body", "ç"), find_str(JSON, strlen(JSON), "\\u00e7"));
    assert_int_equal(unit_off(&r, "body", "😀"), find_str(JSON, strlen(JSON), "\\ud83d"));
    assert_int_equal(unit_off(&r, "body", "2\n©"), find_str(JSON, strlen(JSON), "2\","));
    const rs_field *m = field(&r, "json:copyright");
    assert_true(m->metadata);
    assert_true(m->positional);
    text_is(&r, "json:copyright", "© 2025 AA");
    assert_int_equal(unit_off(&r, "json:copyright", "2025"), find_str(JSON, strlen(JSON), "2025"));
    text_is(&r, "json:author", "Jo\nu");
    text_is(&r, "json:credit", "AA");
    assert_null(rs_fields_find(&r.fs, "json:title"));
    run_free(&r);
}

static const struct {
    const char *in, *want;
} JSON_CASES[] = {
    {"{\"a\": \"unterminated va", "unterminated va"},
    {"{\"a\": \"esc \\", "esc "},
    {"{\"a\": \"bad \\u12", "bad \xEF\xBF\xBD"
                            "12"},
    {"[\"x\", \"y\"", "x\ny"},
    {"\"top\"", "top"},
    {"{\"a\": [1, 2, {\"b\": \"deep\"}]} {\"c\": \"ndjson\"}", "deep\nndjson"},
    {"{\"key\"}: \"v\" ,, ] } \"w\"", "v\nw"},
    {"\xEF\xBB\xBF{\"a\":\"bom\"}", "bom"},
    {"", ""},
};

static void test_json_cases(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    for (size_t i = 0; i < sizeof JSON_CASES / sizeof JSON_CASES[0]; i++) {
        assert_int_equal(run_str(&r, RS_TYPE_JSON, JSON_CASES[i].in), RS_OK);
        text_is(&r, "body", JSON_CASES[i].want);
    }
    char *deep = malloc(5001);
    assert_non_null(deep);
    memset(deep, '[', 5000);
    deep[5000] = '\0';
    assert_int_equal(run_str(&r, RS_TYPE_JSON, deep), RS_ERR_LIMIT);
    reason_is(&r, "limit: JSON nested deeper");
    free(deep);
    run_free(&r);
}

/* ---- markup in UTF-16 ---- */

/* Encodes UTF-8 s as UTF-16 (big-endian when be) after a BOM, into out; returns the length. */
static size_t utf16(const char *s, bool be, unsigned char *out, size_t cap)
{
    size_t n = 0, len = strlen(s);
    uint32_t units[2];
    out[n++] = be ? 0xFE : 0xFF;
    out[n++] = be ? 0xFF : 0xFE;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += rs_utf8_decode((const unsigned char *)s + i, len - i, &cp);
        size_t k = 1;
        units[0] = cp;
        if (cp >= 0x10000) {
            units[0] = 0xD800 + ((cp - 0x10000) >> 10);
            units[1] = 0xDC00 + ((cp - 0x10000) & 0x3FF);
            k = 2;
        }
        for (size_t j = 0; j < k; j++) {
            assert_true(n + 2 <= cap);
            out[n++] = (unsigned char)(be ? units[j] >> 8 : units[j]);
            out[n++] = (unsigned char)(be ? units[j] : units[j] >> 8);
        }
    }
    return n;
}

static void test_markup_utf16(void **state)
{
    (void)state;
    unsigned char buf[512];
    run r;
    run_init(&r, 1 << 20);
    size_t n = utf16("<html><meta name=copyright content='© AA'><p>İ &amp; LEGAL</p></html>", false,
                     buf, sizeof buf);
    assert_int_equal(run_on(&r, RS_TYPE_HTML, buf, n), RS_OK);
    text_is(&r, "body", "İ & LEGAL\n");
    assert_int_equal(r.cx.enc, RS_ENC_UTF16LE);
    assert_int_equal(unit_off(&r, "body", "İ"), 2 + 2 * 45); /* BOM, 45 characters */
    assert_int_equal(unit_off(&r, "body", "LEGAL"), unit_off(&r, "body", "İ") + 2 * 8);
    text_is(&r, "html:meta:copyright", "© AA");
    assert_int_equal(unit_off(&r, "html:meta:copyright", "AA"), 2 + 2 * 38);
    n = utf16("<r><p>Ajan<b>s</b>ı 😀</p></r>", true, buf, sizeof buf);
    assert_int_equal(run_on(&r, RS_TYPE_XML, buf, n), RS_OK);
    text_is(&r, "body", "Ajansı 😀\n");
    assert_int_equal(r.cx.enc, RS_ENC_UTF16BE);
    assert_int_equal(unit_off(&r, "body", "😀"), 2 + 2 * 20);
    n = utf16("{\"copyright\": \"\\u00a9 AA\"}", false, buf, sizeof buf);
    assert_int_equal(run_on(&r, RS_TYPE_JSON, buf, n), RS_OK);
    text_is(&r, "json:copyright", "© AA");
    assert_int_equal(unit_off(&r, "json:copyright", "AA"), 2 + 2 * 22);
    run_free(&r);
}

/* ---- strings ---- */

static void test_strings(void **state)
{
    (void)state;
    run r;
    run_init(&r, 1 << 20);
    static const char bin[] = "\x7F"
                              "ELF\x02\x01\x00\x00short\x00\x01"
                              "Copyright 2025 AA Ltd\x00\xFF\xFE"
                              "Ajansı haberleri\x01"
                              "1234567";
    assert_int_equal(run_on(&r, RS_TYPE_UNKNOWN, bin, sizeof bin - 1), RS_OK);
    const rs_field *f = field(&r, "strings");
    assert_false(f->metadata);
    assert_false(f->positional);
    text_is(&r, "strings", "Copyright 2025 AA Ltd\nAjansı haberleri\n");
    assert_int_equal(unit_off(&r, "strings", "Ajans"), find_str(bin, sizeof bin - 1, "Ajans"));
    assert_int_equal(run_on(&r, RS_TYPE_UNKNOWN, "\x01\x02short\x03", 8), RS_OK);
    assert_null(rs_fields_find(&r.fs, "strings"));
    run_free(&r);
}

/* Random bytes through every text extractor: valid UTF-8 out, no crash. */
static void test_random_text(void **state)
{
    (void)state;
    static const rs_type types[] = {RS_TYPE_TEXT, RS_TYPE_HTML, RS_TYPE_XML, RS_TYPE_JSON,
                                    RS_TYPE_UNKNOWN};
    static const char alphabet[] = "<>/\"'=&#;:[]{},\\u0a \n\xC3\xA7\xFF\x00pbr";
    uint32_t seed = 7;
    unsigned char in[300];
    run r;
    run_init(&r, 1 << 20);
    for (int round = 0; round < 3000; round++) {
        size_t n = prng(&seed) % sizeof in;
        for (size_t i = 0; i < n; i++)
            in[i] = (unsigned char)alphabet[prng(&seed) % (sizeof alphabet - 1)];
        rs_type t = types[round % 5];
        rs_err e = run_on(&r, t, in, n);
        assert_true(e == RS_OK || e == RS_ERR_LIMIT);
        for (size_t k = 0; k < r.fs.n; k++) {
            const rs_field *f = &r.fs.v[k];
            assert_true(rs_utf8_valid((const unsigned char *)f->text, f->len));
            for (size_t j = 0; j < f->len; j++) /* character starts map inside the unit */
                if ((f->text[j] & 0xC0) != 0x80) assert_true(rs_offmap_lookup(&f->map, j) <= n);
        }
    }
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_registry),    cmocka_unit_test(test_text_utf8_borrowed),
        cmocka_unit_test(test_text_wide),   cmocka_unit_test(test_text_legacy),
        cmocka_unit_test(test_text_limit),  cmocka_unit_test(test_html),
        cmocka_unit_test(test_html_cases),  cmocka_unit_test(test_html_names),
        cmocka_unit_test(test_html_legacy), cmocka_unit_test(test_xml),
        cmocka_unit_test(test_xml_cases),   cmocka_unit_test(test_json),
        cmocka_unit_test(test_json_cases),  cmocka_unit_test(test_markup_utf16),
        cmocka_unit_test(test_strings),     cmocka_unit_test(test_random_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
