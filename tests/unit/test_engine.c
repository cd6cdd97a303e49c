/* test_engine.c — the pipeline on buffers: archives nested in memory, limits, verdicts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* ---- a tiny signature set written at test time ---- */

static char sigdir[64];
static rs_sigdb *db;

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

static const char SIG_GENERIC[] =
    "id: generic-test\n"
    "name: Generic test notice\n"
    "holder: unknown\n"
    "class: restricted\n"
    "languages: [en]\n"
    "patterns:\n"
    "  - lang: en\n"
    "    regex: 'all rights reserved'\n"
    "examples:\n"
    "  match:\n"
    "    - \"All rights reserved.\"\n"
    "  no_match:\n"
    "    - \"Some rights are reserved for members.\"\n";

static int write_file(const char *dir, const char *name, const char *text)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

static int setup(void **state)
{
    (void)state;
    snprintf(sigdir, sizeof sigdir, "/tmp/rs-test-engine-XXXXXX");
    if (!mkdtemp(sigdir)) return -1;
    if (write_file(sigdir, "acme.yml", SIG_ACME) || write_file(sigdir, "generic.yml", SIG_GENERIC))
        return -1;
    const char *dirs[] = {sigdir};
    char err[512];
    if (rs_sigdb_load(dirs, 1, &db, err, sizeof err) != RS_OK) {
        fprintf(stderr, "load: %s\n", err);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rs_sigdb_free(db);
    char path[128];
    snprintf(path, sizeof path, "%s/acme.yml", sigdir);
    unlink(path);
    snprintf(path, sizeof path, "%s/generic.yml", sigdir);
    unlink(path);
    rmdir(sigdir);
    return 0;
}

/* ---- collecting units ---- */

typedef struct {
    char path[256], reason[256], holder[32];
    rs_status status;
    rs_class cls;
    unsigned line, column;
    bool container;
} seen;

typedef struct {
    seen v[64];
    size_t n;
} seen_list;

static rs_err collect(void *ctx, const rs_unit *u)
{
    seen_list *l = ctx;
    if (l->n == 64) return RS_ERR_LIMIT;
    seen *s = &l->v[l->n++];
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", u->path);
    snprintf(s->reason, sizeof s->reason, "%s", u->reason ? u->reason : "");
    snprintf(s->holder, sizeof s->holder, "%s", u->holder ? u->holder : "");
    s->status = u->status;
    s->cls = u->cls;
    s->container = u->container;
    if (u->nfindings) {
        s->line = u->findings[0].line;
        s->column = u->findings[0].column;
    }
    return RS_OK;
}

static const seen *find(const seen_list *l, const char *path)
{
    for (size_t i = 0; i < l->n; i++)
        if (!strcmp(l->v[i].path, path)) return &l->v[i];
    return NULL;
}

static rs_summary scan(const rs_options *opt, const char *name, const void *data, size_t len,
                       seen_list *out)
{
    rs_scanner *s;
    assert_int_equal(rs_scanner_new(db, opt, &s), RS_OK);
    rs_sink sink = {.ctx = out, .unit = collect};
    rs_summary sum = {0};
    out->n = 0;
    assert_int_equal(rs_scan_buffer(s, name, data, len, &sink, &sum), RS_OK);
    rs_scanner_free(s);
    assert_int_equal(sum.units, out->n);
    assert_int_equal(sum.units, sum.scanned + sum.skipped + sum.failed);
    return sum;
}

/* ---- building archives in memory ---- */

typedef struct {
    const char *name;
    const void *data;
    size_t len;
} entry;

/* An archive of format (ARCHIVE_FORMAT_*) through filter (ARCHIVE_FILTER_*) in memory. */
static void *make_archive_f(int format, int filter, const entry *e, size_t n, size_t *len)
{
    size_t cap = 1 << 22;
    void *buf = malloc(cap);
    struct archive *a = archive_write_new();
    assert_int_equal(archive_write_set_format(a, format), ARCHIVE_OK);
    if (filter != ARCHIVE_FILTER_NONE)
        assert_int_equal(archive_write_add_filter(a, filter), ARCHIVE_OK);
    assert_int_equal(archive_write_open_memory(a, buf, cap, len), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        struct archive_entry *ae = archive_entry_new();
        archive_entry_set_pathname(ae, e[i].name);
        archive_entry_set_filetype(ae, AE_IFREG);
        archive_entry_set_perm(ae, 0644);
        archive_entry_set_size(ae, (la_int64_t)e[i].len);
        archive_write_header(a, ae);
        archive_write_data(a, e[i].data, e[i].len);
        archive_entry_free(ae);
    }
    archive_write_close(a);
    archive_write_free(a);
    return buf;
}

static void *make_archive(int format, bool gzip, const entry *e, size_t n, size_t *len)
{
    return make_archive_f(format, gzip ? ARCHIVE_FILTER_GZIP : ARCHIVE_FILTER_NONE, e, n, len);
}

static const char STORY[] = "WASHINGTON\n\nThe story.\nACME Wire content may not be republished.\n";
static const char CLEAN[] = "A staff-written piece with nothing to report.\n";

static void notice_position_and_verdict(void **state)
{
    (void)state;
    seen_list l;
    rs_summary sum = scan(NULL, "story.txt", STORY, sizeof STORY - 1, &l);
    assert_int_equal(l.n, 1);
    assert_int_equal(l.v[0].status, RS_STATUS_SCANNED);
    assert_int_equal(l.v[0].cls, RS_CLASS_RESTRICTED);
    assert_string_equal(l.v[0].holder, "acme");
    assert_int_equal(l.v[0].line, 4);
    assert_int_equal(l.v[0].column, 1);
    assert_int_equal(sum.by_class[RS_CLASS_RESTRICTED], 1);
}

static void named_holder_beats_generic(void **state)
{
    (void)state;
    static const char both[] = "All rights reserved.\nACME Wire content may not be republished.";
    seen_list l;
    scan(NULL, "both.txt", both, sizeof both - 1, &l);
    assert_string_equal(l.v[0].holder, "acme");
    static const char generic[] = "Text. All rights reserved.";
    scan(NULL, "generic.txt", generic, sizeof generic - 1, &l);
    assert_string_equal(l.v[0].holder, "unknown");
    scan(NULL, "clean.txt", CLEAN, sizeof CLEAN - 1, &l);
    assert_int_equal(l.v[0].cls, RS_CLASS_NONE);
}

static void nested_archives_name_chains(void **state)
{
    (void)state;
    entry inner[] = {{"story.txt", STORY, sizeof STORY - 1}, {"clean.txt", CLEAN, sizeof CLEAN - 1}};
    size_t zlen, tlen, olen;
    void *zip = make_archive(ARCHIVE_FORMAT_ZIP, false, inner, 2, &zlen);
    entry mid[] = {{"incoming/batch.zip", zip, zlen}};
    void *tgz = make_archive(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, true, mid, 1, &tlen);
    entry outer[] = {{"b.tar.gz", tgz, tlen}};
    void *ozip = make_archive(ARCHIVE_FORMAT_ZIP, false, outer, 1, &olen);
    seen_list l;
    rs_summary sum = scan(NULL, "bundle.zip", ozip, olen, &l);
    const seen *s = find(&l, "bundle.zip!/b.tar.gz!/incoming/batch.zip!/story.txt");
    assert_non_null(s);
    assert_string_equal(s->holder, "acme");
    assert_non_null(find(&l, "bundle.zip!/b.tar.gz!/incoming/batch.zip!/clean.txt"));
    assert_true(find(&l, "bundle.zip")->container);
    assert_int_equal(sum.containers, 3);
    assert_int_equal(sum.skipped + sum.failed, 0);
    free(zip);
    free(tgz);
    free(ozip);
}

static void limits_are_reported(void **state)
{
    (void)state;
    entry inner[] = {{"story.txt", STORY, sizeof STORY - 1}};
    size_t zlen, olen;
    void *zip = make_archive(ARCHIVE_FORMAT_ZIP, false, inner, 1, &zlen);
    entry outer[] = {{"inner.zip", zip, zlen}};
    void *ozip = make_archive(ARCHIVE_FORMAT_ZIP, false, outer, 1, &olen);
    rs_options o;
    rs_options_default(&o);
    o.limits.max_depth = 1;
    seen_list l;
    rs_summary sum = scan(&o, "o.zip", ozip, olen, &l);
    const seen *s = find(&l, "o.zip!/inner.zip");
    assert_non_null(s);
    assert_int_equal(s->status, RS_STATUS_SKIPPED);
    assert_non_null(strstr(s->reason, "limit: archive nested"));
    assert_int_equal(sum.skipped, 1);

    rs_options_default(&o);
    o.limits.max_member_bytes = 16;
    scan(&o, "z.zip", zip, zlen, &l);
    s = find(&l, "z.zip!/story.txt");
    assert_int_equal(s->status, RS_STATUS_SKIPPED);
    assert_non_null(strstr(s->reason, "limit: member larger than 16 bytes"));

    entry many[5];
    for (int i = 0; i < 5; i++) many[i] = (entry){"m.txt", CLEAN, sizeof CLEAN - 1};
    size_t mlen;
    void *mzip = make_archive(ARCHIVE_FORMAT_ZIP, false, many, 5, &mlen);
    rs_options_default(&o);
    o.limits.max_members = 3;
    scan(&o, "many.zip", mzip, mlen, &l);
    s = find(&l, "many.zip");
    assert_int_equal(s->status, RS_STATUS_SKIPPED);
    assert_non_null(strstr(s->reason, "limit: more than 3 members"));
    free(zip);
    free(ozip);
    free(mzip);
}

static void bomb_ratio(void **state)
{
    (void)state;
    size_t big = 4 << 20;
    char *zeros = calloc(1, big);
    entry e[] = {{"zeros.txt", zeros, big}};
    size_t zlen;
    void *zip = make_archive(ARCHIVE_FORMAT_ZIP, false, e, 1, &zlen);
    rs_options o;
    rs_options_default(&o);
    o.limits.max_ratio = 100;
    seen_list l;
    scan(&o, "bomb.zip", zip, zlen, &l);
    const seen *s = find(&l, "bomb.zip!/zeros.txt");
    assert_non_null(s);
    assert_int_equal(s->status, RS_STATUS_SKIPPED);
    assert_non_null(strstr(s->reason, "expansion ratio"));
    free(zeros);
    free(zip);
}

static void corrupt_archive_keeps_what_was_read(void **state)
{
    (void)state;
    entry e[] = {{"a.txt", STORY, sizeof STORY - 1}, {"b.txt", CLEAN, sizeof CLEAN - 1}};
    size_t tlen;
    char *tgz = make_archive(ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, true, e, 2, &tlen);
    seen_list l;
    rs_summary sum = scan(NULL, "cut.tar.gz", tgz, tlen / 2, &l);
    const seen *s = find(&l, "cut.tar.gz");
    assert_non_null(s);
    assert_int_equal(s->status, RS_STATUS_FAILED);
    assert_non_null(strstr(s->reason, "corrupt"));
    assert_true(sum.failed >= 1);
    free(tgz);
}

static void single_compressed_file(void **state)
{
    (void)state;
    size_t cap = 1 << 16, len;
    void *buf = malloc(cap);
    struct archive *a = archive_write_new();
    archive_write_set_format_raw(a);
    archive_write_add_filter_gzip(a);
    archive_write_open_memory(a, buf, cap, &len);
    struct archive_entry *ae = archive_entry_new();
    archive_entry_set_filetype(ae, AE_IFREG);
    archive_write_header(a, ae);
    archive_write_data(a, STORY, sizeof STORY - 1);
    archive_entry_free(ae);
    archive_write_close(a);
    archive_write_free(a);
    seen_list l;
    scan(NULL, "wire/story.txt.gz", buf, len, &l);
    const seen *s = find(&l, "wire/story.txt.gz!/story.txt");
    assert_non_null(s);
    assert_string_equal(s->holder, "acme");
    free(buf);
}

/* Every container format the issue names, written by libarchive and read back. */
static void container_formats(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        int format, filter;
    } kinds[] = {
        {"a.zip", ARCHIVE_FORMAT_ZIP, ARCHIVE_FILTER_NONE},
        {"a.tar", ARCHIVE_FORMAT_TAR_USTAR, ARCHIVE_FILTER_NONE},
        {"a.tar.gz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_GZIP},
        {"a.tar.bz2", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_BZIP2},
        {"a.tar.xz", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_XZ},
        {"a.tar.zst", ARCHIVE_FORMAT_TAR_PAX_RESTRICTED, ARCHIVE_FILTER_ZSTD},
        {"a.7z", ARCHIVE_FORMAT_7ZIP, ARCHIVE_FILTER_NONE},
        {"a.cpio", ARCHIVE_FORMAT_CPIO_POSIX, ARCHIVE_FILTER_NONE},
        {"a.newc.cpio", ARCHIVE_FORMAT_CPIO_SVR4_NOCRC, ARCHIVE_FILTER_NONE},
        {"a.iso", ARCHIVE_FORMAT_ISO9660, ARCHIVE_FILTER_NONE},
        {"story.txt.bz2", ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_BZIP2},
        {"story.txt.xz", ARCHIVE_FORMAT_RAW, ARCHIVE_FILTER_XZ},
    };
    entry e[] = {{"story.txt", STORY, sizeof STORY - 1}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        size_t len;
        void *a = make_archive_f(kinds[i].format, kinds[i].filter, e, 1, &len);
        seen_list l;
        rs_summary sum = scan(NULL, kinds[i].name, a, len, &l);
        char want[128];
        snprintf(want, sizeof want, "%s!/story.txt", kinds[i].name);
        const seen *s = find(&l, want);
        if (!s) fail_msg("%s: no unit %s (%zu units)", kinds[i].name, want, l.n);
        assert_string_equal(s->holder, "acme");
        assert_int_equal(sum.containers, 1);
        assert_int_equal(sum.failed + sum.skipped, 0);
        free(a);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(notice_position_and_verdict),
        cmocka_unit_test(named_holder_beats_generic),
        cmocka_unit_test(nested_archives_name_chains),
        cmocka_unit_test(limits_are_reported),
        cmocka_unit_test(bomb_ratio),
        cmocka_unit_test(corrupt_archive_keeps_what_was_read),
        cmocka_unit_test(single_compressed_file),
        cmocka_unit_test(container_formats),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
