/* test_report.c — the report writers (text, json, jsonl) against reports/FORMAT.md. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* open_memstream, fmemopen */
#endif
#include "json.h"
#include "report.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- capture: a report written into memory ---- */

typedef struct capture {
    char *buf;
    size_t len;
    FILE *f;
} capture;

static void cap_open(capture *c)
{
    c->buf = NULL;
    c->len = 0;
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
}

static char *cap_close(capture *c)
{
    assert_int_equal(fclose(c->f), 0);
    return c->buf;
}

/* Writes units u[0..n) and the summary in format f; returns the output (free it). */
static char *render(rs_report_format f, bool all, bool color, const rs_unit *u, size_t n,
                    const rs_summary *s, int exit_status)
{
    capture c;
    cap_open(&c);
    rs_report_opts o = {.all = all, .color = color};
    rs_report *r = NULL;
    assert_int_equal(rs_report_new(f, c.f, &o, &r), RS_OK);
    assert_non_null(r);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(rs_report_unit(r, &u[i]), RS_OK);
    assert_int_equal(rs_report_finish(r, s, exit_status), RS_OK);
    rs_report_free(r);
    return cap_close(&c);
}

/* The JSON string literal rs_json_write_string makes of s[0..n) (free it). */
static char *json_literal(const char *s, size_t n)
{
    capture c;
    cap_open(&c);
    rs_json_write_string(c.f, s, n);
    return cap_close(&c);
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

/* Line k (0-based) of s, without its newline (free it). */
static char *line_at(const char *s, size_t k)
{
    for (; k > 0; k--) {
        s = strchr(s, '\n');
        assert_non_null(s);
        s++;
    }
    size_t n = strcspn(s, "\n");
    char *l = malloc(n + 1);
    assert_non_null(l);
    memcpy(l, s, n);
    l[n] = '\0';
    return l;
}

static size_t count_of(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        n++;
    return n;
}

/* ---- an independent RFC 8259 checker (it shares no code with reports/json.c) ---- */

typedef struct jp {
    const unsigned char *s;
    size_t i, n;
} jp;

static bool jv_value(jp *p, int depth);

static void jv_ws(jp *p)
{
    while (p->i < p->n && strchr(" \t\r\n", p->s[p->i]) && p->s[p->i])
        p->i++;
}

static bool jv_lit(jp *p, const char *w)
{
    size_t n = strlen(w);
    if (p->n - p->i < n || memcmp(p->s + p->i, w, n) != 0) return false;
    p->i += n;
    return true;
}

/* One UTF-8 character of a string (not ASCII); false when it is not well formed. */
static bool jv_utf8(jp *p)
{
    unsigned c = p->s[p->i], len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || p->n - p->i < len) return false;
    uint32_t v = c & (0x7Fu >> len);
    for (unsigned k = 1; k < len; k++) {
        if ((p->s[p->i + k] & 0xC0) != 0x80) return false;
        v = (v << 6) | (p->s[p->i + k] & 0x3Fu);
    }
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
    p->i += len;
    return true;
}

static bool jv_string(jp *p)
{
    if (!jv_lit(p, "\"")) return false;
    while (p->i < p->n) {
        unsigned char c = p->s[p->i];
        if (c == '"') {
            p->i++;
            return true;
        }
        if (c < 0x20) return false;
        if (c >= 0x80) {
            if (!jv_utf8(p)) return false;
            continue;
        }
        p->i++;
        if (c != '\\') continue;
        if (p->i >= p->n || !strchr("\"\\/bfnrtu", p->s[p->i])) return false;
        if (p->s[p->i++] != 'u') continue;
        for (int k = 0; k < 4; k++, p->i++)
            if (p->i >= p->n || !strchr("0123456789abcdefABCDEF", p->s[p->i])) return false;
    }
    return false;
}

static bool jv_digits(jp *p)
{
    size_t start = p->i;
    while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9')
        p->i++;
    return p->i > start;
}

static bool jv_number(jp *p)
{
    if (p->i < p->n && p->s[p->i] == '-') p->i++;
    if (p->i < p->n && p->s[p->i] == '0')
        p->i++;
    else if (!jv_digits(p))
        return false;
    if (p->i < p->n && p->s[p->i] == '.' && (p->i++, !jv_digits(p))) return false;
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-')) p->i++;
        if (!jv_digits(p)) return false;
    }
    return true;
}

/* An object (close '}') or array (close ']') after its opening bracket. */
static bool jv_members(jp *p, int depth, char close)
{
    jv_ws(p);
    if (jv_lit(p, close == '}' ? "}" : "]")) return true;
    for (;;) {
        if (close == '}') {
            jv_ws(p);
            if (!jv_string(p)) return false;
            jv_ws(p);
            if (!jv_lit(p, ":")) return false;
        }
        if (!jv_value(p, depth + 1)) return false;
        jv_ws(p);
        if (jv_lit(p, ",")) continue;
        return jv_lit(p, close == '}' ? "}" : "]");
    }
}

