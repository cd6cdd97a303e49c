/* test_pool.c — the worker pool: the report is byte for byte the one a single scanner
 * writes, for every number of threads, on a tree where a slow file and big archives come
 * first in walk order and many small files after them (the head of the line streams, the
 * jobs behind it buffer within bounds and wait); a sink error and an interruption stop the
 * scan cleanly, the units emitted still in walk order and counted. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "report.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZED 1
#endif
#endif
#ifndef SANITIZED
#define SANITIZED 0
#endif

/* Sizes: the zip's units are several times the bound of what one job may buffer (1 MiB),
 * the slow text file is over the size read in windows (16 MiB). Smaller under ASan. */
#ifndef ZIP_MEMBERS
#define ZIP_MEMBERS (SANITIZED ? 5000 : 12000)
#define TAR_MEMBERS (SANITIZED ? 4000 : 6000)
#define SMALL_FILES (SANITIZED ? 600 : 2000)
#define BIG_TEXT_MIB 17
#endif

static char root[64];
static char tree[96];
static rs_sigdb *db;
static rs_options opts; /* the defaults, once (as_of is the time they were taken) */

static const char SIG_ACME[] =
    "id: acme\n"
    "name: ACME Wire\n"
    "class: restricted\n"
    "languages: [en]\n"
    "patterns:\n"
    "  - lang: en\n"
    "    regex: 'acme wire content may not be republished'\n"
    "examples:\n"
    "  match:\n"
    "    - \"ACME Wire content may not be republished.\"\n"
    "  no_match:\n"
    "    - \"ACME said it would republish the data.\"\n";

static const char NOTICE[] = "ACME Wire content may not be republished.\n";

static void write_path(const char *rel, const void *data, size_t len)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static void mkdir_rel(const char *rel)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

/* An archive (ARCHIVE_FORMAT_*) of n small members, every 50th holding the notice. */
static void write_archive(const char *rel, int format, int n)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", root, rel);
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format(a, format), ARCHIVE_OK);
    assert_int_equal(archive_write_open_filename(a, path), ARCHIVE_OK);
    for (int i = 0; i < n; i++) {
        char name[64], body[128];
        snprintf(name, sizeof name, "m/%06d.txt", i);
        int len = snprintf(body, sizeof body, "Member %d of the bundle.\n%s", i,
                           i % 50 == 0 ? NOTICE : "");
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, name);
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_size(ae, len);
        assert_int_equal(archive_write_header(a, ae), ARCHIVE_OK);
        assert_int_equal(archive_write_data(a, body, (size_t)len), len);
        archive_entry_free(ae);
    }
    assert_int_equal(archive_write_close(a), ARCHIVE_OK);
    archive_write_free(a);
}

