/* fuzz_walk.c — fuzzes the whole pipeline on bytes in memory: rs_scan_buffer with tight
 * limits (fuzz_common.c), so archives (nested), detection, every extractor, the matcher and
 * the JSON Lines writer all see the input.
 *
 * Checked per input: the scan returns RS_OK; every unit keeps rightscan.h's contract; the
 * summary counts the units the sink saw, and adds up; a copy of each unit (rs_unit_dup)
 * can be made and freed; the JSON Lines report is valid UTF-8 with no raw control
 * characters and one line per unit plus the summary.
 */
#include "fuzz_common.h"
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static rs_scanner *scanner;

typedef struct seen {
    rs_report *report;
    uint64_t units;
} seen;

static rs_err on_unit(void *ctx, const rs_unit *u)
{
    seen *s = ctx;
    rs_fuzz_check_unit(u);
    rs_unit *copy = rs_unit_dup(u);
    RS_FUZZ_CHECK(copy != NULL, "rs_unit_dup failed");
    RS_FUZZ_CHECK(strcmp(copy->path, u->path) == 0 && copy->nfindings == u->nfindings,
                  "rs_unit_dup: the copy differs");
    rs_unit_free(copy);
    s->units++;
    return rs_report_unit(s->report, u);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    rs_options opt;
    rs_fuzz_options(&opt);
    if (rs_scanner_new(rs_fuzz_sigdb(), &opt, &scanner) != RS_OK) abort();
    return 0;
}

/* The report: valid UTF-8, no raw control bytes but the line ends, lines lines. */
static void check_report(const char *out, size_t n, uint64_t lines)
{
    RS_FUZZ_CHECK(rs_utf8_valid((const unsigned char *)out, n), "report is not valid UTF-8");
    uint64_t nl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)out[i];
        if (c == '\n') nl++;
        else RS_FUZZ_CHECK(c >= 0x20, "report holds a raw control byte 0x%02x at %zu", c, i);
    }
    RS_FUZZ_CHECK(nl == lines, "report has %llu lines, want %llu", (unsigned long long)nl,
                  (unsigned long long)lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t outlen = 0;
    FILE *f = open_memstream(&out, &outlen);
    if (!f) abort();
    rs_report_opts ro = {.all = true};
    seen s = {0};
    if (rs_report_new(RS_REPORT_JSONL, f, &ro, &s.report) != RS_OK) abort();
    rs_sink sink = {.ctx = &s, .unit = on_unit};
    rs_summary sum = {0};
    rs_err e = rs_scan_buffer(scanner, "fuzz.bin", data, size, &sink, &sum);
    RS_FUZZ_CHECK(e == RS_OK, "rs_scan_buffer returned '%s'", rs_strerror(e));
    RS_FUZZ_CHECK(sum.units == s.units, "summary counts %llu units, the sink saw %llu",
                  (unsigned long long)sum.units, (unsigned long long)s.units);
    RS_FUZZ_CHECK(sum.units == sum.scanned + sum.skipped + sum.failed,
                  "summary: units != scanned + skipped + failed");
    RS_FUZZ_CHECK(sum.units >= 1, "no unit reported for the input");
    RS_FUZZ_CHECK(rs_report_finish(s.report, &sum, 0) == RS_OK, "report finish failed");
    rs_report_free(s.report);
    fclose(f);
    check_report(out, outlen, sum.units + 1);
    free(out);
    return 0;
}
