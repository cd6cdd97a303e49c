/* test_signals.c — AI/TDM reservations, embargo and expiry, conflicts between layers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void times(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int64_t want;
    } ok[] = {
        {"2026-12-01", 1796083200},
        {"2026-12-01T10:00:00Z", 1796083200 + 36000},
        {"2026-12-01T13:00:00+03:00", 1796083200 + 36000},
        {"20261201T100000Z", 1796083200 + 36000},
        {"20261201T130000+0300", 1796083200 + 36000},
        {"20261201", 1796083200},
        {"2026-12-01T10:00:00.250Z", 1796083200 + 36000},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t t = 0;
        assert_true(rs_parse_time(ok[i].in, &t));
        assert_int_equal(t, ok[i].want);
    }
    int64_t t;
    assert_false(rs_parse_time("next Tuesday", &t));
    assert_false(rs_parse_time("2026-13-01", &t));
    assert_false(rs_parse_time("", &t));
    static const char *const short_ones[] = {"2", "2026", "2026-1", "2026-12-0", "2026120",
                                             "20261201T1", "20261201T10", "2026-12-01T10:0",
                                             "20261201T100000+", "20261201T100000+03"};
    for (size_t i = 0; i < sizeof short_ones / sizeof short_ones[0]; i++) {
        char *heap = strdup(short_ones[i]); /* on the heap: ASan sees a read past its end */
        rs_parse_time(heap, &t);
        free(heap);
    }
}

static rs_fields fs;
static rs_signals sg;
static rs_options opt;

static int setup(void **state)
{
    (void)state;
    rs_fields_init(&fs, 1 << 20);
    rs_signals_init(&sg);
    rs_options_default(&opt);
    rs_parse_time("2026-11-30T12:00:00Z", &opt.as_of);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rs_fields_free(&fs);
    rs_signals_free(&sg);
    return 0;
}

static void field(const char *name, const char *text)
{
    rs_field *f;
    assert_int_equal(rs_fields_add(&fs, name, strchr(name, ':') != NULL, false, &f), RS_OK);
    assert_int_equal(rs_field_append(f, text, strlen(text), 0), RS_OK);
    rs_field_finish(f);
}

static const rs_property *prop(rs_prop_kind k)
{
    for (size_t i = 0; i < sg.nprops; i++)
        if (sg.props[i].kind == k) return &sg.props[i];
    return NULL;
}

static void ai_reservations(void **state)
{
    (void)state;
    rs_fields_reset(&fs);
    field("html:meta:tdm-reservation", "1");
    assert_int_equal(rs_signals_compute(&sg, &fs, "a.html", NULL, 0, &opt, NULL), RS_OK);
    assert_non_null(prop(RS_PROP_AI_RESERVED));
    assert_true(prop(RS_PROP_AI_RESERVED)->active);
    assert_string_equal(prop(RS_PROP_AI_RESERVED)->field, "html:meta:tdm-reservation");

    rs_fields_reset(&fs);
    field("html:meta:tdm-reservation", "0");
    assert_int_equal(rs_signals_compute(&sg, &fs, "a.html", NULL, 0, &opt, NULL), RS_OK);
    assert_false(prop(RS_PROP_AI_RESERVED)->active);

    rs_fields_reset(&fs);
    field("html:meta:robots", "index, follow, noai, noimageai");
    assert_int_equal(rs_signals_compute(&sg, &fs, "a.html", NULL, 0, &opt, NULL), RS_OK);
    assert_true(prop(RS_PROP_AI_RESERVED)->active);

    rs_fields_reset(&fs);
    field("html:meta:robots", "index, follow, noarchive"); /* not an AI opt-out */
    assert_int_equal(rs_signals_compute(&sg, &fs, "a.html", NULL, 0, &opt, NULL), RS_OK);
    assert_null(prop(RS_PROP_AI_RESERVED));

    rs_fields_reset(&fs);
    field("xmp:plus:DataMining", "http://ns.useplus.org/ldf/vocab/DMI-PROHIBITED-AIMLTRAINING");
    assert_int_equal(rs_signals_compute(&sg, &fs, "p.jpg", NULL, 0, &opt, NULL), RS_OK);
    assert_true(prop(RS_PROP_AI_RESERVED)->active);
}

static void robots_txt(void **state)
{
    (void)state;
    rs_fields_reset(&fs);
    field("body", "User-agent: *\nDisallow: /private/\n\nUser-agent: GPTBot\n"
                  "User-agent: CCBot\nDisallow: /\n");
    assert_int_equal(rs_signals_compute(&sg, &fs, "robots.txt", NULL, 0, &opt, NULL), RS_OK);
    const rs_property *p = prop(RS_PROP_AI_RESERVED);
    assert_non_null(p);
    assert_string_equal(p->raw, "GPTBot, CCBot");

    rs_fields_reset(&fs); /* an AI crawler allowed everywhere but one folder: no reservation */
    field("body", "User-agent: GPTBot\nDisallow: /drafts/\n");
    assert_int_equal(rs_signals_compute(&sg, &fs, "robots.txt", NULL, 0, &opt, NULL), RS_OK);
    assert_null(prop(RS_PROP_AI_RESERVED));

    rs_fields_reset(&fs); /* the same text in another file is not robots.txt */
    field("body", "User-agent: GPTBot\nDisallow: /\n");
    assert_int_equal(rs_signals_compute(&sg, &fs, "notes.txt", NULL, 0, &opt, NULL), RS_OK);
    assert_null(prop(RS_PROP_AI_RESERVED));
}