static int setup(void **state)
{
    (void)state;
    rs_options_default(&opts);
    snprintf(root, sizeof root, "/tmp/rs-test-pool-XXXXXX");
    if (!mkdtemp(root)) return -1;
    mkdir_rel("sig");
    write_path("sig/acme.yml", SIG_ACME, sizeof SIG_ACME - 1);
    char sigdir[128];
    snprintf(sigdir, sizeof sigdir, "%s/sig", root);
    const char *dirs[] = {sigdir};
    char err[512];
    if (rs_sigdb_load(dirs, 1, &db, err, sizeof err) != RS_OK) {
        fprintf(stderr, "load: %s\n", err);
        return -1;
    }
    /* walk order: a/0-big.txt (slow: the head of the line for a while), a/1-many.zip and
     * a/2-many.tar (more units than a job may buffer), then b/ (many small files, a link
     * the walk reports itself) */
    mkdir_rel("tree");
    mkdir_rel("tree/a");
    mkdir_rel("tree/b");
    size_t big = (size_t)BIG_TEXT_MIB << 20;
    char *text = malloc(big + sizeof NOTICE);
    assert_non_null(text);
    static const char line[] = "Staff reporters covered the harbour story all day long.\n";
    for (size_t at = 0; at < big; at += sizeof line - 1)
        memcpy(text + at, line, big - at < sizeof line - 1 ? big - at : sizeof line - 1);
    memcpy(text + big, NOTICE, sizeof NOTICE - 1);
    write_path("tree/a/0-big.txt", text, big + sizeof NOTICE - 1);
    free(text);
    write_archive("tree/a/1-many.zip", ARCHIVE_FORMAT_ZIP, ZIP_MEMBERS);
    write_archive("tree/a/2-many.tar", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, TAR_MEMBERS);
    for (int i = 0; i < SMALL_FILES; i++) {
        char rel[64], body[160];
        snprintf(rel, sizeof rel, "tree/b/%05d.txt", i);
        int len = snprintf(body, sizeof body, "Small story %d.\n%s", i, i % 7 == 0 ? NOTICE : "");
        write_path(rel, body, (size_t)len);
    }
    char link[256];
    snprintf(link, sizeof link, "%s/tree/b/00100-link.txt", root);
    assert_int_equal(symlink("00100.txt", link), 0);
    snprintf(tree, sizeof tree, "%s/tree", root);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rs_sigdb_free(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- scanning into a JSON Lines report in memory ---- */

typedef struct capture {
    rs_report *rep;
    FILE *f;
    char *buf;
    size_t len;
    rs_pool *pool;
    size_t units;     /* units the sink was given */
    size_t fail_at;   /* the sink fails on this unit (1-based; 0: never) */
    size_t stop_at;   /* the sink interrupts the pool after this unit (0: never) */
    bool after_error; /* a unit came after the sink failed */
} capture;

static rs_err sink_unit(void *ctx, const rs_unit *u)
{
    capture *c = ctx;
    if (c->fail_at && c->units >= c->fail_at) c->after_error = true;
    c->units++;
    if (c->fail_at && c->units == c->fail_at) return RS_ERR_SINK;
    rs_err e = rs_report_unit(c->rep, u);
    if (c->stop_at && c->units == c->stop_at) rs_pool_interrupt(c->pool);
    return e;
}

static void capture_begin(capture *c)
{
    c->f = open_memstream(&c->buf, &c->len);
    assert_non_null(c->f);
    rs_report_opts ro = {.all = true};
    assert_int_equal(rs_report_new(RS_REPORT_JSONL, c->f, &ro, &c->rep), RS_OK);
}

static void capture_end(capture *c, const rs_summary *sum)
{
    assert_int_equal(rs_report_finish(c->rep, sum, 0), RS_OK);
    rs_report_free(c->rep);
    assert_int_equal(fclose(c->f), 0);
}

/* One scanner, no pool: the order every pool must reproduce. */
static char *scan_single(rs_summary *sum)
{
    capture c = {0};
    capture_begin(&c);
    rs_scanner *s;
    assert_int_equal(rs_scanner_new(db, &opts, &s), RS_OK); /* windows matched in turn */
    rs_sink sink = {.ctx = &c, .unit = sink_unit};
    memset(sum, 0, sizeof *sum);
    assert_int_equal(rs_scan_path(s, tree, &sink, sum), RS_OK);
    rs_scanner_free(s);
    capture_end(&c, sum);
    return c.buf;
}

/* A pool of threads workers; like the command line, the big text file may be matched on as
 * many threads as the scan. */
static rs_err scan_pool(unsigned threads, capture *c, rs_summary *sum)
{
    rs_options o = opts;
    o.file_threads = threads;
    assert_int_equal(rs_pool_new(db, &o, threads, &c->pool), RS_OK);
    assert_int_equal(rs_pool_threads(c->pool), threads);
    capture_begin(c);
    rs_sink sink = {.ctx = c, .unit = sink_unit};
    memset(sum, 0, sizeof *sum);
    const char *paths[] = {tree};
    rs_err e = rs_pool_scan(c->pool, paths, 1, &sink, sum);
    rs_pool_free(c->pool);
    c->pool = NULL;
    capture_end(c, sum);
    return e;
}

static size_t count_lines(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void same_report_for_every_thread_count(void **state)
{
    (void)state;
    rs_summary ref_sum;
    char *ref = scan_single(&ref_sum);
    /* every unit: the big file, each member and container, the small files, the link */
    uint64_t expect = 1 + ZIP_MEMBERS + 1 + TAR_MEMBERS + 1 + SMALL_FILES + 1;
    assert_int_equal(ref_sum.units, expect);
    assert_int_equal(count_lines(ref), expect + 1);
    assert_int_equal(ref_sum.skipped, 1); /* the symbolic link */
    assert_true(ref_sum.by_class[RS_CLASS_RESTRICTED] > 0);
    static const unsigned threads[] = {1, 2, 4, 3};
    for (size_t i = 0; i < sizeof threads / sizeof *threads; i++) {
        capture c = {0};
        rs_summary sum;
        assert_int_equal(scan_pool(threads[i], &c, &sum), RS_OK);
        assert_false(sum.interrupted);
        assert_int_equal(sum.units, ref_sum.units);
        assert_int_equal(c.units, ref_sum.units);
        assert_int_equal(sum.by_class[RS_CLASS_RESTRICTED], ref_sum.by_class[RS_CLASS_RESTRICTED]);
        assert_int_equal(sum.bytes, ref_sum.bytes);
        if (strcmp(c.buf, ref) != 0) {
            size_t k = 0;
            while (c.buf[k] == ref[k])
                k++;
            fprintf(stderr, "-j%u differs at byte %zu:\n  single: %.200s\n  pool:   %.200s\n",
                    threads[i], k, ref + k, c.buf + k);
            fail();
        }
        free(c.buf);
    }
    free(ref);
}

/* The "path" of each unit line of a JSON Lines report, in order. */
static size_t unit_paths(char *report, char ***out)
{
    size_t n = 0, cap = 1024;
    char **v = malloc(cap * sizeof *v);
    assert_non_null(v);
    for (char *line = strtok(report, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "{\"type\":\"unit\",\"path\":\"", 23) != 0) continue;
        char *p = line + 23, *q = strchr(p, '"');
        assert_non_null(q);
        *q = '\0';
        if (n == cap) {
            v = realloc(v, (cap *= 2) * sizeof *v);
            assert_non_null(v);
        }
        v[n++] = p;
    }
    *out = v;
    return n;
}

/* got[] is ref[] with units left out, never reordered or repeated. */
static void assert_in_order(char **got, size_t ngot, char **ref, size_t nref)
{
    size_t j = 0;
    for (size_t i = 0; i < ngot; i++) {
        while (j < nref && strcmp(ref[j], got[i]) != 0)
            j++;
        if (j == nref) fail_msg("unit %zu (%s) is out of walk order or repeated", i, got[i]);
        j++;
    }
}

static void interrupt_keeps_order_and_counts(void **state)
{
    (void)state;
    rs_summary ref_sum;
    char *ref = scan_single(&ref_sum);
    char **refp;
    size_t nref = unit_paths(ref, &refp);
    /* stop in the middle of the zip, which may be the head or buffered behind the text */
    static const size_t stop_at[] = {3, ZIP_MEMBERS / 2, ZIP_MEMBERS + TAR_MEMBERS};
    for (unsigned threads = 1; threads <= 4; threads *= 2)
        for (size_t k = 0; k < sizeof stop_at / sizeof *stop_at; k++) {
            capture c = {.stop_at = stop_at[k]};
            rs_summary sum;
            assert_int_equal(scan_pool(threads, &c, &sum), RS_ERR_INTERRUPTED);
            assert_true(sum.interrupted);
            assert_int_equal(sum.units, c.units);
            assert_true(c.units >= stop_at[k] && c.units <= nref);
            assert_int_equal(sum.units, sum.scanned + sum.skipped + sum.failed);
            char **got;
            size_t ngot = unit_paths(c.buf, &got);
            assert_int_equal(ngot, c.units);
            assert_in_order(got, ngot, refp, nref);
            free(got);
            free(c.buf);
        }
    free(refp);
    free(ref);
}

static void sink_error_stops_the_scan(void **state)
{
    (void)state;
    static const size_t fail_at[] = {1, ZIP_MEMBERS / 2, ZIP_MEMBERS + 100};
    for (unsigned threads = 1; threads <= 4; threads *= 2)
        for (size_t k = 0; k < sizeof fail_at / sizeof *fail_at; k++) {
            capture c = {.fail_at = fail_at[k]};
            rs_summary sum;
            assert_int_equal(scan_pool(threads, &c, &sum), RS_ERR_SINK);
            assert_false(c.after_error); /* nothing reaches the sink after it failed */
            assert_int_equal(c.units, fail_at[k]);
            assert_int_equal(sum.units, fail_at[k]); /* counted as given to the sink */
            free(c.buf);
        }
}

/* An interruption asked for before the scan begins holds: nothing is scanned. */
static void interrupt_before_the_scan(void **state)
{
    (void)state;
    capture c = {0};
    assert_int_equal(rs_pool_new(db, &opts, 2, &c.pool), RS_OK);
    rs_pool_interrupt(c.pool);
    capture_begin(&c);
    rs_sink sink = {.ctx = &c, .unit = sink_unit};
    rs_summary sum = {0};
    const char *paths[] = {tree};
    assert_int_equal(rs_pool_scan(c.pool, paths, 1, &sink, &sum), RS_ERR_INTERRUPTED);
    rs_pool_free(c.pool);
    capture_end(&c, &sum);
    assert_true(sum.interrupted);
    assert_int_equal(sum.units, c.units);
    assert_true(c.units < 2);
    free(c.buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_report_for_every_thread_count),
        cmocka_unit_test(interrupt_keeps_order_and_counts),
        cmocka_unit_test(sink_error_stops_the_scan),
        cmocka_unit_test(interrupt_before_the_scan),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