static bool jv_value(jp *p, int depth)
{
    if (depth > 64) return false;
    jv_ws(p);
    if (p->i >= p->n) return false;
    switch (p->s[p->i]) {
    case '{':
        p->i++;
        return jv_members(p, depth, '}');
    case '[':
        p->i++;
        return jv_members(p, depth, ']');
    case '"':
        return jv_string(p);
    case 't':
        return jv_lit(p, "true");
    case 'f':
        return jv_lit(p, "false");
    case 'n':
        return jv_lit(p, "null");
    default:
        return jv_number(p);
    }
}

/* True when s[0..n) is exactly one JSON text. */
static bool json_valid(const char *s, size_t n)
{
    jp p = {(const unsigned char *)s, 0, n};
    if (!jv_value(&p, 0)) return false;
    jv_ws(&p);
    return p.i == n;
}

/* Every line of s is one JSON text. */
static void assert_jsonl_valid(const char *s)
{
    while (*s) {
        size_t n = strcspn(s, "\n");
        if (!json_valid(s, n)) fail_msg("not JSON: %.*s", (int)n, s);
        s += n + (s[n] == '\n');
    }
}

/* ---- fixtures: one scan, in scan order ---- */

/* clang-format off */
static const rs_finding ilkha1_findings[] = {
    {.signature = "ilkha", .holder = "ilkha", .holder_name = "İLKHA", .kind = RS_KIND_NOTICE,
     .cls = RS_CLASS_RESTRICTED, .field = "body", .offset = 120, .line = 3, .column = 1,
     .excerpt = "© İLKHA. Tüm hakları saklıdır.", .confidence = 0.875, .score = 0.9,
     .coverage = 0.75},
    {.signature = "ilkha", .holder = "ilkha", .kind = RS_KIND_METADATA,
     .cls = RS_CLASS_RESTRICTED, .field = "html:meta:copyright", .offset = 40,
     .excerpt = "İlke Haber Ajansı", .confidence = 0.95, .score = 1, .coverage = 1},
};
static const rs_finding story_findings[] = {
    {.signature = "cc-by", .holder = "unknown", .holder_name = "Jane Doe",
     .kind = RS_KIND_LICENCE, .cls = RS_CLASS_ATTRIBUTION, .field = "body", .offset = 7,
     .line = 2, .column = 5, .excerpt = "Photo: Jane Doe, CC BY 4.0"},
};
static const rs_finding photo_findings[] = {
    {.signature = "cc0", .holder = "unknown", .kind = RS_KIND_LICENCE, .cls = RS_CLASS_OPEN,
     .field = "xmp:xmpRights:UsageTerms", .offset = 300, .excerpt = "CC0 1.0",
     .confidence = 0.9, .score = 1, .coverage = 1},
};
static const rs_finding ilkha2_findings[] = {
    {.signature = "ilkha", .holder = "ilkha", .kind = RS_KIND_BYLINE,
     .cls = RS_CLASS_RESTRICTED, .field = "body", .offset = 0, .line = 1, .column = 1,
     .excerpt = "DİYARBAKIR (İLKHA) -"},
};

#define F(a) .nfindings = sizeof(a) / sizeof(a[0]), .findings = a
static const rs_unit scan[] = {
    {.path = "news/ilkha-1.html", .type = "text/html", .size = 2048, .cls = RS_CLASS_RESTRICTED,
     .holder = "ilkha", .holder_name = "İLKHA", F(ilkha1_findings)},
    {.path = "news/clean.txt", .type = "text/plain", .size = 10},
    {.path = "bundles/b.tar.gz!/incoming/batch.zip!/story.txt", .type = "text/plain",
     .size = 99, .depth = 2, .cls = RS_CLASS_ATTRIBUTION, .holder = "unknown",
     .holder_name = "Jane Doe", F(story_findings)},
    {.path = "bundles/b.tar.gz", .type = "application/gzip", .size = 5000, .container = true},
    {.path = "bundles/bad.zip", .status = RS_STATUS_FAILED, .reason = "corrupt: truncated zip",
     .type = "application/zip", .size = 17, .container = true},
    {.path = "big/huge.bin", .status = RS_STATUS_SKIPPED,
     .reason = "limit: file larger than max_file_bytes", .size = 5000000000},
    {.path = "photos/p.jpg", .type = "image/jpeg", .size = 4096, .cls = RS_CLASS_OPEN,
     .holder = "unknown", F(photo_findings)},
    {.path = "news/ilkha-2.html", .type = "text/html", .size = 512, .cls = RS_CLASS_RESTRICTED,
     .holder = "ilkha", F(ilkha2_findings)},
};
/* clang-format on */
#define NSCAN (sizeof scan / sizeof scan[0])

static const rs_summary scan_sum = {
    .units = 8,
    .scanned = 6,
    .skipped = 1,
    .failed = 1,
    .containers = 2,
    .bytes = 11755,
    .by_class = {[RS_CLASS_NONE] = 2,
                 [RS_CLASS_OPEN] = 1,
                 [RS_CLASS_ATTRIBUTION] = 1,
                 [RS_CLASS_RESTRICTED] = 2},
};

