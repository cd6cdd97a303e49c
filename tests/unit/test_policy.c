/* test_policy.c — the policy file (errors with FILE:LINE:COL) and judging units by it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

static char path[64];

static rs_err load_text(const char *text, rs_policy **p, char *err, size_t n)
{
    snprintf(path, sizeof path, "/tmp/rs-policy-XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    rs_err e = rs_policy_load(path, p, err, n);
    unlink(path);
    return e;
}

static void broken_files_name_the_place(void **state)
{
    (void)state;
    static const struct {
        const char *text, *where, *what;
    } cases[] = {
        {"version: 1\ncontracts:\n  - holder: aa\n    untill: 2026-01-01\n", ":4:5:", "unknown key 'untill'"},
        {"version: 2\n", ":1:10:", "policy version 1"},
        {"contracts:\n  - note: no holder\n", ":2:5:", "needs a holder"},
        {"contracts:\n  - holder: aa\n    until: next year\n", ":3:12:", "'until' takes a date"},
        {"attribution: maybe\n", ":1:14:", "allowed or review"},
        {"contracts: [holder: aa\n", ":", ""}, /* YAML syntax error */
        {"colour: red\n", ":1:1:", "unknown key 'colour'"},
        {"contracts:\n  - holder: aa\n    holder: ap\n", ":3:5:", "'holder' given twice"},
        {"unknown: sometimes\n", ":1:10:", "violation or review"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rs_policy *p = NULL;
        char err[512] = "";
        assert_int_equal(load_text(cases[i].text, &p, err, sizeof err), RS_ERR_ARG);
        assert_null(p);
        if (!strstr(err, cases[i].where) || !strstr(err, cases[i].what))
            fail_msg("case %zu: '%s'", i, err);
        assert_non_null(strstr(err, path)); /* the file is named */
    }
    rs_policy *p = NULL;
    char err[256];
    assert_int_equal(rs_policy_load("/nonexistent/policy.yml", &p, err, sizeof err), RS_ERR_IO);
}

static const rs_finding aa = {.signature = "aa", .holder = "aa", .kind = RS_KIND_BYLINE,
                              .cls = RS_CLASS_RESTRICTED, .field = "body", .confidence = 0.9};
static const rs_finding reuters = {.signature = "reuters", .holder = "reuters",
                                   .kind = RS_KIND_BYLINE, .cls = RS_CLASS_RESTRICTED,
                                   .field = "body", .confidence = 0.9};
static const rs_finding generic = {.signature = "generic-rights-reserved", .holder = "unknown",
                                   .holder_name = "Beispiel Verlag GmbH", .kind = RS_KIND_NOTICE,
                                   .cls = RS_CLASS_RESTRICTED, .field = "body", .confidence = 0.9};
static const rs_finding ccby = {.signature = "cc-by-4.0", .holder = "cc-by-4.0",
                                .kind = RS_KIND_LICENCE, .cls = RS_CLASS_ATTRIBUTION,
                                .field = "body", .confidence = 0.9};

static const char *judge(const rs_policy *p, const rs_finding *f, size_t n, int64_t as_of,
                         char *why)
{
    rs_unit u = {.path = "a.txt", .findings = f, .nfindings = n};
    rs_options o;
    rs_options_default(&o);
    o.as_of = as_of;
    return rs_policy_judge(p, &u, &o, why, 256);
}

static void judging(void **state)
{
    (void)state;
    rs_policy *p = NULL;
    char err[512], why[256];
    assert_int_equal(load_text("version: 1\ncontracts:\n  - holder: aa\n    until: 2026-12-31\n"
                               "    note: HAS subscription\n",
                               &p, err, sizeof err),
                     RS_OK);
    int64_t nov, jan;
    rs_parse_time("2026-11-30", &nov);
    rs_parse_time("2027-01-01", &jan);
    assert_string_equal(judge(p, &aa, 1, nov, why), "ok");
    assert_non_null(strstr(why, "HAS subscription"));
    assert_string_equal(judge(p, &aa, 1, jan, why), "violation"); /* the contract ended */
    rs_finding both[] = {aa, reuters};
    assert_string_equal(judge(p, both, 2, nov, why), "violation");
    assert_non_null(strstr(why, "reuters"));
    assert_string_equal(judge(p, &generic, 1, nov, why), "violation");
    assert_string_equal(judge(p, &ccby, 1, nov, why), "ok"); /* attribution allowed */
    rs_finding weak = reuters;
    weak.confidence = 0.3; /* below the verdict confidence: decides nothing */
    assert_string_equal(judge(p, &weak, 1, nov, why), "ok");
    rs_policy_free(p);

    assert_int_equal(load_text("attribution: review\nunknown: review\n", &p, err, sizeof err),
                     RS_OK);
    assert_string_equal(judge(p, &ccby, 1, nov, why), "review");
    assert_string_equal(judge(p, &generic, 1, nov, why), "review");
    assert_non_null(strstr(why, "Beispiel Verlag GmbH"));
    rs_policy_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(broken_files_name_the_place),
        cmocka_unit_test(judging),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
