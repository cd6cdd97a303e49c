/* fuzz_policy.c — fuzzes the policy loader: the input is written as a policy file and
 * loaded with rs_policy_load; a loaded policy judges a few fixed units.
 *
 * Checked per input: a failed load says why ("FILE:LINE:COL: what is wrong" — with
 * RS_FUZZ_STRICT=1 the message must start with the file's path) and leaves *out alone; a
 * loaded policy gives one of ok/violation/review with a reason; nothing leaks.
 */
#include "fuzz_common.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *file; /* the input, as a file */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    file = rs_fuzz_tmpfile("policy", "policy.yml");
    return 0;
}

static const rs_finding FINDINGS[] = {
    {.signature = "aa",
     .holder = "aa",
     .kind = RS_KIND_BYLINE,
     .cls = RS_CLASS_RESTRICTED,
     .field = "body",
     .confidence = 0.9,
     .excerpt = "ANKARA (AA)"},
    {.signature = "generic-rights-reserved",
     .holder = "unknown",
     .holder_name = "Foo Ltd.",
     .kind = RS_KIND_NOTICE,
     .cls = RS_CLASS_RESTRICTED,
     .field = "body",
     .confidence = 0.9,
     .excerpt = "All rights reserved"},
    {.signature = "cc-by-4.0",
     .holder = "cc-by-4.0",
     .kind = RS_KIND_LICENCE,
     .cls = RS_CLASS_ATTRIBUTION,
     .field = "body",
     .confidence = 0.9,
     .excerpt = "CC BY 4.0"},
};

static void judge_all(const rs_policy *p)
{
    rs_options o;
    rs_options_default(&o);
    for (size_t n = 0; n <= sizeof FINDINGS / sizeof FINDINGS[0]; n++) {
        rs_unit u = {.path = "a.txt", .findings = FINDINGS, .nfindings = n};
        char why[256];
        const char *v = rs_policy_judge(p, &u, &o, why, sizeof why);
        RS_FUZZ_CHECK(v && (!strcmp(v, "ok") || !strcmp(v, "violation") || !strcmp(v, "review")),
                      "policy verdict '%s'", v ? v : "(null)");
        RS_FUZZ_CHECK(memchr(why, '\0', sizeof why) && why[0], "a verdict without a reason");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rs_fuzz_write(file, data, size);
    rs_policy *p = (rs_policy *)&p; /* must stay untouched when the load fails */
    rs_policy *const sentinel = p;
    char err[1024];
    rs_err e = rs_policy_load(file, &p, err, sizeof err);
    if (e == RS_OK) {
        RS_FUZZ_CHECK(p != sentinel && p != NULL, "load succeeded without a policy");
        judge_all(p);
        rs_policy_free(p);
    } else {
        RS_FUZZ_CHECK(p == sentinel, "a failed load wrote *out");
        RS_FUZZ_CHECK(e == RS_ERR_ARG || e == RS_ERR_IO || e == RS_ERR_NOMEM,
                      "load failed with '%s'", rs_strerror(e));
        RS_FUZZ_CHECK(memchr(err, '\0', sizeof err) && err[0], "a failed load without a message");
        if (rs_fuzz_strict())
            RS_FUZZ_CHECK(strncmp(err, file, strlen(file)) == 0 && err[strlen(file)] == ':',
                          "error message does not start with FILE: '%s'", err);
    }
    return 0;
}