static const char ilkha1_json[] =
    "{\"type\":\"unit\",\"path\":\"news/ilkha-1.html\",\"status\":\"scanned\","
    "\"media_type\":\"text/html\",\"size\":2048,\"class\":\"restricted\",\"holder\":\"ilkha\","
    "\"holder_name\":\"İLKHA\",\"findings\":["
    "{\"signature\":\"ilkha\",\"holder\":\"ilkha\",\"holder_name\":\"İLKHA\",\"kind\":\"notice\","
    "\"class\":\"restricted\",\"field\":\"body\",\"offset\":120,\"line\":3,\"column\":1,"
    "\"excerpt\":\"© İLKHA. Tüm hakları saklıdır.\",\"confidence\":0.875,\"score\":0.9,"
    "\"coverage\":0.75},"
    "{\"signature\":\"ilkha\",\"holder\":\"ilkha\",\"holder_name\":null,\"kind\":\"metadata\","
    "\"class\":\"restricted\",\"field\":\"html:meta:copyright\",\"offset\":40,"
    "\"excerpt\":\"İlke Haber Ajansı\",\"confidence\":0.95,\"score\":1.0,\"coverage\":1.0}]}";

static const char bad_zip_json[] =
    "{\"type\":\"unit\",\"path\":\"bundles/bad.zip\",\"status\":\"failed\","
    "\"reason\":\"corrupt: truncated zip\",\"media_type\":\"application/zip\",\"size\":17,"
    "\"container\":true,\"class\":\"none\",\"holder\":null,\"holder_name\":null,"
    "\"findings\":[]}";

#define SUMMARY_FIELDS                                                                             \
    "\"version\":1,\"tool\":\"rightscan\",\"tool_version\":\"" RS_VERSION "\",\"units\":8,"        \
    "\"scanned\":6,\"skipped\":1,\"failed\":1,\"containers\":2,\"bytes\":11755,"                   \
    "\"classes\":{\"restricted\":2,\"attribution\":1,\"open\":1,\"none\":2},"                      \
    "\"ai_reserved\":0,\"embargoed\":0,\"expired\":0,\"conflicts\":0,"                            \
    "\"complete\":false,\"exit_status\":3}"

/* ---- format names and arguments ---- */

static void test_format_parse(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        bool ok;
        rs_report_format want;
    } cases[] = {
        {"text", true, RS_REPORT_TEXT},
        {"json", true, RS_REPORT_JSON},
        {"jsonl", true, RS_REPORT_JSONL},
        {"JSON", false, 0},
        {"", false, 0},
        {"sarif", false, 0},
        {"json ", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_report_format f = (rs_report_format)99;
        assert_int_equal(rs_report_format_parse(cases[i].name, &f), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(f, cases[i].want);
        else
            assert_int_equal(f, 99);
    }
    rs_report_format f;
    assert_false(rs_report_format_parse(NULL, &f));
}

static void test_new_bad_args(void **state)
{
    (void)state;
    rs_report *r = (rs_report *)&r; /* must stay untouched on failure */
    rs_report *const before = r;
    assert_int_equal(rs_report_new((rs_report_format)7, stdout, NULL, &r), RS_ERR_ARG);
    assert_int_equal(rs_report_new(RS_REPORT_JSON, NULL, NULL, &r), RS_ERR_ARG);
    assert_int_equal(rs_report_new(RS_REPORT_JSON, stdout, NULL, NULL), RS_ERR_ARG);
    assert_ptr_equal(r, before);
    rs_report_free(NULL);
    rs_summary s = {0};
    assert_int_equal(rs_report_unit(NULL, &scan[0]), RS_ERR_ARG);
    assert_int_equal(rs_report_finish(NULL, &s, 0), RS_ERR_ARG);
}

/* ---- JSON strings ---- */

static void test_json_escapes(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        size_t n; /* 0: strlen(in) */
        const char *want;
    } cases[] = {
        {"plain", 0, "\"plain\""},
        {"q\"b\\s/", 0, "\"q\\\"b\\\\s/\""},
        {"\n\r\t\b\f", 0, "\"\\n\\r\\t\\b\\f\""},
        {"\x01\x1f\x1b[31m", 0, "\"\\u0001\\u001f\\u001b[31m\""},
        {"a\0b", 3, "\"a\\u0000b\""},
        {"\x7f", 0, "\"\x7f\""},
        {"é中😀", 0, "\"é中😀\""},
        {"\xe2\x80\xa8|\xe2\x80\xa9", 0, "\"\\u2028|\\u2029\""},
        {"a\xff"
         "b",
         0, "\"a\\\\xffb\""},
        {"\x80", 0, "\"\\\\x80\""},
        {"\xc0\xaf", 0, "\"\\\\xc0\\\\xaf\""},                       /* overlong '/' */
        {"\xc1\xbf", 0, "\"\\\\xc1\\\\xbf\""},                       /* overlong */
        {"\xe0\x80\xaf", 0, "\"\\\\xe0\\\\x80\\\\xaf\""},            /* overlong 3-byte */
        {"\xed\xa0\x80", 0, "\"\\\\xed\\\\xa0\\\\x80\""},            /* surrogate D800 */
        {"\xe2\x82x", 0, "\"\\\\xe2\\\\x82x\""},                     /* truncated, then ASCII */
        {"\xf0\x9f\x98", 0, "\"\\\\xf0\\\\x9f\\\\x98\""},            /* truncated 4-byte */
        {"\xf4\x90\x80\x80", 0, "\"\\\\xf4\\\\x90\\\\x80\\\\x80\""}, /* above U+10FFFF */
        {"\xf5", 0, "\"\\\\xf5\""},
        {"\xf4\x8f\xbf\xbf", 0, "\"\xf4\x8f\xbf\xbf\""}, /* U+10FFFF is fine */
        {"\xef\xbf\xbe", 0, "\"\xef\xbf\xbe\""},         /* a noncharacter is fine */
        {"caf\xe9.txt", 0, "\"caf\\\\xe9.txt\""},        /* Latin-1 file name */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = cases[i].n ? cases[i].n : strlen(cases[i].in);
        char *got = json_literal(cases[i].in, n);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("case %zu: got %s, want %s", i, got, cases[i].want);
        assert_true(json_valid(got, strlen(got)));
        free(got);
    }
}