static void embargo_and_expiry(void **state)
{
    (void)state;
    rs_fields_reset(&fs);
    field("iptc:2:030", "20261201");
    field("iptc:2:035", "100000+0000");
    field("nitf:date.expire", "20261101T000000Z");
    assert_int_equal(rs_signals_compute(&sg, &fs, "p.jpg", NULL, 0, &opt, NULL), RS_OK);
    const rs_property *e = prop(RS_PROP_EMBARGO), *x = prop(RS_PROP_EXPIRY);
    assert_non_null(e);
    assert_true(e->active); /* 1 December is after the 30 November as-of date */
    assert_string_equal(e->value, "2026-12-01T10:00:00Z");
    assert_non_null(x);
    assert_true(x->active); /* expired on 1 November */

    rs_options later = opt;
    rs_parse_time("2026-12-02", &later.as_of);
    assert_int_equal(rs_signals_compute(&sg, &fs, "p.jpg", NULL, 0, &later, NULL), RS_OK);
    assert_false(prop(RS_PROP_EMBARGO)->active);
}

static void conflicts_between_layers(void **state)
{
    (void)state;
    rs_fields_reset(&fs);
    rs_finding f[] = {
        {.signature = "reuters", .holder = "reuters", .kind = RS_KIND_BYLINE,
         .cls = RS_CLASS_RESTRICTED, .field = "body", .line = 1, .excerpt = "(Reuters)",
         .confidence = 0.85},
        {.signature = "afp", .holder = "afp", .kind = RS_KIND_METADATA,
         .cls = RS_CLASS_RESTRICTED, .field = "iptc:2:110", .excerpt = "AFP", .confidence = 0.95},
        {.signature = "cc-by-4.0", .holder = "cc-by-4.0", .kind = RS_KIND_LICENCE,
         .cls = RS_CLASS_ATTRIBUTION, .field = "xmp:xmpRights:UsageTerms", .excerpt = "CC BY 4.0",
         .confidence = 0.9},
    };
    assert_int_equal(rs_signals_compute(&sg, &fs, "p.jpg", f, 3, &opt, NULL), RS_OK);
    assert_int_equal(sg.nconf, 3);
    assert_string_equal(sg.conf[0].why, "holders differ");
    assert_string_equal(sg.conf[1].why, "classes differ");

    /* two agencies credited in the same body text are not layers disagreeing */
    rs_finding g[] = {f[0], f[0]};
    g[1].signature = g[1].holder = "ap";
    assert_int_equal(rs_signals_compute(&sg, &fs, "a.txt", g, 2, &opt, NULL), RS_OK);
    assert_int_equal(sg.nconf, 0);
}

static void tdmrep_rules(void **state)
{
    (void)state;
    static const char json[] =
        "[ {\"location\": \"/articles/*\", \"tdm-reservation\": 1,"
        "   \"tdm-policy\": \"https://example.org/tdm-policy.json\"},"
        "  {\"location\": \"/articles/open/*\", \"tdm-reservation\": 0},"
        "  {\"location\": \"/exact.html$\", \"tdm-reservation\": 1} ]";
    rs_tdmrep *t = NULL;
    char err[256];
    assert_int_equal(rs_tdmrep_parse(json, sizeof json - 1, &t, err, sizeof err), RS_OK);
    assert_int_equal(t->n, 3);
    const rs_tdm_rule *r = rs_tdmrep_match(t, "/articles/2025/a.html");
    assert_non_null(r);
    assert_int_equal(r->reservation, 1);
    assert_string_equal(r->policy, "https://example.org/tdm-policy.json");
    r = rs_tdmrep_match(t, "/articles/open/b.html"); /* the longest location wins */
    assert_int_equal(r->reservation, 0);
    assert_null(rs_tdmrep_match(t, "/blog/c.html"));
    assert_non_null(rs_tdmrep_match(t, "/exact.html"));
    assert_null(rs_tdmrep_match(t, "/exact.html.bak"));
    rs_tdmrep_free(t);

    static const char *const bad[] = {"{}", "[{\"location\": \"/x\"}]", "[{\"location\":",
                                      "", "[{\"tdm-reservation\": 1}]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        t = NULL;
        assert_int_not_equal(rs_tdmrep_parse(bad[i], strlen(bad[i]), &t, err, sizeof err), RS_OK);
        assert_null(t);
        assert_true(err[0] != '\0');
    }
}

static void tdmrep_from_the_walk(void **state)
{
    (void)state;
    rs_fields_reset(&fs);
    rs_walk_info wi = {.tdm_source = "site/.well-known/tdmrep.json", .tdm_location = "/a/*",
                       .tdm_policy = "https://example.org/p.json", .tdm_reservation = 1};
    assert_int_equal(rs_signals_compute(&sg, &fs, "x.html", NULL, 0, &opt, &wi), RS_OK);
    const rs_property *p = prop(RS_PROP_AI_RESERVED);
    assert_non_null(p);
    assert_true(p->active);
    assert_string_equal(p->field, "tdmrep.json");
    assert_non_null(strstr(p->raw, "site/.well-known/tdmrep.json"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(times),
        cmocka_unit_test(ai_reservations),
        cmocka_unit_test(robots_txt),
        cmocka_unit_test(embargo_and_expiry),
        cmocka_unit_test(conflicts_between_layers),
        cmocka_unit_test(tdmrep_rules),
        cmocka_unit_test(tdmrep_from_the_walk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