/* Any bytes at all, in every string field, make valid JSON Lines. */
static void test_json_any_bytes_valid(void **state)
{
    (void)state;
    uint32_t seed = 12345;
    char path[48], reason[48], excerpt[48];
    char *bufs[] = {path, reason, excerpt};
    for (int iter = 0; iter < 2000; iter++) {
        for (int b = 0; b < 3; b++) {
            size_t len = 0, want = (seed = seed * 1103515245u + 12345u) >> 27;
            while (len < want) {
                seed = seed * 1103515245u + 12345u;
                char c = (char)(seed >> 16);
                if (c) bufs[b][len++] = c;
            }
            bufs[b][len] = '\0';
        }
        rs_finding f = {.signature = "s",
                        .holder = "h",
                        .field = path,
                        .line = 1,
                        .column = 1,
                        .excerpt = excerpt,
                        .cls = RS_CLASS_RESTRICTED};
        rs_unit u = {.path = path,
                     .status = RS_STATUS_FAILED,
                     .reason = reason,
                     .cls = RS_CLASS_RESTRICTED,
                     .holder = excerpt,
                     .nfindings = 1,
                     .findings = &f};
        rs_summary s = {.units = 1, .failed = 1};
        char *out = render(RS_REPORT_JSONL, false, false, &u, 1, &s, 3);
        assert_int_equal(count_lines(out), 2);
        assert_jsonl_valid(out);
        free(out);
    }
}

/* ---- jsonl ---- */

static void test_jsonl_golden(void **state)
{
    (void)state;
    char *out = render(RS_REPORT_JSONL, false, false, scan, NSCAN, &scan_sum, 3);
    assert_jsonl_valid(out);
    /* without --all: the four units with a class and the two problems, then the summary */
    assert_int_equal(count_lines(out), 7);
    char *l = line_at(out, 0);
    assert_string_equal(l, ilkha1_json);
    free(l);
    l = line_at(out, 2);
    assert_string_equal(l, bad_zip_json);
    free(l);
    l = line_at(out, 6);
    assert_string_equal(l, "{\"type\":\"summary\"," SUMMARY_FIELDS);
    free(l);
    static const char *const order[] = {
        "news/ilkha-1.html", "bundles/b.tar.gz!/incoming/batch.zip!/story.txt",
        "bundles/bad.zip",   "big/huge.bin",
        "photos/p.jpg",      "news/ilkha-2.html"};
    for (size_t i = 0; i < 6; i++) {
        l = line_at(out, i);
        char want[128];
        snprintf(want, sizeof want, "{\"type\":\"unit\",\"path\":\"%s\",", order[i]);
        assert_memory_equal(l, want, strlen(want));
        free(l);
    }
    free(out);
}

/* Keys present only when they apply. */
static void test_jsonl_field_presence(void **state)
{
    (void)state;
    char *out = render(RS_REPORT_JSONL, true, false, scan, NSCAN, &scan_sum, 3);
    char *l;
    l = line_at(out, 1); /* news/clean.txt: scanned, clean */
    assert_string_equal(l, "{\"type\":\"unit\",\"path\":\"news/clean.txt\",\"status\":\"scanned\","
                           "\"media_type\":\"text/plain\",\"size\":10,\"class\":\"none\","
                           "\"holder\":null,\"holder_name\":null,\"findings\":[]}");
    free(l);
    l = line_at(out, 3); /* the scanned archive: a clean unit with "container":true */
    assert_non_null(strstr(l, "\"size\":5000,\"container\":true,\"class\":\"none\""));
    assert_null(strstr(l, "\"reason\""));
    free(l);
    l = line_at(out, 5); /* skipped, type unknown: reason, no media_type */
    assert_string_equal(l,
                        "{\"type\":\"unit\",\"path\":\"big/huge.bin\",\"status\":\"skipped\","
                        "\"reason\":\"limit: file larger than max_file_bytes\",\"size\":5000000000,"
                        "\"class\":\"none\",\"holder\":null,\"holder_name\":null,\"findings\":[]}");
    free(l);
    l = line_at(out, 6); /* a metadata finding: no line or column */
    assert_non_null(strstr(l, "\"field\":\"xmp:xmpRights:UsageTerms\",\"offset\":300,"
                              "\"excerpt\":\"CC0 1.0\",\"confidence\":0.9,\"score\":1.0,"
                              "\"coverage\":1.0}"));
    assert_null(strstr(l, "\"line\""));
    free(l);
    assert_int_equal(count_of(out, "\"container\":true"), 2);
    assert_int_equal(count_of(out, "\"reason\""), 2);
    free(out);
}

/* --all adds the clean units (the scanned archive among them), in scan order. */
static void test_jsonl_all(void **state)
{
    (void)state;
    char *out = render(RS_REPORT_JSONL, true, false, scan, NSCAN, &scan_sum, 3);
    assert_jsonl_valid(out);
    assert_int_equal(count_lines(out), NSCAN + 1);
    for (size_t i = 0; i < NSCAN; i++) {
        char *l = line_at(out, i);
        assert_non_null(strstr(l, scan[i].path));
        free(l);
    }
    free(out);
    out = render(RS_REPORT_JSONL, false, false, scan, NSCAN, &scan_sum, 3);
    assert_null(strstr(out, "news/clean.txt"));
    assert_null(strstr(out, "\"path\":\"bundles/b.tar.gz\""));
    free(out);
}

static void test_summary_complete(void **state)
{
    (void)state;
    rs_summary s = {.units = 3, .scanned = 3, .by_class = {[RS_CLASS_NONE] = 3}, .bytes = 9};
    char *out = render(RS_REPORT_JSONL, false, false, NULL, 0, &s, 0);
    assert_string_equal(out, "{\"type\":\"summary\",\"version\":1,\"tool\":\"rightscan\","
                             "\"tool_version\":\"" RS_VERSION "\",\"units\":3,\"scanned\":3,"
                             "\"skipped\":0,\"failed\":0,\"containers\":0,\"bytes\":9,"
                             "\"classes\":{\"restricted\":0,\"attribution\":0,\"open\":0,"
                             "\"none\":3},\"ai_reserved\":0,\"embargoed\":0,\"expired\":0,\"conflicts\":0,\"complete\":true,\"exit_status\":0}\n");
    free(out);
    s.interrupted = true;
    out = render(RS_REPORT_JSONL, false, false, NULL, 0, &s, 3);
    assert_non_null(strstr(out, "\"complete\":false,\"exit_status\":3}"));
    free(out);
}

/* ---- json ---- */

static void test_json_document(void **state)
{
    (void)state;
    char *out = render(RS_REPORT_JSON, false, false, scan, NSCAN, &scan_sum, 3);
    assert_true(json_valid(out, strlen(out)));
    assert_memory_equal(out, "{\"version\":1,\"tool\":{\"name\":\"rightscan\",\"version\":\"",
                        strlen("{\"version\":1,\"tool\":{\"name\":\"rightscan\",\"version\":\""));
    assert_int_equal(count_of(out, "{\"type\":\"unit\""), 6);
    assert_non_null(strstr(out, "\n" /* one unit a line */ "{\"type\":\"unit\""));
    assert_non_null(strstr(out, ilkha1_json));
    assert_non_null(strstr(out, ",\n\"summary\":{" SUMMARY_FIELDS "}\n"));
    assert_null(strstr(out, "\"type\":\"summary\""));
    assert_int_equal(out[strlen(out) - 1], '\n');
    free(out);
}

static void test_json_empty(void **state)
{
    (void)state;
    rs_summary s = {0};
    char *out = render(RS_REPORT_JSON, true, false, NULL, 0, &s, 0);
    assert_true(json_valid(out, strlen(out)));
    assert_non_null(strstr(out, "\"units\":[\n],\n\"summary\":{"));
    free(out);
}

/* Identical input, identical bytes, in every format. */
static void test_deterministic(void **state)
{
    (void)state;
    for (int f = RS_REPORT_TEXT; f <= RS_REPORT_JSONL; f++) {
        char *a = render((rs_report_format)f, true, false, scan, NSCAN, &scan_sum, 3);
        char *b = render((rs_report_format)f, true, false, scan, NSCAN, &scan_sum, 3);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* ---- text ---- */

static const char text_groups[] =
    "RESTRICTED (2)\n"
    "  news/ilkha-1.html — ilkha (İLKHA)\n"
    "      notice body:3:1 ilkha \"© İLKHA. Tüm hakları saklıdır.\"\n"
    "      metadata html:meta:copyright ilkha \"İlke Haber Ajansı\"\n"
    "  news/ilkha-2.html — ilkha\n"
    "      byline body:1:1 ilkha \"DİYARBAKIR (İLKHA) -\"\n"
    "\n"
    "ATTRIBUTION (1)\n"
    "  bundles/b.tar.gz!/incoming/batch.zip!/story.txt — unknown (Jane Doe)\n"
    "      licence body:2:5 cc-by \"Photo: Jane Doe, CC BY 4.0\"\n"
    "\n"
    "OPEN (1)\n"
    "  photos/p.jpg — unknown\n"
    "      licence xmp:xmpRights:UsageTerms cc0 \"CC0 1.0\"\n"
    "\n"
    "PROBLEMS (2)\n"
    "  bundles/bad.zip — failed: corrupt: truncated zip\n"
    "  big/huge.bin — skipped: limit: file larger than max_file_bytes\n"
    "\n";
static const char text_clean[] = "CLEAN (2)\n"
                                 "  news/clean.txt\n"
                                 "  bundles/b.tar.gz (archive)\n"
                                 "\n";
static const char text_summary[] = "scanned 8 units (2 archives): 2 restricted, 1 attribution, "
                                   "1 open, 2 clean; 1 skipped, 1 failed — INCOMPLETE\n";

static void test_text_golden(void **state)
{
    (void)state;
    char *out = render(RS_REPORT_TEXT, false, false, scan, NSCAN, &scan_sum, 3);
    char want[sizeof text_groups + sizeof text_clean + sizeof text_summary];
    snprintf(want, sizeof want, "%s%s", text_groups, text_summary);
    assert_string_equal(out, want);
    free(out);
    out = render(RS_REPORT_TEXT, true, false, scan, NSCAN, &scan_sum, 3);
    snprintf(want, sizeof want, "%s%s%s", text_groups, text_clean, text_summary);
    assert_string_equal(out, want);
    free(out);
}

static void test_text_summary_line(void **state)
{
    (void)state;
    rs_summary s = {
        .units = 1204,
        .scanned = 1201,
        .skipped = 2,
        .failed = 1,
        .containers = 3,
        .by_class = {
            [RS_CLASS_RESTRICTED] = 17, [RS_CLASS_ATTRIBUTION] = 4, [RS_CLASS_NONE] = 1180}};
    char *out = render(RS_REPORT_TEXT, false, false, NULL, 0, &s, 3);
    assert_string_equal(out, "scanned 1,204 units (3 archives): 17 restricted, 4 attribution, "
                             "0 open, 1,180 clean; 2 skipped, 1 failed — INCOMPLETE\n");
    free(out);
    s = (rs_summary){
        .units = 1, .scanned = 1, .containers = 1, .by_class = {[RS_CLASS_RESTRICTED] = 1}};
    out = render(RS_REPORT_TEXT, false, false, NULL, 0, &s, 1);
    assert_string_equal(out, "scanned 1 unit (1 archive): 1 restricted, 0 attribution, 0 open, "
                             "0 clean\n");
    free(out);
    s = (rs_summary){.units = 1234567,
                     .scanned = 1234567,
                     .interrupted = true,
                     .by_class = {[RS_CLASS_NONE] = 1234567}};
    out = render(RS_REPORT_TEXT, false, false, NULL, 0, &s, 3);
    assert_string_equal(out, "scanned 1,234,567 units: 0 restricted, 0 attribution, 0 open, "
                             "1,234,567 clean — INCOMPLETE (interrupted)\n");
    free(out);
}

static void test_text_nothing_found(void **state)
{
    (void)state;
    rs_summary s = {.units = 1204, .scanned = 1204, .by_class = {[RS_CLASS_NONE] = 1204}};
    char *out = render(RS_REPORT_TEXT, false, false, scan + 1, 1, &s, 0);
    assert_string_equal(out, "No rights signals found in 1,204 units.\n");
    free(out);
    s = (rs_summary){.units = 1, .scanned = 1, .by_class = {[RS_CLASS_NONE] = 1}};
    out = render(RS_REPORT_TEXT, true, false, scan + 1, 1, &s, 0);
    assert_string_equal(out, "CLEAN (1)\n  news/clean.txt\n\nNo rights signals found in 1 unit.\n");
    free(out);
}

/* A unit with a verdict that also failed part-way is listed under both. */
static void test_text_failed_with_verdict(void **state)
{
    (void)state;
    rs_unit u = scan[7];
    u.status = RS_STATUS_FAILED;
    u.reason = "corrupt: bad deflate stream";
    rs_summary s = {.units = 1, .failed = 1};
    char *out = render(RS_REPORT_TEXT, true, false, &u, 1, &s, 3);
    assert_non_null(strstr(out, "RESTRICTED (1)\n  news/ilkha-2.html — ilkha\n"));
    assert_non_null(strstr(out, "PROBLEMS (1)\n  news/ilkha-2.html — failed: corrupt: bad "
                                "deflate stream\n"));
    assert_null(strstr(out, "CLEAN"));
    free(out);
}

static void test_text_excerpt_cut(void **state)
{
    (void)state;
    static const struct {
        size_t chars; /* 'é' characters in the excerpt */
        size_t shown; /* 'é' characters shown */
        bool ellipsis;
    } cases[] = {{79, 79, false}, {80, 80, false}, {81, 79, true}, {300, 79, true}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char ex[601] = "", want[700] = "\"";
        for (size_t k = 0; k < cases[i].chars; k++)
            strcat(ex, "é");
        for (size_t k = 0; k < cases[i].shown; k++)
            strcat(want, "é");
        strcat(want, cases[i].ellipsis ? "…\"\n" : "\"\n");
        rs_finding f = ilkha2_findings[0];
        f.excerpt = ex;
        rs_unit u = scan[7];
        u.findings = &f;
        rs_summary s = {.units = 1, .scanned = 1, .by_class = {[RS_CLASS_RESTRICTED] = 1}};
        char *out = render(RS_REPORT_TEXT, false, false, &u, 1, &s, 1);
        if (!strstr(out, want)) fail_msg("case %zu:\n%s", i, out);
        free(out);
    }
}

/* Control characters and invalid bytes never reach the terminal raw. */
static void test_text_sanitized(void **state)
{
    (void)state;
    rs_unit u = scan[5];
    u.path = "evil\x1b[2J\x07name\xc2\x9b\xff.txt";
    u.reason = "bad\nline";
    rs_summary s = {.units = 1, .skipped = 1};
    char *out = render(RS_REPORT_TEXT, false, false, &u, 1, &s, 3);
    assert_non_null(
        strstr(out, "  evil\\x1b[2J\\x07name\\xc2\\x9b\\xff.txt — skipped: bad\\x0aline\n"));
    assert_null(strchr(out, '\x1b'));
    assert_null(strchr(out, '\x07'));
    free(out);
}

static void test_text_color(void **state)
{
    (void)state;
    char *out = render(RS_REPORT_TEXT, true, true, scan, NSCAN, &scan_sum, 3);
    assert_non_null(strstr(out, "\033[1;31mRESTRICTED\033[0m (2)\n"));
    assert_non_null(strstr(out, "\033[1;33mATTRIBUTION\033[0m (1)\n"));
    assert_non_null(strstr(out, "\033[1;32mOPEN\033[0m (1)\n"));
    assert_non_null(strstr(out, "\033[1;35mPROBLEMS\033[0m (2)\n"));
    assert_non_null(strstr(out, "\033[1mCLEAN\033[0m (2)\n"));
    assert_int_equal(count_of(out, "\033["), 10); /* headers only */
    free(out);
    out = render(RS_REPORT_TEXT, true, false, scan, NSCAN, &scan_sum, 3);
    assert_null(strchr(out, '\033'));
    free(out);
}

/* A group keeps at most 64 MiB; the rest are counted, and the count is printed. */
static void test_text_group_cap(void **state)
{
    (void)state;
    enum { PATH = 60000, UNITS = 1200 };
    char *path = malloc(PATH + 1);
    assert_non_null(path);
    memset(path, 'p', PATH);
    path[PATH] = '\0';
    rs_unit u = {.path = path, .size = 1};
    capture c;
    cap_open(&c);
    rs_report_opts o = {.all = true};
    rs_report *r = NULL;
    assert_int_equal(rs_report_new(RS_REPORT_TEXT, c.f, &o, &r), RS_OK);
    for (int i = 0; i < UNITS; i++)
        assert_int_equal(rs_report_unit(r, &u), RS_OK);
    rs_summary s = {.units = UNITS, .scanned = UNITS, .by_class = {[RS_CLASS_NONE] = UNITS}};
    assert_int_equal(rs_report_finish(r, &s, 0), RS_OK);
    rs_report_free(r);
    char *out = cap_close(&c);
    size_t kept = ((size_t)64 << 20) / (PATH + 3); /* "  " path "\n" */
    char want[128];
    snprintf(want, sizeof want,
             "\n  … and %zu more not listed (text report limit; use --format jsonl)\n\n"
             "No rights signals found in 1,200 units.\n",
             UNITS - kept);
    assert_memory_equal(out, "CLEAN (1,200)\n", strlen("CLEAN (1,200)\n"));
    assert_int_equal(count_lines(out), 1 + kept + 3); /* header, paths, "more", blank, summary */
    size_t len = strlen(out);
    assert_true(len > strlen(want));
    assert_string_equal(out + len - strlen(want), want);
    free(out);
    free(path);
}

/* ---- errors and the sink ---- */

/* Every format reports a full disk as RS_ERR_SINK, at the latest when it finishes. */
static void test_write_error_full(void **state)
{
    (void)state;
    for (int fmt = RS_REPORT_TEXT; fmt <= RS_REPORT_JSONL; fmt++) {
        FILE *f = fopen("/dev/full", "w");
        if (!f) skip();
        rs_report *r = NULL;
        assert_int_equal(rs_report_new((rs_report_format)fmt, f, NULL, &r), RS_OK);
        for (size_t i = 0; i < NSCAN; i++)
            rs_report_unit(r, &scan[i]);
        assert_int_equal(rs_report_finish(r, &scan_sum, 3), RS_ERR_SINK);
        assert_int_equal(rs_report_unit(r, &scan[0]), RS_ERR_SINK);
        rs_report_free(r);
        fclose(f);
    }
}

/* Unbuffered, the first failing unit stops the scan, and the error sticks. */
static void test_write_error_unit(void **state)
{
    (void)state;
    for (int fmt = RS_REPORT_JSON; fmt <= RS_REPORT_JSONL; fmt++) {
        FILE *f = fopen("/dev/full", "w");
        if (!f) skip();
        setvbuf(f, NULL, _IONBF, 0);
        rs_report *r = NULL;
        assert_int_equal(rs_report_new((rs_report_format)fmt, f, NULL, &r), RS_OK);
        assert_int_equal(rs_report_unit(r, &scan[1]), RS_OK); /* clean: not written */
        assert_int_equal(rs_report_unit(r, &scan[0]), RS_ERR_SINK);
        assert_int_equal(rs_report_unit(r, &scan[2]), RS_ERR_SINK);
        assert_int_equal(rs_report_finish(r, &scan_sum, 3), RS_ERR_SINK);
        rs_report_free(r);
        fclose(f);
    }
}

/* jsonl flushes every line: a follower sees whole units, a full disk shows at once. */
static void test_jsonl_flushes_lines(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rs_report *r = NULL;
    assert_int_equal(rs_report_new(RS_REPORT_JSONL, c.f, NULL, &r), RS_OK);
    assert_int_equal(rs_report_unit(r, &scan[0]), RS_OK);
    assert_int_equal(c.len, strlen(ilkha1_json) + 1); /* open_memstream: len set by a flush */
    assert_memory_equal(c.buf, ilkha1_json, strlen(ilkha1_json));
    rs_report_free(r);
    free(cap_close(&c));
    FILE *f = fopen("/dev/full", "w");
    if (!f) skip();
    assert_int_equal(rs_report_new(RS_REPORT_JSONL, f, NULL, &r), RS_OK);
    assert_int_equal(rs_report_unit(r, &scan[0]), RS_ERR_SINK);
    rs_report_free(r);
    fclose(f);
}

static void test_sink_and_misuse(void **state)
{
    (void)state;
    capture c;
    cap_open(&c);
    rs_report *r = NULL;
    assert_int_equal(rs_report_new(RS_REPORT_JSONL, c.f, NULL, &r), RS_OK);
    rs_sink sink = {.ctx = r, .unit = rs_report_sink_unit};
    assert_int_equal(sink.unit(sink.ctx, &scan[0]), RS_OK);
    assert_int_equal(sink.unit(sink.ctx, &scan[1]), RS_OK);
    assert_int_equal(rs_report_finish(r, &scan_sum, 3), RS_OK);
    assert_int_equal(rs_report_finish(r, &scan_sum, 3), RS_ERR_ARG);
    assert_int_equal(rs_report_unit(r, &scan[0]), RS_ERR_ARG);
    rs_report_free(r);
    char *out = cap_close(&c);
    assert_int_equal(count_lines(out), 2); /* ilkha-1, then the summary; nothing after */
    assert_memory_equal(out, ilkha1_json, strlen(ilkha1_json));
    free(out);
}

/* A report made and freed unused writes nothing, in every format. */
static void test_unused_writes_nothing(void **state)
{
    (void)state;
    for (int fmt = RS_REPORT_TEXT; fmt <= RS_REPORT_JSONL; fmt++) {
        capture c;
        cap_open(&c);
        rs_report *r = NULL;
        assert_int_equal(rs_report_new((rs_report_format)fmt, c.f, NULL, &r), RS_OK);
        rs_report_free(r);
        char *out = cap_close(&c);
        assert_string_equal(out, "");
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_parse),
        cmocka_unit_test(test_new_bad_args),
        cmocka_unit_test(test_json_escapes),
        cmocka_unit_test(test_json_any_bytes_valid),
        cmocka_unit_test(test_jsonl_golden),
        cmocka_unit_test(test_jsonl_field_presence),
        cmocka_unit_test(test_jsonl_all),
        cmocka_unit_test(test_summary_complete),
        cmocka_unit_test(test_json_document),
        cmocka_unit_test(test_json_empty),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_text_golden),
        cmocka_unit_test(test_text_summary_line),
        cmocka_unit_test(test_text_nothing_found),
        cmocka_unit_test(test_text_failed_with_verdict),
        cmocka_unit_test(test_text_excerpt_cut),
        cmocka_unit_test(test_text_sanitized),
        cmocka_unit_test(test_text_color),
        cmocka_unit_test(test_text_group_cap),
        cmocka_unit_test(test_write_error_full),
        cmocka_unit_test(test_write_error_unit),
        cmocka_unit_test(test_jsonl_flushes_lines),
        cmocka_unit_test(test_sink_and_misuse),
        cmocka_unit_test(test_unused_writes_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
